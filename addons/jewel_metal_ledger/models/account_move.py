from odoo import fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    jewel_metal_transfer_id = fields.Many2one(
        "jewel.metal.transfer",
        string="Metal Transfer",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The metal loss or recovery this entry values.",
    )

    def write(self, vals):
        if "jewel_metal_transfer_id" in vals and any(
            move.jewel_metal_transfer_id.id != vals["jewel_metal_transfer_id"]
            for move in self
        ):
            raise UserError(
                self.env._(
                    "The metal transfer a journal entry values cannot change: "
                    "reverse the transfer instead."
                )
            )
        return super().write(vals)
