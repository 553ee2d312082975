from odoo import fields, models


class JewelMetalLockDate(models.TransientModel):
    """The owner locks the metal ledger up to a date.

    The same date is in Settings, which only an administrator opens: the owner
    of the workshop sets it here. The rules (owner only, not in the future) are
    the company's (``res.company._jewel_check_metal_lock_date``).
    """

    _name = "jewel.metal.lock.date"
    _description = "Lock the Metal Ledger"

    company_id = fields.Many2one(
        "res.company", readonly=True, default=lambda self: self.env.company
    )
    current_lock_date = fields.Date(
        related="company_id.jewel_metal_lock_date", string="Locked up to"
    )
    lock_date = fields.Date(
        string="Lock up to",
        default=lambda self: self.env.company.jewel_metal_lock_date,
        help="No metal transfer dated on or before this date can be posted or "
        "cancelled any more. Leave empty to unlock.",
    )

    def action_apply(self):
        self.ensure_one()
        company = self.env.company
        company._jewel_check_metal_lock_date(self.lock_date)
        # checked just above as the owner, who may not write companies otherwise
        company.sudo().jewel_metal_lock_date = self.lock_date
        return {"type": "ir.actions.act_window_close"}
