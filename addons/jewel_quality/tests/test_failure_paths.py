from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import JewelQualityCommon


@tagged("post_install", "-at_install")
class TestFailurePaths(JewelQualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.production = cls._mo()
        cls.weight = cls._check(cls.production, cls.point_weight)

    def _fail_weight(self):
        self.weight.with_user(self.inspector).action_record(4.2)
        self.assertEqual(self.weight.state, "fail")
        return self.weight

    def _exceptions(self, check, kind):
        return self.env["jewel.exception"].search(
            [
                ("res_model", "=", check._name),
                ("res_id", "=", check.id),
                ("kind", "=", kind),
            ]
        )

    def test_rework_with_wizard_then_recheck_passes(self):
        check = self._fail_weight()
        wizard = Form(
            self.env["jewel.quality.check.fail"]
            .with_user(self.inspector)
            .with_context(default_check_id=check.id)
        )
        wizard.decision = "rework"
        wizard.defect_id = self.defect_weight
        wizard.operation_id = self.op_final
        wizard.rework_minutes = 20.0
        wizard.reason = "Too heavy: file the shank down"
        wizard.save().action_confirm()

        self.assertEqual(check.decision, "rework")
        self.assertEqual(check.decided_by_id, self.inspector)
        self.assertEqual(check.decision_reason, "Too heavy: file the shank down")
        self.assertEqual(check.defect_id, self.defect_weight)
        rework_wo = check.rework_workorder_id
        self.assertEqual(rework_wo.production_id, self.production)
        self.assertEqual(rework_wo.workcenter_id, self.wc_qc)
        self.assertEqual(rework_wo.duration_expected, 20.0)
        self.assertIn("Rework", rework_wo.name)
        recheck = check.retest_ids
        self.assertEqual(len(recheck), 1)
        self.assertEqual((recheck.state, recheck.attempt), ("todo", 2))
        self.assertTrue(recheck.blocking)

        exceptions = self._exceptions(check, "rework")
        self.assertNotEqual(exceptions.state, "closed")

        # The piece is re-checked once the rework is done.
        rework_wo.button_finish()
        self._pass_all(self.production)
        self.assertEqual(recheck.state, "pass")
        self.assertEqual(recheck.root_id, check)
        self.assertEqual(exceptions.state, "closed")
        self.assertEqual(self._exceptions(check, "quality_rejection").state, "closed")
        self._mark_done(self.production)
        self.assertEqual(self.production.state, "done")

    def test_recheck_pending_blocks_mark_done(self):
        check = self._fail_weight()
        recheck = check.action_decide_rework(self.wc_qc, 10.0, "Re-file")
        check.rework_workorder_id.button_finish()
        self._pass_all(self.production)
        # fixture: the check pending again, through the narrow path
        recheck._jewel_transition().write({"state": "todo"})
        with self.assertRefused(UserError, recheck.name):
            self._mark_done(self.production)

    def test_scrap_makes_an_odoo_scrap(self):
        check = self._fail_weight()
        scrap = check.with_user(self.inspector).action_decide_scrap(
            "Porous shank, cannot be saved", defect=self.defect_porosity
        )
        self.assertEqual(scrap.state, "done")
        self.assertEqual(scrap.product_id, self.ring)
        self.assertEqual(scrap.scrap_qty, 1.0)
        self.assertEqual(scrap.production_id, self.production)
        self.assertEqual(scrap.location_id, self.production.production_location_id)
        self.assertEqual(scrap.move_ids.state, "done")
        self.assertEqual(check.scrap_id, scrap)
        self.assertEqual(check.decision, "scrap")
        self.assertFalse(check.is_pending)
        scrap_exc = self._exceptions(check, "scrap")
        self.assertEqual(len(scrap_exc), 1)
        self.assertNotEqual(scrap_exc.state, "closed")
        self.assertEqual(self._exceptions(check, "quality_rejection").state, "closed")

    def test_deviation_needs_manager_and_reason(self):
        check = self._fail_weight()
        with self.assertRefused(AccessError, "quality manager"):
            check.with_user(self.inspector).action_decide_deviation("Customer accepts")
        with self.assertRefused(UserError, "say why"):
            check.with_user(self.quality_manager).action_decide_deviation("  ")
        self.assertFalse(check.decision)
        check.with_user(self.quality_manager).action_decide_deviation(
            "Customer accepts 4.200 g"
        )
        self.assertEqual(check.decision, "deviation")
        self.assertEqual(check.decided_by_id, self.quality_manager)
        self.assertFalse(check.is_pending)

    def test_only_failed_checks_take_a_decision(self):
        with self.assertRefused(UserError, "only a failed check"):
            self.weight.action_decide_scrap("No reason to scrap")
        check = self._fail_weight()
        check.action_decide_deviation("Accepted")
        with self.assertRefused(UserError, "only a failed check"):
            check.action_decide_rework(self.wc_qc, 5.0, "Again")

    def test_failure_raises_quality_rejection(self):
        check = self._fail_weight()
        rejection = self._exceptions(check, "quality_rejection")
        self.assertEqual(len(rejection), 1)
        self.assertEqual(rejection.closure_condition, "Re-check passed")

    def test_recheck_is_blank_and_waits_for_the_rework(self):
        """As the inspector: the re-check names no inspector and no time until
        it is recorded, and takes no result while its rework order waits."""
        check = self._fail_weight()
        self.assertEqual(check.inspector_id, self.inspector)
        recheck = check.with_user(self.inspector).action_decide_rework(
            self.wc_qc, 10.0, "Re-file"
        )
        self.assertFalse(recheck.inspector_id)
        self.assertFalse(recheck.date_checked)
        self.assertFalse(recheck.measured_value)
        rework = check.rework_workorder_id
        self.assertEqual(recheck.retest_workorder_id, rework)
        self.assertNotIn(rework.state, ("done", "cancel"))
        with self.assertRefused(UserError, "rework work order .* is still"):
            recheck.with_user(self.inspector).action_record(3.95)
        with self.assertRefused(UserError, "rework work order"):
            recheck.with_user(self.inspector).action_fail()
        self.assertEqual(recheck.state, "todo")
        rework.button_start()
        with self.assertRefused(UserError, "rework work order"):
            recheck.with_user(self.inspector).action_record(3.95)
        rework.button_finish()
        recheck.with_user(self.inspector).action_record(3.95)
        self.assertEqual(recheck.state, "pass")
        self.assertEqual(recheck.inspector_id, self.inspector)
