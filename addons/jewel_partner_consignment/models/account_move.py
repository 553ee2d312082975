from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    jewel_memo_line_ids = fields.One2many(
        "jewel.memo.line", "invoice_id", string="Pieces Sold", readonly=True
    )

    def _jewel_sow_statement(self):
        """The System of Warranties statement a customer invoice or credit note
        prints when its goods contain diamonds."""
        self.ensure_one()
        if not self.is_sale_document(include_receipts=True):
            return False
        products = self.invoice_line_ids.product_id
        return self.company_id._jewel_sow_for(products)
