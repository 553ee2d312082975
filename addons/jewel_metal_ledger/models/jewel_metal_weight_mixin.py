from odoo import api, fields, models


class JewelMetalWeightMixin(models.AbstractModel):
    """Gross grams of an alloy and their fine grams, for lines that move metal.

    The fineness defaults to the alloy's and may be set from an assay (old gold,
    scrap); the fine weight follows to the milligram and may be set too.
    """

    _name = "jewel.metal.weight.mixin"
    _description = "Gross and Fine Metal Weight"

    alloy_id = fields.Many2one("jewel.alloy", required=True, ondelete="restrict")
    metal_id = fields.Many2one(related="alloy_id.metal_id")
    fineness = fields.Float(
        string="Fineness (‰)",
        digits="Jewel Fineness",
        compute="_compute_fineness",
        store=True,
        readonly=False,
        precompute=True,
        help="The alloy's fineness, or the assayed fineness (old gold, scrap).",
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
        help="Gross × fineness / 1000, to the milligram; may be set from an assay.",
    )

    @api.depends("alloy_id")
    def _compute_fineness(self):
        for line in self:
            line.fineness = line.alloy_id.fineness

    @api.depends("gross_weight", "fineness")
    def _compute_fine_weight(self):
        for line in self:
            line.fine_weight = round(line.gross_weight * line.fineness / 1000.0, 3)
