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
