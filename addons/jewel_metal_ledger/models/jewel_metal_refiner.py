from odoo import api, fields, models

ACCREDITATIONS = [
    ("lbma_gd", "LBMA Good Delivery"),
    ("lppm_gd", "LPPM Good Delivery"),
    ("rjc_coc", "RJC Chain of Custody"),
    ("none", "None"),
]


class JewelMetalRefiner(models.Model):
    """A refinery whose bars, grain or returns reach the vault, and the
    accreditation a buyer or a regulator asks about (OECD gold supplement)."""

    _name = "jewel.metal.refiner"
    _description = "Refiner"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        tracking=True,
        index="btree_not_null",
        help="The refinery as a contact: the refiner account and supplier receipts "
        "from this partner take this refiner by default.",
    )
    accreditation = fields.Selection(
        ACCREDITATIONS, required=True, default="none", tracking=True
    )
    accreditation_valid_until = fields.Date(
        tracking=True,
        help="Last day of the accreditation as listed by its body; empty: not "
        "checked yet.",
    )
    accreditation_current = fields.Boolean(
        compute="_compute_accreditation_current",
        help="Accredited, and the accreditation has not lapsed today.",
    )
    country_id = fields.Many2one("res.country", tracking=True)
    note = fields.Text()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A refiner of this name exists already.")
    ]

    @api.depends("accreditation", "accreditation_valid_until")
    def _compute_accreditation_current(self):
        today = fields.Date.context_today(self)
        for refiner in self:
            refiner.accreditation_current = refiner.accreditation != "none" and (
                not refiner.accreditation_valid_until
                or refiner.accreditation_valid_until >= today
            )

    def _accreditation_label(self):
        """The accreditation in words, in the user's language."""
        self.ensure_one()
        labels = dict(self._fields["accreditation"]._description_selection(self.env))
        return labels.get(self.accreditation, "")

    @api.model
    def _for_partners(self, partners):
        """``{commercial partner id: refiner}``, one query."""
        partners = partners.commercial_partner_id
        if not partners:
            return {}
        refiners = self.search([("partner_id", "in", partners.ids)])
        return {refiner.partner_id.id: refiner for refiner in refiners}
