from odoo import models


class JewelMemoLine(models.Model):
    _inherit = "jewel.memo.line"

    def _jewel_prepare_invoice_line(self):
        """The invoice line names the piece it sells (for its gross margin)."""
        vals = super()._jewel_prepare_invoice_line()
        vals["jewel_lot_id"] = self.lot_id.id
        return vals
