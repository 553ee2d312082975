from odoo import api, fields, models
from odoo.osv import expression

TROY_OUNCE_GRAMS = 31.1034768
CARAT_GRAMS = 0.2
#: who reads metal prices: the roles that price work, and the vault
COSTING_GROUPS = "jewel_bom.group_jewel_costing,jewel_bom.group_jewel_storekeeper"


class JewelMetal(models.Model):
    """A precious metal, valued and reconciled in fine grams."""

    _name = "jewel.metal"
    _description = "Precious Metal"
    _inherit = ["jewel.number.mixin"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="ISO 4217 metal code: XAU gold, XAG silver, XPT platinum, XPD palladium.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_platinum_group = fields.Boolean(
        help="Platinum-group metals are refined apart from gold and silver.",
    )
    alloy_ids = fields.One2many("jewel.alloy", "metal_id", string="Alloys")
    # prices are for the roles that price work, not for the bench
    price_ids = fields.One2many(
        "jewel.metal.price",
        "metal_id",
        string="Prices",
        groups=COSTING_GROUPS,
    )
    current_price = fields.Float(
        string="Latest Price / Fine g",
        compute="_compute_current_price",
        digits="Jewel Metal Price",
        groups=COSTING_GROUPS,
    )
    current_price_date = fields.Date(
        compute="_compute_current_price", groups=COSTING_GROUPS
    )

    _sql_constraints = [
        (
            "code_unique",
            "unique(code)",
            "Each metal code (XAU, XAG…) can exist only once.",
        ),
    ]

    @api.depends("price_ids.price", "price_ids.date")
    def _compute_current_price(self):
        prices = self._get_prices(fields.Date.context_today(self))
        for metal in self:
            price, date = prices.get(metal, (0.0, False))
            metal.current_price = price
            metal.current_price_date = date

    def _get_prices(self, date, currency=None, company=None):
        """Price per fine gram of each metal in ``self`` on ``date``.

        The rate is the latest one on or before the date (a rate holds until the next
        one). Rates in another currency are converted at the currency rate of the
        price date. A constant number of queries for any number of metals.

        :return: ``{metal: (price_per_fine_gram, price_date)}``; metals without a
            rate are absent.
        """
        company = company or self.env.company
        currency = currency or company.currency_id
        Price = self.env["jewel.metal.price"]
        base_domain = [
            ("metal_id", "in", self.ids),
            ("date", "<=", date),
            ("company_id", "in", company.ids),
        ]
        latest = Price._read_group(base_domain, ["metal_id"], ["date:max"])
        if not latest:
            return {}
        rate_domain = expression.AND(
            [
                [("company_id", "in", company.ids)],
                expression.OR(
                    [
                        [("metal_id", "=", metal.id), ("date", "=", max_date)]
                        for metal, max_date in latest
                    ]
                ),
            ]
        )
        rates = Price.search(rate_domain)
        result = {}
        for rate in rates.sorted(lambda r: r.currency_id != currency):
            if rate.metal_id in result:
                continue
            price = rate.price
            if rate.currency_id != currency:
                price = rate.currency_id._convert(
                    price, currency, company, rate.date, round=False
                )
            result[rate.metal_id] = (price, rate.date)
        return result

    def _get_price(self, date, currency=None, company=None):
        """Price per fine gram of this metal on ``date`` (0.0 when none is known)."""
        self.ensure_one()
        return self._get_prices(date, currency, company).get(self, (0.0, False))[0]
