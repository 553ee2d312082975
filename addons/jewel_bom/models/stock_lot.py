from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import numbers
from ..tools.numbers import fine_weight, round_weight
from .jewel_metal import CARAT_GRAMS


class StockLot(models.Model):
    """A serial-numbered piece carries its own weighed metal and stones."""

    _name = "stock.lot"
    _inherit = ["stock.lot", "jewel.number.mixin"]

    jewel_alloy_id = fields.Many2one(
        "jewel.alloy",
        string="Alloy",
        compute="_compute_jewel_alloy_id",
        store=True,
        readonly=False,
        tracking=True,
    )
    jewel_gross_metal_weight = fields.Float(
        string="Metal Weight (g)",
        digits="Jewel Weight",
        compute="_compute_jewel_gross_metal_weight",
        store=True,
        readonly=False,
        tracking=True,
        jewel_number=numbers.WEIGHT,
        help="Weighed metal of this piece; defaults to the product's design weight.",
    )
    jewel_stone_weight = fields.Float(
        string="Stones (ct)",
        digits="Jewel Carat",
        compute="_compute_jewel_stone_weight",
        store=True,
        readonly=False,
        tracking=True,
        jewel_number=numbers.CARAT,
    )
    jewel_stone_count = fields.Integer(
        string="Stones",
        compute="_compute_jewel_stone_count",
        store=True,
        readonly=False,
        tracking=True,
        jewel_number=numbers.COUNT,
    )
    jewel_fine_weight = fields.Float(
        string="Fine Weight (g)",
        digits="Jewel Weight",
        compute="_compute_jewel_weights",
        store=True,
    )
    jewel_gross_weight = fields.Float(
        string="Piece Weight (g)",
        digits="Jewel Weight",
        compute="_compute_jewel_weights",
        store=True,
    )

    # One compute per field: a lot created with its weighed metal keeps the
    # product's alloy and stones (a shared compute would leave them empty).
    @api.depends("product_id")
    def _compute_jewel_alloy_id(self):
        for lot in self:
            lot.jewel_alloy_id = lot.product_id.product_tmpl_id.jewel_alloy_id

    @api.depends("product_id")
    def _compute_jewel_gross_metal_weight(self):
        for lot in self:
            template = lot.product_id.product_tmpl_id
            lot.jewel_gross_metal_weight = template.jewel_gross_metal_weight

    @api.depends("product_id")
    def _compute_jewel_stone_weight(self):
        for lot in self:
            lot.jewel_stone_weight = lot.product_id.product_tmpl_id.jewel_stone_weight

    @api.depends("product_id")
    def _compute_jewel_stone_count(self):
        for lot in self:
            lot.jewel_stone_count = lot.product_id.product_tmpl_id.jewel_stone_count

    @api.depends(
        "jewel_gross_metal_weight", "jewel_stone_weight", "jewel_alloy_id.fineness"
    )
    def _compute_jewel_weights(self):
        for lot in self:
            lot.jewel_fine_weight = fine_weight(
                lot.jewel_gross_metal_weight, lot.jewel_alloy_id.fineness
            )
            lot.jewel_gross_weight = round_weight(
                lot.jewel_gross_metal_weight + lot.jewel_stone_weight * CARAT_GRAMS
            )

    @api.constrains(
        "jewel_gross_metal_weight", "jewel_stone_weight", "jewel_stone_count"
    )
    def _check_jewel_weights(self):
        for lot in self:
            if (
                min(
                    lot.jewel_gross_metal_weight,
                    lot.jewel_stone_weight,
                    lot.jewel_stone_count,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Piece %(lot)s: metal weight, carats and stone count cannot be "
                        "negative.",
                        lot=lot.name,
                    )
                )
