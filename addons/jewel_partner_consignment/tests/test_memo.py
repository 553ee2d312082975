from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import JewelConsignmentCommon


@tagged("post_install", "-at_install")
class TestMemo(JewelConsignmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rings = cls._pieces(
            cls.ring,
            3,
            "TM-R",
            # jewel_bom computes these four together: give them all
            jewel_alloy_id=cls.au750y.id,
            jewel_gross_metal_weight=3.812,
            jewel_stone_weight=0.5,
            jewel_stone_count=1,
        )
        cls.bands = cls._pieces(cls.band, 2, "TM-B")

    def test_memo_lines_from_lots(self):
        memo = self._memo(self.boutique, self.rings[:1])
        line = memo.line_ids
        self.assertTrue(memo.name.startswith("MEMO/"))
        self.assertEqual(line.alloy_id, self.au750y)
        self.assertEqual(line.metal_weight, 3.812)
        self.assertEqual(line.fine_weight, 2.859)  # 3.812 x 0.750 = 2.859
        self.assertEqual(line.gross_weight, 3.912)  # + 0.5 ct x 0.2 g
        self.assertEqual(line.stone_weight, 0.5)
        self.assertEqual(line.price, 3450.0)
        self.assertEqual(memo.date_due, memo.date + timedelta(days=45))
        self.assertEqual(memo.user_id, self.salesman)

    def test_full_memo_loop(self):
        """Send 3 pieces: 1 returned, 1 sold and invoiced, 1 overdue with activity."""
        lots = self.rings[0] | self.bands
        memo = self._memo(self.boutique, lots, days_ago=60).with_user(self.salesman)
        memo.line_ids.filtered(lambda line: line.lot_id == self.bands[0]).price = 1250.5
        memo.action_send()
        self.assertEqual(memo.state, "sent")
        picking = memo.picking_ids
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.picking_type_id, self.warehouse.int_type_id)
        self.assertEqual(picking.move_line_ids.lot_id.sorted("id"), lots.sorted("id"))
        location = self.boutique.jewel_location_id
        for lot in lots:
            self.assertEqual(self._quant_location(lot), location)
        self.assertEqual(set(memo.line_ids.mapped("state")), {"out"})
        self.assertEqual(self.boutique.jewel_exposure, 3450.0 + 1250.5 + 1290.0)

        ring_line, band_sold, band_kept = (
            memo.line_ids.filtered(lambda line, lot=lot: line.lot_id == lot)
            for lot in lots
        )
        return_picking = memo.action_return_lines(ring_line)
        self.assertEqual(return_picking.state, "done")
        self.assertEqual(return_picking.return_id, picking)
        self.assertEqual(self._quant_location(self.rings[0]), self.stock_location)
        self.assertEqual(ring_line.state, "returned")
        self.assertEqual(memo.state, "partial")

        invoice = memo.action_sell_lines(band_sold, date=self.today)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, self.boutique)
        self.assertEqual(invoice.amount_untaxed, 1250.5)
        self.assertIn("TM-B-001", invoice.invoice_line_ids.name)
        self.assertEqual(invoice.invoice_date_due, self.today + timedelta(days=15))
        self.assertEqual(band_sold.state, "sold")
        self.assertEqual(self._quant_location(self.bands[0]), self.customers)
        self.assertEqual(memo.invoice_ids, invoice)
        self.assertEqual(self.boutique.jewel_exposure, 1290.0)

        # the third piece is kept past the due date: the daily cron flags it
        self.assertTrue(memo.is_overdue)
        self.assertIn(memo, self.env["jewel.memo"].search([("is_overdue", "=", True)]))
        self.env["jewel.memo"]._cron_memo_overdue()
        activity = memo.activity_ids.filtered(lambda a: a.summary == "Memo overdue")
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesman)
        self.env["jewel.memo"]._cron_memo_overdue()
        self.assertEqual(
            len(memo.activity_ids.filtered(lambda a: a.summary == "Memo overdue")), 1
        )
        exception = self.env["jewel.exception"].search(
            [
                ("res_model", "=", "jewel.memo"),
                ("res_id", "=", memo.id),
                ("kind", "=", "memo_overdue"),
            ]
        )
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.state, "open")
        self.assertEqual(memo.jewel_exception_count, 1)
        self.assertEqual(band_kept.state, "out")
        self.assertEqual(band_kept.days_out, 60)

        memo.action_return_lines(band_kept)
        self.assertEqual(memo.state, "closed")
        self.assertEqual(exception.state, "closed")

    def test_send_refused_bad_input(self):
        sent = self._memo(self.boutique, self.rings[:1])
        sent.action_send()
        memo = self._memo(self.shop, self.rings[:2])
        with self.assertRefused(UserError, r"Already out on memo: TM-R-001"):
            memo.action_send()
        self.assertEqual(memo.state, "draft")

        gone = self._pieces(self.ring, 1, "TM-GONE")
        self.env["stock.quant"]._update_available_quantity(
            self.ring, self.stock_location, -1.0, lot_id=gone
        )
        memo = self._memo(self.shop, gone)
        with self.assertRefused(UserError, r"Not in stock at .*TM-GONE-001"):
            memo.action_send()

        memo = self._memo(self.shop, self.rings[1:2])
        memo.date_due = False
        with self.assertRefused(UserError, "needs a due date"):
            memo.action_send()
        memo = self._memo(self.shop, self.rings[1:2])
        memo.line_ids.price = 0.0
        with self.assertRefused(UserError, "Give a price to every piece.*TM-R-002"):
            memo.action_send()
        self.assertFalse(
            self.env["stock.picking"].search([("jewel_memo_id", "=", memo.id)])
        )
        self.assertEqual(self._quant_location(self.rings[1]), self.stock_location)

    def test_return_or_sell_piece_not_there(self):
        memo_a = self._memo(self.boutique, self.rings[:1])
        memo_b = self._memo(self.shop, self.rings[1:2])
        (memo_a | memo_b).action_send()
        with self.assertRefused(UserError, "not out at Test Boutique.*TM-R-002"):
            memo_a.action_return_lines(memo_b.line_ids)
        with self.assertRefused(UserError, "not out at Test Boutique.*TM-R-002"):
            memo_a.action_sell_lines(memo_b.line_ids)
        memo_a.action_return_lines()
        with self.assertRefused(UserError, "not out at"):
            memo_a.action_sell_lines(memo_a.line_ids)
        self.assertEqual(memo_a.line_ids.state, "returned")
        self.assertFalse(memo_a.invoice_ids)

    def test_due_date_is_a_promise(self):
        memo = self._memo(self.boutique, self.rings[:1])
        memo.date_due = memo.date_due + timedelta(days=5)  # draft: free to change
        memo.action_send()
        new_due = memo.date_due + timedelta(days=10)
        with self.assertRefused(UserError, "promise already made"):
            memo.date_due = new_due
        memo.with_context(
            jewel_change_reason="Partner shows the piece at a fair",
            tracking_disable=False,
        ).date_due = new_due
        self.assertEqual(memo.date_due, new_due)
        self.assertIn(
            "Partner shows the piece at a fair",
            "\n".join(memo.message_ids.mapped("body")),
        )

    def test_sent_piece_locked(self):
        memo = self._memo(self.boutique, self.rings[:1])
        memo.action_send()
        with self.assertRefused(UserError, "cannot be changed"):
            memo.line_ids.price = 10.0
        with self.assertRefused(UserError, "Only a draft memo can be cancelled"):
            memo.action_cancel()
        draft = self._memo(self.boutique, self.rings[1:2])
        draft.action_cancel()
        self.assertEqual(draft.state, "cancel")
        self.assertEqual(draft.line_ids.state, "cancel")

    def test_duplicate_piece_on_memo(self):
        memo = self._memo(self.boutique, self.rings[:1])
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            memo.write({"line_ids": [Command.create({"lot_id": self.rings[0].id})]})
            memo.line_ids.flush_recordset()

    def test_private_customer_on_approval(self):
        """A private customer takes a piece on approval: it gets its own location."""
        customer = self.env["res.partner"].create({"name": "Test Private Buyer"})
        memo = self._memo(customer, self.rings[:1])
        memo.action_send()
        self.assertEqual(customer.jewel_location_id.usage, "internal")
        self.assertEqual(
            self._quant_location(self.rings[0]), customer.jewel_location_id
        )
        invoice = memo.action_sell_lines()
        self.assertEqual(invoice.amount_untaxed, 3450.0)
        self.assertEqual(memo.state, "closed")


@tagged("post_install", "-at_install")
class TestMemoMultiCompany(JewelConsignmentCommon):
    def test_other_company_memo_hidden(self):
        other = self.env["res.company"].create({"name": "Test Other Workshop"})
        memo = self.env["jewel.memo"].create(
            {"partner_id": self.boutique.id, "company_id": other.id}
        )
        Memo = self.env["jewel.memo"].with_user(self.salesman)
        self.assertFalse(Memo.search([("id", "=", memo.id)]))
        self.salesman.company_ids |= other
        self.assertEqual(
            Memo.with_context(allowed_company_ids=[other.id]).search(
                [("id", "=", memo.id)]
            ),
            memo,
        )
