from odoo import fields, models


class JewelMemoExposureOverride(models.TransientModel):
    _name = "jewel.memo.exposure.override"
    _description = "Override a partner's exposure limit for one memo"

    memo_id = fields.Many2one("jewel.memo", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_override(self):
        """A sales manager sends the memo over the limit, with a reason.

        The memo checks who may do it (``jewel.memo._override_exposure_and_send``).
        """
        self.ensure_one()
        self.memo_id._override_exposure_and_send(self.reason)
        return {"type": "ir.actions.act_window_close"}
