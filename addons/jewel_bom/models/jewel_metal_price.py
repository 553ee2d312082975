from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import numbers

# The years a metal rate can carry (the file import is stricter: a few days ahead).
RATE_YEARS = (1900, 2099)

PRICE_SOURCES = [
    ("manual", "Manual entry"),
    ("import", "File import"),
    ("feed", "Price feed"),
]


class JewelMetalPrice(models.Model):
    """A metal rate per fine gram. Rates are history: a new rate is a new record."""

    _name = "jewel.metal.price"
    _description = "Metal Price per Fine Gram"
    _inherit = ["jewel.number.mixin"]
    _order = "date desc, metal_id"
    _rec_name = "metal_id"
    _check_company_auto = True

    metal_id = fields.Many2one(
        "jewel.metal", required=True, ondelete="restrict", index=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    price = fields.Float(
        string="Price / Fine g",
        digits="Jewel Metal Price",
        required=True,
        jewel_number=numbers.PRICE_ABOVE_ZERO,
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    source = fields.Selection(PRICE_SOURCES, required=True, default="manual")
    note = fields.Char(help="Where the rate comes from (fixing, supplier quote…).")

    _sql_constraints = [
        (
            "rate_unique",
            "unique(metal_id, date, currency_id, company_id)",
            "There is already a rate for this metal, date and currency.",
        ),
    ]

    _IMMUTABLE_FIELDS = {"metal_id", "date", "price", "currency_id", "company_id"}

    @api.constrains("date")
    def _check_date(self):
        # A typo in the year (0001, 9999) would become the rate of every costing.
        for rate in self:
            if not RATE_YEARS[0] <= rate.date.year <= RATE_YEARS[1]:
                raise ValidationError(
                    self.env._(
                        "%(date)s is not a rate's date: %(metal)s rates are dated "
                        "from %(first)s to %(last)s.",
                        date=rate.date,
                        metal=rate.metal_id.name,
                        first=RATE_YEARS[0],
                        last=RATE_YEARS[1],
                    )
                )

    @api.constrains("price")
    def _check_price(self):
        for rate in self:
            if rate.price <= 0:
                raise ValidationError(
                    self.env._(
                        "The %(metal)s price of %(date)s must be above zero.",
                        metal=rate.metal_id.name,
                        date=rate.date,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_new_rates_unique(vals_list)
        return super().create(vals_list)

    @api.model
    def _check_new_rates_unique(self, vals_list):
        """Refuse a rate that already exists, naming it, before anything is written.

        One query for the whole batch (an import creates hundreds of rates).
        """
        company_id = self.env.company.id
        default_currency_id = self.env.company.currency_id.id
        keys = []
        for vals in vals_list:
            if not vals.get("metal_id"):
                raise ValidationError(
                    self.env._("A metal price needs a metal (gold, silver…).")
                )
            keys.append(
                (
                    vals.get("metal_id"),
                    fields.Date.to_date(
                        vals.get("date") or fields.Date.context_today(self)
                    ),
                    vals.get("currency_id") or default_currency_id,
                    vals.get("company_id") or company_id,
                )
            )
        existing = {
            (r.metal_id.id, r.date, r.currency_id.id, r.company_id.id)
            for r in self.sudo().search_fetch(  # sudo: uniqueness spans all records
                [
                    ("metal_id", "in", [k[0] for k in keys]),
                    ("date", "in", [k[1] for k in keys]),
                ],
                ["metal_id", "date", "currency_id", "company_id"],
            )
        }
        for key in keys:
            if key in existing:
                metal = self.env["jewel.metal"].browse(key[0])
                currency = self.env["res.currency"].browse(key[2])
                raise ValidationError(
                    self.env._(
                        "There is already a %(metal)s rate in %(currency)s for "
                        "%(date)s. Rates are history: record it with another date.",
                        metal=metal.name,
                        currency=currency.name,
                        date=key[1],
                    )
                )
            existing.add(key)

    def write(self, vals):
        numbers.check_number_vals(self, vals)  # before comparing them below
        # Same values written again (a data file reloaded) are no change.
        changed = self.filtered(
            lambda rate: any(
                rate._fields[name].convert_to_cache(vals[name], rate)
                != rate._fields[name].convert_to_cache(rate[name], rate)
                for name in self._IMMUTABLE_FIELDS & set(vals)
            )
        )
        if changed:
            raise UserError(
                self.env._(
                    "Metal rates are never overwritten: record a new rate with its "
                    "own date instead of changing %(rates)s.",
                    rates=", ".join(f"{r.metal_id.name} {r.date}" for r in changed[:5]),
                )
            )
        return super().write(vals)

    @api.depends("metal_id", "date", "price", "currency_id")
    def _compute_display_name(self):
        for rate in self:
            rate.display_name = (
                f"{rate.metal_id.code or ''} {rate.date or ''} "
                f"{rate.price:.4f} {rate.currency_id.name or ''}/g"
            )

    @api.model
    def _cron_fetch_prices(self):
        """Scheduled action: record the rates a feed returns for today.

        Rates that already exist are left alone (history is never overwritten).
        """
        rows = self._fetch_feed_rates(fields.Date.context_today(self))
        return self._create_missing_rates(rows, source="feed")

    @api.model
    def _fetch_feed_rates(self, date):
        """Return the rates of a price feed as a list of dicts.

        Meant to be extended by an integration module: each dict has ``metal_id``,
        ``date``, ``price`` (per fine gram) and ``currency_id``. The default feed is
        empty, so nothing is ever fetched over the network by this module.
        """
        return []

    @api.model
    def _create_missing_rates(self, rows, source):
        """Create the rates of ``rows`` that do not exist yet, in one batch.

        :return: the created rates and the number of rows skipped as existing.
        """
        company = self.env.company
        if not rows:
            return self.browse(), 0
        existing = {
            (r.metal_id.id, r.date, r.currency_id.id)
            for r in self.search_fetch(
                [
                    ("metal_id", "in", list({row["metal_id"] for row in rows})),
                    ("date", "in", list({row["date"] for row in rows})),
                    ("company_id", "=", company.id),
                ],
                ["metal_id", "date", "currency_id"],
            )
        }
        to_create = []
        for row in rows:
            key = (row["metal_id"], row["date"], row["currency_id"])
            if key in existing:
                continue
            existing.add(key)
            to_create.append(dict(row, source=source, company_id=company.id))
        return self.create(to_create), len(rows) - len(to_create)
