from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import JewelMetalLedgerCommon


@tagged("post_install", "-at_install")
class TestAccounting(JewelMetalLedgerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._metal_accounting()

    def _close_job(self, date):
        for transfer_type, source, target, gross in (
            ("issue", self.vault, self.anna, 100.0),
            ("return", self.anna, self.finished, 96.5),
            ("scrap_return", self.anna, self.vault, 2.1),
        ):
            self._post(
                transfer_type,
                source,
                target,
                [(self.au750y, gross)],
                production_id=self.production.id,
                date=date,
            )
        job = self.production.jewel_metal_job_ids
        job.with_context(jewel_metal_date=date).action_close()
        return job.ledger_line_ids.transfer_id.filtered(
            lambda t: t.transfer_type == "loss"
        )

    def test_loss_entry_at_the_days_price(self):
        loss = self._close_job("2031-03-15")
        self.assertEqual(loss.total_fine_weight, 1.05)
        move = loss.account_move_id
        self.assertTrue(move)
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id, self.journal)
        self.assertEqual(move.jewel_metal_transfer_id, loss)
        debit = move.line_ids.filtered(lambda line: line.account_id == self.expense)
        credit = move.line_ids.filtered(
            lambda line: line.account_id == self.metal_stock
        )
        self.assertEqual(debit.debit, 63.0)  # 1.050 g × 60.00
        self.assertEqual(credit.credit, 63.0)

    def test_value_follows_the_posting_date(self):
        self._post("issue", self.vault, self.ben, [(self.au750y, 10.0)])
        loss = self._write_off(self.ben, [(self.au750y, 1.4)], date="2031-04-02")
        self.assertEqual(loss.account_move_id.amount_total, 65.63)  # 1.050 × 62.50

    def test_recovery_reverses_the_accounts(self):
        self._post("issue", self.vault, self.ben, [(self.au750y, 10.0)])
        self._write_off(self.ben, [(self.au750y, 2.0)], date="2031-03-10")
        recovery = self._post(
            "adjustment", self.loss, self.vault, [(self.au750y, 1.0)], date="2031-03-20"
        )
        move = recovery.account_move_id
        stock_line = move.line_ids.filtered(
            lambda line: line.account_id == self.metal_stock
        )
        self.assertEqual(stock_line.debit, 45.0)  # 0.750 g × 60.00

    def test_missing_price_refused(self):
        # no gold rate before the demo's 2026 rates and the tests' 2031 ones
        self._post(
            "issue", self.vault, self.ben, [(self.au750y, 10.0)], date="2020-01-10"
        )
        transfer = self._transfer(
            "loss",
            self.ben,
            self.loss,
            [(self.au750y, 1.0)],
            date="2020-01-15",
            note="Lost filings",
        )
        transfer.with_user(self.storekeeper).action_request_writeoff()
        with self.assertRefused(UserError, "No price of Gold"):
            transfer.with_user(self.supervisor).action_approve_writeoff()
        self.assertEqual(transfer.state, "to_approve")
        self.assertFalse(transfer.ledger_line_ids)
        self.assertFalse(transfer.account_move_id)
