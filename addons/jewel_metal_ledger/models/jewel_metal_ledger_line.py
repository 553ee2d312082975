from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.jewel_bom.tools import numbers

from .jewel_metal_transfer import TRANSFER_TYPES

# The context value of a posting: JSON cannot carry it, so a client (JSON-RPC
# passes the context it likes) can never create ledger lines by forging it.
_POSTING = object()


class JewelMetalLedgerLine(models.Model):
    """One side of a posted metal movement, in fine grams. Immutable.

    Lines are only created by posting a transfer; nobody writes or deletes them
    (a mistake is corrected by a reversal transfer).
    """

    _name = "jewel.metal.ledger.line"
    _description = "Metal Ledger Line"
    _inherit = ["jewel.number.mixin"]
    _order = "date desc, id desc"
    _rec_name = "transfer_id"

    transfer_id = fields.Many2one(
        "jewel.metal.transfer",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    transfer_type = fields.Selection(TRANSFER_TYPES, readonly=True, required=True)
    account_id = fields.Many2one(
        "jewel.metal.account", required=True, readonly=True, ondelete="restrict"
    )
    account_type = fields.Selection(related="account_id.account_type", store=True)
    counterpart_account_id = fields.Many2one(
        "jewel.metal.account", readonly=True, ondelete="restrict"
    )
    metal_id = fields.Many2one(
        "jewel.metal", required=True, readonly=True, ondelete="restrict"
    )
    alloy_id = fields.Many2one(
        "jewel.alloy", required=True, readonly=True, ondelete="restrict"
    )
    gross_weight = fields.Float(
        string="Gross (g)",
        digits="Jewel Weight",
        readonly=True,
        jewel_number=numbers.SIGNED_WEIGHT,
        help="Signed: positive when the account receives the metal.",
    )
    fine_weight = fields.Float(
        string="Fine (g)",
        digits="Jewel Weight",
        readonly=True,
        jewel_number=numbers.SIGNED_WEIGHT,
        help="Signed: positive when the account receives the metal.",
    )
    date = fields.Date(required=True, readonly=True)
    production_id = fields.Many2one(
        "mrp.production",
        string="Manufacturing Order",
        readonly=True,
        index="btree_not_null",
    )
    workorder_id = fields.Many2one("mrp.workorder", readonly=True)
    job_id = fields.Many2one("jewel.metal.job", readonly=True, index="btree_not_null")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )

    def init(self):
        # Balances and statements read by account and metal up to a date.
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS jewel_metal_ledger_line_account_metal_date_idx
            ON jewel_metal_ledger_line (account_id, metal_id, date)
            INCLUDE (fine_weight, gross_weight)
            """
        )

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("jewel_metal_posting") is not _POSTING:
            raise UserError(
                self.env._(
                    "Metal ledger lines are written only by posting a metal transfer."
                )
            )
        return super().create(vals_list)

    @api.model
    def _create_posted(self, vals_list):
        """The ledger lines of a transfer being posted (its posting only)."""
        return self.with_context(jewel_metal_posting=_POSTING).create(vals_list)

    def write(self, vals):
        if self:
            raise UserError(
                self.env._(
                    "Posted metal ledger lines cannot be changed. To correct a "
                    "movement, reverse its transfer."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Posted metal ledger lines cannot be deleted. To correct a movement, "
                "reverse its transfer."
            )
        )
