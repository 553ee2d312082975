from datetime import timedelta

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html2plaintext

from odoo.addons.jewel_bom.tools import numbers

from .jewel_memo import SALES_MANAGER

AGING_BUCKETS = [
    ("0_30", "0-30 days", 0, 30),
    ("31_60", "31-60 days", 31, 60),
    ("61_90", "61-90 days", 61, 90),
    ("90_plus", "90+ days", 91, None),
]

METAL_COLOURS = [
    ("yellow", "Yellow gold"),
    ("white", "White gold"),
    ("rose", "Rose gold"),
    ("platinum", "Platinum"),
    ("silver", "Silver"),
]


#: internal terms of the agreement: never shown to the partner's portal users
INTERNAL = "base.group_user"
#: who reads memos and their values (and so the value out at a partner)
MEMO_READERS = (
    "sales_team.group_sale_salesman,jewel_bom.group_jewel_storekeeper,"
    "account.group_account_invoice"
)


def aging_bucket(days):
    """Key of the aging bucket holding a piece out for ``days`` days."""
    for key, _label, low, high in AGING_BUCKETS:
        if days >= low and (high is None or days <= high):
            return key
    return AGING_BUCKETS[0][0]


class ResPartner(models.Model):
    """Retail partners: their agreement (terms, pricing, exposure limit) is set
    by sales managers only, and every change shows in the partner's chatter."""

    _name = "res.partner"
    _inherit = ["res.partner", "jewel.number.mixin"]

    #: the agreement with the partner: only a sales manager sets or changes it
    #: (meant to be extended)
    _jewel_term_fields = (
        "jewel_agreement_memo",
        "jewel_agreement_consignment",
        "jewel_pricing",
        "jewel_commission_percent",
        "jewel_pricelist_id",
        "jewel_memo_term_days",
        "jewel_settlement_days",
        "jewel_exposure_limit",
        "jewel_memo_terms",
        "jewel_loss_bearer",
    )

    jewel_is_retail_partner = fields.Boolean(
        string="Retail Partner",
        tracking=True,
        help="A shop that holds the workshop's pieces on memo or consignment.",
    )
    jewel_agreement_consignment = fields.Boolean(string="Consignment", tracking=True)
    jewel_agreement_memo = fields.Boolean(string="Memo", default=True, tracking=True)
    jewel_pricing = fields.Selection(
        [("commission", "Price minus commission"), ("pricelist", "Partner price list")],
        string="Pricing",
        default="commission",
        tracking=True,
        groups=INTERNAL,
    )
    jewel_commission_percent = fields.Float(
        string="Commission (%)",
        digits=(5, 2),
        tracking=True,
        jewel_number=numbers.PERCENT,
        groups=INTERNAL,
    )
    jewel_pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Partner Price List",
        tracking=True,
        groups=INTERNAL,
    )
    jewel_memo_term_days = fields.Integer(
        string="Memo Term (days)",
        default=45,
        tracking=True,
        jewel_number=numbers.DAYS,
        help="Days a piece may stay on memo before it must be bought or returned.",
    )
    jewel_settlement_days = fields.Integer(
        string="Settlement (days)",
        default=30,
        tracking=True,
        jewel_number=numbers.DAYS,
        help="Days after a reported sale within which the partner pays.",
    )
    jewel_currency_id = fields.Many2one(
        "res.currency", compute="_compute_jewel_currency_id"
    )
    jewel_exposure_limit = fields.Monetary(
        string="Exposure Limit",
        currency_field="jewel_currency_id",
        tracking=True,
        jewel_number=numbers.MONEY,
        help="Maximum value of pieces out at this partner; 0 means no limit.",
        groups=INTERNAL,
    )
    jewel_memo_terms = fields.Html(
        string="Memo Terms",
        default=lambda self: self._default_jewel_memo_terms(),
        help="Legal terms printed on every memo note for this partner.",
    )
    jewel_loss_bearer = fields.Selection(
        [("partner", "The receiver"), ("workshop", "The workshop")],
        string="Risk of Loss Borne By",
        default="partner",
        tracking=True,
    )
    jewel_location_id = fields.Many2one(
        "stock.location",
        string="Partner Stock Location",
        readonly=True,
        copy=False,
        help="The workshop's own stock held at this partner's shop.",
    )
    jewel_exposure = fields.Monetary(
        string="Value Out",
        currency_field="jewel_currency_id",
        compute="_compute_jewel_exposure",
        groups=MEMO_READERS,
    )
    jewel_memo_line_ids = fields.One2many(
        "jewel.memo.line", "partner_id", groups=MEMO_READERS
    )
    jewel_memo_count = fields.Integer(
        compute="_compute_jewel_exposure", groups=MEMO_READERS
    )
    jewel_piece_count = fields.Integer(
        string="Pieces Out", compute="_compute_jewel_exposure", groups=MEMO_READERS
    )
    # customer preferences
    jewel_ring_size = fields.Char(string="Ring Size")
    jewel_preferred_alloy_id = fields.Many2one("jewel.alloy", string="Preferred Alloy")
    jewel_preferred_colour = fields.Selection(METAL_COLOURS, string="Preferred Colour")
    jewel_date_ids = fields.One2many(
        "jewel.partner.date",
        "partner_id",
        string="Notable Dates",
        groups="sales_team.group_sale_salesman",
    )

    @api.model
    def _default_jewel_memo_terms(self):
        return self.env._(
            "<p>The goods listed are delivered on memorandum for examination only. "
            "Title remains with the workshop until the goods are paid for in full. "
            "Unsold goods must be returned by the due date. The receiver bears the "
            "risk of loss, theft and damage from delivery until return and keeps "
            "the goods insured for their memo value.</p>"
        )

    def _compute_jewel_currency_id(self):
        for partner in self:
            partner.jewel_currency_id = (
                partner.company_id.currency_id or self.env.company.currency_id
            )

    @api.depends("jewel_memo_line_ids.state", "jewel_memo_line_ids.price")
    def _compute_jewel_exposure(self):
        partners = self.filtered("id")
        out = {
            partner.id: (amount, count)
            for partner, amount, count in self.env["jewel.memo.line"]._read_group(
                [("partner_id", "in", partners.ids), ("state", "=", "out")],
                ["partner_id"],
                ["price:sum", "__count"],
            )
        }
        memos = dict(
            self.env["jewel.memo"]._read_group(
                [("partner_id", "in", partners.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            amount, count = out.get(partner.id, (0.0, 0))
            partner.jewel_exposure = amount
            partner.jewel_piece_count = count
            partner.jewel_memo_count = memos.get(partner, 0)

    @api.constrains(
        "jewel_commission_percent",
        "jewel_memo_term_days",
        "jewel_settlement_days",
        "jewel_exposure_limit",
    )
    def _check_jewel_agreement(self):
        for partner in self:
            if not 0 <= partner.jewel_commission_percent < 100:
                raise ValidationError(
                    self.env._(
                        "%(partner)s: the commission must be between 0 and 100 %%.",
                        partner=partner.display_name,
                    )
                )
            if (
                partner.jewel_memo_term_days < 0
                or partner.jewel_settlement_days < 0
                or partner.jewel_exposure_limit < 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(partner)s: memo term, settlement days and exposure limit "
                        "cannot be negative.",
                        partner=partner.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:  # before the agreement's values are compared
            numbers.check_number_vals(self, vals)
        if not self.env.su:
            defaults = (
                None if self._jewel_may_change_terms() else self._jewel_term_defaults()
            )
            vals_list = [
                self._jewel_check_new_partner(vals, defaults) for vals in vals_list
            ]
        partners = super().create(vals_list)
        partners._jewel_ensure_location()
        return partners

    def write(self, vals):
        numbers.check_number_vals(self, vals)  # before the agreement is compared
        if not self.env.su:
            self._jewel_check_agreement_write(vals)
        terms_before = (
            {partner: partner.jewel_memo_terms for partner in self}
            if "jewel_memo_terms" in vals
            else {}
        )
        res = super().write(vals)
        for partner, before in terms_before.items():
            partner._jewel_post_memo_terms_change(before)
        if vals.get("jewel_is_retail_partner"):
            self._jewel_ensure_location()
        return res

    # ------------------------------------------------------------ agreement
    def _jewel_may_change_terms(self):
        return self.env.su or self.env.user.has_group(SALES_MANAGER)

    @api.model
    def _jewel_term_value(self, name, value):
        """``value`` of agreement field ``name`` in a form fit to compare."""
        field = self._fields[name]
        if field.type == "html":
            return html2plaintext(value or "").strip()
        value = field.convert_to_cache(value, self.browse(), validate=False)
        if field.type in ("float", "monetary"):
            return round(value or 0.0, 6)
        return value or False

    @api.model
    def _jewel_term_defaults(self):
        """The agreement a new partner gets when no sales manager sets it.

        The model's defaults, or the ones an administrator configured for
        everyone (``ir.default``); never the user's own defaults or context.
        """
        # superuser only reads the defaults shared by all users (no personal one)
        configured = (
            self.env["ir.default"]
            .with_user(SUPERUSER_ID)
            ._get_model_defaults(self._name)
        )
        defaults = {}
        for name in self._jewel_term_fields:
            field = self._fields[name]
            if name in configured:
                value = configured[name]
            else:
                value = field.default(self) if field.default else False
            defaults[name] = field.convert_to_write(
                field.convert_to_cache(value, self, validate=False), self
            )
        return defaults

    def _jewel_refuse_terms(self, names, partner_name=None):
        labels = ", ".join(
            self._fields[name].get_description(self.env)["string"] for name in names
        )
        if partner_name:
            raise AccessError(
                self.env._(
                    "Only a sales manager can change the agreement with %(partner)s: "
                    "%(fields)s.",
                    partner=partner_name,
                    fields=labels,
                )
            )
        raise AccessError(
            self.env._(
                "Only a sales manager can set the agreement of a new partner: "
                "%(fields)s.",
                fields=labels,
            )
        )

    def _jewel_refuse_location(self):
        raise UserError(
            self.env._(
                "The partner stock location is created by the workshop when the "
                "partner becomes a retail partner: it cannot be set by hand."
            )
        )

    @api.model
    def _jewel_check_new_partner(self, vals, defaults):
        """``vals`` of a new partner, with its agreement at ``defaults`` (see
        ``_jewel_term_defaults``; None: a sales manager sets it); refused if
        they give another one.

        The values are given explicitly, so that no default the client brings
        (its context, its own ``ir.default``) sets them.
        """
        if vals.get("jewel_location_id"):
            self._jewel_refuse_location()
        vals = dict(vals, jewel_location_id=False)
        if defaults is None:
            return vals
        changed = [
            name
            for name in self._jewel_term_fields
            if name in vals
            and self._jewel_term_value(name, vals[name])
            != self._jewel_term_value(name, defaults[name])
        ]
        if changed:
            self._jewel_refuse_terms(changed)
        for name in self._jewel_term_fields:
            vals.setdefault(name, defaults[name])
        return vals

    def _jewel_check_agreement_write(self, vals):
        """Refuse agreement changes by anyone but a sales manager, and any
        change of the partner stock location (set by the workshop only)."""
        if "jewel_location_id" in vals and any(
            partner.jewel_location_id.id != (vals["jewel_location_id"] or False)
            for partner in self
        ):
            self._jewel_refuse_location()
        if self._jewel_may_change_terms():
            return
        for partner in self:
            changed = [
                name
                for name in self._jewel_term_fields
                if name in vals
                and self._jewel_term_value(name, vals[name])
                != self._jewel_term_value(name, partner[name])
            ]
            if changed:
                self._jewel_refuse_terms(changed, partner.display_name)

    def _jewel_post_memo_terms_change(self, before):
        """Memo terms are HTML, which mail tracking does not show: tell it."""
        self.ensure_one()
        if self._jewel_term_value("jewel_memo_terms", before) == self._jewel_term_value(
            "jewel_memo_terms", self.jewel_memo_terms
        ):
            return
        self.message_post(
            body=Markup("<p>%s</p><blockquote>%s</blockquote>")
            % (
                self.env._("Memo terms changed. They were:"),
                html2plaintext(before or "") or "-",
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _jewel_ensure_location(self, force=False):
        """Create the partner's internal location under "Partner consignment".

        Retail partners get one when flagged; a private customer gets one with
        ``force`` when a memo is first sent to it. Meant to be extended (e.g. to
        place it under another parent).
        """
        partners = self.filtered(
            lambda p: (force or p.jewel_is_retail_partner) and not p.jewel_location_id
        )
        if not partners:
            return
        parent = self.env.ref(
            "jewel_partner_consignment.stock_location_partner_consignment"
        )
        # salespeople flag partners but may not create locations: narrow sudo
        locations = (
            self.env["stock.location"]
            .sudo()
            .create(
                [
                    {
                        "name": partner.name,
                        "location_id": parent.id,
                        "usage": "internal",
                        "company_id": (partner.company_id or self.env.company).id,
                    }
                    for partner in partners
                ]
            )
        )
        # the location is the workshop's to set: nobody writes it but here
        for partner, location in zip(partners.sudo(), locations, strict=True):
            partner.jewel_location_id = location

    def _jewel_unit_price(self, product):
        """Agreed price of ``product`` for this partner before commission."""
        self.ensure_one()
        if self.jewel_pricing == "pricelist" and self.jewel_pricelist_id:
            return self.jewel_pricelist_id._get_product_price(product, 1.0)
        return product.lst_price

    def _jewel_net_price(self, price):
        """What the partner owes for a piece sold at ``price``."""
        self.ensure_one()
        if self.jewel_pricing == "commission":
            currency = self.jewel_currency_id
            return currency.round(price * (1 - self.jewel_commission_percent / 100))
        return price

    def _jewel_aging(self, date_ref=None):
        """Value out per partner and aging bucket at ``date_ref``.

        Returns ``{partner_id: {bucket_key: amount}}`` for every partner of
        ``self`` (grouped in one query per date sent).
        """
        date_ref = fields.Date.to_date(date_ref or fields.Date.context_today(self))
        result = {
            partner.id: {key: 0.0 for key, *_rest in AGING_BUCKETS} for partner in self
        }
        groups = self.env["jewel.memo.line"]._read_group(
            [
                ("partner_id", "in", self.ids),
                ("state", "=", "out"),
                ("date_sent", "<=", date_ref),
            ],
            ["partner_id", "date_sent:day"],
            ["price:sum"],
        )
        for partner, date_sent, amount in groups:
            days = (date_ref - fields.Date.to_date(date_sent)).days
            result[partner.id][aging_bucket(days)] += amount
        return result

    def _jewel_statement(self, date_ref=None):
        """Partner statement figures: on memo, on consignment, sold, invoiced, due."""
        self.ensure_one()
        date_ref = fields.Date.to_date(date_ref or fields.Date.context_today(self))
        line_groups = self.env["jewel.memo.line"]._read_group(
            [("partner_id", "=", self.id), ("state", "in", ("out", "sold"))],
            ["state", "agreement_type"],
            ["price:sum", "invoiced_price:sum", "__count"],
        )
        values = {
            "memo": 0.0,
            "memo_count": 0,
            "consignment": 0.0,
            "consignment_count": 0,
            "sold": 0.0,
            "sold_count": 0,
            "sold_net": 0.0,
        }
        for state, agreement, amount, invoiced, count in line_groups:
            key = "sold" if state == "sold" else agreement
            values[key] += amount
            values[f"{key}_count"] += count
            if state == "sold":
                values["sold_net"] += invoiced
        # sold at agreed prices - commission = invoiced excl. tax; + tax = invoiced
        values["commission"] = values["sold"] - values["sold_net"]
        invoices = self.env["account.move"].search(
            [
                ("partner_id", "=", self.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("jewel_memo_line_ids", "!=", False),
            ]
        )
        values["invoiced_untaxed"] = sum(invoices.mapped("amount_untaxed"))
        values["invoiced_tax"] = sum(invoices.mapped("amount_tax"))
        values["invoiced"] = sum(invoices.mapped("amount_total"))
        values["due"] = sum(invoices.mapped("amount_residual"))
        values["overdue"] = sum(
            invoices.filtered(
                lambda m: m.invoice_date_due and m.invoice_date_due < date_ref
            ).mapped("amount_residual")
        )
        values["aging"] = self._jewel_aging(date_ref)[self.id]
        values["date_ref"] = date_ref
        values["date_next_due"] = date_ref + timedelta(days=self.jewel_memo_term_days)
        return values

    def action_jewel_view_memos(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jewel_partner_consignment.jewel_memo_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_jewel_view_pieces(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jewel_partner_consignment.jewel_memo_line_action"
        )
        action["domain"] = [("partner_id", "=", self.id), ("state", "=", "out")]
        return action
