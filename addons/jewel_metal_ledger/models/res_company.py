from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.jewel_bom.tools import numbers


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "jewel.number.mixin"]

    jewel_metal_loss_tolerance = fields.Float(
        string="Whole-job Metal Loss Tolerance (%)",
        digits=(5, 2),
        default=2.0,
        jewel_number=numbers.PERCENT,
        help="Loss allowed on a whole job (bench to finished piece: 1–3 %) when "
        "neither the goldsmith nor the workcenter sets one.",
    )
    jewel_metal_process_location_id = fields.Many2one(
        "stock.location",
        string="Metal in Process Location",
        help="Where metal issued from a vault sits while goldsmiths work it.",
    )

    jewel_metal_journal_id = fields.Many2one(
        "account.journal",
        string="Metal Loss Journal",
        domain="[('type', '=', 'general'), ('company_id', '=', id)]",
        help="Journal of the entries valuing metal losses and recoveries.",
    )
    jewel_metal_loss_account_id = fields.Many2one(
        "account.account",
        string="Metal Loss Expense Account",
        help="Debited with the value of metal lost in process.",
    )
    jewel_metal_stock_account_id = fields.Many2one(
        "account.account",
        string="Metal in Process Account",
        help="Credited with the value of metal lost (it left the workshop's stock).",
    )

    jewel_metal_lock_date = fields.Date(
        string="Metal Ledger Lock Date",
        tracking=True,
        help="No metal transfer dated on or before this date can be posted, "
        "cancelled or reversed: the metal counted and closed up to it stays as it "
        "was counted. A posted transfer of the locked period is corrected by a "
        "reversal dated after it. Only the owner sets it.",
    )

    def write(self, vals):
        if "jewel_metal_lock_date" in vals:
            self._jewel_check_metal_lock_date(vals["jewel_metal_lock_date"])
        return super().write(vals)

    def _jewel_check_metal_lock_date(self, value):
        """Only the owner moves the metal lock date, never into the future nor
        over write-offs still awaiting approval."""
        changed = self.filtered(
            lambda c: c.jewel_metal_lock_date != fields.Date.to_date(value)
        )
        if not changed:
            return
        if not (self.env.su or self.env.user.has_group("jewel_bom.group_jewel_owner")):
            raise AccessError(
                self.env._("Only the owner sets the lock date of the metal ledger.")
            )
        if not value:
            return
        lock = fields.Date.to_date(value)
        if lock > fields.Date.context_today(self):
            raise UserError(
                self.env._(
                    "The metal ledger cannot be locked in the future (%(date)s).",
                    date=lock,
                )
            )
        waiting = (
            self.env["jewel.metal.transfer"]
            .sudo()
            .search(
                [
                    ("company_id", "in", changed.ids),
                    ("state", "=", "to_approve"),
                    ("date", "<=", lock),
                ],
                limit=5,
            )
        )
        if waiting:
            raise UserError(
                self.env._(
                    "Approve or cancel the write-offs awaiting approval dated on or "
                    "before %(date)s before locking the metal ledger: %(transfers)s.",
                    date=lock,
                    transfers=", ".join(waiting.mapped("name")),
                )
            )

    def _jewel_metal_process_location(self):
        """The company's "Metal in Process" location, created on first use."""
        self.ensure_one()
        if not self.jewel_metal_process_location_id:
            warehouse = self.env["stock.warehouse"].search(
                [("company_id", "=", self.id)], limit=1
            )
            # Created once per company by the first posting, whoever posts it.
            self.sudo().jewel_metal_process_location_id = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Metal in Process"),
                        "usage": "internal",
                        "location_id": warehouse.view_location_id.id,
                        "company_id": self.id,
                    }
                )
            )
        return self.jewel_metal_process_location_id
