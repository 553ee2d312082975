from odoo import api, fields, models


class JewelMetalRefiningLotLine(models.Model):
    _name = "jewel.metal.refining.lot.line"
    _inherit = ["jewel.metal.weight.mixin"]
    _description = "Refining Lot Line"

    lot_id = fields.Many2one(
        "jewel.metal.refining.lot", required=True, ondelete="cascade"
    )
    scrap_class = fields.Selection(
        [
            ("bullion", "Bullion / solid scrap"),
            ("stone_removal", "Stone removal"),
            ("sweeps", "Sweeps and filings"),
            ("solutions", "Solutions"),
        ],
        required=True,
        default="sweeps",
    )
    description = fields.Char()
    fine_recovered = fields.Float(
        string="Recovered Fine (g)",
        digits="Jewel Weight",
        help="From the refiner's assay.",
    )
    fine_unrecovered = fields.Float(
        string="Unrecovered (g)", digits="Jewel Weight", compute="_compute_unrecovered"
    )

    @api.depends("fine_weight", "fine_recovered")
    def _compute_unrecovered(self):
        for line in self:
            line.fine_unrecovered = round(line.fine_weight - line.fine_recovered, 3)
