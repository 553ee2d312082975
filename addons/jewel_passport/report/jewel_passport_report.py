from odoo import api, models


class ReportJewelPassport(models.AbstractModel):
    """The passport PDF of a batch of serials, built in one pass."""

    _name = "report.jewel_passport.report_passport"
    _description = "Piece Passport Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        lots = self.env["stock.lot"].browse(docids)
        return {
            "doc_ids": lots.ids,
            "doc_model": "stock.lot",
            "docs": lots,
            "passports": lots._jewel_passport_sections(),
        }
