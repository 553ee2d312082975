from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.jewel_bom.tools import numbers

STATES = [
    ("draft", "Draft"),
    ("sent", "Sent to Assay Office"),
    ("returned", "Returned"),
    ("cancel", "Cancelled"),
]


class JewelHallmarkBatch(models.Model):
    """A hallnote: pieces of one fineness submitted to an assay office."""

    _name = "jewel.hallmark.batch"
    _description = "Hallmarking Batch (Hallnote)"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "jewel.lifecycle.mixin",
        "jewel.number.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    _jewel_transition_fields = ("state", "date_sent", "date_returned")
    _jewel_editable_states = ("draft",)
    _jewel_free_fields = ("user_id",)
    _jewel_unlink_states = ("draft", "cancel")

    name = fields.Char(
        required=True, copy=False, readonly=True, default=lambda self: self.env._("New")
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    assay_office_id = fields.Many2one("res.partner", required=True, tracking=True)
    market_id = fields.Many2one(
        "jewel.hallmark.market",
        tracking=True,
        help="The market the pieces are marked for: its rules (lowest standard, "
        "assay tolerance) decide which pieces pass; the pieces remember it.",
    )
    fineness = fields.Float(
        string="Declared Fineness (‰)",
        digits="Jewel Fineness",
        required=True,
        tracking=True,
        jewel_number=numbers.FINENESS,
        help="Every piece of the batch is declared at this standard.",
    )
    mark = fields.Char(
        compute="_compute_mark",
        store=True,
        readonly=False,
        help="The fineness mark struck on pieces that pass.",
    )
    state = fields.Selection(
        STATES, default="draft", required=True, tracking=True, copy=False
    )
    date_sent = fields.Date(readonly=True, tracking=True, copy=False)
    date_returned = fields.Date(readonly=True, tracking=True, copy=False)
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user
    )
    line_ids = fields.One2many("jewel.hallmark.batch.line", "batch_id", string="Pieces")
    piece_count = fields.Integer(compute="_compute_counts")
    failed_count = fields.Integer(compute="_compute_counts")

    @api.depends("fineness")
    def _compute_mark(self):
        for batch in self:
            batch.mark = f"{batch.fineness:g}" if batch.fineness else False

    @api.depends("line_ids.result")
    def _compute_counts(self):
        for batch in self:
            batch.piece_count = len(batch.line_ids)
            batch.failed_count = len(
                batch.line_ids.filtered(lambda li: li.result == "fail")
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "jewel.hallmark.batch"
                ) or self.env._("New")
        return super().create(vals_list)

    def _jewel_check_write(self, vals):
        """The lifecycle guard; the mark struck on passing pieces may still be
        corrected while the hallnote is at the assay office."""
        if "mark" in vals and all(batch.state == "sent" for batch in self):
            vals = {name: value for name, value in vals.items() if name != "mark"}
        return super()._jewel_check_write(vals)

    def _check_inspector(self):
        if not self.env.user.has_group("jewel_quality.group_jewel_quality_user"):
            raise AccessError(
                self.env._("Only the quality staff (inspectors) run hallnotes.")
            )

    def action_send(self):
        self._check_inspector()
        for batch in self:
            if batch.state != "draft":
                raise UserError(
                    self.env._("Hallnote %(batch)s was already sent.", batch=batch.name)
                )
            if not batch.line_ids:
                raise UserError(
                    self.env._("Hallnote %(batch)s has no pieces.", batch=batch.name)
                )
            batch.line_ids._check_lot_allowed()
            batch._check_market_standard()
            batch._jewel_transition().write(
                {"state": "sent", "date_sent": fields.Date.context_today(batch)}
            )
        return True

    def _check_market_standard(self):
        """The declared standard must be one the market marks, for each metal."""
        self.ensure_one()
        if not self.market_id:
            return
        for metal in self.line_ids.lot_id.jewel_alloy_id.metal_id:
            refused = self.market_id._rule(metal)._refuse_standard(self.fineness)
            if refused:
                raise UserError(
                    self.env._(
                        "Hallnote %(batch)s cannot be sent. %(rule)s",
                        batch=self.name,
                        rule=refused,
                    )
                )

    def action_return(self):
        """Record the assay office's results: pieces that pass are hallmarked,
        the others come back as failed assay checks to rework or scrap."""
        self._check_inspector()
        for batch in self:
            if batch.state != "sent":
                raise UserError(
                    self.env._(
                        "Hallnote %(batch)s must be sent before it returns.",
                        batch=batch.name,
                    )
                )
            missing = batch.line_ids.filtered(lambda li: not li.assay_fineness)
            if missing:
                raise UserError(
                    self.env._(
                        "Hallnote %(batch)s: enter the assay result of %(lots)s.",
                        batch=batch.name,
                        lots=", ".join(missing.lot_id.mapped("name")),
                    )
                )
            batch.line_ids._apply_result()
            batch._jewel_transition().write(
                {"state": "returned", "date_returned": fields.Date.context_today(batch)}
            )
        return True

    def action_cancel(self):
        self._check_inspector()
        if self.filtered(lambda b: b.state == "returned"):
            raise UserError(self.env._("A returned hallnote cannot be cancelled."))
        self._jewel_transition().write({"state": "cancel"})
        return True
