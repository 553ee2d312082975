from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

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
        return_picking = memo._return_lines(ring_line)
        self.assertEqual(return_picking.state, "done")
        self.assertEqual(return_picking.return_id, picking)
        self.assertEqual(self._quant_location(self.rings[0]), self.stock_location)
        self.assertEqual(ring_line.state, "returned")
        self.assertEqual(memo.state, "partial")

        invoice = memo._sell_lines(band_sold, date=self.today)
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

        memo._return_lines(band_kept)
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
            memo_a._return_lines(memo_b.line_ids)
        with self.assertRefused(UserError, "not out at Test Boutique.*TM-R-002"):
            memo_a._sell_lines(memo_b.line_ids)
        memo_a.action_return_lines()
        with self.assertRefused(UserError, "not out at"):
            memo_a._sell_lines(memo_a.line_ids)
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


@tagged("post_install", "-at_install")
class TestMemoLifecycle(RpcMixin, JewelConsignmentCommon):
    """A memo and its pieces change state only through the memo's actions;
    tried as a salesperson with what the web client can send."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rings = cls._pieces(cls.ring, 3, "TL-R")
        cls.memo = cls._memo(cls.boutique, cls.rings[:2])
        cls.memo.action_send()
        cls.line, cls.other_line = cls.memo.line_ids
        cls.storekeeper = new_test_user(
            cls.env,
            login="jewel_consign_stock",
            groups="jewel_bom.group_jewel_storekeeper",
        )
        cls.invoice = cls.env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": cls.boutique.id}
        )

    def _assert_still_out(self):
        self.memo.invalidate_recordset()
        self.memo.line_ids.invalidate_recordset()
        self.assertEqual(self.memo.state, "sent")
        self.assertEqual(self.memo.line_ids, self.line | self.other_line)
        self.assertEqual(set(self.memo.line_ids.mapped("state")), {"out"})
        self.assertFalse(self.memo.line_ids.invoice_id)
        self.assertFalse(self.memo.line_ids.return_picking_id)
        self.assertEqual(self.line.price, 3450.0)
        self.assertEqual(self.memo.amount_out, 6900.0)
        for lot in self.rings[:2]:
            self.assertEqual(self._quant_location(lot), self.boutique.jewel_location_id)

    def test_memo_never_due_before_its_date(self):
        """Dates in order: a memo is not due before it is dated, even while its
        due date moves (a promise) once the pieces are out."""
        before = self.today - timedelta(days=1)
        self.assertRpcRefused(
            ValidationError,
            rf"cannot be due on {before}, before its date \({self.today}\)",
            self.salesman,
            "jewel.memo",
            "create",
            {
                "partner_id": self.boutique.id,
                "date": str(self.today),
                "date_due": str(before),
            },
        )
        due = self.memo.date_due
        self.assertRpcRefused(
            ValidationError,
            rf"cannot be due on {before}, before its date",
            self.salesman,
            "jewel.memo",
            "write",
            [self.memo.id],
            {"date_due": str(before)},
            context={"jewel_change_reason": "Partner asked to return early"},
        )
        self.assertEqual(self.memo.date_due, due)

    def test_memo_state_only_through_actions(self):
        for state in ("closed", "partial", "draft", "cancel"):
            with self.subTest(state=state):
                self.assertRpcRefused(
                    UserError,
                    "State of Memo / consignment delivery cannot be written directly",
                    self.salesman,
                    "jewel.memo",
                    "write",
                    self.memo.ids,
                    {"state": state},
                )
        self.assertRpcRefused(
            UserError,
            r"is Sent: Pieces can no longer be changed",
            self.salesman,
            "jewel.memo",
            "write",
            self.memo.ids,
            {"line_ids": [Command.update(self.line.id, {"price": 1.0})]},
        )
        self.assertRpcRefused(
            UserError,
            r"is Sent: it cannot be deleted",
            self.sales_manager,
            "jewel.memo",
            "unlink",
            self.memo.ids,
        )
        self._assert_still_out()

    def test_piece_returned_or_sold_only_through_actions(self):
        picking = self.memo.picking_ids
        for vals in (
            {"state": "returned"},
            {"state": "sold"},
            {"invoice_id": self.invoice.id},
            {"return_picking_id": picking.id},
            {"date_sold": "2031-01-01", "invoiced_price": 1.0},
            {"return_requested": True},
        ):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    UserError,
                    "of Piece on memo cannot be written directly",
                    self.salesman,
                    "jewel.memo.line",
                    "write",
                    self.line.ids,
                    vals,
                )
        self.assertRpcRefused(
            UserError,
            "serial and price of a sent piece cannot be changed",
            self.salesman,
            "jewel.memo.line",
            "write",
            self.line.ids,
            {"price": 1.0},
        )
        self.assertRpcRefused(
            UserError,
            "cannot be deleted",
            self.sales_manager,
            "jewel.memo.line",
            "unlink",
            self.line.ids,
        )
        # a new piece on the sent memo, or a draft piece moved onto it
        self.assertRpcRefused(
            UserError,
            "is Sent: no line can be added",
            self.salesman,
            "jewel.memo.line",
            "create",
            {"memo_id": self.memo.id, "lot_id": self.rings[2].id},
        )
        draft = self._memo(self.boutique, self.rings[2])
        self.assertRpcRefused(
            UserError,
            "is Sent: no line can be added",
            self.salesman,
            "jewel.memo.line",
            "write",
            draft.line_ids.ids,
            {"memo_id": self.memo.id},
        )
        self._assert_still_out()
        self.assertEqual(draft.line_ids.memo_id, draft)

    def test_create_cannot_skip_the_actions(self):
        vals = {
            "partner_id": self.boutique.id,
            "line_ids": [Command.create({"lot_id": self.rings[2].id})],
        }
        self.assertRpcRefused(
            UserError,
            "State of a new Memo / consignment delivery cannot be set directly",
            self.salesman,
            "jewel.memo",
            "create",
            dict(vals, state="closed"),
        )
        self.assertRpcRefused(
            UserError,
            "State of a new Piece on memo cannot be set directly",
            self.salesman,
            "jewel.memo",
            "create",
            {
                "partner_id": self.boutique.id,
                "line_ids": [
                    Command.create({"lot_id": self.rings[2].id, "state": "sold"})
                ],
            },
        )
        # defaults brought in the client's context are ignored
        memo = self.env["jewel.memo"].browse(
            self.rpc(
                self.salesman,
                "jewel.memo",
                "create",
                vals,
                context={"default_state": "sent", "default_date_sent": "2031-01-01"},
            )
        )
        self.assertEqual(memo.state, "draft")
        self.assertEqual(memo.line_ids.state, "draft")
        self.assertFalse(memo.line_ids.date_sent)

    def test_methods_with_arguments_are_private(self):
        for model, method, records, args in (
            ("jewel.memo", "_return_lines", self.memo, [self.line.ids]),
            ("jewel.memo", "_sell_lines", self.memo, [self.line.ids]),
            ("jewel.memo", "_update_state", self.memo, []),
            ("jewel.memo", "_override_exposure_and_send", self.memo, ["Because"]),
            ("jewel.memo.line", "_jewel_sell", self.line, [self.boutique.id]),
            ("jewel.memo.line", "_jewel_request_return", self.line, []),
        ):
            with self.subTest(method=method):
                self.assertRpcRefused(
                    AccessError,
                    "Private methods",
                    self.salesman,
                    model,
                    method,
                    records.ids,
                    *args,
                )
        self._assert_still_out()

    def test_only_salespeople_return_or_invoice(self):
        for model, method, records in (
            ("jewel.memo", "action_return_lines", self.memo),
            ("jewel.memo", "action_sell_lines", self.memo),
            ("jewel.memo.line", "action_return", self.line),
            ("jewel.memo.line", "action_sell", self.line),
        ):
            with self.subTest(method=method):
                self.assertRpcRefused(
                    AccessError,
                    "Only a salesperson can send, return, invoice or cancel memos",
                    self.storekeeper,
                    model,
                    method,
                    records.ids,
                )
        self._assert_still_out()

    def test_buttons_over_rpc(self):
        """What the buttons send still works: return one piece, invoice the rest."""
        self.rpc(self.salesman, "jewel.memo.line", "action_return", self.line.ids)
        self.assertEqual(self.line.state, "returned")
        self.assertTrue(self.line.return_picking_id)
        self.assertEqual(self.memo.state, "partial")
        self.rpc(self.salesman, "jewel.memo", "action_sell_lines", self.memo.ids)
        self.assertEqual(self.other_line.state, "sold")
        self.assertEqual(self.other_line.invoice_id.state, "posted")
        self.assertEqual(self.memo.state, "closed")
