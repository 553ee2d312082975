from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .accountability_common import AccountabilityCommon
from .rpc import RpcMixin

EXCEPTION = "jewel.exception"
REFUSED = "cannot raise or refresh a workshop exception on a Sales Order you may not"


@tagged("post_install", "-at_install")
class TestExceptionSourceAccess(RpcMixin, AccountabilityCommon):
    """An exception copies the number, customer and date of the orders its
    source puts at risk: it is raised only on a record its user may read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a salesperson who reads only their own orders
        cls.salesperson = new_test_user(
            cls.env,
            login="src_salesperson",
            groups="base.group_user,sales_team.group_sale_salesman",
        )

    def _vals(self, order, **vals):
        return dict(
            {
                "kind": "delay",
                "summary": "Client asks about her ring",
                "res_model": "sale.order",
                "res_id": order.id,
                "source_name": "anything",
                "closure_condition": "Answered",
            },
            **vals,
        )

    def test_no_exception_on_an_order_one_may_not_read(self):
        order, _production = self._made_to_order()
        self.assertRpcRefused(
            AccessError,
            r"Sales Order \(sale.order\)",
            self.salesperson,
            "sale.order",
            "read",
            order.ids,
            ["name"],
        )
        self.assertRpcRefused(
            AccessError,
            REFUSED,
            self.salesperson,
            EXCEPTION,
            "create",
            self._vals(order),
        )
        self.assertFalse(
            self.env["jewel.exception.promise"]
            .search([("res_model", "=", "sale.order"), ("res_id", "=", order.id)])
            .exception_id.filtered(lambda e: e.create_uid == self.salesperson)
        )
        # nor by pointing one of their own exceptions at it
        own = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesperson.id,
                "commitment_date": "2031-04-02 10:00:00",
            }
        )
        exception_id = self.rpc(self.salesperson, EXCEPTION, "create", self._vals(own))
        exception = self.env[EXCEPTION].browse(exception_id)
        self.assertEqual(exception.promise_ids.name, own.name)
        self.assertEqual(
            str(exception.promise_ids.promised_date), "2031-04-02 10:00:00"
        )
        self.assertRpcRefused(
            AccessError,
            REFUSED,
            self.salesperson,
            EXCEPTION,
            "write",
            [exception_id],
            {"res_id": order.id},
        )
        exception.invalidate_recordset()
        self.assertEqual(exception.res_id, own.id)
        self.assertEqual(exception.promise_ids.name, own.name)

    def test_the_orders_owner_still_raises_it(self):
        order, _production = self._made_to_order()
        exception_id = self.rpc(self.owner, EXCEPTION, "create", self._vals(order))
        exception = self.env[EXCEPTION].browse(exception_id)
        self.assertEqual(exception.promise_ids.name, order.name)
        self.assertEqual(exception.promise_ids.customer_id, self.customer)
        self.assertEqual(str(exception.promise_date), "2031-03-20 16:00:00")
        # and the goldsmith raising on the MO still puts the order at risk
        production = self.env["mrp.production"].search([("origin", "=", order.name)])
        exception_id = self.rpc(
            self.goldsmith,
            EXCEPTION,
            "create",
            {
                "kind": "scrap",
                "summary": "Porosity",
                "res_model": "mrp.production",
                "res_id": production.id,
                "closure_condition": "Recast",
            },
        )
        self.assertIn(
            ("sale.order", order.id),
            {
                (p.res_model, p.res_id)
                for p in self.env[EXCEPTION].browse(exception_id).promise_ids
            },
        )
