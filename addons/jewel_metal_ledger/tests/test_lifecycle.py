from collections import defaultdict

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from .common import JewelMetalLedgerCommon


@tagged("post_install", "-at_install")
class TestTransferLifecycle(RpcMixin, JewelMetalLedgerCommon):
    """What the web client can send on transfers and the ledger, tried over RPC."""

    def _refused(self, exception, message, user, model, method, *args, **kwargs):
        self.assertRpcRefused(exception, message, user, model, method, *args, **kwargs)
        self.env.invalidate_all()

    def _issue_3g_fine(self):
        """The storekeeper issues 4.000 g of 18K (3.000 g fine) to Anna."""
        transfer_id = self.rpc(
            self.storekeeper,
            "jewel.metal.transfer",
            "create",
            {
                "transfer_type": "issue",
                "from_account_id": self.vault.id,
                "to_account_id": self.anna.id,
                "line_ids": [(0, 0, {"alloy_id": self.au750y.id, "gross_weight": 4.0})],
            },
        )
        self.rpc(self.storekeeper, "jewel.metal.transfer", "action_post", [transfer_id])
        transfer = self.env["jewel.metal.transfer"].browse(transfer_id)
        self.assertEqual(transfer.state, "posted")
        self.assertEqual(self.anna._get_balance(self.gold), 3.0)
        return transfer

    def _assert_posted_once(self, transfer):
        self.assertEqual(transfer.state, "posted")
        self.assertEqual(len(transfer.ledger_line_ids), 2)
        self.assertEqual(self.anna._get_balance(self.gold), 3.0)

    def test_posted_transfer_is_not_redrafted_reposted_or_cancelled(self):
        transfer = self._issue_3g_fine()
        model = "jewel.metal.transfer"
        for state in ("draft", "cancelled", "to_approve"):
            self._refused(
                UserError,
                "cannot be written directly",
                self.storekeeper,
                model,
                "write",
                [transfer.id],
                {"state": state},
            )
        self._refused(
            UserError,
            "not a draft",
            self.storekeeper,
            model,
            "action_post",
            [transfer.id],
        )
        self._refused(
            UserError,
            "reverse a posted one",
            self.storekeeper,
            model,
            "action_cancel",
            [transfer.id],
        )
        # the administrator too: a posted transfer is only ever reversed
        self._refused(
            UserError,
            "cannot be written directly",
            self.env.ref("base.user_admin"),
            model,
            "write",
            [transfer.id],
            {"state": "draft"},
        )
        self._assert_posted_once(transfer)

    def test_draft_cannot_be_written_posted(self):
        transfer = self._transfer("issue", self.vault, self.anna, [(self.au750y, 4.0)])
        model = "jewel.metal.transfer"
        self._refused(
            UserError,
            "cannot be written directly",
            self.storekeeper,
            model,
            "write",
            [transfer.id],
            {"state": "posted"},
        )
        self._refused(
            UserError,
            "cannot be set directly",
            self.storekeeper,
            model,
            "create",
            {
                "transfer_type": "issue",
                "from_account_id": self.vault.id,
                "to_account_id": self.anna.id,
                "state": "posted",
            },
        )
        # a copy is a new draft: it cannot claim to reverse or be posted either
        for default in ({"state": "posted"}, {"reversed_transfer_id": transfer.id}):
            self._refused(
                UserError,
                "cannot be set directly",
                self.storekeeper,
                model,
                "copy",
                [transfer.id],
                default,
            )
        self.assertEqual(transfer.state, "draft")
        self.assertFalse(transfer.ledger_line_ids)
        self.assertFalse(self.anna._get_balance(self.gold))

    def test_goldsmith_cannot_post_a_transfer_he_sees(self):
        transfer = self._transfer("issue", self.vault, self.anna, [(self.au750y, 4.0)])
        self._refused(
            AccessError,
            "Only the storekeeper or a supervisor moves metal",
            self.goldsmith_user,
            "jewel.metal.transfer",
            "action_post",
            [transfer.id],
        )
        self.assertEqual(transfer.state, "draft")
        self.assertFalse(self.anna._get_balance(self.gold))

    def test_manual_charge_back_refused(self):
        """Only the supervisor's decision on a job charges a loss back."""
        self._post(
            "issue",
            self.vault,
            self.anna,
            [(self.au750y, 10.0)],
            production_id=self.production.id,
        )
        transfer = self._transfer(
            "chargeback",
            self.anna,
            self.anna,
            [(self.au750y, 10.0)],
            production_id=self.production.id,
        )
        self._refused(
            UserError,
            "charge-back is the supervisor's decision",
            self.storekeeper,
            "jewel.metal.transfer",
            "action_post",
            [transfer.id],
        )
        self.assertEqual(self.production.jewel_metal_job_ids.fine_outstanding, 7.5)

    def test_posted_lines_frozen_and_reversal_nets_to_zero(self):
        transfer = self._issue_3g_fine()
        line = transfer.line_ids
        Line = "jewel.metal.transfer.line"
        self._refused(
            UserError,
            "is posted: Gross \\(g\\) can no longer be changed; reverse it",
            self.storekeeper,
            Line,
            "write",
            [line.id],
            {"gross_weight": 40.0},
        )
        self._refused(
            UserError,
            "is posted: no line can be added",
            self.storekeeper,
            Line,
            "create",
            {
                "transfer_id": transfer.id,
                "alloy_id": self.au750y.id,
                "gross_weight": 1.0,
            },
        )
        draft = self._transfer("issue", self.vault, self.ben, [(self.au750y, 1.0)])
        self._refused(
            UserError,
            "is posted: no line can be added",
            self.storekeeper,
            Line,
            "write",
            [draft.line_ids.id],
            {"transfer_id": transfer.id},
        )
        self._refused(
            UserError,
            "is posted: it cannot be deleted",
            self.storekeeper,
            Line,
            "unlink",
            [line.id],
        )
        # the same through the transfer's form (one2many commands)
        for command in ((1, line.id, {"gross_weight": 40.0}), (2, line.id, 0)):
            self._refused(
                UserError,
                "is posted",
                self.supervisor,
                "jewel.metal.transfer",
                "write",
                [transfer.id],
                {"line_ids": [command]},
            )
        self.assertEqual(transfer.line_ids, line)
        self.assertEqual((line.gross_weight, line.fine_weight), (4.0, 3.0))
        self._assert_posted_once(transfer)

        self.rpc(
            self.storekeeper, "jewel.metal.transfer", "action_reverse", [transfer.id]
        )
        reversal = transfer.reversal_ids
        self.assertEqual(reversal.state, "posted")
        net = defaultdict(float)
        for ledger in (transfer | reversal).ledger_line_ids:
            net[ledger.account_id, ledger.metal_id] += ledger.fine_weight
        self.assertEqual(len(net), 2)
        for (account, metal), fine in net.items():
            self.assertAlmostEqual(
                fine, 0.0, places=6, msg=f"{account.name} {metal.name}"
            )
        self.assertEqual(self.anna._get_balance(self.gold), 0.0)

    def test_ledger_lines_never_written_over_rpc(self):
        transfer = self._issue_3g_fine()
        ledger = transfer.ledger_line_ids[0]
        Ledger = "jewel.metal.ledger.line"
        for user in (
            self.storekeeper,
            self.supervisor,
            self.env.ref("base.user_admin"),
        ):
            self._refused(
                UserError,
                "cannot be changed",
                user,
                Ledger,
                "write",
                [ledger.id],
                {"fine_weight": 30.0},
            )
            self._refused(
                AccessError, "not allowed", user, Ledger, "unlink", [ledger.id]
            )
            # the posting's context cannot be forged by a client
            self._refused(
                UserError,
                "only by posting",
                user,
                Ledger,
                "create",
                {
                    "transfer_id": transfer.id,
                    "transfer_type": "issue",
                    "account_id": self.anna.id,
                    "metal_id": self.gold.id,
                    "alloy_id": self.au750y.id,
                    "fine_weight": 30.0,
                    "date": "2031-01-01",
                    "company_id": self.company.id,
                },
                context={"jewel_metal_posting": True},
            )
        self._refused(
            UserError,
            "is posted: Ledger Lines can no longer be changed",
            self.supervisor,
            "jewel.metal.transfer",
            "write",
            [transfer.id],
            {"ledger_line_ids": [(2, ledger.id, 0)]},
        )
        self.assertTrue(ledger.exists())
        self._assert_posted_once(transfer)


@tagged("post_install", "-at_install")
class TestJobLifecycle(RpcMixin, JewelMetalLedgerCommon):
    """A loss over tolerance is closed only by a supervisor's decision."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # created last: never picked as the owner of a loss exception
        cls.supervisor_3 = new_test_user(
            cls.env,
            login="jewel_supervisor_3",
            groups="jewel_bom.group_jewel_supervisor",
        )

    def _job_over_tolerance(self, closer=None):
        """10 g of 18K issued to Anna, 9 g back: 0.750 g fine (10 %) still out."""
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
        self.rpc(
            closer or self.storekeeper, "jewel.metal.job", "action_close", [job.id]
        )
        self.assertEqual(job.state, "exception")
        self.assertEqual(job.fine_outstanding, 0.75)
        return job

    def _assert_undecided(self, job):
        self.env.invalidate_all()
        self.assertEqual(job.state, "exception")
        self.assertFalse(job.decision)
        self.assertFalse(job.decided_by_id)
        self.assertEqual(job.fine_outstanding, 0.75)
        self.assertEqual(self.anna._get_balance(self.gold), 0.75)

    def _decide(self, user, job, reason, decision="approve"):
        wizard_id = self.rpc(
            user,
            "jewel.metal.job.decide",
            "create",
            {"job_id": job.id, "decision": decision, "reason": reason},
        )
        return self.rpc(user, "jewel.metal.job.decide", "action_confirm", [wizard_id])

    def test_storekeeper_cannot_write_the_decision(self):
        job = self._job_over_tolerance()
        for vals in (
            {"decision": "approved"},
            {"state": "closed"},
            {"state": "closed", "decision": "approved", "decision_reason": "ok"},
            {"decided_by_id": self.storekeeper.id, "date_closed": "2031-01-05"},
        ):
            self.assertRpcRefused(
                UserError,
                "cannot be written directly",
                self.storekeeper,
                "jewel.metal.job",
                "write",
                [job.id],
                vals,
            )
        self.assertRpcRefused(
            UserError,
            "can no longer be changed",
            self.storekeeper,
            "jewel.metal.job",
            "write",
            [job.id],
            {"account_id": self.ben.id},
        )
        self._assert_undecided(job)
        # ... so the order cannot be done with the metal still out
        self.production.qty_producing = 1.0
        self.assertRpcRefused(
            UserError,
            r"0\.750 g fine Gold still out with Anna Goldsmith",
            self.supervisor,
            "mrp.production",
            "button_mark_done",
            [self.production.id],
        )
        self.assertNotEqual(self.production.state, "done")

    def test_decisions_are_not_callable_over_rpc(self):
        job = self._job_over_tolerance()
        for method in ("_approve_loss", "_charge_back", "_close"):
            self.assertRpcRefused(
                AccessError,
                "cannot be called remotely",
                self.supervisor_3,
                "jewel.metal.job",
                method,
                [job.id],
                "Porous casting",
            )
        for method in ("action_approve_loss", "action_charge_back"):
            self.assertRpcRefused(
                AttributeError,
                "does not exist",
                self.supervisor_3,
                "jewel.metal.job",
                method,
                [job.id],
                "Porous casting",
            )
        self._assert_undecided(job)

    def test_decision_needs_a_reason(self):
        job = self._job_over_tolerance()
        for reason in (None, "", "   "):
            with self.assertRefused(UserError, "Give the reason"):
                job.with_user(self.supervisor_3)._approve_loss(reason)
        wizard = (
            self.env["jewel.metal.job.decide"]
            .with_user(self.supervisor_3)
            .create({"job_id": job.id, "reason": "   "})
        )
        self.assertRpcRefused(
            UserError,
            "Give the reason",
            self.supervisor_3,
            "jewel.metal.job.decide",
            "action_confirm",
            [wizard.id],
        )
        self._assert_undecided(job)

    def test_supervisor_who_raised_the_loss_cannot_approve_it(self):
        job = self._job_over_tolerance(closer=self.supervisor_2)
        exception = job.jewel_exception_ids
        self.assertEqual(exception.raised_by_id, self.supervisor_2)
        self.assertRpcRefused(
            AccessError,
            "you hold this job or raised or own its loss exception",
            self.supervisor_2,
            "jewel.metal.job.decide",
            "action_confirm",
            [
                self.env["jewel.metal.job.decide"]
                .with_user(self.supervisor_2)
                .create({"job_id": job.id, "reason": "Porous casting"})
                .id
            ],
        )
        self.assertRpcRefused(
            AccessError,
            "you hold this job",
            self.supervisor_2,
            "jewel.metal.job",
            "action_decide",
            [job.id],
        )
        self._assert_undecided(job)
        self._decide(self.supervisor_3, job, "Porous casting, re-cast twice")
        self.assertEqual(job.state, "closed")
        self.assertEqual(job.decision, "approved")
        self.assertEqual(job.decided_by_id, self.supervisor_3)
        self.assertEqual(exception.state, "closed")
        self.assertEqual(self.anna._get_balance(self.gold), 0.0)

    def test_supervisor_holding_the_job_cannot_decide_it(self):
        """A supervisor at the bench: their own loss goes to another supervisor."""
        self.anna.user_id = self.supervisor_2
        job = self._job_over_tolerance()
        self.assertEqual(job.user_id, self.supervisor_2)
        for decision in ("approve", "charge_back"):
            self.assertRpcRefused(
                AccessError,
                "you hold this job",
                self.supervisor_2,
                "jewel.metal.job.decide",
                "action_confirm",
                [
                    self.env["jewel.metal.job.decide"]
                    .with_user(self.supervisor_2)
                    .create({"job_id": job.id, "decision": decision, "reason": "Mine"})
                    .id
                ],
            )
        self._assert_undecided(job)
        self._decide(self.supervisor_3, job, "Filings not collected", "charge_back")
        self.assertEqual(job.decision, "charged_back")
        self.assertEqual(job.decided_by_id, self.supervisor_3)
