from odoo.tests import Form, tagged

from .accountability_common import AccountabilityCommon


@tagged("post_install", "-at_install")
class TestBriefScenario(AccountabilityCommon):
    """One live order, a ring promised for a date, and a shortage found after the
    purchase was confirmed: everyone sees the same story and their own next step."""

    def test_ring_promised_then_material_shortage(self):
        self._add_stock(self.grain, 10.0)  # the metal is there ...
        order, production = self._made_to_order(commitment_date="2031-03-20 16:00:00")
        self.assertEqual(production.jewel_exception_count, 0)

        # ... but the supplier of the centre stone, already ordered, ships late
        action = production.with_user(self.planner).action_jewel_raise_exception()
        form = Form(
            self.env["jewel.exception"]
            .with_user(self.planner)
            .with_context(**action["context"])
        )
        form.summary = "Centre stone delayed by the dealer: +9 days"
        form.closure_condition = "Stone received and reserved for the MO"
        form.user_id = self.planner
        form.approver_id = self.supervisor
        exception = form.save()
        exception.with_user(self.planner).action_open()
        self.assertEqual(exception.kind, "shortage")
        promise_names = exception.promise_ids.mapped("name")
        self.assertIn(order.name, promise_names)
        self.assertEqual(str(exception.promise_date)[:10], "2031-03-20")

        def story(user):
            return order.with_user(user).jewel_story_html

        def my_actions(user):
            activities = self.env["mail.activity"].search(
                [
                    ("user_id", "=", user.id),
                    "|",
                    "&",
                    ("res_model", "=", "jewel.exception"),
                    ("res_id", "=", exception.id),
                    "&",
                    ("res_model", "=", "sale.order"),
                    ("res_id", "=", order.id),
                ]
            )
            return activities.mapped("summary")

        # the planner owns the problem
        self.assertEqual(
            my_actions(self.planner),
            ["Resolve Centre stone delayed by the dealer: +9 days"],
        )
        self.assertEqual(my_actions(self.supervisor), [])
        # proposes to move the date, which needs approval
        exception.with_user(self.planner).write(
            {"description": "<p>Move the delivery to 29 March.</p>"}
        )
        exception.with_user(self.planner).action_submit()
        self.assertEqual(
            my_actions(self.supervisor),
            ["Approve Centre stone delayed by the dealer: +9 days"],
        )
        self.assertEqual(my_actions(self.planner), [])
        exception.with_user(self.supervisor).action_approve()
        # the owner, the order's salesperson, calls the customer; the planner closes
        self.assertEqual(
            my_actions(self.owner), [f"Tell Claire Dubois about {exception.name}"]
        )
        self.assertEqual(
            my_actions(self.planner),
            ["Close Centre stone delayed by the dealer: +9 days"],
        )
        order.with_user(self.owner).with_context(
            jewel_change_reason=f"{exception.name}: centre stone late"
        ).commitment_date = "2031-03-29 16:00:00"
        self.env.cr.precommit.run()

        # the same explanation for the three roles
        stories = {story(user) for user in (self.planner, self.supervisor, self.owner)}
        self.assertEqual(len(stories), 1)
        text = stories.pop()
        for expected in (
            "2031-03-20",  # the old promise ...
            "2031-03-29",  # ... the new one
            "centre stone late",  # ... and why
            exception.name,
            "Stone received and reserved for the MO",  # what must happen next
            f"Tell Claire Dubois about {exception.name}",
        ):
            self.assertIn(expected, text)
