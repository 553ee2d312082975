from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from .common import JewelMetalLedgerCommon


@tagged("post_install", "-at_install")
class TestStones(RpcMixin, JewelMetalLedgerCommon):
    def _issue(self, **vals):
        return self.env["jewel.stone.issue"].create(
            dict(
                {
                    "production_id": self.production.id,
                    "account_id": self.anna.id,
                    "product_id": self.diamond_002.id,
                    "qty_issued": 20,
                },
                **vals,
            )
        )

    def test_set_returned_broken_with_reason(self):
        issue = self._issue()
        self.assertEqual(issue.carat_issued, 0.4)  # 20 × 0.02 ct
        issue.write({"qty_set": 18, "qty_returned": 1, "qty_broken": 1})
        self.assertEqual(issue.qty_outstanding, 0)
        self.assertEqual(issue.carat_lost, 0.02)
        with self.assertRefused(UserError, "give the reason"):
            issue.action_reconcile()
        issue.loss_reason = "Chipped girdle while closing the claw"
        issue.action_reconcile()
        self.assertEqual(issue.state, "closed")

    def test_stones_still_out_block_the_order(self):
        issue = self._issue(qty_set=15)
        with self.assertRefused(UserError, "5 Test melee 0.02 ct are still with Anna"):
            issue.action_reconcile()
        self.production.qty_producing = 1.0
        with self.assertRefused(
            UserError, "Stones issued to this order are not reconciled"
        ):
            self.production.button_mark_done()

    def test_more_back_than_issued_refused(self):
        with self.assertRefused(ValidationError, "only 20 were issued"):
            self._issue(qty_set=19, qty_returned=2)

    def test_not_closed_by_write_with_stones_out(self):
        issue = self._issue(qty_set=10)
        Issue = "jewel.stone.issue"
        self.assertRpcRefused(
            UserError,
            "cannot be written directly",
            self.storekeeper,
            Issue,
            "write",
            [issue.id],
            {"state": "closed"},
        )
        self.assertRpcRefused(
            UserError,
            "cannot be written directly",
            self.storekeeper,
            "mrp.production",
            "write",
            [self.production.id],
            {"jewel_stone_issue_ids": [(1, issue.id, {"state": "closed"})]},
        )
        self.assertRpcRefused(
            UserError,
            "cannot be set directly",
            self.storekeeper,
            Issue,
            "create",
            {
                "production_id": self.production.id,
                "account_id": self.anna.id,
                "product_id": self.diamond_002.id,
                "qty_issued": 10,
                "state": "closed",
            },
        )
        self.assertRpcRefused(
            UserError,
            "10 Test melee 0.02 ct are still with Anna",
            self.storekeeper,
            Issue,
            "action_reconcile",
            [issue.id],
        )
        self.env.invalidate_all()
        self.assertEqual(issue.state, "open")
        self.assertEqual(issue.qty_outstanding, 10)
        self.production.qty_producing = 1.0
        with self.assertRefused(
            UserError, "Stones issued to this order are not reconciled"
        ):
            self.production.button_mark_done()

    def test_reconciled_issue_is_frozen(self):
        issue = self._issue(qty_set=20)
        self.rpc(self.storekeeper, "jewel.stone.issue", "action_reconcile", [issue.id])
        self.assertEqual(issue.state, "closed")
        self.assertRpcRefused(
            UserError,
            "is Reconciled: Set can no longer be changed",
            self.storekeeper,
            "jewel.stone.issue",
            "write",
            [issue.id],
            {"qty_set": 10},
        )
        self.assertRpcRefused(
            UserError,
            "already reconciled",
            self.storekeeper,
            "jewel.stone.issue",
            "action_reconcile",
            [issue.id],
        )
        self.env.invalidate_all()
        self.assertEqual(issue.qty_set, 20)
