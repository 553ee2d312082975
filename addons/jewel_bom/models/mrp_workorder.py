from odoo import models


class MrpWorkorder(models.Model):
    _name = "mrp.workorder"
    _inherit = ["mrp.workorder", "jewel.exception.source.mixin"]

    def _jewel_default_exception_kind(self):
        return "delay"

    def _jewel_affected_promises(self):
        return self.production_id._jewel_affected_promises()
