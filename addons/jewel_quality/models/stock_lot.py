from odoo import fields, models


class StockLot(models.Model):
    """A piece carries its assay and hallmark."""

    _inherit = "stock.lot"

    jewel_assay_fineness = fields.Float(
        string="Assayed Fineness (‰)", digits="Jewel Fineness", tracking=True
    )
    jewel_hallmark_mark = fields.Char(string="Hallmark", tracking=True)
    jewel_hallmark_date = fields.Date(string="Hallmarked On", tracking=True)
    jewel_hallmark_office_id = fields.Many2one(
        "res.partner", string="Assay Office", tracking=True
    )
    jewel_hallmark_certificate = fields.Char(
        string="Hallmark Certificate / ID", tracking=True
    )
    jewel_quality_check_ids = fields.One2many(
        "jewel.quality.check", "lot_id", string="Quality Checks"
    )

    def _jewel_certificate_checks(self):
        """Passed checks of this piece, or of the MO that made it."""
        self.ensure_one()
        productions = self.env["mrp.production"].search(
            [("lot_producing_id", "=", self.id), ("state", "=", "done")]
        )
        return self.env["jewel.quality.check"].search(
            [
                ("state", "=", "pass"),
                "|",
                ("lot_id", "=", self.id),
                ("production_id", "in", productions.ids),
            ],
            order="date_checked, id",
        )
