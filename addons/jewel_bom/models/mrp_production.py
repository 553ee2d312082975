from markupsafe import Markup

from odoo import api, fields, models


class MrpProduction(models.Model):
    _name = "mrp.production"
    _inherit = [
        "mrp.production",
        "jewel.exception.source.mixin",
        "jewel.promise.mixin",
        "jewel.story.mixin",
    ]

    _jewel_promise_fields = ["date_deadline"]
    _jewel_promise_date_fields = ("date_deadline", "date_finished")

    date_deadline = fields.Datetime(tracking=True)

    def _jewel_promise_is_committed(self):
        self.ensure_one()
        return self.state not in ("draft", "cancel", "done")

    def _jewel_sale_orders(self):
        self.ensure_one()
        return (
            self.procurement_group_id.mrp_production_ids.move_dest_ids.group_id.sale_id
            | self.sale_line_id.order_id
        )

    def _jewel_exception_subjects(self):
        """The MO and the sale orders it is made for: the late centre stone of
        the order is a problem of the MO that sets it."""
        return super()._jewel_exception_subjects() + [self._jewel_sale_orders()]

    def _jewel_affected_promises(self):
        promises = []
        for production in self:
            promises.append(
                {
                    "record": production,
                    "date": production.date_deadline or production.date_finished,
                    "partner": production._jewel_sale_orders()[:1].partner_id,
                }
            )
            for order in production._jewel_sale_orders():
                promises.append(
                    {
                        "record": order,
                        "date": order.commitment_date or order.expected_date,
                        "partner": order.partner_id,
                    }
                )
        return promises

    def _jewel_default_exception_kind(self):
        return "shortage"

    def action_confirm(self):
        result = super().action_confirm()
        self._jewel_raise_shortages()
        return result

    def _jewel_raise_shortages(self):
        """A component not available when the MO is confirmed is a material shortage."""
        for production in self.filtered(
            lambda p: (
                p.state == "confirmed"
                and p.components_availability_state in ("late", "unavailable")
            )
        ):
            missing = production.move_raw_ids.filtered(
                lambda m: (
                    m.state not in ("done", "cancel")
                    and m.forecast_availability < m.product_uom_qty
                )
            )
            rows = Markup("").join(
                Markup("<li>%s: %s %s needed, %s forecast</li>")
                % (
                    move.product_id.display_name,
                    move.product_uom_qty,
                    move.product_uom.name,
                    max(move.forecast_availability, 0.0),
                )
                for move in missing
            )
            self.env["jewel.exception"].raise_exception(
                production,
                "shortage",
                self.env._("Components missing for %s", production.name),
                description=Markup("<ul>%s</ul>") % rows,
                closure_condition=self.env._(
                    "All components of %s are reserved.", production.name
                ),
            )

    @api.model
    def _cron_jewel_raise_delays(self):
        """Daily: an MO past its deadline and not done is a production delay."""
        late = self.search(
            [
                ("state", "not in", ("draft", "done", "cancel")),
                ("date_deadline", "<", fields.Datetime.now()),
            ]
        )
        for production in late:
            self.env["jewel.exception"].raise_exception(
                production,
                "delay",
                self.env._("%s is past its deadline", production.name),
                description=self.env._(
                    "Deadline %(deadline)s passed; %(qty)s %(uom)s still to make.",
                    deadline=production.date_deadline,
                    qty=production.product_qty - production.qty_produced,
                    uom=production.product_uom_id.name,
                ),
                closure_condition=self.env._(
                    "%s is done, or its deadline is moved with a reason.",
                    production.name,
                ),
            )
        return late
