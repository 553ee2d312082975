from odoo import fields, models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    jewel_sale_order_id = fields.Many2one(
        "sale.order",
        string="Bespoke Order",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )

    def _jewel_sale_orders(self):
        """A bespoke order's MO is made for it without a procurement: its
        promise is affected (and its salesperson told) like a made-to-order one."""
        return super()._jewel_sale_orders() | self.jewel_sale_order_id
