from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import JewelMetalLedgerCommon


@tagged("post_install", "-at_install")
class TestLedger(JewelMetalLedgerCommon):
    def test_issue_posts_balanced_fine_grams(self):
        transfer = self._post("issue", self.vault, self.anna, [(self.au750y, 100.0)])
        self.assertEqual(transfer.state, "posted")
        self.assertRegex(transfer.name, r"^MT/\d{4}/\d{5}$")
        self.assertEqual(transfer.line_ids.fine_weight, 75.0)
        lines = transfer.ledger_line_ids
        self.assertEqual(len(lines), 2)
        self.assertEqual(sum(lines.mapped("fine_weight")), 0.0)
        self.assertEqual(sum(lines.mapped("gross_weight")), 0.0)
        balances = (self.vault | self.anna)._get_balances()
        self.assertEqual(balances[(self.anna, self.gold)], 75.0)
        self.assertEqual(balances[(self.vault, self.gold)], 300.0)  # 375 − 75

    def test_every_posting_balances_per_metal(self):
        self._post(
            "adjustment",
            self.supplier,
            self.vault,
            [(self.pt950, 20.0), (self.ag925, 50.0)],
        )
        groups = self.env["jewel.metal.ledger.line"]._read_group(
            [], ["transfer_id", "metal_id"], ["fine_weight:sum"]
        )
        self.assertTrue(groups)
        for transfer, metal, fine in groups:
            self.assertAlmostEqual(
                fine, 0.0, places=6, msg=f"{transfer.name} {metal.name}"
            )

    def test_balance_at_date(self):
        self._post(
            "issue", self.vault, self.ben, [(self.au750y, 40.0)], date="2031-03-01"
        )
        self._post(
            "issue", self.vault, self.ben, [(self.au585y, 10.0)], date="2031-03-05"
        )
        self.assertEqual(self.ben._get_balance(self.gold, "2031-02-28"), 0.0)
        self.assertEqual(self.ben._get_balance(self.gold, "2031-03-01"), 30.0)
        self.assertEqual(self.ben._get_balance(self.gold, "2031-03-05"), 35.85)
        self.assertEqual(self.ben._get_balance(self.gold), 35.85)

    def test_assayed_fineness(self):
        transfer = self._post(
            "adjustment",
            self.supplier,
            self.vault,
            [(self.au585y, 10.0, {"fineness": 580.0})],
        )
        self.assertEqual(transfer.line_ids.fine_weight, 5.8)

    def test_posted_lines_are_immutable(self):
        transfer = self._post("issue", self.vault, self.anna, [(self.au750y, 10.0)])
        line = transfer.ledger_line_ids[0]
        with self.assertRefused(UserError, "cannot be changed"):
            line.sudo().write({"fine_weight": 1.0})
        with self.assertRefused(UserError, "cannot be deleted"):
            line.sudo().unlink()
        with self.assertRefused(UserError, "only by posting"):
            self.env["jewel.metal.ledger.line"].sudo().create(
                {
                    "transfer_id": transfer.id,
                    "transfer_type": "issue",
                    "account_id": self.anna.id,
                    "metal_id": self.gold.id,
                    "alloy_id": self.au750y.id,
                    "fine_weight": 5.0,
                    "date": "2031-01-01",
                    "company_id": self.company.id,
                }
            )
        with self.assertRefused(UserError, "can no longer be changed; reverse"):
            transfer.write({"to_account_id": self.ben.id})
        with self.assertRefused(UserError, "cannot be deleted; reverse"):
            transfer.unlink()
        self.assertEqual(self.anna._get_balance(self.gold), 7.5)
        with self.assertRefused(UserError, "cannot change"):
            self.anna.account_type = "customer"
        with self.assertRefused(UserError, "archive it"):
            self.anna.unlink()

    def test_reversal(self):
        transfer = self._post("issue", self.vault, self.anna, [(self.au750y, 10.0)])
        transfer.action_reverse()
        reversal = transfer.reversal_ids
        self.assertEqual(reversal.reversed_transfer_id, transfer)
        self.assertEqual(reversal.state, "posted")
        self.assertEqual(reversal.from_account_id, self.anna)
        self.assertEqual(reversal.to_account_id, self.vault)
        self.assertTrue(transfer.is_reversed)
        self.assertEqual(self.anna._get_balance(self.gold), 0.0)
        self.assertEqual(self.vault._get_balance(self.gold), 375.0)
        with self.assertRefused(UserError, "already reversed"):
            transfer._reverse()

    def test_bad_weights_refused(self):
        for gross in (0.0, -5.0):
            with self.assertRefused(ValidationError, "above zero|must be at least 0"):
                self._transfer("issue", self.vault, self.anna, [(self.au750y, gross)])
        with self.assertRefused(ValidationError, "cannot exceed|is not what"):
            self._transfer(
                "issue",
                self.vault,
                self.anna,
                [(self.au750y, 10.0, {"fine_weight": 11.0})],
            )

    def test_issue_more_than_held_refused(self):
        transfer = self._transfer(
            "issue", self.vault, self.anna, [(self.au750y, 600.0)]
        )
        with self.assertRefused(
            UserError, r"holds only 375\.000 g of fine Gold.*450\.000 g"
        ):
            transfer.action_post()
        self.assertEqual(transfer.state, "draft")
        self.assertFalse(transfer.ledger_line_ids)
        self.assertFalse(self.anna._get_balance(self.gold))

    def test_metal_not_accepted_refused(self):
        self._post("adjustment", self.supplier, self.vault, [(self.pt950, 20.0)])
        transfer = self._transfer("issue", self.vault, self.anna, [(self.pt950, 5.0)])
        with self.assertRefused(UserError, "Anna Goldsmith does not accept Platinum"):
            transfer.action_post()
        self.assertFalse(transfer.ledger_line_ids)

    def test_other_company_refused(self):
        other = self.env["res.company"].create({"name": "Other Workshop"})
        foreign = self.env["jewel.metal.account"].create(
            {
                "name": "Foreign Goldsmith",
                "account_type": "goldsmith",
                "company_id": other.id,
            }
        )
        with self.assertRefused(UserError, "compan"):
            self._transfer("issue", self.vault, foreign, [(self.au750y, 5.0)])

    def test_same_account_refused(self):
        with self.assertRefused(ValidationError, "two different accounts"):
            self._transfer("issue", self.anna, self.anna, [(self.au750y, 5.0)])

    def test_draft_cancel(self):
        transfer = self._transfer("issue", self.vault, self.anna, [(self.au750y, 5.0)])
        transfer.action_cancel()
        self.assertEqual(transfer.state, "cancelled")
        with self.assertRefused(UserError, "not a draft"):
            transfer._post()
        transfer.action_draft()
        transfer.unlink()
