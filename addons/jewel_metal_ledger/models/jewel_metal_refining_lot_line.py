from odoo import api, fields, models


class JewelMetalRefiningLotLine(models.Model):
    _name = "jewel.metal.refining.lot.line"
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
    alloy_id = fields.Many2one("jewel.alloy", required=True, ondelete="restrict")
    metal_id = fields.Many2one(related="alloy_id.metal_id")
    fineness = fields.Float(
        string="Fineness (‰)",
        digits="Jewel Fineness",
        compute="_compute_fineness",
        store=True,
        readonly=False,
        precompute=True,
    )
    gross_weight = fields.Float(
        string="Gross (g)", digits="Jewel Weight", required=True
    )
    fine_weight = fields.Float(
        string="Fine (g)",
        digits="Jewel Weight",
        compute="_compute_fine_weight",
        store=True,
        readonly=False,
        precompute=True,
    )
    fine_recovered = fields.Float(
        string="Recovered Fine (g)",
        digits="Jewel Weight",
        help="From the refiner's assay.",
    )
    fine_unrecovered = fields.Float(
        string="Unrecovered (g)", digits="Jewel Weight", compute="_compute_unrecovered"
    )

    @api.depends("alloy_id")
    def _compute_fineness(self):
        for line in self:
            line.fineness = line.alloy_id.fineness

    @api.depends("gross_weight", "fineness")
    def _compute_fine_weight(self):
        for line in self:
            line.fine_weight = round(line.gross_weight * line.fineness / 1000.0, 3)

    @api.depends("fine_weight", "fine_recovered")
    def _compute_unrecovered(self):
        for line in self:
            line.fine_unrecovered = round(line.fine_weight - line.fine_recovered, 3)
