from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class JewelException(models.Model):
    _inherit = "jewel.exception"

    kind = fields.Selection(
        selection_add=[
            ("metal_loss", "Metal loss over tolerance"),
            ("due_diligence", "Supplier without current due diligence"),
        ],
        ondelete={"metal_loss": "cascade", "due_diligence": "cascade"},
    )

    @api.model
    def _jewel_default_roles(self):
        roles = super()._jewel_default_roles()
        roles["due_diligence"] = "jewel_bom.group_jewel_supervisor"
        return roles

    def _check_can_approve(self):
        """Receiving metal without due diligence: whoever asked never approves,
        the workshop owner included (four eyes on sourcing)."""
        result = super()._check_can_approve()
        for exception in self.filtered(lambda e: e.kind == "due_diligence"):
            if self.env.user == exception.raised_by_id:
                raise AccessError(
                    self.env._(
                        "%(name)s: you asked to receive this metal without due "
                        "diligence; another supervisor or the owner approves it.",
                        name=exception.name,
                    )
                )
        return result

    def action_approve(self):
        """Approving a metal loss over tolerance posts it to the loss account."""
        jobs_by_exception = self._jewel_metal_jobs()
        for exception in jobs_by_exception:
            if not (exception.approval_note or "").strip():
                raise UserError(
                    self.env._(
                        "%(name)s: write in the approval note why this metal loss is "
                        "accepted.",
                        name=exception.name,
                    )
                )
        result = super().action_approve()
        for exception, job in jobs_by_exception.items():
            job._approve_loss(exception.approval_note)
        return result

    def _jewel_metal_jobs(self):
        """``{exception: job}`` for the metal-loss exceptions waiting on a job."""
        losses = self.filtered(
            lambda e: e.kind == "metal_loss" and e.res_model == "jewel.metal.job"
        )
        jobs = self.env["jewel.metal.job"].browse(losses.mapped("res_id")).exists()
        return {
            exception: job
            for exception in losses
            for job in jobs
            if job.id == exception.res_id and job.state == "exception"
        }
