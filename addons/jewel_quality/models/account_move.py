from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _jewel_invoiced_lots(self):
        """The pieces (serials) a customer invoice sells: those delivered for its
        sale orders, and those sold off a memo (jewel_partner_consignment)."""
        self.ensure_one()
        Lot = self.env["stock.lot"]
        if not self.is_sale_document(include_receipts=True):
            return Lot
        lot_ids = [
            value["lot_id"]
            for value in self._get_invoiced_lot_values()
            if value.get("lot_id")
        ]
        lots = Lot.browse(lot_ids)
        if "jewel_memo_line_ids" in self._fields:
            lots |= self.jewel_memo_line_ids.lot_id
        return lots

    def _jewel_invoiced_huids(self):
        """``[(serial, huid)]`` of the invoiced pieces that carry an HUID."""
        return [
            (lot.name, lot.jewel_huid)
            for lot in self._jewel_invoiced_lots().sorted("name")
            if lot.jewel_huid
        ]
