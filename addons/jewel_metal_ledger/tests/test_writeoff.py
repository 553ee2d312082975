from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from .common import JewelMetalLedgerCommon


@tagged("post_install", "-at_install")
class TestWriteOff(RpcMixin, JewelMetalLedgerCommon):
    """Metal written off to the loss account: a reason, then another's approval."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._metal_accounting()

    def setUp(self):
        super().setUp()
        # the company's loss account may hold earlier losses (module data)
        self.loss_before = self.loss._get_balance(self.gold)

    def _draft_writeoff(self, user=None, note=False):
        """100 g of 18K from the vault to the loss account, created by ``user``."""
        transfer_id = self.rpc(
            user or self.storekeeper,
            "jewel.metal.transfer",
            "create",
            {
                "transfer_type": "loss",
                "from_account_id": self.vault.id,
                "to_account_id": self.loss.id,
                "date": "2031-03-15",
                "note": note,
                "line_ids": [
                    (0, 0, {"alloy_id": self.au750y.id, "gross_weight": 100.0})
                ],
            },
        )
        return self.env["jewel.metal.transfer"].browse(transfer_id)

    def _assert_not_written_off(self, transfer, state):
        self.env.invalidate_all()
        self.assertEqual(transfer.state, state)
        self.assertFalse(transfer.ledger_line_ids)
        self.assertFalse(transfer.account_move_id)
        self.assertFalse(transfer.writeoff_approved_by_id)
        self.assertFalse(
            self.env["account.move"].search(
                [("jewel_metal_transfer_id", "=", transfer.id)]
            )
        )
        self.assertEqual(self.vault._get_balance(self.gold), 375.0)
        self.assertEqual(self.loss._get_balance(self.gold), self.loss_before)

    def test_storekeeper_cannot_post_metal_to_loss(self):
        transfer = self._draft_writeoff()
        self.assertTrue(transfer.is_writeoff)
        self.assertRpcRefused(
            UserError,
            "ask for the write-off with its reason",
            self.storekeeper,
            "jewel.metal.transfer",
            "action_post",
            [transfer.id],
        )
        self.assertRpcRefused(
            UserError,
            "give the reason",
            self.storekeeper,
            "jewel.metal.transfer",
            "action_request_writeoff",
            [transfer.id],
        )
        self.assertRpcRefused(
            UserError,
            "cannot be written directly",
            self.storekeeper,
            "jewel.metal.transfer",
            "write",
            [transfer.id],
            {"state": "to_approve", "writeoff_approved_by_id": self.supervisor.id},
        )
        self._assert_not_written_off(transfer, "draft")

    def test_writeoff_approved_by_a_supervisor_then_posted(self):
        transfer = self._draft_writeoff(note="Vault sweep count: grain spilled")
        self.rpc(
            self.storekeeper,
            "jewel.metal.transfer",
            "action_request_writeoff",
            [transfer.id],
        )
        self.assertEqual(transfer.writeoff_requested_by_id, self.storekeeper)
        activity = transfer.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertTrue(activity.user_id.has_group("jewel_bom.group_jewel_supervisor"))
        self.assertNotEqual(activity.user_id, self.storekeeper)
        Transfer = "jewel.metal.transfer"
        # asked for: frozen until decided, and only a supervisor decides
        self.assertRegex(transfer.name, r"^MT/")
        for vals, message in (
            ({"state": "posted"}, "cannot be written directly"),
            ({"note": "nothing"}, "reason of a write-off cannot change"),
            ({"to_account_id": self.ben.id}, "Awaiting Approval: To can no longer"),
        ):
            self.assertRpcRefused(
                UserError,
                message,
                self.storekeeper,
                Transfer,
                "write",
                [transfer.id],
                vals,
            )
        self.assertRpcRefused(
            UserError,
            r"Awaiting Approval: Gross \(g\) can no longer",
            self.storekeeper,
            "jewel.metal.transfer.line",
            "write",
            transfer.line_ids.ids,
            {"gross_weight": 1.0},
        )
        self.assertRpcRefused(
            AccessError,
            "Only a supervisor approves a write-off",
            self.storekeeper,
            Transfer,
            "action_approve_writeoff",
            [transfer.id],
        )
        self.assertRpcRefused(
            UserError,
            "ask for the write-off",
            self.storekeeper,
            Transfer,
            "action_post",
            [transfer.id],
        )
        self._assert_not_written_off(transfer, "to_approve")

        self.rpc(self.supervisor, Transfer, "action_approve_writeoff", [transfer.id])
        self.assertEqual(transfer.state, "posted")
        self.assertEqual(transfer.writeoff_approved_by_id, self.supervisor)
        self.assertFalse(transfer.activity_ids)
        self.assertEqual(
            round(self.loss._get_balance(self.gold) - self.loss_before, 3), 75.0
        )
        move = transfer.account_move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.amount_total, 4500.0)  # 75.000 g fine × 60.00

    def test_requester_never_approves_own_writeoff(self):
        Transfer = "jewel.metal.transfer"
        own = self._draft_writeoff(user=self.supervisor, note="Spilled grain")
        self.rpc(self.supervisor, Transfer, "action_request_writeoff", [own.id])
        # drafted by the supervisor, asked for by the storekeeper
        drafted = self._draft_writeoff(user=self.supervisor_2, note="Spilled grain")
        self.rpc(self.storekeeper, Transfer, "action_request_writeoff", [drafted.id])
        self.assertNotEqual(drafted.activity_ids.user_id, self.supervisor_2)
        for user, transfer in ((self.supervisor, own), (self.supervisor_2, drafted)):
            self.assertRpcRefused(
                AccessError,
                "you created or asked for this write-off; another supervisor",
                user,
                Transfer,
                "action_approve_writeoff",
                [transfer.id],
            )
            self._assert_not_written_off(transfer, "to_approve")
        self.rpc(self.supervisor_2, Transfer, "action_approve_writeoff", [own.id])
        self.assertEqual(own.state, "posted")
        self.assertEqual(own.writeoff_approved_by_id, self.supervisor_2)

    def test_withdrawn_writeoff_goes_back_to_draft(self):
        transfer = self._draft_writeoff(note="Spilled grain")
        Transfer = "jewel.metal.transfer"
        self.rpc(self.storekeeper, Transfer, "action_request_writeoff", [transfer.id])
        self.rpc(self.storekeeper, Transfer, "action_draft", [transfer.id])
        self.assertFalse(transfer.writeoff_requested_by_id)
        self.assertFalse(transfer.activity_ids)
        self.assertRpcRefused(
            UserError,
            "not a write-off awaiting approval",
            self.supervisor,
            Transfer,
            "action_approve_writeoff",
            [transfer.id],
        )
        self._assert_not_written_off(transfer, "draft")

    def test_journal_entry_cannot_be_detached(self):
        transfer = self._write_off(self.vault, [(self.au750y, 10.0)], date="2031-03-15")
        move = transfer.account_move_id
        self.assertEqual(move.amount_total, 450.0)
        self.assertRpcRefused(
            UserError,
            "cannot be written directly",
            self.supervisor,
            "jewel.metal.transfer",
            "write",
            [transfer.id],
            {"account_move_id": False},
        )
        self.assertRpcRefused(
            UserError,
            "The metal transfer a journal entry values cannot change",
            self.accountant,
            "account.move",
            "write",
            [move.id],
            {"jewel_metal_transfer_id": False},
        )
        self.env.invalidate_all()
        self.assertEqual(transfer.account_move_id, move)
        self.assertEqual(move.jewel_metal_transfer_id, transfer)
