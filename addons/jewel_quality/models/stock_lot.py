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
    jewel_market_id = fields.Many2one(
        "jewel.hallmark.market",
        string="Hallmarked For",
        tracking=True,
        help="The market whose rules the piece was assayed and marked under.",
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

    def _jewel_certificate_values(self):
        """What the certificate prints: the weighed weight (the last passed
        weight check; else the lot's weight, said to be the design one), the
        assay and the hallmark (the piece's, else its passed checks').
        """
        self.ensure_one()
        checks = self._jewel_certificate_checks()
        weighed = checks.filtered(lambda c: c.kind == "weight" and c.measured_value)[
            -1:
        ]
        assay = checks.filtered(lambda c: c.kind == "assay" and c.measured_value)[-1:]
        hallmark = checks.filtered(lambda c: c.kind == "hallmark")[-1:]
        return {
            "checks": checks,
            "weight": weighed.measured_value or self.jewel_gross_weight,
            "weighed": bool(weighed),
            "assay": assay.measured_value or self.jewel_assay_fineness,
            "hallmark_mark": self.jewel_hallmark_mark or hallmark.hallmark_mark,
            "hallmark_office": self.jewel_hallmark_office_id
            or hallmark.assay_office_id,
            "hallmark_date": self.jewel_hallmark_date or hallmark.hallmark_date,
            "hallmark_certificate": self.jewel_hallmark_certificate
            or hallmark.certificate_ref,
        }
