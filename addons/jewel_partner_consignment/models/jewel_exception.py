from odoo import fields, models


class JewelException(models.Model):
    _inherit = "jewel.exception"

    kind = fields.Selection(
        selection_add=[("memo_overdue", "Memo overdue")],
        ondelete={"memo_overdue": "cascade"},
    )
