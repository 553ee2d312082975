from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    jewel_metal_transfer_id = fields.Many2one(
        "jewel.metal.transfer",
        string="Metal Transfer",
        readonly=True,
        index="btree_not_null",
    )
    jewel_metal_transfer_line_id = fields.Many2one(
        "jewel.metal.transfer.line", string="Metal Transfer Line", readonly=True
    )
