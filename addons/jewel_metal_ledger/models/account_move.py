from odoo import fields, models


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
