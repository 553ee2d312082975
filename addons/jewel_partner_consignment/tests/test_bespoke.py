from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import JewelConsignmentCommon


@tagged("post_install", "-at_install")
class TestBespoke(JewelConsignmentCommon):
    def test_lead_to_quotation_to_production(self):
        design = self._product("Test bespoke ring 18K", jewel_alloy_id=self.au750y.id)
        self._bom(design, [(self.grain_750y, 4.5), (self.diamond_050, 1)])
        customer = self.env["res.partner"].create(
            {"name": "Test Bride", "jewel_ring_size": "52"}
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Engagement ring",
                "type": "opportunity",
                "partner_id": customer.id,
                "expected_revenue": 4200.0,
                "jewel_is_bespoke": True,
                "jewel_product_id": design.id,
                "jewel_alloy_id": self.au750y.id,
                "jewel_design_notes": "<p>Six-claw, knife-edge band</p>",
                "jewel_estimated_metal_weight": 4.5,
                "jewel_estimated_stone_weight": 0.5,
                "jewel_promised_date": "2031-05-20",
            }
        )
        action = lead.action_jewel_create_quotation()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.opportunity_id, lead)
        self.assertEqual(order.partner_id, customer)
        self.assertEqual(order.order_line.product_id, design)
        self.assertEqual(order.order_line.price_unit, 4200.0)
        self.assertEqual(order.jewel_estimated_fine_weight, 3.375)
        self.assertEqual(str(order.commitment_date.date()), "2031-05-20")
        order.write(
            {
                "jewel_deposit_amount": 1000.0,
                "jewel_old_gold_weight": 7.3,
                "jewel_old_gold_alloy_id": self.au585y.id,
            }
        )
        self.assertEqual(order.jewel_old_gold_fine_weight, 4.271)  # 7.3 x 0.585
        order.action_confirm()
        order.action_jewel_create_production()
        production = order.jewel_production_ids
        self.assertEqual(len(production), 1)
        self.assertEqual(production.product_id, design)
        self.assertEqual(production.origin, order.name)
        self.assertEqual(production.state, "confirmed")
        self.assertEqual(str(production.date_deadline.date()), "2031-05-20")
        self.assertEqual(order.jewel_production_count, 1)
        with self.assertRefused(UserError, "promise already made"):
            order.commitment_date = "2031-06-01 10:00:00"
        order.with_context(jewel_change_reason="Stone delivery late").write(
            {"commitment_date": "2031-06-01 10:00:00"}
        )
        self.assertIn(
            "Stone delivery late", "\n".join(order.message_ids.mapped("body"))
        )

    def test_bespoke_order_is_the_promise_of_its_production(self):
        """An exception on a bespoke order's MO puts the order's promise at risk,
        like a made-to-order one (the MO has no procurement linking it)."""
        design = self._product(
            "Test bespoke pendant 18K", jewel_alloy_id=self.au750y.id
        )
        self._bom(design, [(self.grain_750y, 2.5)])
        order = self.env["sale.order"].create(
            {
                "partner_id": self.shop.id,
                "jewel_is_bespoke": True,
                "commitment_date": "2031-05-20 10:00:00",
                "order_line": [(0, 0, {"product_id": design.id, "price_unit": 900.0})],
            }
        )
        order.action_confirm()
        order.action_jewel_create_production()
        production = order.jewel_production_ids
        self.assertEqual(production._jewel_sale_orders(), order)
        exception = self.env["jewel.exception"].create(
            {
                "kind": "delay",
                "summary": "Pendant late",
                "res_model": "mrp.production",
                "res_id": production.id,
            }
        )
        promise = exception.promise_ids.filtered(lambda p: p.res_model == "sale.order")
        self.assertEqual(promise.res_id, order.id)
        self.assertEqual(str(promise.promised_date), "2031-05-20 10:00:00")
        self.assertEqual(promise.customer_id, self.shop)
