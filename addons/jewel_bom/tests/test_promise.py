from odoo.tests import tagged

from odoo.addons.jewel_bom.models.jewel_promise_mixin import PromiseReasonRequired

from .accountability_common import AccountabilityCommon


@tagged("post_install", "-at_install")
class TestPromiseChanges(AccountabilityCommon):
    def _last_note(self, record):
        return record.message_ids.filtered(
            lambda m: "Promise changed" in (m.body or "")
        )[:1]

    def test_mo_deadline(self):
        production = self._production(date_deadline="2031-03-10 10:00:00")
        production.date_deadline = (
            "2031-03-11 10:00:00"  # still a draft: no promise yet
        )
        production.action_confirm()
        with self.assertRaises(PromiseReasonRequired) as caught:
            production.date_deadline = "2031-03-18 10:00:00"
        self.assertIn("Deadline", str(caught.exception))
        # what the web client needs to ask for the reason and replay the write
        self.assertEqual(caught.exception.args[1:3], ("mrp.production", production.ids))
        self.assertEqual(str(production.date_deadline), "2031-03-11 10:00:00")

        production.with_user(self.planner).with_context(
            jewel_change_reason="Centre stone arrives nine days late"
        ).date_deadline = "2031-03-18 10:00:00"
        note = self._last_note(production)
        self.assertIn("2031-03-11", note.body)
        self.assertIn("2031-03-18", note.body)
        self.assertIn("Centre stone arrives nine days late", note.body)
        self.assertEqual(note.author_id, self.planner.partner_id)

    def test_sale_commitment_date_and_price(self):
        order, _production = self._made_to_order()
        with self.assertRaises(PromiseReasonRequired):
            order.commitment_date = "2031-03-27 16:00:00"
        line = order.order_line
        with self.assertRaises(PromiseReasonRequired):
            line.price_unit = 3290.0
        self.assertEqual(line.price_unit, 3450.0)
        # the same value again is no change
        line.price_unit = 3450.0
        line.with_context(
            jewel_change_reason="Customer chose the H VS1 stone"
        ).price_unit = 3290.0
        note = self._last_note(order)
        self.assertIn("3450.0 → 3290.0", note.body)
        self.assertIn("Customer chose the H VS1 stone", note.body)
        order.with_context(
            jewel_change_reason="Stone late"
        ).commitment_date = "2031-03-27 16:00:00"
        self.assertIn("Stone late", self._last_note(order).body)
        self.env.cr.precommit.run()
        tracked = order.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "commitment_date"
        )
        self.assertTrue(tracked, "Odoo's own tracking keeps the old delivery date too")

    def test_metal_weight_of_a_costed_design(self):
        self.env["jewel.metal.price"].create(
            {
                "metal_id": self.env.ref("jewel_bom.jewel_metal_xau").id,
                "date": "2031-01-01",
                "price": 80.0,
            }
        )
        line = self.bom.bom_line_ids
        line.product_qty = 3.9  # not costed yet: a draft design
        self.bom.jewel_cost_date = "2031-01-02"
        self.bom.action_jewel_recost()
        with self.assertRaises(PromiseReasonRequired):
            line.product_qty = 4.1
        self.assertEqual(line.product_qty, 3.9)
        line.with_context(
            jewel_change_reason="Customer wants a heavier shank"
        ).product_qty = 4.1
        note = self._last_note(self.bom)
        self.assertIn("3.9 → 4.1", note.body)
