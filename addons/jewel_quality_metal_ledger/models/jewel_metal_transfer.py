from odoo import fields, models


class JewelMetalTransfer(models.Model):
    _inherit = "jewel.metal.transfer"

    jewel_quality_check_id = fields.Many2one(
        "jewel.quality.check",
        string="Quality Check",
        readonly=True,
        index="btree_not_null",
        help="The failed check whose rework or scrap moved this metal.",
    )
