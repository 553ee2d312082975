from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    jewel_memo_line_ids = fields.One2many(
        "jewel.memo.line", "invoice_id", string="Pieces Sold", readonly=True
    )
    jewel_sow_warranty = fields.Boolean(
        string="SoW Warranty",
        compute="_compute_jewel_sow_warranty",
        store=True,
        readonly=False,
        help="Issued: the invoice prints the System of Warranties statement. "
        "Received: the supplier's bill carries it (ticked for goods containing "
        "diamonds; untick a bill that lacks it). Listed in the SoW Register.",
    )

    @api.depends("move_type", "invoice_line_ids.product_id", "company_id")
    def _compute_jewel_sow_warranty(self):
        for move in self:
            if move.is_sale_document(include_receipts=True):
                move.jewel_sow_warranty = bool(move._jewel_sow_statement())
            elif move.is_purchase_document(include_receipts=True):
                move.jewel_sow_warranty = bool(
                    move.invoice_line_ids.product_id._jewel_with_diamonds()
                )
            else:
                move.jewel_sow_warranty = False

    def _jewel_sow_statement(self):
        """The System of Warranties statement a customer invoice or credit note
        prints when its goods contain diamonds."""
        self.ensure_one()
        if not self.is_sale_document(include_receipts=True):
            return False
        products = self.invoice_line_ids.product_id
        return self.company_id._jewel_sow_for(products)
