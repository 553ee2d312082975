from odoo import api, fields, models

from odoo.addons.jewel_bom.tools import numbers

from ..models.jewel_quality_check import DECISIONS


class JewelQualityCheckFail(models.TransientModel):
    """The inspector's decision on a failed check."""

    _name = "jewel.quality.check.fail"
    _description = "Decide on a Failed Check"
    _inherit = ["jewel.number.mixin"]

    check_id = fields.Many2one("jewel.quality.check", required=True, readonly=True)
    production_id = fields.Many2one(related="check_id.production_id")
    bom_id = fields.Many2one(related="check_id.production_id.bom_id")
    decision = fields.Selection(DECISIONS, required=True, default="rework")
    defect_id = fields.Many2one(
        "jewel.quality.defect",
        compute="_compute_defect_id",
        store=True,
        readonly=False,
    )
    reason = fields.Text(required=True)
    operation_id = fields.Many2one(
        "mrp.routing.workcenter",
        string="Back to Operation",
        domain="[('bom_id', '=', bom_id)]",
    )
    workcenter_id = fields.Many2one(
        "mrp.workcenter",
        compute="_compute_workcenter_id",
        store=True,
        readonly=False,
    )
    rework_minutes = fields.Float(
        string="Extra Labour (min)", default=15.0, jewel_number=numbers.MINUTES
    )

    @api.depends("check_id")
    def _compute_defect_id(self):
        for wizard in self:
            wizard.defect_id = wizard.check_id.defect_id

    @api.depends("operation_id", "check_id")
    def _compute_workcenter_id(self):
        for wizard in self:
            wizard.workcenter_id = (
                wizard.operation_id.workcenter_id or wizard.check_id.workcenter_id
            )

    def action_confirm(self):
        """The check's decision methods check the role: the wizard is not the rule."""
        self.ensure_one()
        check = self.check_id
        if self.decision == "rework":
            check.action_decide_rework(
                self.workcenter_id,
                self.rework_minutes,
                self.reason,
                defect=self.defect_id,
                operation=self.operation_id,
            )
        elif self.decision == "scrap":
            check.action_decide_scrap(self.reason, defect=self.defect_id)
        else:
            check.action_decide_deviation(self.reason, defect=self.defect_id)
        return {"type": "ir.actions.act_window_close"}
