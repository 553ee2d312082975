from freezegun import freeze_time

from odoo.tests import Form, tagged

from .accountability_common import AccountabilityCommon


@tagged("post_install", "-at_install")
class TestExceptionTriggers(AccountabilityCommon):
    def test_shortage_when_a_component_is_missing_at_confirmation(self):
        order, production = self._made_to_order()
        self.assertEqual(production.state, "confirmed")
        exception = self.env["jewel.exception"].search(
            [("res_model", "=", "mrp.production"), ("res_id", "=", production.id)]
        )
        self.assertEqual(exception.kind, "shortage")
        self.assertEqual(exception.state, "open")
        self.assertIn("Accountability grain 18K", exception.description)
        # a planner owns it and has the next action
        self.assertEqual(
            exception.role_group_id, self.env.ref("jewel_bom.group_jewel_planner")
        )
        self.assertTrue(exception.user_id.has_group("jewel_bom.group_jewel_planner"))
        self.assertFalse(exception.user_id.has_group("jewel_bom.group_jewel_owner"))
        self.assertEqual(exception.activity_ids.user_id, exception.user_id)
        # the affected promises: the MO and the customer's order with its date
        self.assertEqual(
            {(p.res_model, p.res_id) for p in exception.promise_ids},
            {("mrp.production", production.id), ("sale.order", order.id)},
        )
        sale_promise = exception.promise_ids.filtered(
            lambda p: p.res_model == "sale.order"
        )
        self.assertEqual(str(sale_promise.promised_date), "2031-03-20 16:00:00")
        self.assertEqual(sale_promise.customer_id, self.customer)
        self.assertEqual(production.jewel_exception_count, 1)
        self.assertIn(exception.name, order.jewel_story_html)

    def test_no_shortage_when_components_are_in_stock(self):
        self._add_stock(self.grain, 10.0)
        production = self._production()
        production.action_confirm()
        self.assertEqual(production.components_availability_state, "available")
        self.assertEqual(production.jewel_exception_count, 0)

    def test_breakdown_when_a_workcenter_is_blocked(self):
        self._add_stock(self.grain, 10.0)
        production = self._production()
        production.action_confirm()
        block = self.env["mrp.workcenter.productivity"].create(
            {
                "workcenter_id": self.workcenter.id,
                "loss_id": self.env.ref("mrp.block_reason0").id,
                "description": "Spindle bearing worn",
            }
        )
        block.button_block()
        self.assertEqual(self.workcenter.working_state, "blocked")
        exception = self.env["jewel.exception"].search(
            [("res_model", "=", "mrp.workcenter"), ("res_id", "=", self.workcenter.id)]
        )
        self.assertEqual(exception.kind, "breakdown")
        self.assertIn(production.name, exception.promise_ids.mapped("name"))
        self.assertEqual(
            exception.role_group_id, self.env.ref("jewel_bom.group_jewel_supervisor")
        )

        self.workcenter.unblock()
        self.assertEqual(exception.state, "closed")
        self.assertIn("unblocked", exception.closure_note)
        self.assertFalse(exception.activity_ids)

    def test_delay_for_an_mo_past_its_deadline_once(self):
        self._add_stock(self.grain, 10.0)
        production = self._production()
        production.action_confirm()
        production.with_context(
            jewel_change_reason="first plan"
        ).date_deadline = "2031-01-10 12:00:00"
        with freeze_time("2031-01-09"):
            self.env["mrp.production"]._cron_jewel_raise_delays()
        self.assertEqual(production.jewel_exception_count, 0)
        with freeze_time("2031-01-11"):
            self.env["mrp.production"]._cron_jewel_raise_delays()
            self.env["mrp.production"]._cron_jewel_raise_delays()
        exception = self.env["jewel.exception"].search(
            [("res_model", "=", "mrp.production"), ("res_id", "=", production.id)]
        )
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.kind, "delay")

    def test_raise_in_one_click_from_an_mo(self):
        self._add_stock(self.grain, 10.0)
        production = self._production()
        production.action_confirm()
        action = production.with_user(self.goldsmith).action_jewel_raise_exception()
        form = Form(
            self.env["jewel.exception"]
            .with_user(self.goldsmith)
            .with_context(**action["context"])
        )
        form.summary = "Shank cracked after sizing"
        form.closure_condition = "New shank cast and soldered"
        exception = form.save()
        self.assertEqual(exception.source_ref, production)
        self.assertEqual(exception.kind, "shortage")
        self.assertEqual(exception.raised_by_id, self.goldsmith)
        self.assertTrue(exception.name.startswith("EXC/"))
        exception.action_open()
        self.assertEqual(production.jewel_exception_count, 1)
        self.assertEqual(
            self.env["jewel.exception"].search(
                production.action_jewel_view_exceptions()["domain"]
            ),
            exception,
        )

    def test_raise_exception_is_idempotent(self):
        production = self._production()
        Exception_ = self.env["jewel.exception"]
        first = Exception_.raise_exception(
            production, "delay", "Late", closure_condition="Done"
        )
        again = Exception_.raise_exception(
            production, "delay", "Still late", description="Day 2"
        )
        self.assertEqual(first, again)
        self.assertIn("Day 2", first.message_ids[0].body)
        other = Exception_.raise_exception(
            production, "scrap", "Scrapped", closure_condition="Re-made"
        )
        self.assertNotEqual(other, first)
