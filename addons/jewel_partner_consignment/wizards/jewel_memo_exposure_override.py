from odoo import fields, models
from odoo.exceptions import AccessError


class JewelMemoExposureOverride(models.TransientModel):
    _name = "jewel.memo.exposure.override"
    _description = "Override a partner's exposure limit for one memo"

    memo_id = fields.Many2one("jewel.memo", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_override(self):
        """A sales manager lets the memo go over the limit, with a reason."""
        self.ensure_one()
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(
                self.env._("Only a sales manager can override an exposure limit.")
            )
        memo = self.memo_id
        memo.write(
            {
                "exposure_override_reason": self.reason,
                "exposure_override_user_id": self.env.user.id,
            }
        )
        memo.message_post(
            body=self.env._(
                "Exposure limit of %(partner)s overridden by %(user)s: %(reason)s",
                partner=memo.partner_id.display_name,
                user=self.env.user.name,
                reason=self.reason,
            )
        )
        memo.action_send()
        return {"type": "ir.actions.act_window_close"}
