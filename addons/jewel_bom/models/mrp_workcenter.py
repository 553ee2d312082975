from odoo import models


class MrpWorkcenter(models.Model):
    _name = "mrp.workcenter"
    _inherit = ["mrp.workcenter", "jewel.exception.source.mixin"]

    def _jewel_default_exception_kind(self):
        return "breakdown"

    def _jewel_affected_promises(self):
        """A workcenter down puts at risk the MOs planned on it and their orders."""
        workorders = self.env["mrp.workorder"].search(
            [("workcenter_id", "in", self.ids), ("state", "not in", ("done", "cancel"))]
        )
        return workorders.production_id._jewel_affected_promises()

    def unblock(self):
        result = super().unblock()
        self.env["jewel.exception"].close_for(
            self, "breakdown", self.env._("%s unblocked and back in use.", self.name)
        )
        return result


class MrpWorkcenterProductivity(models.Model):
    _inherit = "mrp.workcenter.productivity"

    def button_block(self):
        result = super().button_block()
        for productivity in self.filtered(lambda p: p.loss_type == "availability"):
            workcenter = productivity.workcenter_id
            self.env["jewel.exception"].raise_exception(
                workcenter,
                "breakdown",
                self.env._(
                    "%(workcenter)s blocked: %(reason)s",
                    workcenter=workcenter.name,
                    reason=productivity.loss_id.name,
                ),
                description=productivity.description,
                closure_condition=self.env._("%s is unblocked.", workcenter.name),
            )
        return result
