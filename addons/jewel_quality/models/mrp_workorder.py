from odoo import fields, models


class MrpWorkorder(models.Model):
    _inherit = "mrp.workorder"

    jewel_quality_check_ids = fields.One2many(
        "jewel.quality.check", "workorder_id", string="Quality Checks"
    )
