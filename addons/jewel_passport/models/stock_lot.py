from odoo import api, fields, models
from odoo.exceptions import AccessError


class StockLot(models.Model):
    """The passport of a serial: a form tab and a printable PDF."""

    _inherit = "stock.lot"

    jewel_passport_html = fields.Html(
        string="Passport",
        compute="_compute_jewel_passport_html",
        sanitize=False,
        groups="base.group_user",
    )

    # what it shows depends on who reads it (money for the costing group only)
    @api.depends_context("uid")
    def _compute_jewel_passport_html(self):
        lots = self.filtered("id")
        (self - lots).jewel_passport_html = False
        if not lots:
            return
        passports = lots._jewel_passport_sections()
        for lot in lots:
            lot.jewel_passport_html = lot._jewel_passport_render(
                passports[lot.id], links=True
            )

    def _jewel_passport_check_access(self):
        """Who may see a passport: an internal user who may read the pieces.

        The passport gathers records of many apps (read as superuser), so the
        check is made here, for the form tab, the PDF and any caller alike.
        """
        if not self.env.su and not self.env.user._is_internal():
            raise AccessError(
                self.env._("Only the workshop's own staff can see a piece passport.")
            )
        self.check_access("read")

    def _jewel_passport_sections(self):
        """``{lot_id: {section: value}}``: every section of the passport of each
        lot of ``self``, built in a fixed number of queries per batch."""
        self._jewel_passport_check_access()
        return self.env["jewel.passport"]._build(self)

    def _jewel_passport_render(self, passport, links):
        """The passport's sections as HTML; ``links`` makes references links
        (the form), else plain text (the PDF)."""
        self.ensure_one()
        return self.env["ir.qweb"]._render(
            "jewel_passport.passport_body",
            {"lot": self, "passport": passport, "links": links},
        )

    def action_jewel_print_passport(self):
        self._jewel_passport_check_access()
        return self.env.ref("jewel_passport.action_report_passport").report_action(self)
