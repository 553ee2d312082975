from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # Which piece an invoice line sold: the gross margin costs it by its serial.
    jewel_lot_id = fields.Many2one(
        "stock.lot",
        string="Piece Sold",
        readonly=True,
        copy=True,  # a credit note returns the same piece
        index="btree_not_null",
    )
