from odoo.tests import tagged

from .common import JewelMetalLedgerCommon


@tagged("post_install", "-at_install")
class TestStock(JewelMetalLedgerCommon):
    def test_issue_and_return_move_vault_stock(self):
        process = self.company._jewel_metal_process_location()
        self.assertEqual(self._on_hand(self.grain_750y, self.vault_location), 500.0)
        issue = self._post("issue", self.vault, self.anna, [(self.au750y, 100.0)])
        self.assertEqual(issue.move_ids.state, "done")
        self.assertEqual(issue.move_ids.location_dest_id, process)
        self.assertEqual(self._on_hand(self.grain_750y, self.vault_location), 400.0)
        self.assertEqual(self._on_hand(self.grain_750y, process), 100.0)
        self._post("scrap_return", self.anna, self.vault, [(self.au750y, 2.1)])
        self.assertEqual(self._on_hand(self.grain_750y, self.vault_location), 402.1)
        # A piece going to finished goods does not touch the vault.
        piece = self._post("return", self.anna, self.finished, [(self.au750y, 96.5)])
        self.assertFalse(piece.move_ids)

    def test_reconciliation_matches_then_shows_difference(self):
        self._post("issue", self.vault, self.anna, [(self.au750y, 100.0)])
        rows = self.env["jewel.metal.stock.check"]._compute_rows(self.vault)
        row = next(r for r in rows if r["alloy_id"] == self.au750y.id)
        self.assertEqual(row["ledger_gross"], 400.0)
        self.assertEqual(row["ledger_fine"], 300.0)
        self.assertEqual(row["stock_gross"], 400.0)
        self.assertEqual(row["difference"], 0.0)
        # Someone moves grain out of the vault without the ledger.
        self.env["stock.quant"]._update_available_quantity(
            self.grain_750y, self.vault_location, -0.5
        )
        action = self.vault.action_stock_check()
        check = (
            self.env["jewel.metal.stock.check"]
            .search(action["domain"])
            .filtered(lambda c: c.alloy_id == self.au750y)
        )
        self.assertEqual(check.difference, -0.5)

    def test_reversal_moves_stock_back(self):
        issue = self._post("issue", self.vault, self.anna, [(self.au750y, 100.0)])
        issue._reverse()
        self.assertEqual(self._on_hand(self.grain_750y, self.vault_location), 500.0)
