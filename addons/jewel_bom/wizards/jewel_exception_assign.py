from odoo import api, fields, models


class JewelExceptionAssign(models.TransientModel):
    """Hand an exception over to another owner or role, saying why."""

    _name = "jewel.exception.assign"
    _description = "Reassign a Workshop Exception"

    exception_id = fields.Many2one("jewel.exception", required=True, readonly=True)
    company_id = fields.Many2one(related="exception_id.company_id")
    role_group_id = fields.Many2one(
        "res.groups",
        string="Responsible Role",
        compute="_compute_from_exception",
        store=True,
        readonly=False,
        domain=lambda self: [
            (
                "category_id",
                "=",
                self.env.ref(
                    "jewel_bom.module_category_jewellery", raise_if_not_found=False
                ).id,
            )
        ],
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        compute="_compute_from_exception",
        store=True,
        readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    note = fields.Text(help="Why the exception changes hands (kept in its chatter).")

    @api.depends("exception_id")
    def _compute_from_exception(self):
        for wizard in self:
            wizard.role_group_id = wizard.exception_id.role_group_id
            wizard.user_id = wizard.exception_id.user_id

    def action_confirm(self):
        self.ensure_one()
        self.exception_id._assign(self.user_id, self.role_group_id, self.note)
        return {"type": "ir.actions.act_window_close"}
