from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.jewel_bom.tools import numbers


class JewelMetalWeightMixin(models.AbstractModel):
    """Gross grams of an alloy and their fine grams, for lines that move metal.

    The fineness defaults to the alloy's and may be set from an assay (old gold,
    scrap); the fine weight follows to the milligram. A fine weight set by hand
    must still be the gross weight at that fineness (within the rounding of both),
    or metal could vanish from the loss controls.
    """

    _name = "jewel.metal.weight.mixin"
    _description = "Gross and Fine Metal Weight"
    _inherit = ["jewel.number.mixin"]

    alloy_id = fields.Many2one("jewel.alloy", required=True, ondelete="restrict")
    metal_id = fields.Many2one(related="alloy_id.metal_id")
    fineness = fields.Float(
        string="Fineness (‰)",
        digits="Jewel Fineness",
        compute="_compute_fineness",
        store=True,
        readonly=False,
        precompute=True,
        jewel_number=numbers.FINENESS,
        help="The alloy's fineness, or the assayed fineness (old gold, scrap).",
    )
    gross_weight = fields.Float(
        string="Gross (g)",
        digits="Jewel Weight",
        required=True,
        jewel_number=numbers.WEIGHT,
    )
    fine_weight = fields.Float(
        string="Fine (g)",
        digits="Jewel Weight",
        compute="_compute_fine_weight",
        store=True,
        readonly=False,
        precompute=True,
        jewel_number=numbers.WEIGHT,
        help="Gross × fineness / 1000, to the milligram; may be set from an assay.",
    )

    @api.depends("alloy_id")
    def _compute_fineness(self):
        for line in self:
            line.fineness = line.alloy_id.fineness

    @api.depends("gross_weight", "fineness")
    def _compute_fine_weight(self):
        for line in self:
            line.fine_weight = numbers.fine_weight(line.gross_weight, line.fineness)

    @api.constrains("gross_weight", "fineness", "fine_weight")
    def _check_fine_weight_matches(self):
        for line in self:
            if not numbers.fine_weight_matches(
                line.gross_weight, line.fineness, line.fine_weight
            ):
                raise ValidationError(
                    self.env._(
                        "%(alloy)s: %(fine).3f g fine is not what %(gross).3f g at "
                        "%(fineness).1f ‰ holds (%(expected).3f g). Enter the assayed "
                        "fineness: the fine weight follows from it.",
                        alloy=line.alloy_id.name,
                        fine=line.fine_weight,
                        gross=line.gross_weight,
                        fineness=line.fineness,
                        expected=numbers.fine_weight(line.gross_weight, line.fineness),
                    )
                )
