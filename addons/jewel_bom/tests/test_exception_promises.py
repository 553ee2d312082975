from odoo.tests import tagged

from .accountability_common import AccountabilityCommon


@tagged("post_install", "-at_install")
class TestExceptionPromises(AccountabilityCommon):
    """Exceptions, the promises they put at risk and the documents that show them
    agree: one date, one list, one count."""

    def _sale_promise(self, exception):
        return exception.promise_ids.filtered(lambda p: p.res_model == "sale.order")

    def test_a_moved_promise_shows_on_the_open_exceptions(self):
        order, production = self._made_to_order()
        shortage = production._jewel_related_exceptions()[production]
        self.assertEqual(shortage.kind, "shortage")
        stone = self.env["jewel.exception"].create(
            {
                "kind": "shortage",
                "summary": "Centre stone late",
                "res_model": "sale.order",
                "res_id": order.id,
                "closure_condition": "Stone received",
            }
        )
        stone.action_open()
        stone.action_submit()  # awaiting approval: still refreshed
        self.assertEqual(
            str(self._sale_promise(stone).promised_date), "2031-03-20 16:00:00"
        )
        order.with_user(self.planner).with_context(
            jewel_change_reason="The dealer ships the stone nine days late"
        ).commitment_date = "2031-03-29 16:00:00"
        for exception in shortage | stone:
            self.assertEqual(
                str(self._sale_promise(exception).promised_date),
                "2031-03-29 16:00:00",
            )
        self.assertEqual(str(stone.promise_date), "2031-03-29 16:00:00")
        self.assertIn("03/29/2031", order.jewel_story_html)
        self.assertNotIn("03/20/2031", order.jewel_story_html)
        # the MO's own deadline too
        production.with_context(
            jewel_change_reason="Stone late"
        ).date_deadline = "2031-03-27 10:00:00"
        mo_promise = shortage.promise_ids.filtered(
            lambda p: p.res_model == "mrp.production"
        )
        self.assertEqual(str(mo_promise.promised_date), "2031-03-27 10:00:00")
        # a closed exception keeps the promises it put at risk
        stone.with_user(self.supervisor).action_approve()
        stone.closure_note = "Stone received on the 28th"
        stone.action_close()
        order.with_context(
            jewel_change_reason="Engraving takes a day more"
        ).commitment_date = "2031-03-30 16:00:00"
        self.assertEqual(
            str(self._sale_promise(stone).promised_date), "2031-03-29 16:00:00"
        )
        self.assertEqual(
            str(self._sale_promise(shortage).promised_date), "2031-03-30 16:00:00"
        )

    def test_an_mo_shows_the_exceptions_of_its_sale_order(self):
        order, production = self._made_to_order()
        stone = self.env["jewel.exception"].create(
            {
                "kind": "shortage",
                "summary": "Centre stone late",
                "res_model": "sale.order",
                "res_id": order.id,
            }
        )
        stone.action_open()
        shortage = self.env["jewel.exception"].search(
            [("res_model", "=", "mrp.production"), ("res_id", "=", production.id)]
        )
        goldsmith_mo = production.with_user(self.goldsmith)
        # the MO: its own shortage and its order's late stone, in the count, the
        # Exceptions list and the Changes & Promises tab alike
        self.assertEqual(goldsmith_mo.jewel_exception_count, 2)
        action = goldsmith_mo.action_jewel_view_exceptions()
        listed = self.env["jewel.exception"].search(
            action["domain"] + [("state", "!=", "closed")]
        )
        self.assertEqual(listed, shortage | stone)
        self.assertEqual(action["context"]["search_default_not_closed"], 1)
        story = goldsmith_mo.jewel_story_html
        self.assertIn(stone.name, story)
        self.assertIn(shortage.name, story)
        # the order: its own exception and the MO's shortage that puts it at risk
        self.assertEqual(order.jewel_exception_count, 2)
        self.assertIn(shortage.name, order.jewel_story_html)
        # a closed exception leaves the count, the list and the tab
        shortage.closure_note = "Grain received"
        shortage.action_close()
        self.assertEqual(production.jewel_exception_count, 1)
        self.assertNotIn(shortage.name, production.jewel_story_html)
        self.assertEqual(
            self.env["jewel.exception"].search(
                action["domain"] + [("state", "!=", "closed")]
            ),
            stone,
        )
