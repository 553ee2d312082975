from odoo import fields, models


class JewelExceptionReject(models.TransientModel):
    """Reject a proposed resolution, saying why."""

    _name = "jewel.exception.reject"
    _description = "Reject a Workshop Exception"

    exception_ids = fields.Many2many("jewel.exception", required=True)
    reason = fields.Text(required=True)

    def action_reject(self):
        self.ensure_one()
        return self.exception_ids._reject(self.reason)
