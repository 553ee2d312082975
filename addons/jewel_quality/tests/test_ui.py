from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        au750y = env.ref("jewel_bom.jewel_alloy_au750_yellow")
        gram = env.ref("uom.product_uom_gram")
        grain = env["product.product"].create(
            {
                "name": "Tour grain 18K",
                "type": "consu",
                "uom_id": gram.id,
                "uom_po_id": gram.id,
                "jewel_component_type": "metal",
                "jewel_alloy_id": au750y.id,
            }
        )
        ring = env["product.product"].create(
            {"name": "Tour ring 18K", "type": "consu", "jewel_alloy_id": au750y.id}
        )
        workcenter = env["mrp.workcenter"].create({"name": "Tour QC"})
        bom = env["mrp.bom"].create(
            {
                "product_tmpl_id": ring.product_tmpl_id.id,
                "bom_line_ids": [(0, 0, {"product_id": grain.id, "product_qty": 4.0})],
                "operation_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Tour final inspection",
                            "workcenter_id": workcenter.id,
                        },
                    )
                ],
            }
        )
        env["jewel.quality.point"].create(
            {
                "name": "Tour ring weight",
                "kind": "weight",
                "operation_id": bom.operation_ids.id,
                "weight_tolerance": 0.150,
            }
        )
        cls.production = env["mrp.production"].create(
            {"product_id": ring.id, "bom_id": bom.id, "product_qty": 1.0}
        )
        cls.production.action_confirm()

    def test_fail_rework_recheck_done_tour(self):
        """The demo inspector fails a weight check and sends the ring to rework;
        the re-check, blank, is refused while the rework order waits, passes
        once it is done, and the MO can be marked done."""
        self.start_tour("/odoo", "jewel_quality_rework", login="quality")
        check = self.production.jewel_quality_check_ids.filtered(
            lambda c: not c.retest_of_id
        )
        self.assertEqual((check.state, check.decision), ("fail", "rework"))
        self.assertEqual(check.measured_value, 4.4)
        self.assertEqual(check.rework_minutes, 20.0)
        inspector = self.env.ref("jewel_bom.user_quality_demo")
        self.assertEqual(check.inspector_id, inspector)
        self.assertEqual(check.rework_workorder_id.state, "done")
        self.assertEqual(check.retest_ids.state, "pass")
        self.assertEqual(check.retest_ids.inspector_id, inspector)
        self.assertGreaterEqual(
            check.retest_ids.date_checked, check.rework_workorder_id.date_finished
        )
        self.assertEqual(check.retest_ids.measured_value, 4.02)
        self.assertEqual(self.production.state, "done")
