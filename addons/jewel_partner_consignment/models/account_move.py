from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    jewel_memo_line_ids = fields.One2many(
        "jewel.memo.line", "invoice_id", string="Pieces Sold", readonly=True
    )
