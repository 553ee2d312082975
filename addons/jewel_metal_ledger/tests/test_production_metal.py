from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import JewelMetalLedgerCommon


@tagged("post_install", "-at_install")
class TestProductionMetal(JewelMetalLedgerCommon):
    """The storekeeper's buttons on an MO: Issue Metal, Return Metal."""

    def _form(self, action):
        return Form(
            self.env["jewel.metal.transfer"]
            .with_user(self.storekeeper)
            .with_context(**action["context"])
        )

    def test_issue_metal_prefills_what_the_bom_needs(self):
        production = self.production.with_user(self.storekeeper)
        form = self._form(production.action_jewel_issue_metal())
        self.assertEqual(form.from_account_id.account_type, "vault")
        form.from_account_id = self.vault
        self.assertEqual(len(form.line_ids), 1)
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.alloy_id, self.au750y)
            self.assertEqual(line.gross_weight, 6.2)
            line.gross_weight = 4.0
        form.to_account_id = self.anna
        form.save().action_post()
        # the next issue offers only what is still missing
        form = self._form(production.action_jewel_issue_metal())
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.gross_weight, 2.2)
        # two pieces need twice the metal
        double = self.env["mrp.production"].create(
            {"product_id": self.ring.id, "product_qty": 2.0}
        )
        double.action_confirm()
        form = self._form(double.with_user(self.storekeeper).action_jewel_issue_metal())
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.gross_weight, 12.4)

    def test_scrap_return_goes_to_the_vault(self):
        self._post(
            "issue",
            self.vault,
            self.anna,
            [(self.au750y, 6.2)],
            production_id=self.production.id,
        )
        form = self._form(
            self.production.with_user(self.storekeeper).action_jewel_return_metal()
        )
        self.assertEqual(form.to_account_id, self.finished)
        form.transfer_type = "scrap_return"
        self.assertEqual(form.to_account_id.account_type, "vault")
        form.to_account_id = self.vault
        form.from_account_id = self.anna
        with form.line_ids.new() as line:
            line.alloy_id = self.au750y
            line.gross_weight = 0.8
        scrap = form.save()
        # an account the storekeeper chose is kept when the type changes
        form = Form(scrap)
        form.transfer_type = "return"
        self.assertEqual(form.from_account_id, self.anna)
        form.transfer_type = "scrap_return"
        self.assertEqual(form.to_account_id.account_type, "vault")
        # filings never post into finished goods
        wrong = self._transfer(
            "scrap_return",
            self.anna,
            self.finished,
            [(self.au750y, 0.8)],
            production_id=self.production.id,
        )
        with self.assertRefused(UserError, "back to a vault"):
            wrong.with_user(self.storekeeper).action_post()
        scrap.action_post()
        self.assertAlmostEqual(
            self.vault._get_balance(self.gold), 375.0 - 4.65 + 0.6, places=3
        )
