from odoo import api, fields, models
from odoo.exceptions import ValidationError


class JewelMetalTransferLine(models.Model):
    """Metal of one alloy moved by a transfer: gross grams and their fine grams.

    Only the lines of a draft transfer change: posted lines are what the ledger
    and a reversal copy.
    """

    _name = "jewel.metal.transfer.line"
    _inherit = ["jewel.metal.weight.mixin", "jewel.lifecycle.mixin"]
    _description = "Metal Transfer Line"
    _order = "transfer_id, sequence, id"

    _jewel_lifecycle_parent = "transfer_id"

    transfer_id = fields.Many2one(
        "jewel.metal.transfer", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="transfer_id.company_id", store=True)
    state = fields.Selection(related="transfer_id.state")
    metal_id = fields.Many2one(related="alloy_id.metal_id", store=True)
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
    def _compute_product_id(self):
        for line in self:
            line.product_id = line.alloy_id.raw_material_product_id

    def _jewel_check_write(self, vals):
        result = super()._jewel_check_write(vals)
        target = self.env["jewel.metal.transfer"].browse(vals.get("transfer_id"))
        if target and target.state not in target._jewel_editable_states:
            # a line moved to another transfer is a line added to that one
            self._jewel_refuse_frozen(
                target, target.state, self.env._("no line can be added")
            )
        return result

    def _jewel_refuse_frozen(self, holder, state, what):
        return holder._jewel_refuse_frozen(holder, state, what)

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
