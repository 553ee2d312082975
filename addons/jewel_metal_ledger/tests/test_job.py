from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import JewelMetalLedgerCommon


@tagged("post_install", "-at_install")
class TestJob(JewelMetalLedgerCommon):
    def _run_job(self, piece=96.5, scrap=2.1, holder=None, production=None):
        holder = holder or self.anna
        production = production or self.production
        self._post(
            "issue",
            self.vault,
            holder,
            [(self.au750y, 100.0)],
            production_id=production.id,
        )
        self._post(
            "return",
            holder,
            self.finished,
            [(self.au750y, piece)],
            production_id=production.id,
        )
        if scrap:
            self._post(
                "scrap_return",
                holder,
                self.vault,
                [(self.au750y, scrap)],
                production_id=production.id,
            )
        return production.jewel_metal_job_ids

    def test_proof_numbers(self):
        job = self._run_job()
        self.assertEqual(len(job), 1)
        self.assertEqual(job.account_id, self.anna)
        self.assertEqual(job.metal_id, self.gold)
        self.assertEqual(job.gross_issued, 100.0)
        self.assertEqual(job.fine_issued, 75.0)
        self.assertEqual(job.gross_returned_piece, 96.5)
        self.assertEqual(job.fine_returned_piece, 72.375)
        self.assertEqual(job.gross_returned_scrap, 2.1)
        self.assertEqual(job.fine_returned_scrap, 1.575)
        self.assertEqual(job.gross_loss, 1.4)
        self.assertEqual(job.fine_loss, 1.05)
        self.assertEqual(job.loss_percent, 1.4)
        self.assertEqual(job.fine_outstanding, 1.05)
        self.assertEqual(job.tolerance, 2.0)

    def test_within_tolerance_posts_loss_on_close(self):
        job = self._run_job()
        loss_before = self.loss._get_balance(self.gold)
        job.action_close()
        self.assertEqual(job.state, "closed")
        self.assertEqual(job.decision, "tolerance")
        self.assertEqual(job.fine_settled, 1.05)
        self.assertEqual(job.fine_outstanding, 0.0)
        self.assertEqual(
            round(self.loss._get_balance(self.gold) - loss_before, 3), 1.05
        )
        self.assertEqual(self.anna._get_balance(self.gold), 0.0)

    def test_exactly_at_tolerance_is_within(self):
        job = self._run_job(piece=96.0, scrap=2.0)  # 2.000 % lost
        self.assertEqual(job.loss_percent, 2.0)
        job.action_close()
        self.assertEqual(job.decision, "tolerance")

    def test_over_tolerance_needs_supervisor(self):
        job = self._run_job(piece=95.0, scrap=2.9)  # 2.100 g, 2.1 %
        self.assertEqual(job.loss_percent, 2.1)
        job.action_close()
        self.assertEqual(job.state, "exception")
        self.assertEqual(job.fine_outstanding, 1.575)
        exception = job.jewel_exception_ids
        self.assertEqual(exception.kind, "metal_loss")
        self.assertEqual(exception.state, "open")
        self.assertEqual(exception.measured_value, "2.10 %")
        self.assertEqual(job.jewel_exception_count, 1)
        self.assertTrue(exception.activity_ids)
        with self.assertRaisesRegex(AccessError, "Only a supervisor"):
            job.with_user(self.storekeeper)._approve_loss("Porous casting")
        # supervisor_2, created after supervisor, is never picked as its owner
        self.env["jewel.metal.job.decide"].with_user(self.supervisor_2).create(
            {
                "job_id": job.id,
                "decision": "approve",
                "reason": "Porous casting, re-cast twice",
            }
        ).action_confirm()
        self.assertEqual(job.state, "closed")
        self.assertEqual(job.decision, "approved")
        self.assertEqual(job.decision_reason, "Porous casting, re-cast twice")
        self.assertEqual(self.anna._get_balance(self.gold), 0.0)
        self.assertEqual(exception.state, "closed")
        self.assertEqual(exception.closure_note, "Porous casting, re-cast twice")

    def test_approve_from_the_exception(self):
        """The supervisor approves the exception itself: the loss is posted."""
        job = self._run_job(piece=95.0, scrap=2.5)  # 2.5 %
        job.action_close()
        exception = job.jewel_exception_ids
        exception.with_user(self.supervisor).action_submit()
        approving = exception.with_user(self.supervisor_2)
        with self.assertRefused(UserError, "approval note"):
            approving.action_approve()
        approving.approval_note = "New goldsmith's first casting; accepted once"
        approving.action_approve()
        self.assertEqual(job.state, "closed")
        self.assertEqual(job.decision, "approved")
        self.assertEqual(
            job.decision_reason, "New goldsmith's first casting; accepted once"
        )
        self.assertEqual(exception.state, "closed")
        self.assertEqual(self.anna._get_balance(self.gold), 0.0)

    def test_charge_back_keeps_debt_on_goldsmith(self):
        job = self._run_job(piece=94.0, scrap=2.0)  # 4 %
        job.action_close()
        job.with_user(self.supervisor_2)._charge_back("Filings not collected")
        self.assertEqual(job.state, "closed")
        self.assertEqual(job.decision, "charged_back")
        self.assertEqual(job.fine_outstanding, 0.0)
        # Anna still owes the 3.000 g fine, no longer on the job.
        self.assertEqual(self.anna._get_balance(self.gold), 3.0)

    def test_goldsmith_tolerance_overrides_workcenter(self):
        self.wc_bench.jewel_metal_loss_tolerance = 1.5
        self.anna.workcenter_id = self.wc_bench
        job = self._run_job()
        self.assertEqual(job.tolerance, 1.5)
        self.anna.loss_tolerance = 1.0
        self.assertEqual(job.tolerance, 1.0)
        job.action_close()
        self.assertEqual(job.state, "exception")

    def test_return_more_than_job_holds_refused(self):
        other = self._production(self.ring)
        self._post(
            "issue",
            self.vault,
            self.anna,
            [(self.au750y, 50.0)],
            production_id=other.id,
        )
        self._post(
            "issue",
            self.vault,
            self.anna,
            [(self.au750y, 10.0)],
            production_id=self.production.id,
        )
        transfer = self._transfer(
            "return",
            self.anna,
            self.finished,
            [(self.au750y, 12.0)],
            production_id=self.production.id,
        )
        with self.assertRefused(UserError, r"holds only 7\.500 g of fine Gold for"):
            transfer.action_post()

    def test_mo_done_blocked_while_metal_out(self):
        self._post(
            "issue",
            self.vault,
            self.anna,
            [(self.au750y, 100.0)],
            production_id=self.production.id,
        )
        self.production.qty_producing = 1.0
        with self.assertRefused(
            UserError, r"75\.000 g fine Gold still out with Anna Goldsmith"
        ):
            self.production.button_mark_done()
        self._post(
            "return",
            self.anna,
            self.finished,
            [(self.au750y, 98.6)],
            production_id=self.production.id,
        )
        self.production.jewel_metal_job_ids.action_close()
        self.production.move_raw_ids.write({"quantity": 6.2, "picked": True})
        self.production.button_mark_done()
        self.assertEqual(self.production.state, "done")
        # The ring holds 6.200 g of 18K: 4.650 g fine of the 75.000 g issued.
        self.ring.jewel_gross_metal_weight = 6.2
        self.assertEqual(self.production.jewel_fine_issued, 75.0)
        self.assertEqual(self.production.jewel_fine_in_product, 4.65)
        self.assertEqual(self.production.jewel_material_yield, 6.2)

    def test_piece_handed_from_stage_to_stage_counts_once(self):
        # Filing: 100 g of 18K issued (75.000 g fine), the piece (90 g) back to
        # work in progress, 8 g of filings to the vault; polishing: the same
        # piece issued again, 89 g back.
        self._run_job(piece=90.0, scrap=8.0)
        self._post(
            "issue",
            self.finished,
            self.anna,
            [(self.au750y, 90.0)],
            production_id=self.production.id,
        )
        self._post(
            "return",
            self.anna,
            self.finished,
            [(self.au750y, 89.0)],
            production_id=self.production.id,
        )
        self.ring.jewel_gross_metal_weight = 6.2
        self.production.qty_producing = 1.0
        # received once: 75.000 g fine, not 75.000 + 67.500
        self.assertEqual(self.production.jewel_fine_issued, 75.0)
        self.assertEqual(self.production.jewel_fine_in_product, 4.65)
        self.assertEqual(self.production.jewel_material_yield, 6.2)

    def test_closed_job_takes_no_more_metal(self):
        job = self._run_job()
        job.action_close()
        with self.assertRefused(UserError, "is closed"):
            self._post(
                "issue",
                self.vault,
                self.anna,
                [(self.au750y, 1.0)],
                production_id=self.production.id,
            )
