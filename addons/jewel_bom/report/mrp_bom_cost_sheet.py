from odoo import api, models


class ReportJewelCostSheet(models.AbstractModel):
    """The cost sheet shows metal prices and costs: only for the roles that price
    work, however it is asked for (print menu, /report/html or /report/pdf)."""

    _name = "report.jewel_bom.report_jewel_cost_sheet"
    _description = "Jewellery Cost Sheet"

    @api.model
    def _get_report_values(self, docids, data=None):
        boms = self.env["mrp.bom"]
        boms._jewel_check_cost_access()
        return {
            "doc_ids": docids,
            "doc_model": "mrp.bom",
            "docs": boms.browse(docids),
        }
