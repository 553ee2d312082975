from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    jewel_memo_id = fields.Many2one(
        "jewel.memo", string="Memo", index="btree_not_null", copy=False, readonly=True
    )
