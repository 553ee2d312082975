from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import JewelQualityCommon


@tagged("post_install", "-at_install")
class TestCheckResults(JewelQualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.production = cls._mo()

    def _weigh(self, grams):
        check = self._check(self.production, self.point_weight)
        check.with_user(self.inspector).action_record(grams)
        return check

    def test_expected_weight_from_bom(self):
        check = self._check(self.production, self.point_weight)
        self.assertEqual(self.ring_bom.jewel_gross_weight, 3.9)
        self.assertEqual(check._expected_weight(), 3.9)

    def test_weight_upper_edge_passes(self):
        check = self._weigh(4.05)
        self.assertEqual(check.state, "pass")
        self.assertEqual(check.expected_value, 3.9)
        self.assertEqual(check.inspector_id, self.inspector)
        self.assertTrue(check.date_checked)

    def test_weight_over_tolerance_fails(self):
        self.assertEqual(self._weigh(4.051).state, "fail")

    def test_weight_lower_edges(self):
        self.assertEqual(self._weigh(3.75).state, "pass")
        other = self._mo()
        check = self._check(other, self.point_weight)
        check.action_record(3.749)
        self.assertEqual(check.state, "fail")

    def test_weight_without_bom_weight_is_refused(self):
        empty = self._product("Test ring without weights")
        bom = self._bom(empty, [(self.box, 1)])
        self.env["mrp.routing.workcenter"].create(
            {"bom_id": bom.id, "name": "Final", "workcenter_id": self.wc_qc.id}
        )
        point = self.env["jewel.quality.point"].create(
            {"name": "Weight any", "kind": "weight", "workcenter_id": self.wc_qc.id}
        )
        check = self._check(self._mo(empty, bom), point)
        with self.assertRefused(UserError, "no expected weight"):
            check.action_record(3.9)
        self.assertEqual(check.state, "todo")

    def test_assay_edges(self):
        check = self._check(self.production, self.point_assay)
        check.action_record(750.0)
        self.assertEqual(check.state, "pass")
        self.assertEqual(check.expected_value, 750.0)
        for value, state in ((588.0, "pass"), (585.0, "pass"), (584.0, "fail")):
            chain_check = self._check(self._mo(self.chain), self.point_assay)
            chain_check.action_record(value)
            self.assertEqual(chain_check.state, state, f"assay {value} ‰ for 585")
            self.assertEqual(chain_check.expected_value, 585.0)

    def test_stone_count(self):
        check = self._check(self.production, self.point_stones)
        check.action_record(2)
        self.assertEqual(check.state, "fail")
        check = self._check(self._mo(), self.point_stones)
        check.action_record(1)
        self.assertEqual(check.state, "pass")

    def test_measurement_edges_and_missing_value(self):
        check = self._check(self.production, self.point_size)
        with self.assertRefused(UserError, "enter the measured value"):
            check.action_record()
        check.action_record(54.5)
        self.assertEqual(check.state, "pass")
        check = self._check(self._mo(), self.point_size)
        check.action_record(54.501)
        self.assertEqual(check.state, "fail")
        with self.assertRefused(UserError, "already has a result"):
            check.action_record(54.0)

    def test_pass_on_cancelled_mo_is_refused(self):
        check = self._check(self.production, self.point_porosity)
        self.production.action_cancel()
        with self.assertRefused(UserError, "is cancelled"):
            check.action_pass()
        self.assertEqual(check.state, "todo")

    def test_pass_fail_cannot_be_measured(self):
        check = self._check(self.production, self.point_porosity)
        with self.assertRefused(UserError, "not measured"):
            check.action_record(1.0)

    def test_blocking_check_stops_mark_done(self):
        self._pass_all(self.production)
        weight = self._check(self.production, self.point_weight)
        # fixture: the check pending again, through the narrow path
        weight._jewel_transition().write({"state": "todo"})
        with self.assertRefused(UserError, "Final weight") as caught:
            self._mark_done(self.production)
        self.assertIn(weight.name, str(caught.exception))
        self.assertNotIn("Ring size", str(caught.exception))
        self.assertNotEqual(self.production.state, "done")

    def test_advisory_check_does_not_block(self):
        self._pass_all(self.production)
        size = self._check(self.production, self.point_size)
        # fixture: the check pending again, through the narrow path
        size._jewel_transition().write({"state": "todo"})
        self.assertFalse(size.blocking)
        self._mark_done(self.production)
        self.assertEqual(self.production.state, "done")

    def test_failed_blocking_check_blocks_until_decided(self):
        self._pass_all(self.production)
        porosity = self._check(self.production, self.point_porosity)
        # fixture: the check pending again, through the narrow path
        porosity._jewel_transition().write({"state": "todo"})
        porosity.action_fail()
        with self.assertRefused(UserError, "Porosity"):
            self._mark_done(self.production)
