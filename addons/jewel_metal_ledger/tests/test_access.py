from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import JewelMetalLedgerCommon


@tagged("post_install", "-at_install")
class TestAccess(JewelMetalLedgerCommon):
    def test_storekeeper_issues_and_returns(self):
        transfer = self._transfer(
            "issue", self.vault, self.anna, [(self.au750y, 10.0)]
        ).with_user(self.storekeeper)
        transfer.action_post()
        self.assertEqual(transfer.state, "posted")
        with self.assertRefused(UserError, "only by posting"):
            self.env["jewel.metal.ledger.line"].with_user(
                self.storekeeper
            ).with_context(jewel_metal_posting=False).create({})

    def test_goldsmith_sees_only_own_account(self):
        self._post("issue", self.vault, self.anna, [(self.au750y, 10.0)])
        self._post("issue", self.vault, self.ben, [(self.au750y, 20.0)])
        Account = self.env["jewel.metal.account"].with_user(self.goldsmith_user)
        self.assertEqual(Account.search([]), self.anna)
        lines = (
            self.env["jewel.metal.ledger.line"]
            .with_user(self.goldsmith_user)
            .search([])
        )
        self.assertEqual(lines.account_id, self.anna)
        self.assertEqual(sum(lines.mapped("fine_weight")), 7.5)
        with self.assertRaises(AccessError):
            self.ben.with_user(self.goldsmith_user).read(["name"])

    def test_goldsmith_cannot_post(self):
        with self.assertRaises(AccessError):
            self.env["jewel.metal.transfer"].with_user(self.goldsmith_user).create(
                {
                    "transfer_type": "issue",
                    "from_account_id": self.vault.id,
                    "to_account_id": self.anna.id,
                }
            )

    def test_accountant_reads_ledger(self):
        self._post("issue", self.vault, self.anna, [(self.au750y, 10.0)])
        lines = (
            self.env["jewel.metal.ledger.line"]
            .with_user(self.accountant)
            .search([("account_id", "=", self.anna.id)])
        )
        self.assertEqual(sum(lines.mapped("fine_weight")), 7.5)
        with self.assertRaises(AccessError):
            self._transfer(
                "issue", self.vault, self.anna, [(self.au750y, 1.0)]
            ).with_user(self.accountant).write({"note": "x"})

    def test_storekeeper_cannot_approve_loss(self):
        self._post(
            "issue",
            self.vault,
            self.anna,
            [(self.au750y, 10.0)],
            production_id=self.production.id,
        )
        self._post(
            "return",
            self.anna,
            self.finished,
            [(self.au750y, 9.0)],
            production_id=self.production.id,
        )
        job = self.production.jewel_metal_job_ids
        job.with_user(self.storekeeper).action_close()
        self.assertEqual(job.state, "exception")
        with self.assertRaisesRegex(AccessError, "Only a supervisor"):
            job.with_user(self.storekeeper)._charge_back("no")
        with self.assertRaisesRegex(AccessError, "not allowed to create"):
            self.env["jewel.metal.job.decide"].with_user(self.storekeeper).create(
                {"job_id": job.id, "reason": "no"}
            )

    def test_other_company_hidden(self):
        other = self.env["res.company"].create({"name": "Other Workshop"})
        foreign = self.env["jewel.metal.account"].create(
            {"name": "Foreign Vault", "account_type": "vault", "company_id": other.id}
        )
        self.supervisor.company_ids = self.company
        Account = self.env["jewel.metal.account"].with_user(self.supervisor)
        self.assertNotIn(foreign, Account.search([]))
        with self.assertRaises(AccessError):
            foreign.with_user(self.supervisor).read(["name"])
