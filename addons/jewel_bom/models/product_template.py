from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import numbers
from ..tools.numbers import fine_weight, round_weight
from .jewel_metal import CARAT_GRAMS

COMPONENT_TYPES = [
    ("metal", "Precious metal (by weight)"),
    ("stone", "Stone"),
    ("finding", "Finding"),
    ("piece", "Finished piece"),
]


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "jewel.number.mixin"]

    jewel_component_type = fields.Selection(
        COMPONENT_TYPES,
        string="Jewellery Type",
        tracking=True,
        help="Precious metal is consumed by weight (grams) in BOMs; stones carry "
        "carats; findings and pieces carry their metal and stones per unit.",
    )
    jewel_alloy_id = fields.Many2one(
        "jewel.alloy", string="Alloy", tracking=True, index="btree_not_null"
    )
    jewel_metal_id = fields.Many2one(
        related="jewel_alloy_id.metal_id", string="Metal", store=True
    )
    jewel_gross_metal_weight = fields.Float(
        string="Metal Weight (g)",
        digits="Jewel Weight",
        tracking=True,
        jewel_number=numbers.WEIGHT,
        help="Gross weight of the alloy in one unit, stones excluded.",
    )
    jewel_fine_weight = fields.Float(
        string="Fine Weight (g)",
        digits="Jewel Weight",
        compute="_compute_jewel_fine_weight",
        store=True,
    )
    jewel_stone_weight = fields.Float(
        string="Stones (ct)",
        digits="Jewel Carat",
        tracking=True,
        jewel_number=numbers.CARAT,
    )
    jewel_stone_count = fields.Integer(
        string="Stones", tracking=True, jewel_number=numbers.COUNT
    )
    jewel_gross_weight = fields.Float(
        string="Piece Weight (g)",
        digits="Jewel Weight",
        compute="_compute_jewel_gross_weight",
        store=True,
        help="Metal weight plus stones (1 ct = 0.2 g).",
    )

    @api.depends("jewel_gross_metal_weight", "jewel_alloy_id.fineness")
    def _compute_jewel_fine_weight(self):
        for product in self:
            product.jewel_fine_weight = fine_weight(
                product.jewel_gross_metal_weight, product.jewel_alloy_id.fineness
            )

    @api.depends("jewel_gross_metal_weight", "jewel_stone_weight")
    def _compute_jewel_gross_weight(self):
        for product in self:
            product.jewel_gross_weight = round_weight(
                product.jewel_gross_metal_weight
                + product.jewel_stone_weight * CARAT_GRAMS
            )

    @api.constrains(
        "jewel_gross_metal_weight", "jewel_stone_weight", "jewel_stone_count"
    )
    def _check_jewel_weights(self):
        for product in self:
            if (
                product.jewel_gross_metal_weight < 0
                or product.jewel_stone_weight < 0
                or product.jewel_stone_count < 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(product)s: metal weight, carats and stone count cannot be "
                        "negative.",
                        product=product.display_name,
                    )
                )
