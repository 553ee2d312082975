from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestRoleTours(HttpCase):
    """A day of each role of this module on the demo workshop, in the browser."""

    def test_planner_day(self):
        """The planner re-costs the solitaire, converts it to 14K and reads the
        new design's cost on screen."""
        source = self.env.ref("jewel_bom.mrp_bom_solitaire_demo")
        planner = self.env.ref("jewel_bom.user_planner_demo")
        self.start_tour("/odoo", "jewel_bom_planner_day", login="planner")
        converted = source.jewel_conversion_ids
        self.assertEqual(len(converted), 1)
        self.assertEqual(converted.create_uid, planner)
        self.assertEqual(
            converted.product_tmpl_id.name, "Solitaire Ring 14K Yellow 0.50 ct"
        )
        self.assertEqual(
            converted.jewel_alloy_id, self.env.ref("jewel_bom.jewel_alloy_au585_yellow")
        )
        # costed at once, at the latest rate before today: last Friday's fixing
        self.assertEqual(converted.jewel_cost_total, 2287.92)
        today = fields.Date.context_today(converted)
        self.assertEqual(
            converted.jewel_cost_price_date,
            today - timedelta(days=today.weekday() + 3),
        )
        self.assertEqual(
            converted.jewel_cost_total,
            converted._jewel_cost_breakdown(converted.jewel_cost_date)[converted][
                "total"
            ],
        )
        self.assertEqual(source.jewel_cost_total, 2387.23)
        self.assertTrue(
            source.message_ids.filtered(
                lambda m: (
                    m.author_id == planner.partner_id and "Re-costed" in (m.body or "")
                )
            )
        )

    def test_supervisor_day(self):
        """The supervisor opens Claire's MO, finds the late centre stone of her
        order with its moved delivery date, and approves the planner's plan."""
        production = self.env.ref("jewel_bom.mrp_production_solitaire_demo")
        exception = self.env.ref("jewel_bom.jewel_exception_centre_stone_demo")
        order = self.env.ref("jewel_bom.sale_order_solitaire_demo")
        supervisor = self.env.ref("jewel_bom.user_supervisor_demo")
        # the delivery was moved after the exception copied it: it shows the move
        self.assertEqual(exception.promise_ids.promised_date, order.commitment_date)
        self.assertEqual(exception.promise_date, order.commitment_date)
        self.assertIn(exception, production._jewel_related_exceptions()[production])
        self.assertEqual(production.jewel_exception_count, 3)
        self.start_tour(
            f"/odoo/mrp.production/{production.id}",
            "jewel_bom_supervisor_day",
            login="supervisor",
        )
        self.assertEqual(exception.state, "approved")
        self.assertEqual(exception.approved_by_id, supervisor)
        self.assertEqual(exception.activity_ids.user_id, exception.user_id)

    def test_owner_day(self):
        """The owner reads on Claire's order why its delivery moved, then
        approves the plan for the late centre stone."""
        order = self.env.ref("jewel_bom.sale_order_solitaire_demo")
        exception = self.env.ref("jewel_bom.jewel_exception_centre_stone_demo")
        owner = self.env.ref("jewel_bom.user_owner_demo")
        self.assertEqual(exception.state, "to_approve")
        self.assertEqual(exception.promise_date, order.commitment_date)
        self.start_tour(
            f"/odoo/sale.order/{order.id}", "jewel_bom_owner_day", login="owner"
        )
        self.assertEqual(exception.state, "approved")
        self.assertEqual(exception.approved_by_id, owner)
