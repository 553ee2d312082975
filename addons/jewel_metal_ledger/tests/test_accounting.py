from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import JewelMetalLedgerCommon


@tagged("post_install", "-at_install")
class TestAccounting(JewelMetalLedgerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Account = cls.env["account.account"]
        cls.expense = Account.create(
            {"code": "JML600", "name": "Metal loss", "account_type": "expense"}
        )
        cls.metal_stock = Account.create(
            {
                "code": "JML140",
                "name": "Metal in process",
                "account_type": "asset_current",
            }
        )
        cls.journal = cls.env["account.journal"].create(
            {"name": "Metal", "code": "JMET", "type": "general"}
        )
        cls.company.write(
            {
                "jewel_metal_journal_id": cls.journal.id,
                "jewel_metal_loss_account_id": cls.expense.id,
                "jewel_metal_stock_account_id": cls.metal_stock.id,
            }
        )
        # 60.00 per fine gram until 2031-03-31, then 62.50.
        cls._rate(cls.gold, "2031-03-01", 60.0)
        cls._rate(cls.gold, "2031-04-01", 62.5)

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
        loss = self._post(
            "loss", self.ben, self.loss, [(self.au750y, 1.4)], date="2031-04-02"
        )
        self.assertEqual(loss.account_move_id.amount_total, 65.63)  # 1.050 × 62.50

    def test_recovery_reverses_the_accounts(self):
        self._post("issue", self.vault, self.ben, [(self.au750y, 10.0)])
        self._post("loss", self.ben, self.loss, [(self.au750y, 2.0)], date="2031-03-10")
        recovery = self._post(
            "adjustment", self.loss, self.vault, [(self.au750y, 1.0)], date="2031-03-20"
        )
        move = recovery.account_move_id
        stock_line = move.line_ids.filtered(
            lambda line: line.account_id == self.metal_stock
        )
        self.assertEqual(stock_line.debit, 45.0)  # 0.750 g × 60.00

    def test_missing_price_refused(self):
        self._post("issue", self.vault, self.ben, [(self.au750y, 10.0)])
        transfer = self._transfer(
            "loss", self.ben, self.loss, [(self.au750y, 1.0)], date="2000-01-01"
        )
        with self.assertRefused(UserError, "No price of Gold"):
            transfer.action_post()
        self.assertEqual(transfer.state, "draft")
