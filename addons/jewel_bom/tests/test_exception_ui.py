from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestExceptionUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.supervisor = new_test_user(
            env,
            login="tour_supervisor",
            password="tour_supervisor",
            name="Tour Supervisor",
            groups="base.group_user,jewel_bom.group_jewel_supervisor",
        )
        gram = env.ref("uom.product_uom_gram")
        grain = env["product.product"].create(
            {
                "name": "Tour grain",
                "is_storable": True,
                "uom_id": gram.id,
                "uom_po_id": gram.id,
                "jewel_component_type": "metal",
                "jewel_alloy_id": env.ref("jewel_bom.jewel_alloy_au750_yellow").id,
            }
        )
        env["stock.quant"]._update_available_quantity(
            grain, env.ref("stock.stock_location_stock"), 50.0
        )
        ring = env["product.product"].create({"name": "Tour ring", "is_storable": True})
        bom = env["mrp.bom"].create(
            {
                "product_tmpl_id": ring.product_tmpl_id.id,
                "bom_line_ids": [(0, 0, {"product_id": grain.id, "product_qty": 4.0})],
            }
        )
        cls.production = env["mrp.production"].create(
            {
                "product_id": ring.id,
                "bom_id": bom.id,
                "date_deadline": "2031-12-20 10:00:00",
            }
        )
        cls.production.action_confirm()

    def test_raise_assign_approve_close(self):
        self.start_tour(
            f"/odoo/mrp.production/{self.production.id}",
            "jewel_exception_raise",
            login="admin",
        )
        exception = self.env["jewel.exception"].search(
            [("res_model", "=", "mrp.production"), ("res_id", "=", self.production.id)]
        )
        self.assertEqual(exception.state, "to_approve")
        self.assertEqual(exception.approver_id, self.supervisor)
        self.assertEqual(exception.activity_ids.user_id, self.supervisor)
        self.assertEqual(str(self.production.date_deadline)[:10], "2031-12-24")
        note = self.production.message_ids.filtered(
            lambda m: "Promise changed" in (m.body or "")
        )
        self.assertIn("Piece goes back to polishing", note.body)

        self.start_tour(
            f"/odoo/jewel.exception/{exception.id}",
            "jewel_exception_approve",
            login="tour_supervisor",
        )
        self.assertEqual(exception.state, "closed")
        self.assertEqual(exception.approved_by_id, self.supervisor)
        self.assertEqual(
            exception.closure_note, "Re-polished on Thursday, inspected OK"
        )
