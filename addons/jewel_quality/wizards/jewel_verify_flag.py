from odoo import fields, models

from ..models.stock_lot_verification import FLAGS


class JewelVerifyFlag(models.TransientModel):
    """Asks the flag and its reason; the piece's method checks the role."""

    _name = "jewel.verify.flag"
    _description = "Flag a Piece's Verification"

    lot_id = fields.Many2one("stock.lot", string="Piece", required=True)
    flag = fields.Selection(FLAGS, required=True, default="stolen")
    reason = fields.Char()

    def action_confirm(self):
        self.ensure_one()
        self.lot_id.action_jewel_verify_flag(self.flag, self.reason)
        return {"type": "ir.actions.act_window_close"}
