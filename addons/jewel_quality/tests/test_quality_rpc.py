from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from .common import JewelQualityCommon

CHECK = "jewel.quality.check"
BATCH = "jewel.hallmark.batch"
LINE = "jewel.hallmark.batch.line"
WIZARD = "jewel.quality.check.fail"


@tagged("post_install", "-at_install")
class TestQualityRpc(RpcMixin, JewelQualityCommon):
    """What the web client can send (``write``, ``create``, public methods), as
    the role that would try it: results and decisions only through the actions
    that check the role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.production = cls._mo()
        cls.weight = cls._check(cls.production, cls.point_weight)
        cls.porosity = cls._check(cls.production, cls.point_porosity)
        cls.stones = cls._check(cls.production, cls.point_stones)
        cls.assay = cls._check(cls.production, cls.point_assay)
        cls.quality_manager_2 = new_test_user(
            cls.env,
            login="jewel_quality_manager_2",
            name="Qiana Manager",
            groups="jewel_quality.group_jewel_quality_manager,stock.group_stock_user",
        )

    def _exceptions(self, check, kind):
        return self.env["jewel.exception"].search(
            [("res_model", "=", CHECK), ("res_id", "=", check.id), ("kind", "=", kind)]
        )

    def _decide(self, user, check, decision, reason, **vals):
        """The decision wizard, as the web client fills and confirms it."""
        wizard_id = self.rpc(
            user,
            WIZARD,
            "create",
            dict(
                {"check_id": check.id, "decision": decision, "reason": reason}, **vals
            ),
        )
        return self.rpc(user, WIZARD, "action_confirm", [wizard_id])

    def _assertUnchanged(self, records, values):
        records.invalidate_recordset()
        for name, value in values.items():
            self.assertEqual(records[name], value, name)

    # ------------------------------------------------------------------ positive
    def test_quality_staff_records_passes_and_fails_checks(self):
        """The demo ``quality`` login's role records, passes and fails checks and
        sends a failed piece to rework."""
        staff = self.quality_staff
        self.rpc(staff, CHECK, "action_pass", self.porosity.ids)
        self.assertEqual(
            (self.porosity.state, self.porosity.inspector_id), ("pass", staff)
        )
        self.rpc(staff, CHECK, "write", self.weight.ids, {"measured_value": 3.95})
        self.rpc(staff, CHECK, "action_record", self.weight.ids)
        self.assertEqual((self.weight.state, self.weight.expected_value), ("pass", 3.9))
        self.rpc(staff, CHECK, "action_record", self.assay.ids, 751.0)
        self.assertEqual(self.assay.state, "pass")
        self.rpc(staff, CHECK, "action_fail", self.stones.ids)
        self.assertEqual((self.stones.state, self.stones.inspector_id), ("fail", staff))
        rejection = self._exceptions(self.stones, "quality_rejection")
        self.assertEqual(rejection.state, "open")
        self.assertEqual(
            rejection.role_group_id, self.env.ref("jewel_bom.group_jewel_quality")
        )
        self._decide(
            staff,
            self.stones,
            "rework",
            "A stone is missing: set it again",
            operation_id=self.op_set.id,
            rework_minutes=15.0,
        )
        self.assertEqual(
            (self.stones.decision, self.stones.decided_by_id), ("rework", staff)
        )
        self.assertEqual(self.stones.retest_ids.state, "todo")

    def test_another_quality_manager_accepts_a_deviation(self):
        self.weight.with_user(self.quality_manager).action_record(4.2)
        self.assertEqual(self.weight.inspector_id, self.quality_manager)
        with self.assertRefused(AccessError, "you performed this check"):
            self._decide(
                self.quality_manager, self.weight, "deviation", "Customer accepts"
            )
        self._assertUnchanged(self.weight, {"decision": False, "is_pending": True})
        self._decide(
            self.quality_manager_2,
            self.weight,
            "deviation",
            "Customer accepts 4.200 g",
            defect_id=self.defect_weight.id,
        )
        self.assertEqual(self.weight.decision, "deviation")
        self.assertEqual(self.weight.decided_by_id, self.quality_manager_2)
        self.assertEqual(self.weight.defect_id, self.defect_weight)
        self.assertEqual(
            self._exceptions(self.weight, "quality_rejection").state, "closed"
        )

    # ------------------------------------------------------------------ bypasses
    def test_inspector_cannot_write_a_deviation(self):
        """Writing the manager's decision would clear the failed assay and let
        the piece be hallmarked."""
        self.assay.with_user(self.inspector).action_record(749.0)
        self.assertEqual(self.assay.state, "fail")
        for vals in (
            {"decision": "deviation"},
            {"decision": "deviation", "decision_reason": "Close enough"},
            {"decided_by_id": self.inspector.id},
        ):
            self.assertRpcRefused(
                UserError,
                "cannot be written directly",
                self.inspector,
                CHECK,
                "write",
                self.assay.ids,
                vals,
            )
        self._assertUnchanged(
            self.assay,
            {"decision": False, "decided_by_id": self.env["res.users"]},
        )
        self.assertEqual(
            self.env[CHECK]._failed_assays(production=self.production), self.assay
        )

    def test_inspector_cannot_accept_a_deviation_through_the_wizard(self):
        self.weight.with_user(self.inspector).action_record(4.2)
        with self.assertRefused(AccessError, "Only a quality manager"):
            self._decide(self.quality_staff, self.weight, "deviation", "Accept it")
        self._assertUnchanged(self.weight, {"decision": False, "is_pending": True})

    def test_decision_methods_are_private(self):
        self.weight.with_user(self.inspector).action_record(4.2)
        for user, method, args in (
            (self.quality_manager, "action_decide_deviation", ["Accepted"]),
            (self.inspector, "action_decide_scrap", ["Scrap it"]),
            (
                self.inspector,
                "action_decide_rework",
                [self.wc_qc.id, 10.0, "Re-file"],
            ),
        ):
            with self.subTest(method=method):
                self.assertRpcRefused(
                    AccessError,
                    "Private methods",
                    user,
                    CHECK,
                    method,
                    self.weight.ids,
                    *args,
                )
        self._assertUnchanged(self.weight, {"decision": False, "state": "fail"})
        self.assertFalse(self.weight.retest_ids)

    def test_results_are_not_written_directly(self):
        staff = self.quality_staff
        for vals in (
            {"state": "pass"},
            {"inspector_id": staff.id},
            {"expected_value": 4.2},
        ):
            self.assertRpcRefused(
                UserError,
                "cannot be written directly",
                staff,
                CHECK,
                "write",
                self.weight.ids,
                vals,
            )
        # moving a pending blocking check to an advisory checkpoint would unblock
        # the MO
        self.assertRpcRefused(
            UserError,
            "set when it is made",
            staff,
            CHECK,
            "write",
            self.weight.ids,
            {"point_id": self.point_size.id},
        )
        self._assertUnchanged(
            self.weight,
            {"state": "todo", "point_id": self.point_weight, "blocking": True},
        )
        # a new check cannot be born passed
        self.assertRpcRefused(
            UserError,
            "cannot be set directly",
            staff,
            CHECK,
            "create",
            {
                "point_id": self.point_weight.id,
                "production_id": self.production.id,
                "state": "pass",
            },
        )
        # a recorded result stays as recorded
        self.rpc(staff, CHECK, "action_record", self.weight.ids, 4.2)
        self.assertRpcRefused(
            UserError,
            "can no longer be changed",
            staff,
            CHECK,
            "write",
            self.weight.ids,
            {"measured_value": 3.9},
        )
        self.assertRpcRefused(
            UserError,
            "cannot be deleted",
            self.quality_manager,
            CHECK,
            "unlink",
            self.weight.ids,
        )
        self._assertUnchanged(self.weight, {"state": "fail", "measured_value": 4.2})
        self.assertTrue(self.weight.exists())
        # notes and photos may follow the result
        self.rpc(staff, CHECK, "write", self.weight.ids, {"note": "Shank too thick"})
        self.assertEqual(self.weight.note, "Shank too thick")

    def test_recording_needs_the_role_and_a_number(self):
        self.assertRpcRefused(
            AccessError,
            "quality staff",
            self.mrp_user,
            CHECK,
            "action_record",
            self.weight.ids,
            3.9,
        )
        for bad in ("3.9", -1.0, True):
            with self.subTest(value=bad):
                self.assertRpcRefused(
                    UserError,
                    "must be a number",
                    self.quality_staff,
                    CHECK,
                    "action_record",
                    self.weight.ids,
                    bad,
                )
        self._assertUnchanged(self.weight, {"state": "todo", "measured_value": 0.0})

    def test_hallmark_batch_lifecycle(self):
        self.chain.tracking = "serial"
        office = self.env["res.partner"].create({"name": "RPC Assay Office"})
        lot, other = self.env["stock.lot"].create(
            [{"name": f"RPC-{i}", "product_id": self.chain.id} for i in (1, 2)]
        )
        staff = self.quality_staff
        batch_id = self.rpc(
            staff,
            BATCH,
            "create",
            {
                "assay_office_id": office.id,
                "fineness": 585.0,
                "line_ids": [(0, 0, {"lot_id": lot.id})],
            },
        )
        batch = self.env[BATCH].browse(batch_id)
        self.assertRpcRefused(
            UserError,
            "cannot be written directly",
            staff,
            BATCH,
            "write",
            batch.ids,
            {"state": "sent"},
        )
        self.assertRpcRefused(
            AccessError, "inspectors", self.mrp_user, BATCH, "action_send", batch.ids
        )
        self.rpc(staff, BATCH, "action_send", batch.ids)
        line = batch.line_ids
        for model, method, args, message in (
            (BATCH, "write", [batch.ids, {"state": "returned"}], "written directly"),
            (BATCH, "write", [batch.ids, {"fineness": 750.0}], "no longer be changed"),
            (LINE, "write", [line.ids, {"result": "pass"}], "written directly"),
            (LINE, "write", [line.ids, {"lot_id": other.id}], "no longer be changed"),
            (LINE, "unlink", [line.ids], "cannot be deleted"),
            (
                LINE,
                "create",
                [{"batch_id": batch.id, "lot_id": other.id}],
                "no line can be added",
            ),
        ):
            with self.subTest(model=model, method=method, args=args):
                self.assertRpcRefused(UserError, message, staff, model, method, *args)
        self._assertUnchanged(batch, {"state": "sent", "fineness": 585.0})
        self._assertUnchanged(line, {"lot_id": lot, "result": False})
        self.assertEqual(batch.line_ids, line)
        # the office's results are entered while the hallnote is out
        self.rpc(staff, LINE, "write", line.ids, {"assay_fineness": 586.0})
        self.rpc(staff, BATCH, "action_return", batch.ids)
        self.assertEqual((batch.state, line.result), ("returned", "pass"))
        self.assertRpcRefused(
            UserError,
            "no longer be changed",
            staff,
            LINE,
            "write",
            line.ids,
            {"assay_fineness": 580.0},
        )
        self.assertEqual(line.assay_fineness, 586.0)

    def test_planner_confirms_an_mo_and_records_no_check(self):
        planner = new_test_user(
            self.env,
            login="jewel_quality_planner",
            groups="base.group_user,jewel_bom.group_jewel_planner",
        )
        production = (
            self.env["mrp.production"]
            .with_user(planner)
            .create({"product_id": self.ring.id, "bom_id": self.ring_bom.id})
        )
        production.action_confirm()
        checks = production.jewel_quality_check_ids
        self.assertEqual(
            checks.point_id, self.production.jewel_quality_check_ids.point_id
        )
        self.assertEqual(set(checks.mapped("state")), {"todo"})
        porosity = self._check(production, self.point_porosity)
        self.assertRpcRefused(
            AccessError, "quality staff", planner, CHECK, "action_pass", porosity.ids
        )
        self.assertEqual(porosity.state, "todo")
