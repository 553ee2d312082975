from odoo import fields, models

from odoo.addons.jewel_bom.tools import numbers


class MrpWorkcenter(models.Model):
    _name = "mrp.workcenter"
    _inherit = ["mrp.workcenter", "jewel.number.mixin"]

    jewel_metal_loss_tolerance = fields.Float(
        string="Metal Loss Tolerance (%)",
        digits=(5, 2),
        jewel_number=numbers.PERCENT,
        help="Loss of fine metal allowed on jobs done here (casting 0.5–1.5 %, "
        "setting 0.1–0.5 %, polishing 0.5–1.5 %). 0 = the company's whole-job "
        "tolerance.",
    )
