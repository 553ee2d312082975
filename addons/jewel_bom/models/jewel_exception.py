from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

# The quality rejection kind belongs to jewel_quality, which raises it.
EXCEPTION_KINDS = [
    ("shortage", "Material shortage"),
    ("breakdown", "Machine breakdown"),
    ("rework", "Rework"),
    ("scrap", "Scrap"),
    ("delay", "Production delay"),
]
EXCEPTION_STATES = [
    ("draft", "Draft"),
    ("open", "Open"),
    ("to_approve", "Awaiting Approval"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("closed", "Closed"),
]
OPEN_STATES = ("draft", "open", "to_approve", "approved", "rejected")
# Set when the exception is raised, then changed only by ``_assign``.
ASSIGNMENT_FIELDS = ("user_id", "role_group_id")
# Who owns each kind of problem when nobody is named.
DEFAULT_ROLE_BY_KIND = {
    "shortage": "jewel_bom.group_jewel_planner",
    "breakdown": "jewel_bom.group_jewel_supervisor",
    "rework": "jewel_bom.group_jewel_supervisor",
    "scrap": "jewel_bom.group_jewel_supervisor",
    "delay": "jewel_bom.group_jewel_planner",
}


class JewelException(models.Model):
    """A problem found after a promise was made: who owns it, what it affects,
    who approved what, and what must be true to close it."""

    _name = "jewel.exception"
    _description = "Workshop Exception"
    _inherit = ["mail.thread", "mail.activity.mixin", "jewel.lifecycle.mixin"]
    _order = "state_sequence, date_raised desc, id desc"
    _check_company_auto = True
    # Who raised it, the approval and the closure are set by the workflow only.
    # The approval note and the closure note follow their own rules (see
    # ``_jewel_check_write``), the owner and role too (``_assign``).
    _jewel_transition_fields = (
        "state",
        "raised_by_id",
        "date_raised",
        "approved_by_id",
        "date_approved",
        "closed_by_id",
        "date_closed",
    )
    # The owner works on the resolution while it is open or rejected; once
    # submitted it is what the approver sees, once approved what was approved.
    _jewel_editable_states = ("draft", "open", "rejected")
    _jewel_unlink_states = ("draft",)

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    summary = fields.Char(
        required=True, tracking=True, help="What happened, in a line."
    )
    kind = fields.Selection(EXCEPTION_KINDS, required=True, tracking=True, index=True)
    state = fields.Selection(
        EXCEPTION_STATES,
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    # Source: any record (MO, work order, workcenter, purchase, memo, quality check…)
    res_model = fields.Char(string="Source Model", index=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Source ID", model_field="res_model", index=True, readonly=True
    )
    source_ref = fields.Reference(
        selection="_selection_source_ref",
        string="Source",
        compute="_compute_source_ref",
        inverse="_inverse_source_ref",
    )
    source_name = fields.Char(string="Source Document", readonly=True)
    raised_by_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        required=True,
        readonly=True,
        copy=False,
    )
    date_raised = fields.Datetime(
        default=fields.Datetime.now, required=True, readonly=True, copy=False
    )
    # Responsibility
    role_group_id = fields.Many2one(
        "res.groups",
        string="Responsible Role",
        tracking=True,
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
        "res.users", string="Owner", tracking=True, index=True, check_company=True
    )
    approver_id = fields.Many2one(
        "res.users",
        tracking=True,
        help="Who is asked to approve; any supervisor may when empty.",
    )
    # Evidence
    description = fields.Html(help="What was seen, measured, decided.")
    measured_value = fields.Char(help="The reading that shows the problem.")
    attachment_count = fields.Integer(compute="_compute_attachment_count")
    # Approval
    approved_by_id = fields.Many2one(
        "res.users", readonly=True, tracking=True, copy=False
    )
    date_approved = fields.Datetime(readonly=True, tracking=True, copy=False)
    approval_note = fields.Text(
        tracking=True,
        copy=False,
        help="The approver's note, or why the resolution was rejected.",
    )
    # Closure
    closure_condition = fields.Text(
        tracking=True, help="What must be true before this exception can be closed."
    )
    closure_note = fields.Text(
        tracking=True, copy=False, help="How the closure condition was met."
    )
    date_closed = fields.Datetime(readonly=True, tracking=True, copy=False)
    closed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    # Affected promises
    promise_ids = fields.One2many(
        "jewel.exception.promise",
        "exception_id",
        string="Affected Promises",
        readonly=True,
    )
    promise_date = fields.Datetime(
        string="Earliest Promise",
        compute="_compute_promise_date",
        store=True,
        help="The earliest committed date this exception puts at risk.",
    )

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {state: i for i, (state, _label) in enumerate(EXCEPTION_STATES)}
        for exception in self:
            exception.state_sequence = order.get(exception.state, 0)

    @api.model
    def _selection_source_ref(self):
        """Models that take exceptions: those using the source mixin."""
        mixin = self.env.registry["jewel.exception.source.mixin"]
        return [
            (name, self.env[name]._description)
            for name in sorted(mixin._inherit_children)
            if name in self.env
        ]

    @api.depends("res_model", "res_id")
    def _compute_source_ref(self):
        for exception in self:
            if (
                exception.res_model
                and exception.res_model in self.env
                and exception.res_id
            ):
                exception.source_ref = f"{exception.res_model},{exception.res_id}"
            else:
                exception.source_ref = False

    def _inverse_source_ref(self):
        for exception in self:
            source = exception.source_ref
            exception.write(
                {
                    "res_model": source._name if source else False,
                    "res_id": source.id if source else False,
                    "source_name": source.display_name if source else False,
                }
            )

    def _compute_attachment_count(self):
        counts = dict(
            self.env["ir.attachment"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        for exception in self:
            exception.attachment_count = counts.get(exception.id, 0)

    @api.depends("promise_ids.promised_date")
    def _compute_promise_date(self):
        for exception in self:
            dates = exception.promise_ids.filtered("promised_date").mapped(
                "promised_date"
            )
            exception.promise_date = min(dates) if dates else False

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _jewel_default_roles(self):
        """``{kind: xml id of the role}`` that owns each kind of problem when
        nobody is named. Meant to be extended by the addons that add kinds."""
        return dict(DEFAULT_ROLE_BY_KIND)

    @api.model_create_multi
    def create(self, vals_list):
        if not self._jewel_in_transition() and any(
            vals.get("approval_note") for vals in vals_list
        ):
            raise UserError(
                self.env._(
                    "The approval note of a new workshop exception cannot be set "
                    "directly: its approver writes it."
                )
            )
        default_roles = self._jewel_default_roles()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("jewel.exception") or "/"
                )
            if not vals.get("role_group_id") and vals.get("kind") in default_roles:
                role = self.env.ref(
                    default_roles[vals["kind"]], raise_if_not_found=False
                )
                vals["role_group_id"] = role.id if role else False
        exceptions = super().create(vals_list)
        exceptions._jewel_check_source_access()
        for exception in exceptions:
            if exception.res_model and not exception.source_name:
                exception.source_name = exception.source_ref.display_name
        exceptions._refresh_promises()
        return exceptions

    def _jewel_check_write(self, vals):
        """The lifecycle guard, and three rules of its own.

        - The owner and the responsible role are named when the exception is
          raised, then change only through ``_assign`` (the Reassign button).
        - The approval note is the approver's: written while the exception
          awaits approval, by someone who may approve it.
        - The closure note may be written until the exception is closed.
        """
        if "res_model" in vals or "res_id" in vals:
            for exception in self:
                self._jewel_check_source_access(
                    vals.get("res_model", exception.res_model),
                    vals.get("res_id", exception.res_id),
                )
        assigned = [name for name in ASSIGNMENT_FIELDS if name in vals]
        if assigned:
            raise UserError(
                self.env._(
                    "%(fields)s of a workshop exception cannot be written directly: "
                    "use Reassign, which checks who may hand it over and records it.",
                    fields=self._jewel_field_labels(assigned),
                )
            )
        vals = dict(vals)
        if "approval_note" in vals:
            del vals["approval_note"]
            self._check_can_approve()
        if "closure_note" in vals:
            del vals["closure_note"]
            for exception in self.filtered(lambda e: e.state == "closed"):
                self._jewel_refuse_frozen(
                    exception,
                    exception.state,
                    self.env._("its closure note can no longer be changed"),
                )
        return super()._jewel_check_write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(exception.state != "draft" for exception in self):
            raise UserError(
                self.env._(
                    "Only draft exceptions can be deleted; close or reject the others "
                    "so that their history stays."
                )
            )

    # ------------------------------------------------------------------
    # Promises
    # ------------------------------------------------------------------
    def _jewel_check_source_access(self, res_model=None, res_id=None):
        """The source of an exception is a record its user may read.

        The promises an exception copies (order numbers, customers, dates) are
        found from its source with sudo: pointing an exception at a record one
        may not read would show them. Checks ``res_model``/``res_id`` when
        given, else the sources of ``self``; nothing to check as superuser.

        :raise AccessError: naming the kind of record, not the record.
        """
        if self.env.su:
            return
        if res_model:
            sources = [(res_model, [res_id])] if res_id else []
        else:
            by_model = {}
            for exception in self.filtered(lambda e: e.res_model and e.res_id):
                by_model.setdefault(exception.res_model, []).append(exception.res_id)
            sources = list(by_model.items())
        for model, ids in sources:
            if model not in self.env:
                continue
            records = self.env[model].browse(ids)
            try:
                records.check_access("read")
            except AccessError as error:
                raise AccessError(
                    self.env._(
                        "You cannot raise or refresh a workshop exception on a "
                        "%(kind)s you may not read.",
                        kind=records._description,
                    )
                ) from error

    def _refresh_promises(self):
        """Recompute the promises each exception puts at risk, from its source."""
        self._jewel_check_source_access()
        for exception in self:
            source = exception.source_ref
            promises = []
            if source and hasattr(source, "_jewel_affected_promises"):
                # sudo: the links from a source to its orders are read whoever
                # raised the exception (its source is a record they may read,
                # see _jewel_check_source_access); only names and dates are copied.
                promises = source.sudo()._jewel_affected_promises()
            # the affected promises are the exception's own lines: only it
            # rewrites them, in any state but closed. Lines are updated in
            # place, keyed on the promised record: deleting them (a plain
            # (5,) then (0,)) would empty the whole ORM cache at each refresh,
            # e.g. at every date an MO writes while it is marked done
            commands = exception._jewel_promise_commands(promises)
            if commands:
                exception._jewel_transition().write({"promise_ids": commands})

    def _jewel_promise_commands(self, promises):
        """One2many commands turning the exception's promise lines into
        ``promises``: update the lines of the same record, create the new
        ones, delete only those of records no longer affected."""
        self.ensure_one()
        existing = {(line.res_model, line.res_id): line for line in self.promise_ids}
        commands = []
        for promise in promises:
            record = promise["record"]
            vals = {
                "res_model": record._name,
                "res_id": record.id,
                "name": record.display_name,
                "promised_date": promise.get("date") or False,
                "customer_id": promise.get("partner").id
                if promise.get("partner")
                else False,
            }
            line = existing.pop((record._name, record.id), None)
            if not line:
                commands.append(Command.create(vals))
            elif (
                line.name != vals["name"]
                or line.promised_date != vals["promised_date"]
                or line.customer_id.id != vals["customer_id"]
            ):
                commands.append(Command.update(line.id, vals))
        commands += [Command.delete(line.id) for line in existing.values()]
        return commands

    def action_refresh_promises(self):
        closed = self.filtered(lambda e: e.state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "%s is closed: it keeps the promises it put at risk.",
                    ", ".join(closed.mapped("name")),
                )
            )
        self._refresh_promises()
        return True

    # ------------------------------------------------------------------
    # Responsibility and next actions
    # ------------------------------------------------------------------
    def _responsible_user(self):
        """The owner; else the source's responsible person when they hold the role;
        else the first user holding the role, the workshop owner last."""
        self.ensure_one()
        if self.user_id:
            return self.user_id
        role_users = self.role_group_id.users.filtered(
            lambda u: u.active and not u.share and self.company_id in u.company_ids
        )
        source = self.source_ref
        if source and "user_id" in source._fields and source.user_id in role_users:
            return source.user_id
        owners = self.env.ref("jewel_bom.group_jewel_owner").users
        return (role_users - owners).sorted("id")[:1] or role_users.sorted("id")[:1]

    def _schedule_next_action(self, user, summary, note=None):
        """Replace the open next actions of each exception by one for ``user``."""
        for exception in self:
            exception.activity_ids.filtered(lambda a: a.user_id != user).unlink()
            if user and not exception.activity_ids:
                exception.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=summary,
                    note=note or exception.closure_condition or "",
                    user_id=user.id,
                )

    def _approvers(self):
        self.ensure_one()
        if self.approver_id:
            return self.approver_id
        supervisors = self.env.ref("jewel_bom.group_jewel_supervisor").users.filtered(
            lambda u: (
                u.active
                and not u.share
                and u not in self.raised_by_id | self.user_id
                and self.company_id in u.company_ids
            )
        )
        owners = self.env.ref("jewel_bom.group_jewel_owner").users
        return (supervisors - owners).sorted("id")[:1] or supervisors.sorted("id")[:1]

    def action_reassign(self):
        """Open the wizard that hands the exception to another owner or role."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reassign %s", self.name),
            "res_model": "jewel.exception.assign",
            "view_mode": "form",
            "target": "new",
            "context": {"default_exception_id": self.id},
        }

    def _check_can_assign(self):
        """Its owner hands an exception over (its raiser while it has none);
        supervisors and the workshop owner reassign any. Never while it awaits
        approval: who owns it decides who may approve it."""
        user = self.env.user
        is_supervisor = user.has_group("jewel_bom.group_jewel_supervisor")
        for exception in self:
            if exception.state in ("to_approve", "closed"):
                raise UserError(
                    self.env._(
                        "%(name)s is %(state)s: it cannot be reassigned.",
                        name=exception.name,
                        state=dict(EXCEPTION_STATES)[exception.state].lower(),
                    )
                )
            handing_over = user == (exception.user_id or exception.raised_by_id)
            if not (is_supervisor or handing_over):
                raise AccessError(
                    self.env._(
                        "%(name)s: only its owner, a supervisor or the workshop owner "
                        "can reassign it.",
                        name=exception.name,
                    )
                )

    def _assign(self, user, role=None, note=None):
        """Hand the exceptions over to ``user`` (and ``role``), tracked in the
        chatter with ``note``; the new owner gets the next action.

        :param user: the new owner, an employee of the exceptions' companies.
        :param role: the new responsible role, one of the workshop's roles;
            empty keeps the current one.
        """
        self._check_can_assign()
        user = user.exists() if user else user
        if not user or user.share or not user.active:
            raise UserError(
                self.env._("Choose an active employee as the owner of the exception.")
            )
        foreign = self.filtered(lambda e: e.company_id not in user.company_ids)
        if foreign:
            raise UserError(
                self.env._(
                    "%(user)s does not work for %(company)s.",
                    user=user.name,
                    company=foreign[0].company_id.name,
                )
            )
        vals = {"user_id": user.id}
        if role:
            category = self.env.ref("jewel_bom.module_category_jewellery")
            if role.category_id != category:
                raise UserError(
                    self.env._(
                        "%(role)s is not one of the workshop's roles.", role=role.name
                    )
                )
            vals["role_group_id"] = role.id
        # the role checked above: who owns an exception is a tracked decision
        self._jewel_transition().write(vals)
        for exception in self:
            if note and note.strip():
                exception.message_post(
                    body=self.env._(
                        "Reassigned to %(user)s: %(note)s", user=user.name, note=note
                    )
                )
            if exception.state == "draft":
                continue
            summary = (
                self.env._("Close %s", exception.summary)
                if exception.state == "approved"
                else self.env._("Resolve %s", exception.summary)
            )
            exception._schedule_next_action(user, summary)
        return True

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_open(self):
        for exception in self:
            if exception.state != "draft":
                raise UserError(self.env._("%s is already open.", exception.name))
            owner = exception._responsible_user()
            # opening names the owner when nobody was: the workflow's own step
            exception._jewel_transition().write({"state": "open", "user_id": owner.id})
            exception._schedule_next_action(
                owner, self.env._("Resolve %s", exception.summary)
            )
        return True

    def action_submit(self):
        """Ask for approval of the proposed resolution."""
        for exception in self:
            if exception.state not in ("open", "rejected"):
                raise UserError(
                    self.env._("Only an open exception can be sent for approval.")
                )
            exception._jewel_transition().write({"state": "to_approve"})
            exception._schedule_next_action(
                exception._approvers(),
                self.env._("Approve %s", exception.summary),
                note=exception.description,
            )
        return True

    def action_approve(self):
        self._check_can_approve()
        self._jewel_transition().write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "date_approved": fields.Datetime.now(),
            }
        )
        for exception in self:
            exception._schedule_next_action(
                exception._responsible_user(),
                self.env._("Close %s", exception.summary),
            )
            exception._schedule_customer_calls()
        return True

    def _schedule_customer_calls(self):
        """An approved decision that touches a customer's promise: the order's
        salesperson tells the customer."""
        self.ensure_one()
        # sudo: the approver may not be allowed into the order, its salesperson is
        orders = (
            self.env["sale.order"]
            .sudo()
            .browse(
                self.promise_ids.filtered(lambda p: p.res_model == "sale.order").mapped(
                    "res_id"
                )
            )
            .exists()
        )
        for order in orders.filtered("user_id"):
            order.activity_schedule(
                "mail.mail_activity_data_call",
                summary=self.env._(
                    "Tell %(customer)s about %(exception)s",
                    customer=order.partner_id.name,
                    exception=self.name,
                ),
                note=self.summary,
                user_id=order.user_id.id,
            )

    def _reject(self, reason):
        self._check_can_approve()
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the exception is rejected."))
        for exception in self:
            exception._jewel_transition().write(
                {"state": "rejected", "approval_note": reason}
            )
            exception._schedule_next_action(
                exception._responsible_user(),
                self.env._("Rework the resolution of %s", exception.summary),
                note=reason,
            )
        return True

    def action_reject(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject"),
            "res_model": "jewel.exception.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_exception_ids": self.ids},
        }

    def _check_can_approve(self):
        """Every path to an approval or a rejection goes through here: a
        supervisor approves exceptions awaiting approval that they neither raised
        nor own; the workshop owner any."""
        user = self.env.user
        is_owner = user.has_group("jewel_bom.group_jewel_owner")
        if not (is_owner or user.has_group("jewel_bom.group_jewel_supervisor")):
            raise AccessError(
                self.env._(
                    "Only a supervisor or the owner can approve or reject exceptions."
                )
            )
        for exception in self:
            if exception.state != "to_approve":
                raise UserError(
                    self.env._("%s is not awaiting approval.", exception.name)
                )
            if not is_owner and user in (exception.raised_by_id | exception.user_id):
                raise AccessError(
                    self.env._(
                        "%(name)s: you raised or own this exception; another "
                        "supervisor or the owner must approve it.",
                        name=exception.name,
                    )
                )

    def action_close(self):
        for exception in self:
            if exception.state == "closed":
                continue
            if exception.state in ("to_approve", "rejected") or (
                exception.state == "draft"
            ):
                raise UserError(
                    self.env._(
                        "%(name)s cannot be closed while %(state)s.",
                        name=exception.name,
                        state=dict(EXCEPTION_STATES)[exception.state].lower(),
                    )
                )
            if not (exception.closure_condition or "").strip():
                raise UserError(
                    self.env._(
                        "%s has no closure condition: say what must be true before it "
                        "is closed.",
                        exception.name,
                    )
                )
            if not (exception.closure_note or "").strip():
                raise UserError(
                    self.env._(
                        "%(name)s: record how the closure condition "
                        "«%(condition)s» was met before closing.",
                        name=exception.name,
                        condition=exception.closure_condition,
                    )
                )
        to_close = self.filtered(lambda e: e.state != "closed")
        to_close._jewel_transition().write(
            {
                "state": "closed",
                "date_closed": fields.Datetime.now(),
                "closed_by_id": self.env.user.id,
            }
        )
        to_close.activity_ids.action_feedback(feedback=self.env._("Exception closed."))
        return True

    def action_view_source(self):
        self.ensure_one()
        if not self.source_ref:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # API for the other jewel addons (server side only: never over RPC)
    # ------------------------------------------------------------------
    @api.private
    @api.model
    def raise_exception(
        self,
        source,
        kind,
        summary,
        description=None,
        closure_condition=None,
        user=None,
        role=None,
        measured_value=None,
    ):
        """Open an exception on ``source`` and give its owner the next action.

        Idempotent: while an exception of the same kind is open on the source, it
        is returned (with the new facts in its chatter) instead of a second one.
        Private: the caller (a model method) decides that the problem exists.

        :param source: the record the problem was found on (one record).
        :param role: xml id of the responsible role (defaults per kind).
        :return: the open ``jewel.exception``.
        """
        source.ensure_one()
        existing = self.search(
            [
                ("res_model", "=", source._name),
                ("res_id", "=", source.id),
                ("kind", "=", kind),
                ("state", "in", OPEN_STATES),
            ],
            limit=1,
        )
        if existing:
            if description:
                existing.message_post(body=description)
            return existing
        role_group = self.env.ref(role) if role else False
        company = (
            source.company_id
            if "company_id" in source and source.company_id
            else self.env.company
        )
        exception = self.create(
            {
                "kind": kind,
                "summary": summary,
                "description": description,
                "closure_condition": closure_condition,
                "measured_value": measured_value,
                "res_model": source._name,
                "res_id": source.id,
                "source_name": source.display_name,
                "user_id": user.id if user else False,
                "role_group_id": role_group.id if role_group else False,
                "company_id": company.id,
            }
        )
        exception.action_open()
        if hasattr(source, "message_post"):
            source.message_post(
                body=Markup("%s %s")
                % (self.env._("Exception raised:"), exception._get_html_link())
            )
        return exception

    @api.private
    @api.model
    def close_for(self, source, kind, note):
        """Close the open ``kind`` exceptions on ``source``: their condition is met.

        Private: the caller (a model method) establishes that it is met.
        """
        exceptions = self.search(
            [
                ("res_model", "=", source._name),
                ("res_id", "in", source.ids),
                ("kind", "=", kind),
                ("state", "in", ("open", "approved")),
            ]
        )
        for exception in exceptions:
            # the caller established the fact that meets the condition
            exception._jewel_transition().write(
                {
                    "closure_condition": exception.closure_condition or note,
                    "closure_note": note,
                }
            )
        exceptions.action_close()
        return exceptions
