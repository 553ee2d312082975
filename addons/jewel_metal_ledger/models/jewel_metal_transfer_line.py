from odoo import api, fields, models
from odoo.exceptions import ValidationError


class JewelMetalTransferLine(models.Model):
    """Metal of one alloy moved by a transfer: gross grams and their fine grams."""

    _name = "jewel.metal.transfer.line"
    _description = "Metal Transfer Line"
    _order = "transfer_id, sequence, id"

    transfer_id = fields.Many2one(
        "jewel.metal.transfer", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="transfer_id.company_id", store=True)
    state = fields.Selection(related="transfer_id.state")
    alloy_id = fields.Many2one("jewel.alloy", required=True, ondelete="restrict")
    metal_id = fields.Many2one(related="alloy_id.metal_id", store=True)
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
    description = fields.Char()
    product_id = fields.Many2one(
        "product.product",
        string="Stock Product",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
        help="Product moved in stock when a vault gives or receives this metal "
        "(the alloy's raw material by default).",
    )
    move_ids = fields.One2many(
        "stock.move", "jewel_metal_transfer_line_id", readonly=True
    )

    @api.depends("alloy_id")
    def _compute_fineness(self):
        for line in self:
            line.fineness = line.alloy_id.fineness

    @api.depends("gross_weight", "fineness")
    def _compute_fine_weight(self):
        for line in self:
            line.fine_weight = round(line.gross_weight * line.fineness / 1000.0, 3)

    @api.depends("alloy_id")
    def _compute_product_id(self):
        for line in self:
            line.product_id = line.alloy_id.raw_material_product_id

    @api.constrains("gross_weight", "fine_weight", "fineness")
    def _check_weights(self):
        for line in self:
            if line.gross_weight <= 0 or line.fine_weight <= 0:
                raise ValidationError(
                    self.env._(
                        "%(alloy)s: gross and fine weights must be above zero "
                        "(gross %(gross).3f g, fine %(fine).3f g).",
                        alloy=line.alloy_id.name,
                        gross=line.gross_weight,
                        fine=line.fine_weight,
                    )
                )
            if (
                line.fine_weight > line.gross_weight + 0.0005
                or not 0 < line.fineness <= 1000
            ):
                raise ValidationError(
                    self.env._(
                        "%(alloy)s: the fine weight (%(fine).3f g) cannot exceed the "
                        "gross weight (%(gross).3f g) and the fineness must be between "
                        "0 and 1000 ‰.",
                        alloy=line.alloy_id.name,
                        gross=line.gross_weight,
                        fine=line.fine_weight,
                    )
                )
