import math

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from odoo.addons.jewel_bom.tools import numbers
from odoo.addons.jewel_bom.tools.numbers import round_weight

from .jewel_quality_point import MEASURED_KINDS

STATES = [("todo", "To Do"), ("pass", "Passed"), ("fail", "Failed")]
DECISIONS = [
    ("rework", "Rework"),
    ("scrap", "Scrap"),
    ("deviation", "Accepted with deviation"),
]
RECHECK_CLOSURE = "Re-check passed"
INSPECTOR = "jewel_quality.group_jewel_quality_user"
QUALITY_MANAGER = "jewel_quality.group_jewel_quality_manager"
# What a check is of: set when it is made, never changed after.
IDENTITY_FIELDS = ("point_id", "production_id", "workorder_id", "company_id")


class JewelQualityCheck(models.Model):
    """One check of one piece (MO or work order) against a checkpoint."""

    _name = "jewel.quality.check"
    _description = "Quality Check"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "jewel.exception.source.mixin",
        "jewel.lifecycle.mixin",
        "jewel.number.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    # The result, who recorded it, and the decision on a failure are set by the
    # inspector's and the quality manager's actions only.
    _jewel_transition_fields = (
        "state",
        "inspector_id",
        "date_checked",
        "expected_value",
        "decision",
        "decided_by_id",
        "decision_date",
        "decision_reason",
        "rework_workcenter_id",
        "rework_workorder_id",
        "rework_minutes",
        "scrap_id",
        "retest_of_id",
        "attempt",
        "market_refusal",
    )
    _jewel_editable_states = ("todo",)
    # notes and evidence photos may follow the result
    _jewel_free_fields = ("note", "evidence_ids")
    _jewel_unlink_states = ("todo",)

    name = fields.Char(
        required=True, copy=False, readonly=True, default=lambda self: self.env._("New")
    )
    point_id = fields.Many2one(
        "jewel.quality.point",
        string="Checkpoint",
        required=True,
        ondelete="restrict",
        check_company=True,
        index=True,
    )
    title = fields.Char(related="point_id.name", string="Title")
    kind = fields.Selection(related="point_id.kind", store=True)
    instructions = fields.Html(related="point_id.instructions")
    blocking = fields.Boolean(related="point_id.blocking", store=True)
    unit_label = fields.Char(related="point_id.unit_label")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    production_id = fields.Many2one(
        "mrp.production",
        string="Manufacturing Order",
        check_company=True,
        index="btree_not_null",
        ondelete="cascade",
    )
    production_state = fields.Selection(
        related="production_id.state", string="MO Status"
    )
    workorder_id = fields.Many2one(
        "mrp.workorder",
        string="Work Order",
        check_company=True,
        index="btree_not_null",
        ondelete="set null",
    )
    workcenter_id = fields.Many2one(
        "mrp.workcenter",
        compute="_compute_workcenter_id",
        store=True,
        index="btree_not_null",
    )
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        index=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Piece (Serial)",
        compute="_compute_lot_id",
        store=True,
        readonly=False,
        check_company=True,
    )
    goldsmith_id = fields.Many2one(
        "res.users",
        compute="_compute_goldsmith_id",
        store=True,
        readonly=False,
        help="Who made the piece: the work order's last worker, else the MO's "
        "responsible.",
    )
    state = fields.Selection(
        STATES, default="todo", required=True, tracking=True, copy=False
    )
    measured_value = fields.Float(
        digits="Jewel Weight", tracking=True, jewel_number=numbers.MEASURE
    )
    expected_value = fields.Float(
        digits="Jewel Weight",
        readonly=True,
        copy=False,
        help="The BOM's weight or stone count, or the alloy's fineness, at the time "
        "of the check.",
    )
    norm_min = fields.Float(related="point_id.norm_min")
    norm_max = fields.Float(related="point_id.norm_max")
    weight_tolerance = fields.Float(related="point_id.weight_tolerance")
    assay_office_id = fields.Many2one("res.partner", tracking=True)
    market_id = fields.Many2one(
        "jewel.hallmark.market",
        compute="_compute_market_id",
        store=True,
        readonly=False,
        tracking=True,
        help="Whose rules the assay and the mark follow: the piece's market.",
    )
    soldered = fields.Boolean(help="Assayed whole with its solder.")
    market_refusal = fields.Char(
        string="Refused By", readonly=True, copy=False, help="The market rule failed."
    )
    hallmark_mark = fields.Char(string="Mark", tracking=True)
    hallmark_date = fields.Date(tracking=True)
    certificate_ref = fields.Char(string="Certificate / Unique ID", tracking=True)
    inspector_id = fields.Many2one(
        "res.users", readonly=True, tracking=True, copy=False
    )
    date_checked = fields.Datetime(readonly=True, copy=False)
    evidence_ids = fields.Many2many(
        "ir.attachment", string="Evidence Photos", copy=False
    )
    defect_id = fields.Many2one("jewel.quality.defect", tracking=True, index=True)
    note = fields.Text()
    # Decision on failure.
    decision = fields.Selection(DECISIONS, readonly=True, copy=False, tracking=True)
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    decision_date = fields.Datetime(readonly=True, copy=False)
    decision_reason = fields.Text(readonly=True, copy=False)
    rework_workcenter_id = fields.Many2one("mrp.workcenter", readonly=True, copy=False)
    rework_workorder_id = fields.Many2one("mrp.workorder", readonly=True, copy=False)
    rework_minutes = fields.Float(
        readonly=True, copy=False, jewel_number=numbers.MINUTES
    )
    scrap_id = fields.Many2one("stock.scrap", readonly=True, copy=False)
    # Re-checks after a rework.
    retest_of_id = fields.Many2one(
        "jewel.quality.check",
        string="Re-check Of",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    retest_ids = fields.One2many("jewel.quality.check", "retest_of_id")
    retest_workorder_id = fields.Many2one(
        related="retest_of_id.rework_workorder_id",
        string="Rework Work Order",
        help="A re-check gets its result once this rework is done.",
    )
    retest_workorder_state = fields.Selection(
        related="retest_of_id.rework_workorder_id.state", string="Rework Status"
    )
    root_id = fields.Many2one(
        "jewel.quality.check",
        string="First Check",
        compute="_compute_root_id",
        store=True,
        recursive=True,
        index=True,
    )
    attempt = fields.Integer(default=1, readonly=True, copy=False)
    # Measures (0/1 per first check of a piece; re-checks count 0).
    is_first = fields.Boolean(compute="_compute_measures", store=True)
    first_pass = fields.Boolean(compute="_compute_measures", store=True)
    is_pending = fields.Boolean(
        compute="_compute_is_pending",
        search="_search_is_pending",
        help="Not passed and not resolved by a decision.",
    )

    @api.depends("workorder_id.workcenter_id", "point_id.workcenter_id")
    def _compute_workcenter_id(self):
        for check in self:
            check.workcenter_id = (
                check.workorder_id.workcenter_id or check.point_id.workcenter_id
            )

    @api.depends("production_id.product_id")
    def _compute_product_id(self):
        for check in self:
            if check.production_id:
                check.product_id = check.production_id.product_id

    @api.depends("production_id.lot_producing_id")
    def _compute_lot_id(self):
        for check in self:
            if check.production_id.lot_producing_id:
                check.lot_id = check.production_id.lot_producing_id

    @api.depends("lot_id.jewel_market_id")
    def _compute_market_id(self):
        for check in self:
            if check.lot_id.jewel_market_id:
                check.market_id = check.lot_id.jewel_market_id

    @api.depends("production_id.user_id", "workorder_id")
    def _compute_goldsmith_id(self):
        for check in self:
            worker = check.workorder_id.time_ids.sorted("date_start")[-1:].user_id
            check.goldsmith_id = worker or check.production_id.user_id

    @api.depends("retest_of_id.root_id")
    def _compute_root_id(self):
        for check in self:
            check.root_id = check.retest_of_id.root_id or check.retest_of_id or check

    @api.depends("state", "retest_of_id")
    def _compute_measures(self):
        for check in self:
            check.is_first = not check.retest_of_id
            check.first_pass = check.is_first and check.state == "pass"

    @api.depends("state", "decision")
    def _compute_is_pending(self):
        for check in self:
            check.is_pending = check.state == "todo" or (
                check.state == "fail" and not check.decision
            )

    def _search_is_pending(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on pending checks."))
        domain = [
            "|",
            ("state", "=", "todo"),
            "&",
            ("state", "=", "fail"),
            ("decision", "=", False),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.constrains("measured_value", "point_id")
    def _check_assay_reading(self):
        for check in self:
            if check.kind == "assay" and check.measured_value not in numbers.ASSAY:
                raise ValidationError(
                    self.env._(
                        "Check %(check)s: an assay reads from 0 to 1000 ‰, not "
                        "%(value)s ‰.",
                        check=check.name,
                        value=check.measured_value,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "jewel.quality.check"
                ) or self.env._("New")
        return super().create(vals_list)

    def _jewel_check_write(self, vals):
        """The lifecycle guard; and a check stays the check of its checkpoint on
        its piece (moving a pending check to a non-blocking checkpoint would
        unblock the MO)."""
        fixed = [name for name in IDENTITY_FIELDS if name in vals]
        if fixed:
            raise UserError(
                self.env._(
                    "%(fields)s of a quality check are set when it is made and "
                    "cannot be changed.",
                    fields=self._jewel_field_labels(fixed),
                )
            )
        return super()._jewel_check_write(vals)

    # ------------------------------------------------------------------
    # Roles
    # ------------------------------------------------------------------
    def _check_inspector(self):
        if not self.env.user.has_group(INSPECTOR):
            raise AccessError(
                self.env._(
                    "Only the quality staff (inspectors) record quality checks and "
                    "decide on failed ones."
                )
            )

    def _check_quality_manager(self):
        """A quality manager accepts a deviation, never on a check they
        performed themselves."""
        user = self.env.user
        for check in self:
            if not user.has_group(QUALITY_MANAGER):
                raise AccessError(
                    self.env._(
                        "Only a quality manager may accept %(check)s with a deviation.",
                        check=check.name,
                    )
                )
            if user == check.inspector_id:
                raise AccessError(
                    self.env._(
                        "%(check)s: you performed this check; another quality "
                        "manager must accept it with a deviation.",
                        check=check.name,
                    )
                )

    # ------------------------------------------------------------------
    # Recording results
    # ------------------------------------------------------------------
    def _check_can_record(self):
        self._check_inspector()
        for check in self:
            if check.production_id.state == "cancel":
                raise UserError(
                    self.env._(
                        "Check %(check)s: manufacturing order %(mo)s is cancelled; "
                        "its checks can no longer be recorded.",
                        check=check.name,
                        mo=check.production_id.name,
                    )
                )
            if check.state != "todo":
                raise UserError(
                    self.env._(
                        "Check %(check)s already has a result (%(state)s).",
                        check=check.name,
                        state=dict(STATES)[check.state],
                    )
                )
            rework = check.retest_of_id.rework_workorder_id
            if rework and rework.state not in ("done", "cancel"):
                raise UserError(
                    self.env._(
                        "Re-check %(check)s: the rework work order %(workorder)s is "
                        "still %(state)s; the piece is re-checked once it is done.",
                        check=check.name,
                        workorder=rework.display_name,
                        state=dict(
                            rework._fields["state"]._description_selection(self.env)
                        )[rework.state],
                    )
                )

    def _expected_weight(self):
        """Expected gross weight of one piece: the BOM's, else the product's."""
        self.ensure_one()
        bom = self.production_id.bom_id
        if bom and bom.jewel_gross_weight:
            return round_weight(bom.jewel_gross_weight / (bom.product_qty or 1.0))
        return self.product_id.jewel_gross_weight

    def _expected_stone_count(self):
        self.ensure_one()
        bom = self.production_id.bom_id
        if bom:
            return bom.jewel_stone_count / (bom.product_qty or 1.0)
        return self.product_id.jewel_stone_count

    def _standard_alloy(self):
        self.ensure_one()
        return (
            self.lot_id.jewel_alloy_id
            or self.product_id.jewel_alloy_id
            or self.production_id.bom_id.jewel_alloy_id
        )

    def _evaluate(self):
        """Expected value and pass/fail of a measured check; meant to be extended.

        :return: ``(expected_value, passed)``
        """
        self.ensure_one()
        value = self.measured_value
        if self.kind == "measurement":
            passed = (
                float_compare(value, self.norm_min, precision_digits=3) >= 0
                and float_compare(value, self.norm_max, precision_digits=3) <= 0
            )
            return 0.0, passed
        if self.kind == "weight":
            expected = self._expected_weight()
            if not expected:
                raise UserError(
                    self.env._(
                        "Check %(check)s: %(product)s has no expected weight on its "
                        "bill of materials to weigh against.",
                        check=self.name,
                        product=self.product_id.display_name,
                    )
                )
            gap = abs(value - expected)
            return expected, float_compare(
                gap, self.weight_tolerance, precision_digits=3
            ) <= 0
        if self.kind == "stone_count":
            expected = self._expected_stone_count()
            return expected, float_compare(value, expected, precision_digits=0) == 0
        if self.kind == "assay":
            alloy = self._standard_alloy()
            if not alloy:
                raise UserError(
                    self.env._(
                        "Check %(check)s: %(product)s has no alloy, so there is no "
                        "standard to assay against.",
                        check=self.name,
                        product=self.product_id.display_name,
                    )
                )
            if self.market_id:
                return alloy.fineness, not self._assay_refusal()
            # The mark is a minimum: the assay may never be below the standard.
            return alloy.fineness, float_compare(
                value, alloy.fineness, precision_digits=1
            ) >= 0
        raise UserError(
            self.env._("Check %(check)s is not a measured check.", check=self.name)
        )

    def action_record(self, measured_value=None):
        """Record the measured value and set the result from the checkpoint's norm.

        :param measured_value: the reading, when not entered on the check; a
            number, zero or more.
        """
        self._check_can_record()
        if measured_value is not None:
            if (
                isinstance(measured_value, bool)
                or not isinstance(measured_value, (int, float))
                or not math.isfinite(measured_value)
                or measured_value < 0
            ):
                raise UserError(
                    self.env._(
                        "Check %(check)s: the measured value must be a number, zero "
                        "or more.",
                        check=", ".join(self.mapped("name")),
                    )
                )
            self.measured_value = measured_value
        for check in self:
            if check.kind not in MEASURED_KINDS:
                raise UserError(
                    self.env._(
                        "Check %(check)s is passed or failed by the inspector, not "
                        "measured.",
                        check=check.name,
                    )
                )
            if not check.measured_value:
                raise UserError(
                    self.env._(
                        "Check %(check)s: enter the measured value first.",
                        check=check.name,
                    )
                )
            expected, passed = check._evaluate()
            check._set_result(
                "pass" if passed else "fail",
                expected_value=expected,
                market_refusal=check._assay_refusal(),
            )
        return True

    def _assay_refusal(self):
        """The market rule an assay check's reading fails, as a sentence (or
        ``False``): below the market's lowest standard for the metal, or below the
        declared standard by more than the market's tolerance."""
        self.ensure_one()
        alloy = self._standard_alloy()
        if self.kind != "assay" or not self.market_id or not alloy:
            return False
        rule = self.market_id._rule(alloy.metal_id)
        return rule._refuse_assay(alloy.fineness, self.measured_value, self.soldered)

    def action_pass(self):
        self._check_can_record()
        for check in self:
            if check.kind in MEASURED_KINDS:
                check.action_record()
                continue
            if check.kind == "hallmark":
                check._check_hallmark_allowed()
            check._set_result("pass")
        return True

    def action_fail(self):
        self._check_can_record()
        for check in self:
            check._set_result("fail")
        return True

    def _check_hallmark_allowed(self):
        """A piece whose assay failed (or is pending) may not be hallmarked."""
        self.ensure_one()
        if not (self.hallmark_mark and self.assay_office_id):
            raise UserError(
                self.env._(
                    "Check %(check)s: enter the assay office and the mark struck.",
                    check=self.name,
                )
            )
        alloy = self._standard_alloy()
        if self.market_id and alloy:
            refused = self.market_id._rule(alloy.metal_id)._refuse_standard(
                alloy.fineness
            )
            if refused:
                raise UserError(
                    self.env._(
                        "%(piece)s cannot be hallmarked. %(rule)s",
                        piece=self._piece_label(),
                        rule=refused,
                    )
                )
        failed = self._failed_assays(self.lot_id, self.production_id)
        if failed:
            raise UserError(
                self.env._(
                    "%(piece)s cannot be hallmarked: its assay failed (%(checks)s).",
                    piece=self._piece_label(),
                    checks=", ".join(failed.mapped("name")),
                )
            )

    @api.model
    def _failed_assays(self, lot=None, production=None):
        """Failed assay checks of a piece not cleared by a passed re-check or a
        deviation."""
        if lot:
            domain = [("lot_id", "=", lot.id)]
        elif production:
            domain = [("production_id", "=", production.id)]
        else:
            return self.browse()
        failed = self.search(
            domain
            + [
                ("kind", "=", "assay"),
                ("state", "=", "fail"),
                ("decision", "not in", ["deviation"]),
            ]
        )
        return failed.filtered(
            lambda check: "pass" not in check._retest_chain().mapped("state")
        )

    def _retest_chain(self):
        """This check's re-checks, and theirs, down the chain."""
        chain = self.browse()
        current = self.retest_ids
        while current:
            chain |= current
            current = current.retest_ids
        return chain

    def _set_result(self, state, **vals):
        """Write the result; the callers checked the inspector's role."""
        self.ensure_one()
        self._jewel_transition().write(
            dict(
                vals,
                state=state,
                inspector_id=self.env.user.id,
                date_checked=fields.Datetime.now(),
            )
        )
        if self.kind == "assay" and self.lot_id:
            # The assay belongs to the piece; the quality team may not edit lots.
            self.lot_id.sudo().jewel_assay_fineness = self.measured_value
        if state == "fail":
            self._raise_jewel_exception(
                "quality_rejection",
                self.env._(
                    "%(check)s failed on %(piece)s",
                    check=self.title,
                    piece=self._piece_label(),
                ),
                role="jewel_bom.group_jewel_quality",
            )
        elif state == "pass":
            self._on_retest_passed()
            if self.kind == "hallmark" and self.lot_id:
                self.lot_id.sudo().write(self._lot_hallmark_vals())  # lot fields are
                # written on behalf of the quality team, who may not edit lots.

    def _lot_hallmark_vals(self):
        return {
            "jewel_hallmark_mark": self.hallmark_mark,
            "jewel_hallmark_date": self.hallmark_date
            or fields.Date.context_today(self),
            "jewel_hallmark_office_id": self.assay_office_id.id,
            "jewel_hallmark_certificate": self.certificate_ref,
            "jewel_market_id": self.market_id.id,
        }

    def _piece_label(self):
        self.ensure_one()
        return (
            self.lot_id.name or self.production_id.name or self.product_id.display_name
        )

    def _on_retest_passed(self):
        """Close the failures this re-check answers."""
        self.ensure_one()
        failed = self.retest_of_id
        while failed:
            note = self.env._("Re-check %(check)s passed.", check=self.name)
            for kind in ("quality_rejection", "rework"):
                self._close_jewel_exception(failed, kind, note)
            failed = failed.retest_of_id

    # ------------------------------------------------------------------
    # Accountability layer
    # ------------------------------------------------------------------
    def _raise_jewel_exception(self, kind, summary, role, closure=RECHECK_CLOSURE):
        self.ensure_one()
        return self.env["jewel.exception"].raise_exception(
            self,
            kind,
            summary,
            description=self.decision_reason or self.note,
            closure_condition=closure,
            role=role,
            measured_value=self.measured_value or None,
        )

    def _close_jewel_exception(self, source, kind, note):
        return self.env["jewel.exception"].close_for(source, kind, note)

    # ------------------------------------------------------------------
    # Decisions on failure
    # ------------------------------------------------------------------
    def _check_can_decide(self, reason):
        """The check's state and the reason; the callers check the role first."""
        self.ensure_one()
        if self.state != "fail" or self.decision:
            raise UserError(
                self.env._(
                    "Check %(check)s: only a failed check without a decision can be "
                    "sent to rework, scrapped or accepted.",
                    check=self.name,
                )
            )
        if self.production_id.state == "cancel":
            raise UserError(
                self.env._(
                    "Check %(check)s: manufacturing order %(mo)s is cancelled.",
                    check=self.name,
                    mo=self.production_id.name,
                )
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Check %(check)s: say why.", check=self.name))

    def _write_decision(self, decision, reason, defect=None, **vals):
        # the decision methods checked the role and the check's state
        self._jewel_transition().write(
            dict(
                vals,
                decision=decision,
                decision_reason=reason,
                decided_by_id=self.env.user.id,
                decision_date=fields.Datetime.now(),
                defect_id=(defect or self.defect_id).id,
            )
        )
        self.message_post(
            body=Markup("<b>%s</b>: %s") % (dict(DECISIONS)[decision], reason)
        )

    @api.private
    def action_decide_rework(
        self, workcenter, minutes, reason, defect=None, operation=None
    ):
        """Send the piece back to ``workcenter`` for ``minutes`` more, then re-check.

        On an open MO the rework is an extra work order; a finished piece is
        reworked on the bench and re-checked (no stock moves). Inspectors only;
        private: the decision wizard calls it.
        :return: the re-check
        """
        self.ensure_one()
        self._check_inspector()
        self._check_can_decide(reason)
        workcenter = workcenter or operation.workcenter_id
        if not workcenter:
            raise UserError(
                self.env._(
                    "Check %(check)s: choose the operation to send the piece back to.",
                    check=self.name,
                )
            )
        if minutes < 0:
            raise UserError(self.env._("Extra labour cannot be negative."))
        defect = defect or self.defect_id
        workorder = self.env["mrp.workorder"]
        production = self.production_id
        if production and production.state not in ("done", "cancel"):
            workorder = workorder.create(
                {
                    "production_id": production.id,
                    "workcenter_id": workcenter.id,
                    "name": self.env._(
                        "Rework: %(operation)s (%(defect)s)",
                        operation=(operation.name if operation else workcenter.name),
                        defect=defect.name or self.title,
                    ),
                    "duration_expected": minutes,
                    "product_uom_id": production.product_uom_id.id,
                }
            )
        self._write_decision(
            "rework",
            reason,
            defect,
            rework_workcenter_id=workcenter.id,
            rework_workorder_id=workorder.id,
            rework_minutes=minutes,
        )
        # the re-check is the decision's own record: a new attempt at the same
        # checkpoint, made pending again
        recheck = self._jewel_transition().copy(
            {
                "retest_of_id": self.id,
                "attempt": self.attempt + 1,
                "measured_value": 0.0,
                "expected_value": 0.0,
                "defect_id": False,
                # a new attempt: nobody has checked it yet
                "inspector_id": False,
                "date_checked": False,
                "note": False,
                "lot_id": self.lot_id.id,
                "product_id": self.product_id.id,
                "goldsmith_id": self.goldsmith_id.id,
            }
        )
        recheck = recheck.with_env(self.env)
        self._raise_jewel_exception(
            "rework",
            self.env._(
                "Rework of %(piece)s at %(workcenter)s: %(defect)s",
                piece=self._piece_label(),
                workcenter=workcenter.name,
                defect=defect.name or self.title,
            ),
            role="jewel_bom.group_jewel_supervisor",
        )
        self._hook_rework(workorder)
        return recheck

    def _hook_rework(self, workorder):
        """Called after a rework decision; meant to be extended (metal ledger)."""

    @api.private
    def action_decide_scrap(self, reason, defect=None):
        """Scrap the piece with an Odoo scrap order. Inspectors only; private:
        the decision wizard calls it."""
        self.ensure_one()
        self._check_inspector()
        self._check_can_decide(reason)
        production = self.production_id
        product = self.product_id
        if not product:
            raise UserError(
                self.env._("Check %(check)s has no piece to scrap.", check=self.name)
            )
        scrap_vals = {
            "product_id": product.id,
            "product_uom_id": product.uom_id.id,
            "scrap_qty": 1.0,
            "lot_id": self.lot_id.id,
            "company_id": self.company_id.id,
            "origin": self.name,
        }
        if production:
            scrap_vals["production_id"] = production.id
            if production.state != "done":
                # The piece is still work in progress: it leaves the production
                # location, not the stock.
                scrap_vals["location_id"] = production.production_location_id.id
            scrap_vals["scrap_qty"] = min(1.0, production.product_qty) or 1.0
        scrap = self.env["stock.scrap"].create(scrap_vals)
        scrap.do_scrap()
        self._write_decision("scrap", reason, defect, scrap_id=scrap.id)
        self._close_jewel_exception(
            self, "quality_rejection", self.env._("Piece scrapped (%s).", scrap.name)
        )
        self._raise_jewel_exception(
            "scrap",
            self.env._(
                "%(piece)s scrapped: %(reason)s",
                piece=self._piece_label(),
                reason=reason,
            ),
            role="jewel_bom.group_jewel_supervisor",
            closure=self.env._("Scrap reviewed"),
        )
        self._hook_scrap(scrap)
        return scrap

    def _hook_scrap(self, scrap):
        """Called after a scrap decision; meant to be extended (metal ledger)."""

    @api.private
    def action_decide_deviation(self, reason, defect=None):
        """Accept the failed piece as it is: quality managers only, and not the
        one who performed the check. Private: the decision wizard calls it."""
        self.ensure_one()
        self._check_quality_manager()
        self._check_can_decide(reason)
        self._write_decision("deviation", reason, defect)
        self._close_jewel_exception(
            self,
            "quality_rejection",
            self.env._(
                "Accepted with deviation by %(user)s: %(reason)s",
                user=self.env.user.name,
                reason=reason,
            ),
        )
        return True

    @api.model
    def _jewel_demo_record(self, production_id, point_id, value, how):
        """Demo data: record the check of ``point_id`` on an MO (pass or measure)."""
        check = self.search(
            [("production_id", "=", production_id), ("point_id", "=", point_id)],
            limit=1,
        )
        if how == "record":
            check.action_record(value)
        else:
            check.action_pass()
        return check.id

    def action_open_fail_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decide on %s", self.name),
            "res_model": "jewel.quality.check.fail",
            "view_mode": "form",
            "target": "new",
            "context": {"default_check_id": self.id},
        }

    def action_open_recheck(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "view_mode": "form",
            "res_id": self.retest_ids[:1].id,
        }
