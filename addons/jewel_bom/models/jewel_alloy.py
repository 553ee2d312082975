from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_round

from ..tools import numbers

COLOURS = [
    ("yellow", "Yellow"),
    ("white", "White"),
    ("rose", "Rose"),
    ("grey", "Grey"),
]


class JewelAlloy(models.Model):
    """A standard of a precious metal: fineness, colour and density."""

    _name = "jewel.alloy"
    _description = "Precious Metal Alloy"
    _inherit = ["mail.thread", "jewel.number.mixin"]
    _order = "metal_id, fineness desc, colour, name"

    name = fields.Char(required=True, translate=True, tracking=True)
    metal_id = fields.Many2one(
        "jewel.metal", required=True, ondelete="restrict", index=True, tracking=True
    )
    metal_code = fields.Char(related="metal_id.code")
    fineness = fields.Float(
        string="Fineness (‰)",
        digits="Jewel Fineness",
        required=True,
        tracking=True,
        jewel_number=numbers.FINENESS,
        help="Parts per thousand of fine metal: 750 for 18K, 585 for 14K, "
        "925 sterling.",
    )
    karat = fields.Float(
        compute="_compute_karat",
        store=True,
        digits=(4, 1),
        help="Karat of a gold alloy: fineness × 24 / 1000.",
    )
    colour = fields.Selection(COLOURS, tracking=True)
    density = fields.Float(
        string="Density (g/cm³)",
        digits=(6, 2),
        required=True,
        tracking=True,
        jewel_number=numbers.DENSITY,
        help="Used for karat conversion (same volume, other alloy) and casting.",
    )
    alloying_cost = fields.Float(
        string="Alloying Cost / g",
        digits="Product Price",
        tracking=True,
        groups="jewel_bom.group_jewel_costing",
        jewel_number=numbers.PRICE,
        help="Cost of the alloying metals and making the alloy, per gross gram, "
        "in the company currency.",
    )
    raw_material_product_id = fields.Many2one(
        "product.product",
        string="Raw Material",
        help="Casting grain or sheet of this alloy, consumed by weight in BOMs. "
        "Karat conversion switches metal lines to this product.",
    )
    active = fields.Boolean(default=True)

    @api.depends("fineness", "metal_id.code")
    def _compute_karat(self):
        for alloy in self:
            is_gold = alloy.metal_id.code == "XAU"
            alloy.karat = (
                float_round(alloy.fineness * 24 / 1000, precision_digits=0)
                if is_gold
                else 0.0
            )

    @api.constrains("fineness")
    def _check_fineness(self):
        for alloy in self:
            if not 0 < alloy.fineness <= 1000:
                raise ValidationError(
                    self.env._(
                        "The fineness of %(alloy)s must be above 0 and at most 1000 ‰ "
                        "(it is %(fineness)s).",
                        alloy=alloy.name,
                        fineness=alloy.fineness,
                    )
                )

    @api.constrains("density")
    def _check_density(self):
        for alloy in self:
            if alloy.density <= 0:
                raise ValidationError(
                    self.env._(
                        "The density of %(alloy)s must be above 0 g/cm³.",
                        alloy=alloy.name,
                    )
                )

    def _fine_weight(self, gross_weight):
        """Fine grams in ``gross_weight`` grams of this alloy, to the milligram."""
        self.ensure_one()
        return numbers.fine_weight(gross_weight, self.fineness)
