from odoo import api, models
from odoo.exceptions import UserError


class ReportJewelQualityCertificate(models.AbstractModel):
    """A quality certificate is printed only for a piece with a passed check."""

    _name = "report.jewel_quality.report_jewel_quality_certificate"
    _description = "Quality Certificate"

    @api.model
    def _get_report_values(self, docids, data=None):
        lots = self.env["stock.lot"].browse(docids)
        uncertified = lots.filtered(lambda lot: not lot._jewel_certificate_checks())
        if uncertified:
            raise UserError(
                self.env._(
                    "No quality certificate for %(pieces)s: no quality check of "
                    "the piece has passed.",
                    pieces=", ".join(uncertified.mapped("name")),
                )
            )
        return {
            "doc_ids": lots.ids,
            "doc_model": "stock.lot",
            "docs": lots,
        }
