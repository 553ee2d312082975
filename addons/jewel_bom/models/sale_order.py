from odoo import fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = [
        "sale.order",
        "jewel.exception.source.mixin",
        "jewel.promise.mixin",
        "jewel.story.mixin",
    ]

    _jewel_promise_fields = ["commitment_date"]
    _jewel_promise_date_fields = ("commitment_date",)

    commitment_date = fields.Datetime(tracking=True)

    def _jewel_promise_is_committed(self):
        self.ensure_one()
        return self.state == "sale"

    def _jewel_affected_promises(self):
        return [
            {
                "record": order,
                "date": order.commitment_date or order.expected_date,
                "partner": order.partner_id,
            }
            for order in self
        ]


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "jewel.promise.mixin"]

    _jewel_promise_fields = ["price_unit"]

    def _jewel_promise_is_committed(self):
        self.ensure_one()
        return self.order_id.state == "sale"

    def _jewel_promise_thread(self):
        return self.order_id
