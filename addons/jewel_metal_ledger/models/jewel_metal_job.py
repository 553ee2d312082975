from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_is_zero, float_round

from odoo.addons.jewel_bom.tools.numbers import round_weight

from .jewel_metal_transfer import check_metal_keeper


class JewelMetalJob(models.Model):
    """The metal one goldsmith or workstation holds for one manufacturing order.

    Issued, returned in the piece and as scrap, the loss and the tolerance that
    applies: closing the job settles the loss. Jobs follow the postings; nobody
    edits them, and only a supervisor's decision closes one over tolerance.
    """

    _name = "jewel.metal.job"
    _description = "Metal Job Reconciliation"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "jewel.exception.source.mixin",
        "jewel.lifecycle.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True

    _jewel_transition_fields = (
        "state",
        "decision",
        "decision_reason",
        "decided_by_id",
        "date_closed",
    )
    # a job is what its postings made it, in every state
    _jewel_editable_states = ()
    _jewel_unlink_states = ()

    name = fields.Char(compute="_compute_name", store=True)
    production_id = fields.Many2one(
        "mrp.production",
        string="Manufacturing Order",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    workorder_id = fields.Many2one("mrp.workorder", string="Work Order", readonly=True)
    workcenter_id = fields.Many2one(
        "mrp.workcenter",
        compute="_compute_workcenter_id",
        store=True,
    )
    account_id = fields.Many2one(
        "jewel.metal.account",
        string="Held by",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    user_id = fields.Many2one(
        related="account_id.user_id", string="Goldsmith", store=True
    )
    metal_id = fields.Many2one(
        "jewel.metal", required=True, readonly=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    state = fields.Selection(
        [
            ("open", "Open"),
            ("exception", "Loss over Tolerance"),
            ("closed", "Closed"),
        ],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
    )
    decision = fields.Selection(
        [
            ("none", "No loss"),
            ("tolerance", "Within tolerance"),
            ("approved", "Approved by supervisor"),
            ("charged_back", "Charged back to the goldsmith"),
        ],
        readonly=True,
        tracking=True,
    )
    decision_reason = fields.Text(readonly=True, tracking=True)
    decided_by_id = fields.Many2one(
        "res.users",
        string="Decided by",
        readonly=True,
        tracking=True,
        help="The supervisor who approved or charged back a loss over tolerance.",
    )
    date_closed = fields.Date(readonly=True)
    ledger_line_ids = fields.One2many(
        "jewel.metal.ledger.line", "job_id", readonly=True
    )
    gross_issued = fields.Float(
        string="Issued (g)",
        digits="Jewel Weight",
        compute="_compute_weights",
        store=True,
    )
    fine_issued = fields.Float(
        string="Fine Issued (g)",
        digits="Jewel Weight",
        compute="_compute_weights",
        store=True,
    )
    gross_returned_piece = fields.Float(
        string="Returned in Piece (g)",
        digits="Jewel Weight",
        compute="_compute_weights",
        store=True,
    )
    fine_returned_piece = fields.Float(
        string="Fine in Piece (g)",
        digits="Jewel Weight",
        compute="_compute_weights",
        store=True,
    )
    gross_returned_scrap = fields.Float(
        string="Returned as Scrap (g)",
        digits="Jewel Weight",
        compute="_compute_weights",
        store=True,
    )
    fine_returned_scrap = fields.Float(
        string="Fine in Scrap (g)",
        digits="Jewel Weight",
        compute="_compute_weights",
        store=True,
    )
    gross_loss = fields.Float(
        string="Loss (g)", digits="Jewel Weight", compute="_compute_weights", store=True
    )
    fine_loss = fields.Float(
        string="Fine Loss (g)",
        digits="Jewel Weight",
        compute="_compute_weights",
        store=True,
    )
    loss_percent = fields.Float(
        string="Loss (%)",
        digits=(5, 2),
        compute="_compute_weights",
        store=True,
        aggregator="avg",
        help="(Fine issued − fine returned) / fine issued.",
    )
    fine_settled = fields.Float(
        string="Fine Settled (g)",
        digits="Jewel Weight",
        compute="_compute_weights",
        store=True,
        help="Loss already posted to the loss account or charged back.",
    )
    fine_outstanding = fields.Float(
        string="Fine Still Out (g)",
        digits="Jewel Weight",
        compute="_compute_weights",
        store=True,
    )
    tolerance = fields.Float(
        string="Tolerance (%)", digits=(5, 2), compute="_compute_tolerance", store=True
    )
    tolerance_source = fields.Char(compute="_compute_tolerance", store=True)
    within_tolerance = fields.Boolean(compute="_compute_within_tolerance")

    _sql_constraints = [
        (
            "job_unique",
            "unique(production_id, workorder_id, account_id, metal_id)",
            "One metal job per order, work order, holder and metal.",
        ),
    ]

    @api.depends("production_id.name", "account_id.name", "metal_id.code")
    def _compute_name(self):
        for job in self:
            parts = (job.production_id.name, job.account_id.name, job.metal_id.code)
            job.name = " · ".join(part or "" for part in parts)

    @api.depends("workorder_id.workcenter_id", "account_id.workcenter_id")
    def _compute_workcenter_id(self):
        for job in self:
            job.workcenter_id = (
                job.workorder_id.workcenter_id or job.account_id.workcenter_id
            )

    @api.depends(
        "ledger_line_ids.fine_weight",
        "ledger_line_ids.gross_weight",
        "ledger_line_ids.transfer_type",
    )
    def _compute_weights(self):
        groups = (
            self.env["jewel.metal.ledger.line"]
            .sudo()
            ._read_group(
                [("job_id", "in", self.ids)],
                ["job_id", "transfer_type"],
                ["gross_weight:sum", "fine_weight:sum"],
            )
        )
        sums = {(job.id, kind): (gross, fine) for job, kind, gross, fine in groups}
        for job in self:

            def total(kinds, sign=1, job_id=job.id):
                gross = fine = 0.0
                for kind in kinds:
                    g, f = sums.get((job_id, kind), (0.0, 0.0))
                    gross += sign * g
                    fine += sign * f
                return round_weight(gross), round_weight(fine)

            job.gross_issued, job.fine_issued = total(["issue"])
            job.gross_returned_piece, job.fine_returned_piece = total(["return"], -1)
            job.gross_returned_scrap, job.fine_returned_scrap = total(
                ["scrap_return"], -1
            )
            _gross_settled, job.fine_settled = total(["loss", "chargeback"], -1)
            job.gross_loss = round_weight(
                job.gross_issued - job.gross_returned_piece - job.gross_returned_scrap
            )
            job.fine_loss = round_weight(
                job.fine_issued - job.fine_returned_piece - job.fine_returned_scrap
            )
            job.fine_outstanding = round_weight(
                sum(
                    fine
                    for (job_id, _kind), (_g, fine) in sums.items()
                    if job_id == job.id
                )
            )
            job.loss_percent = (
                float_round(job.fine_loss / job.fine_issued * 100, precision_digits=2)
                if job.fine_issued
                else 0.0
            )

    @api.depends(
        "account_id.loss_tolerance",
        "workcenter_id.jewel_metal_loss_tolerance",
        "company_id.jewel_metal_loss_tolerance",
    )
    def _compute_tolerance(self):
        for job in self:
            job.tolerance, job.tolerance_source = job._get_tolerance()

    @api.depends("loss_percent", "tolerance")
    def _compute_within_tolerance(self):
        for job in self:
            job.within_tolerance = (
                float_compare(job.loss_percent, job.tolerance, precision_digits=2) <= 0
            )

    # ------------------------------------------------------------------ business
    def _get_tolerance(self):
        """Loss tolerance (%) for this job and where it comes from.

        Meant to be extended. The holder's own tolerance wins, then the
        workcenter's, then the company's whole-job tolerance.
        """
        self.ensure_one()
        if self.account_id.loss_tolerance:
            return self.account_id.loss_tolerance, self.account_id.name
        if self.workcenter_id.jewel_metal_loss_tolerance:
            return (
                self.workcenter_id.jewel_metal_loss_tolerance,
                self.workcenter_id.name,
            )
        return self.company_id.jewel_metal_loss_tolerance, self.env._(
            "Whole job (company)"
        )

    @api.model
    def _get_or_create(self, production, workorder, account, metals):
        """The open jobs of ``account`` on ``production`` per metal, created if needed.

        :return: ``{metal: job}``
        """
        jobs = self.search(
            [
                ("production_id", "=", production.id),
                ("workorder_id", "=", workorder.id),
                ("account_id", "=", account.id),
                ("metal_id", "in", metals.ids),
            ]
        )
        result = {job.metal_id: job for job in jobs}
        closed = jobs.filtered(lambda j: j.state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "The metal job %(job)s is closed: no more metal moves on it.",
                    job=closed[0].name,
                )
            )
        missing = metals - jobs.metal_id
        if missing:
            # Jobs follow the transfers posted by the storekeeper.
            new_jobs = self.sudo().create(
                [
                    {
                        "production_id": production.id,
                        "workorder_id": workorder.id,
                        "account_id": account.id,
                        "metal_id": metal.id,
                        "company_id": production.company_id.id,
                    }
                    for metal in missing
                ]
            )
            result.update({job.metal_id: job.sudo(False) for job in new_jobs})
        return result

    def _settle_lines(self):
        """Lines of a transfer taking what is still out on the job, per alloy."""
        self.ensure_one()
        groups = (
            self.env["jewel.metal.ledger.line"]
            .sudo()
            ._read_group(
                [("job_id", "=", self.id)],
                ["alloy_id"],
                ["gross_weight:sum", "fine_weight:sum"],
            )
        )
        lines = []
        for alloy, gross, fine in groups:
            fine = round_weight(fine)
            if fine <= 0:
                continue
            gross = max(round_weight(gross), fine)
            lines.append(
                fields.Command.create(
                    {
                        "alloy_id": alloy.id,
                        "fineness": float_round(
                            fine / gross * 1000, precision_digits=2
                        ),
                        "gross_weight": gross,
                        "fine_weight": fine,
                        "product_id": False,
                    }
                )
            )
        return lines

    def _post_settlement(self, transfer_type, to_account, note):
        self.ensure_one()
        lines = self._settle_lines()
        if not lines:
            return self.env["jewel.metal.transfer"]
        # Posted by the job's closing (storekeeper) or decision (supervisor),
        # both allowed to move metal: the tolerance or the decision approves it.
        transfer = self.env["jewel.metal.transfer"].create(
            {
                "transfer_type": transfer_type,
                "from_account_id": self.account_id.id,
                "to_account_id": to_account.id,
                "production_id": self.production_id.id,
                "workorder_id": self.workorder_id.id,
                "company_id": self.company_id.id,
                "note": note,
                "date": self.env.context.get("jewel_metal_date")
                or fields.Date.context_today(self),
                "line_ids": lines,
            }
        )
        transfer._post()
        return transfer

    def _close(self, decision, reason=None):
        vals = {
            "state": "closed",
            "decision": decision,
            "decision_reason": reason,
            "date_closed": fields.Date.context_today(self),
        }
        if decision in ("approved", "charged_back"):
            vals["decided_by_id"] = self.env.user.id
        # called by action_close and the supervisor's decisions, after their checks
        self._jewel_transition().write(vals)

    def _check_can_close(self):
        check_metal_keeper(
            self.env,
            self.env._("Only the storekeeper or a supervisor closes metal jobs."),
        )

    def _check_can_decide(self):
        """A supervisor decides a loss over tolerance.

        Never the one who holds the job, nor who raised or owns its loss
        exception (the rule of the exception's approval; the owner may).
        """
        user = self.env.user
        is_owner = user.has_group("jewel_bom.group_jewel_owner")
        if not (is_owner or user.has_group("jewel_bom.group_jewel_supervisor")):
            raise AccessError(
                self.env._("Only a supervisor can approve a metal loss over tolerance.")
            )
        for job in self:
            if job.state != "exception":
                raise UserError(
                    self.env._(
                        "%(job)s has no loss over tolerance waiting for a decision.",
                        job=job.name,
                    )
                )
            exceptions = job.jewel_exception_ids.filtered(
                lambda e: e.kind == "metal_loss"
            )
            involved = job.user_id | exceptions.raised_by_id | exceptions.user_id
            if not is_owner and user in involved:
                raise AccessError(
                    self.env._(
                        "%(job)s: you hold this job or raised or own its loss "
                        "exception; another supervisor or the owner decides it.",
                        job=job.name,
                    )
                )

    def _check_decision_reason(self, reason):
        if not (reason or "").strip():
            raise UserError(
                self.env._(
                    "Give the reason why the metal loss is approved or charged back."
                )
            )

    # ------------------------------------------------------------------ actions
    def action_close(self):
        """Settle the loss: within tolerance it is posted; above, it is escalated."""
        self._check_can_close()
        for job in self:
            if job.state != "open":
                continue
            loss_account = self.env["jewel.metal.account"]._get_company_account(
                "loss", job.company_id
            )
            if float_is_zero(job.fine_outstanding, precision_digits=3):
                job._close("none")
            elif job.within_tolerance:
                job._post_settlement(
                    "loss",
                    loss_account,
                    self.env._(
                        "Loss of %(loss).2f %% within the tolerance of "
                        "%(tolerance).2f %%.",
                        loss=job.loss_percent,
                        tolerance=job.tolerance,
                    ),
                )
                job._close("tolerance")
            else:
                # checked above: whoever may close a job escalates its loss
                job._jewel_transition().state = "exception"
                job._raise_loss_exception()
        return True

    def action_decide(self):
        """Supervisor: open the decision on a loss over tolerance."""
        self.ensure_one()
        self._check_can_decide()
        return {
            "type": "ir.actions.act_window",
            "res_model": "jewel.metal.job.decide",
            "view_mode": "form",
            "target": "new",
            "context": {"default_job_id": self.id},
        }

    # ------------------------------------------------------------------ decisions
    def _approve_loss(self, reason):
        """Supervisor: accept a loss over tolerance, posting it to the loss account."""
        self._check_can_decide()
        self._check_decision_reason(reason)
        for job in self:
            loss_account = self.env["jewel.metal.account"]._get_company_account(
                "loss", job.company_id
            )
            job._post_settlement("loss", loss_account, reason)
            job._close("approved", reason)
            job._resolve_loss_exception(reason)
        return True

    def _charge_back(self, reason):
        """Supervisor: the goldsmith owes the loss (off the job, on their account)."""
        self._check_can_decide()
        self._check_decision_reason(reason)
        for job in self:
            job._post_settlement("chargeback", job.account_id, reason)
            job._close("charged_back", reason)
            job._resolve_loss_exception(reason)
        return True

    # ------------------------------------------------------- accountability hooks
    def _jewel_default_exception_kind(self):
        return "metal_loss"

    def _raise_loss_exception(self):
        """Escalate a loss over tolerance to the supervisors (meant to be extended)."""
        for job in self:
            self.env["jewel.exception"].raise_exception(
                job,
                "metal_loss",
                job._loss_summary(),
                description=self.env._(
                    "Issued %(issued).3f g fine, returned %(piece).3f g in the piece "
                    "and %(scrap).3f g as scrap.",
                    issued=job.fine_issued,
                    piece=job.fine_returned_piece,
                    scrap=job.fine_returned_scrap,
                ),
                closure_condition=self.env._(
                    "The loss is approved with a reason or charged back to the "
                    "goldsmith."
                ),
                role="jewel_bom.group_jewel_supervisor",
                measured_value=f"{job.loss_percent:.2f} %",
            )

    def _resolve_loss_exception(self, reason):
        """The loss over tolerance has been decided (meant to be extended)."""
        self.env["jewel.exception"].close_for(self, "metal_loss", reason)

    def _loss_summary(self):
        self.ensure_one()
        return self.env._(
            "%(job)s: %(loss).3f g fine %(metal)s lost (%(pct).2f %%), over the "
            "tolerance of %(tolerance).2f %%.",
            job=self.name,
            loss=self.fine_loss,
            metal=self.metal_id.name,
            pct=self.loss_percent,
            tolerance=self.tolerance,
        )
