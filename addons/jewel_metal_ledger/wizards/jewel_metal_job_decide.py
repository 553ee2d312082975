from odoo import fields, models


class JewelMetalJobDecide(models.TransientModel):
    """A supervisor's decision on a metal loss over tolerance, with the reason."""

    _name = "jewel.metal.job.decide"
    _description = "Decide a Metal Loss over Tolerance"

    job_id = fields.Many2one("jewel.metal.job", required=True, readonly=True)
    fine_loss = fields.Float(related="job_id.fine_loss")
    loss_percent = fields.Float(related="job_id.loss_percent")
    tolerance = fields.Float(related="job_id.tolerance")
    decision = fields.Selection(
        [
            ("approve", "Approve the loss"),
            ("charge_back", "Charge it back to the goldsmith"),
        ],
        required=True,
        default="approve",
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        """The job's decision methods check who decides and the reason."""
        self.ensure_one()
        if self.decision == "approve":
            self.job_id._approve_loss(self.reason)
        else:
            self.job_id._charge_back(self.reason)
        return {"type": "ir.actions.act_window_close"}
