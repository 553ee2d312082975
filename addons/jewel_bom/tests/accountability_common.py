from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class AccountabilityCommon(BaseCommon):
    """Role users, a ring made to order from 18K grain, a bench workcenter."""

    @classmethod
    def default_env_context(cls):
        # exceptions and promises are about the chatter: keep tracking on
        return {
            "tracking_disable": False,
            "mail_create_nosubscribe": True,
            "no_reset_password": True,
        }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        group = "jewel_bom.group_jewel_"

        def user(login, role):
            return new_test_user(
                env,
                login=login,
                name=login.title(),
                groups=f"base.group_user,{group}{role}",
            )

        cls.owner = user("acc_owner", "owner")
        cls.planner = user("acc_planner", "planner")
        cls.supervisor = user("acc_supervisor", "supervisor")
        cls.supervisor_2 = user("acc_supervisor_2", "supervisor")
        cls.goldsmith = user("acc_goldsmith", "goldsmith")
        cls.customer = env["res.partner"].create({"name": "Claire Dubois"})
        gram = env.ref("uom.product_uom_gram")
        cls.grain = env["product.product"].create(
            {
                "name": "Accountability grain 18K",
                "is_storable": True,
                "uom_id": gram.id,
                "uom_po_id": gram.id,
                "jewel_component_type": "metal",
                "jewel_alloy_id": env.ref("jewel_bom.jewel_alloy_au750_yellow").id,
            }
        )
        cls.workcenter = env["mrp.workcenter"].create({"name": "Accountability bench"})
        cls.ring = env["product.product"].create(
            {"name": "Accountability solitaire", "is_storable": True}
        )
        cls.bom = env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.ring.product_tmpl_id.id,
                "bom_line_ids": [
                    (0, 0, {"product_id": cls.grain.id, "product_qty": 3.8})
                ],
                "operation_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Assemble",
                            "workcenter_id": cls.workcenter.id,
                            "time_cycle_manual": 40,
                        },
                    )
                ],
            }
        )
        cls.stock = env.ref("stock.stock_location_stock")

    @classmethod
    def _production(cls, **vals):
        return cls.env["mrp.production"].create(
            dict(
                {
                    "product_id": cls.ring.id,
                    "bom_id": cls.bom.id,
                    "product_qty": 1,
                    "user_id": cls.planner.id,
                },
                **vals,
            )
        )

    def _add_stock(self, product, qty):
        self.env["stock.quant"]._update_available_quantity(product, self.stock, qty)

    def _made_to_order(self, commitment_date="2031-03-20 16:00:00"):
        """A confirmed sale of the ring, made to order: the MO comes from the sale."""
        mto = self.env.ref("stock.route_warehouse0_mto")
        mto.active = True
        manufacture = self.env.ref("mrp.route_warehouse0_manufacture")
        self.ring.route_ids = [(6, 0, (mto | manufacture).ids)]
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.owner.id,
                "commitment_date": commitment_date,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.ring.id,
                            "product_uom_qty": 1,
                            "price_unit": 3450.0,
                        },
                    )
                ],
            }
        )
        order.action_confirm()
        production = self.env["mrp.production"].search([("origin", "=", order.name)])
        return order, production
