from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.jewel_bom.tools.numbers import round_weight

TRANSFER_TYPES = [
    ("issue", "Issue"),
    ("return", "Return"),
    ("scrap_return", "Scrap Return"),
    ("refining_send", "Refining Send"),
    ("refining_recovery", "Refining Recovery"),
    ("customer_deposit", "Customer Deposit"),
    ("customer_consumption", "Customer Consumption"),
    ("customer_withdrawal", "Customer Withdrawal"),
    ("loss", "Process Loss"),
    ("chargeback", "Charge-back"),
    ("adjustment", "Adjustment"),
]
# Metal given by the job's holder comes back on these transfers.
RETURN_TYPES = ("return", "scrap_return")
# Who moves metal, stones and scrap: the vault's storekeeper and the supervisors.
KEEPER_GROUPS = (
    "jewel_bom.group_jewel_storekeeper",
    "jewel_bom.group_jewel_supervisor",
)


def check_metal_keeper(env, message):
    """Refuse with ``message`` unless the user is a storekeeper or a supervisor.

    Superuser calls (module data, a flow that already checked its own role)
    pass.
    """
    if not (env.su or any(env.user.has_group(group) for group in KEEPER_GROUPS)):
        raise AccessError(message)


class JewelMetalTransfer(models.Model):
    """A movement of precious metal between two metal accounts.

    Posting writes one ledger line per transfer line on each account (minus on
    the giving account, plus on the receiving one): every posting balances to
    zero per metal. A posted transfer is never changed; it is reversed.

    Metal written off to the loss account is a write-off: the storekeeper asks
    for it with a reason, a supervisor other than them approves it, and only then
    is it posted with its journal entry.
    """

    _name = "jewel.metal.transfer"
    _description = "Metal Transfer"
    _inherit = ["mail.thread", "mail.activity.mixin", "jewel.lifecycle.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    _jewel_transition_fields = (
        "state",
        "name",
        "account_move_id",
        "reversed_transfer_id",
        "refining_lot_id",
        "writeoff_requested_by_id",
        "writeoff_approved_by_id",
        "date_writeoff_approved",
    )
    _jewel_editable_states = ("draft",)
    _jewel_free_fields = ("note",)
    _jewel_unlink_states = ("draft", "cancelled")

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default="/",
        index=True,
    )
    transfer_type = fields.Selection(
        TRANSFER_TYPES, string="Type", required=True, default="issue", tracking=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "Awaiting Approval"),
            ("posted", "Posted"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    from_account_id = fields.Many2one(
        "jewel.metal.account",
        string="From",
        required=True,
        check_company=True,
        tracking=True,
        index=True,
    )
    to_account_id = fields.Many2one(
        "jewel.metal.account",
        string="To",
        required=True,
        check_company=True,
        tracking=True,
    )
    line_ids = fields.One2many(
        "jewel.metal.transfer.line", "transfer_id", string="Lines", copy=True
    )
    ledger_line_ids = fields.One2many(
        "jewel.metal.ledger.line", "transfer_id", string="Ledger Lines", readonly=True
    )
    production_id = fields.Many2one(
        "mrp.production",
        string="Manufacturing Order",
        check_company=True,
        tracking=True,
        index="btree_not_null",
    )
    workorder_id = fields.Many2one(
        "mrp.workorder",
        string="Work Order",
        domain="[('production_id', '=', production_id)]",
        tracking=True,
    )
    job_ids = fields.Many2many(
        "jewel.metal.job",
        string="Jobs",
        compute="_compute_job_ids",
        search="_search_job_ids",
    )
    reversed_transfer_id = fields.Many2one(
        "jewel.metal.transfer",
        string="Reverses",
        readonly=True,
        copy=False,
        help="The posted transfer this one cancels out.",
    )
    reversal_ids = fields.One2many(
        "jewel.metal.transfer",
        "reversed_transfer_id",
        string="Reversals",
        readonly=True,
    )
    is_reversed = fields.Boolean(compute="_compute_is_reversed")
    note = fields.Text(string="Reason / Note", tracking=True)
    is_writeoff = fields.Boolean(
        string="Write-off",
        compute="_compute_is_writeoff",
        help="Metal written off to the loss account: it needs a reason and a "
        "supervisor's approval before it is posted.",
    )
    writeoff_requested_by_id = fields.Many2one(
        "res.users", string="Write-off Requested by", readonly=True, copy=False
    )
    writeoff_approved_by_id = fields.Many2one(
        "res.users",
        string="Write-off Approved by",
        readonly=True,
        copy=False,
        tracking=True,
    )
    date_writeoff_approved = fields.Datetime(
        string="Write-off Approved on", readonly=True, copy=False
    )
    total_gross_weight = fields.Float(
        string="Gross (g)", digits="Jewel Weight", compute="_compute_totals", store=True
    )
    total_fine_weight = fields.Float(
        string="Fine (g)", digits="Jewel Weight", compute="_compute_totals", store=True
    )
    move_ids = fields.One2many(
        "stock.move", "jewel_metal_transfer_id", string="Stock Moves", readonly=True
    )
    move_count = fields.Integer(compute="_compute_move_count")
    refining_lot_id = fields.Many2one(
        "jewel.metal.refining.lot", readonly=True, copy=False, index="btree_not_null"
    )
    account_move_id = fields.Many2one(
        "account.move",
        string="Journal Entry",
        readonly=True,
        copy=False,
        help="The value of the metal lost or recovered, at the metal price of the day.",
    )
    client_key = fields.Char(
        readonly=True,
        copy=False,
        help="Idempotency key chosen by the program that created this transfer "
        "(a scale, a counter terminal): creating a transfer again with the same "
        "key returns this one instead of a second transfer.",
    )

    _sql_constraints = [
        (
            "client_key_company_uniq",
            "unique(company_id, client_key)",
            "This client key already names another metal transfer of the company: "
            "try the request again, it returns that transfer.",
        )
    ]

    @api.model_create_multi
    def create(self, vals_list):
        """A transfer whose ``client_key`` exists already is returned, not created.

        A client that lost the answer (a worker killed, a timeout, the database
        restarted) sends the same create again: it gets the transfer it made the
        first time. Two such requests running at the very same moment meet the
        unique constraint instead, and the second one is refused.
        """
        existing = self._existing_by_client_key(vals_list)
        to_create, seen = [], set(existing)
        for vals in vals_list:
            key = self._client_key_of(vals)
            if key not in seen:
                to_create.append(vals)
                if key[1]:
                    seen.add(key)
        created = iter(super().create(to_create))
        result = self.browse()
        for vals in vals_list:
            key = self._client_key_of(vals)
            if key not in existing:
                record = next(created)
                if key[1]:
                    existing[key] = record
                result += record
            else:
                result += existing[key]
        return result

    def _client_key_of(self, vals):
        """``(company id, client key)`` of new transfer values (key may be False)."""
        return (vals.get("company_id") or self.env.company.id, vals.get("client_key"))

    def _existing_by_client_key(self, vals_list):
        """``{(company id, key): transfer}`` for the keys already used, one query."""
        keys = {self._client_key_of(vals) for vals in vals_list}
        keys = {key for key in keys if key[1]}
        if not keys:
            return {}
        transfers = self.search([("client_key", "in", [key for _company, key in keys])])
        existing = {(t.company_id.id, t.client_key): t for t in transfers}
        for vals in vals_list:
            transfer = existing.get(self._client_key_of(vals))
            if transfer and any(
                vals.get(name) and vals[name] != transfer[name].id
                for name in ("from_account_id", "to_account_id")
            ):
                raise UserError(
                    self.env._(
                        "Client key %(key)s already names %(transfer)s, between other "
                        "accounts: every new transfer needs a key of its own.",
                        key=transfer.client_key,
                        transfer=transfer.display_name,
                    )
                )
        return existing

    @api.depends("line_ids.gross_weight", "line_ids.fine_weight")
    def _compute_totals(self):
        for transfer in self:
            transfer.total_gross_weight = round_weight(
                sum(transfer.line_ids.mapped("gross_weight"))
            )
            transfer.total_fine_weight = round_weight(
                sum(transfer.line_ids.mapped("fine_weight"))
            )

    @api.depends("reversal_ids")
    def _compute_is_reversed(self):
        for transfer in self:
            transfer.is_reversed = bool(transfer.reversal_ids)

    @api.depends("ledger_line_ids.job_id")
    def _compute_job_ids(self):
        for transfer in self:
            transfer.job_ids = transfer.ledger_line_ids.job_id

    def _search_job_ids(self, operator, value):
        return [("ledger_line_ids.job_id", operator, value)]

    def _compute_move_count(self):
        for transfer in self:
            transfer.move_count = len(transfer.move_ids)

    @api.depends(
        "from_account_id.account_type",
        "to_account_id.account_type",
        "reversed_transfer_id",
        "refining_lot_id.source_account_id.account_type",
    )
    def _compute_is_writeoff(self):
        for transfer in self:
            transfer.is_writeoff = transfer._is_writeoff()

    @api.constrains("from_account_id", "to_account_id", "transfer_type")
    def _check_accounts(self):
        for transfer in self:
            if (
                transfer.from_account_id == transfer.to_account_id
                and transfer.transfer_type != "chargeback"
            ):
                raise ValidationError(
                    self.env._(
                        "A metal transfer moves metal between two different accounts "
                        "(both sides are %(account)s).",
                        account=transfer.from_account_id.name,
                    )
                )
            companies = (
                transfer.from_account_id.company_id | transfer.to_account_id.company_id
            )
            if companies != transfer.company_id:
                raise ValidationError(
                    self.env._(
                        "%(from)s and %(to)s belong to different companies: metal "
                        "moves only between accounts of the transfer's company "
                        "(%(company)s).",
                        **{
                            "from": transfer.from_account_id.name,
                            "to": transfer.to_account_id.name,
                            "company": transfer.company_id.name,
                        },
                    )
                )

    @api.onchange("production_id")
    def _onchange_production_id(self):
        if self.workorder_id.production_id != self.production_id:
            self.workorder_id = False

    @api.onchange("transfer_type")
    def _onchange_transfer_type(self):
        """Suggest the usual accounts: issue from a vault, pieces to finished
        goods, scrap and deposits to a vault.

        An account left by the suggestion for the previous type is replaced
        (a return turned into a scrap return no longer goes to finished goods);
        one the user chose is kept.
        """
        suggested = self._jewel_suggested_account_types()
        Account = self.env["jewel.metal.account"]
        company = [("company_id", "=", self.company_id.id)]
        wanted_from, wanted_to = suggested.get(self.transfer_type, (None, None))
        suggestion_types = {t for pair in suggested.values() for t in pair if t}
        for field, wanted in (
            ("from_account_id", wanted_from),
            ("to_account_id", wanted_to),
        ):
            current = self[field]
            if current and (
                current.account_type == wanted
                or current.account_type not in suggestion_types
            ):
                continue
            if wanted:
                self[field] = Account.search(
                    company + [("account_type", "=", wanted)], limit=1
                )
            elif current:
                self[field] = Account

    @api.model
    def _jewel_suggested_account_types(self):
        """``{transfer type: (From account type, To account type)}`` suggested
        on a new transfer; meant to be extended."""
        return {
            "issue": ("vault", None),
            "return": (None, "production"),
            "scrap_return": (None, "vault"),
            "customer_deposit": (None, "vault"),
        }

    def _jewel_check_write(self, vals):
        result = super()._jewel_check_write(vals)
        if "note" in vals and any(t.writeoff_requested_by_id for t in self):
            raise UserError(
                self.env._(
                    "The reason of a write-off cannot change once it is asked for: "
                    "write in the chatter instead."
                )
            )
        return result

    def _jewel_refuse_frozen(self, holder, state, what):
        if state == "posted":
            raise UserError(
                self.env._(
                    "%(record)s is posted: %(what)s; reverse it instead.",
                    record=holder.display_name,
                    what=what,
                )
            )
        return super()._jewel_refuse_frozen(holder, state, what)

    # ------------------------------------------------------------------ actions
    def action_post(self):
        self._check_metal_keeper()
        for transfer in self:
            if transfer.transfer_type == "chargeback":
                raise UserError(
                    self.env._(
                        "%(transfer)s: a charge-back is the supervisor's decision on a "
                        "metal job over tolerance, taken on the job.",
                        transfer=transfer.display_name,
                    )
                )
            if transfer._is_writeoff():
                raise UserError(
                    self.env._(
                        "%(transfer)s writes metal off to %(loss)s: ask for the "
                        "write-off with its reason; a supervisor other than you "
                        "approves it and it is posted then.",
                        transfer=transfer.display_name,
                        loss=transfer.to_account_id.name,
                    )
                )
            transfer._post()
        return True

    def action_cancel(self):
        self._check_metal_keeper()
        if any(transfer.state not in ("draft", "to_approve") for transfer in self):
            raise UserError(
                self.env._(
                    "Only a draft metal transfer or a write-off awaiting approval can "
                    "be cancelled; reverse a posted one."
                )
            )
        self._check_metal_lock_date(self.env._("it cannot be cancelled"))
        self.activity_unlink(["mail.mail_activity_data_todo"])
        self._jewel_transition().write({"state": "cancelled"})
        return True

    def action_draft(self):
        """A cancelled transfer or a write-off request back to draft."""
        self._check_metal_keeper()
        to_reset = self.filtered(lambda t: t.state in ("cancelled", "to_approve"))
        to_reset.activity_unlink(["mail.mail_activity_data_todo"])
        to_reset._jewel_transition().write(
            {"state": "draft", "writeoff_requested_by_id": False}
        )
        return True

    def action_request_writeoff(self):
        """Ask a supervisor to approve writing this metal off to the loss account."""
        self._check_metal_keeper()
        for transfer in self:
            transfer._request_writeoff()
        return True

    def action_approve_writeoff(self):
        """Supervisor: approve the write-off; it is posted with its journal entry."""
        self._check_can_approve_writeoff()
        for transfer in self:
            # the role and the requester were checked just above
            transfer._jewel_transition().write(
                {
                    "writeoff_approved_by_id": self.env.user.id,
                    "date_writeoff_approved": fields.Datetime.now(),
                }
            )
            transfer._post()
            transfer.activity_feedback(
                ["mail.mail_activity_data_todo"],
                feedback=self.env._("Write-off approved and posted."),
            )
        return True

    def action_reverse(self):
        """Post a transfer that cancels this one out and open it."""
        self.ensure_one()
        self._check_metal_keeper()
        reversal = self._reverse()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": reversal.id,
            "view_mode": "form",
        }

    def action_view_account_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.account_move_id.id,
            "view_mode": "form",
        }

    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.stock_move_action"
        )
        action["domain"] = [("id", "in", self.move_ids.ids)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------ business
    def _reverse(self, note=None):
        self.ensure_one()
        if self.state != "posted":
            raise UserError(self.env._("Only a posted metal transfer can be reversed."))
        if self.reversal_ids:
            raise UserError(
                self.env._(
                    "%(transfer)s is already reversed by %(reversal)s.",
                    transfer=self.name,
                    reversal=self.reversal_ids[0].name,
                )
            )
        today = fields.Date.context_today(self)
        lock = self.company_id.jewel_metal_lock_date
        if lock and today <= lock:
            raise UserError(
                self.env._(
                    "%(transfer)s cannot be reversed: its reversal would be dated "
                    "%(date)s and the metal ledger of %(company)s is locked up to "
                    "%(lock)s.",
                    transfer=self.name,
                    date=today,
                    company=self.company_id.name,
                    lock=lock,
                )
            )
        # a reversal is the only way a transfer names the one it reverses
        reversal = (
            self._jewel_transition()
            .copy(
                {
                    "from_account_id": self.to_account_id.id,
                    "to_account_id": self.from_account_id.id,
                    "reversed_transfer_id": self.id,
                    "date": today,
                    "note": note
                    or self.env._("Reversal of %(transfer)s", transfer=self.name),
                }
            )
            .with_env(self.env)
        )
        reversal._post()
        self.message_post(
            body=self.env._(
                "Reversed by %(reversal)s.", reversal=reversal._get_html_link()
            )
        )
        return reversal

    def _check_metal_keeper(self):
        check_metal_keeper(
            self.env,
            self.env._(
                "Only the storekeeper or a supervisor moves metal between metal "
                "accounts."
            ),
        )

    def _check_metal_lock_date(self, refusal):
        """Nothing moves in the ledger on or before the company's lock date
        (like Accounting's lock dates): ``refusal`` says what is refused."""
        for transfer in self:
            lock = transfer.company_id.jewel_metal_lock_date
            if lock and transfer.date and transfer.date <= lock:
                raise UserError(
                    self.env._(
                        "%(transfer)s is dated %(date)s and the metal ledger of "
                        "%(company)s is locked up to %(lock)s: %(refusal)s. Date it "
                        "after %(lock)s, or ask the owner to move the lock date.",
                        transfer=transfer.name
                        if transfer.name != "/"
                        else self.env._("This metal transfer"),
                        date=transfer.date,
                        company=transfer.company_id.name,
                        lock=lock,
                        refusal=refusal,
                    )
                )

    def _check_can_approve_writeoff(self):
        user = self.env.user
        if not (self.env.su or user.has_group("jewel_bom.group_jewel_supervisor")):
            raise AccessError(self.env._("Only a supervisor approves a write-off."))
        for transfer in self:
            if transfer.state != "to_approve":
                raise UserError(
                    self.env._(
                        "%(transfer)s is not a write-off awaiting approval.",
                        transfer=transfer.display_name,
                    )
                )
            if user in transfer._writeoff_requesters():
                raise AccessError(
                    self.env._(
                        "%(transfer)s: you created or asked for this write-off; "
                        "another supervisor approves it.",
                        transfer=transfer.display_name,
                    )
                )

    def _is_writeoff(self):
        """True when this transfer writes metal off to the loss account.

        Reversals are corrections, and sweeps sent to a refiner from the loss
        account were written off already: neither is written off again. Meant
        to be extended.
        """
        self.ensure_one()
        return (
            self.to_account_id.account_type == "loss"
            and self.from_account_id.account_type != "loss"
            and not self.reversed_transfer_id
            and self.refining_lot_id.source_account_id.account_type != "loss"
        )

    def _request_writeoff(self):
        """Send this draft write-off to a supervisor other than the requester."""
        self.ensure_one()
        if self.state != "draft" or not self._is_writeoff():
            raise UserError(
                self.env._(
                    "%(transfer)s is not a draft write-off to the loss account.",
                    transfer=self.display_name,
                )
            )
        if not (self.note or "").strip():
            raise UserError(
                self.env._(
                    "%(transfer)s: give the reason why this metal is written off.",
                    transfer=self.display_name,
                )
            )
        self._check_postable()
        self._assign_name()
        self._jewel_transition().write(
            {"state": "to_approve", "writeoff_requested_by_id": self.env.user.id}
        )
        approver = self._writeoff_approver()
        if approver:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._(
                    "Approve the write-off of %(fine).3f g fine",
                    fine=self.total_fine_weight,
                ),
                note=self.note,
                user_id=approver.id,
            )

    def _writeoff_requesters(self):
        """Who asked for the write-off: they never approve it."""
        self.ensure_one()
        return self.create_uid | self.writeoff_requested_by_id

    def _writeoff_approver(self):
        """The supervisor asked to approve: not the requester, owners last."""
        self.ensure_one()
        requesters = self._writeoff_requesters()
        supervisors = self.env.ref("jewel_bom.group_jewel_supervisor").users.filtered(
            lambda u: (
                u.active
                and not u.share
                and u not in requesters
                and self.company_id in u.company_ids
            )
        )
        owners = self.env.ref("jewel_bom.group_jewel_owner").users
        return (supervisors - owners).sorted("id")[:1] or supervisors.sorted("id")[:1]

    def _assign_name(self):
        if self.name == "/":
            self._jewel_transition().name = (
                self.env["ir.sequence"].next_by_code("jewel.metal.transfer") or "/"
            )

    def _holder_account(self):
        """The goldsmith or workstation whose job this transfer belongs to."""
        self.ensure_one()
        holder = (
            self.to_account_id
            if self.transfer_type == "issue"
            else self.from_account_id
        )
        if self.reversed_transfer_id:
            holder = (self.from_account_id | self.to_account_id) - holder or holder
        return (
            holder
            if holder.account_type in ("goldsmith", "workstation")
            else holder.browse()
        )

    def _check_postable(self):
        self.ensure_one()
        approved = self.state == "to_approve" and self.writeoff_approved_by_id
        if (self.state != "draft" and not approved) or self.ledger_line_ids:
            raise UserError(
                self.env._(
                    "%(transfer)s is not a draft: it cannot be posted.",
                    transfer=self.name,
                )
            )
        self._check_metal_lock_date(self.env._("it cannot be posted"))
        if not self.line_ids:
            raise UserError(self.env._("Add the metal to transfer before posting."))
        if self.production_id and self.production_id.state in ("done", "cancel"):
            raise UserError(
                self.env._(
                    "%(mo)s is closed: no metal can be issued to or returned from it.",
                    mo=self.production_id.name,
                )
            )
        if (
            self.transfer_type == "scrap_return"
            and not self.reversed_transfer_id
            and self.to_account_id.account_type not in ("vault", "refiner")
        ):
            raise UserError(
                self.env._(
                    "A scrap return brings filings and scrap back to a vault (or to "
                    "a refiner), not to %(account)s.",
                    account=self.to_account_id.name,
                )
            )
        for account in self.from_account_id | self.to_account_id:
            refused = self.line_ids.metal_id.filtered(
                lambda m, a=account: not a._accepts(m)
            )
            if refused:
                raise UserError(
                    self.env._(
                        "%(account)s does not accept %(metals)s.",
                        account=account.name,
                        metals=", ".join(refused.mapped("name")),
                    )
                )

    def _post(self):
        self.ensure_one()
        self._check_postable()
        # Lock the accounts whose balance can run out before reading it.
        checked = self.from_account_id.filtered(
            lambda a: a.account_type in ("vault", "workstation", "goldsmith")
        ) | self.to_account_id.filtered(lambda a: a.account_type == "customer")
        checked._lock_for_posting()
        self._assign_name()
        holder = self._holder_account()
        jobs = {}
        if self.production_id and holder:
            jobs = self.env["jewel.metal.job"]._get_or_create(
                self.production_id, self.workorder_id, holder, self.line_ids.metal_id
            )
        # Ledger lines are written only here, by posting (users cannot create them).
        self.env["jewel.metal.ledger.line"].sudo()._create_posted(
            self._prepare_ledger_lines(holder, jobs)
        )
        self._check_balances(checked)
        self._create_stock_moves()
        # Only the accounts whose balance was checked: metal arriving on an account
        # never invalidates another posting's check, and bumping the receiving
        # vault or finished goods would serialize every return behind every issue.
        checked._bump_ledger_version()
        self._jewel_transition().write({"state": "posted"})
        self._create_account_move()

    def _prepare_ledger_lines(self, holder, jobs):
        """Two ledger lines per transfer line: minus on From, plus on To."""
        self.ensure_one()
        vals_list = []
        for line in self.line_ids:
            for account, counterpart, sign in (
                (self.from_account_id, self.to_account_id, -1),
                (self.to_account_id, self.from_account_id, 1),
            ):
                on_job = account == holder and not (
                    self.transfer_type == "chargeback" and sign > 0
                )
                vals_list.append(
                    {
                        "transfer_id": self.id,
                        "transfer_type": self.transfer_type,
                        "account_id": account.id,
                        "counterpart_account_id": counterpart.id,
                        "metal_id": line.metal_id.id,
                        "alloy_id": line.alloy_id.id,
                        "gross_weight": sign * line.gross_weight,
                        "fine_weight": sign * line.fine_weight,
                        "date": self.date,
                        "production_id": self.production_id.id if on_job else False,
                        "workorder_id": self.workorder_id.id if on_job else False,
                        "job_id": jobs[line.metal_id].id if on_job and jobs else False,
                        "company_id": self.company_id.id,
                    }
                )
        return vals_list

    def _check_balances(self, accounts):
        """No holder gives more metal than it holds, on the posting date and on
        every later day (a back-dated posting changes every later balance),
        overall and for the job. One query each (see ``_get_first_shortfall``).
        """
        if not accounts:
            return
        self.ensure_one()
        moved = defaultdict(float)
        for line in self.line_ids:
            moved[line.metal_id] += line.fine_weight
        metals = self.line_ids.metal_id
        shortfall = accounts._get_first_shortfall(metals, self.date)
        if shortfall:
            account, metal, day, balance = shortfall
            raise UserError(self._balance_error(account, metal, day, balance, moved))
        holder = self._holder_account()
        if self.production_id and holder in accounts:
            shortfall = holder._get_first_shortfall(
                metals, self.date, production=self.production_id
            )
            if shortfall:
                account, metal, day, balance = shortfall
                if day == self.date:
                    message = self.env._(
                        "%(account)s holds only %(held).3f g of fine %(metal)s for "
                        "%(mo)s on %(date)s; this transfer returns %(moved).3f g.",
                        account=holder.name,
                        held=balance + moved[metal],
                        metal=metal.name,
                        mo=self.production_id.name,
                        date=day,
                        moved=moved[metal],
                    )
                else:
                    message = self._later_shortfall_error(
                        account, metal, day, balance, moved[metal]
                    )
                raise UserError(message)

    def _balance_error(self, account, metal, day, balance, moved):
        """Why ``account`` cannot give ``moved``: it ends at ``balance`` on ``day``."""
        fine = moved[metal]
        if day != self.date:
            return self._later_shortfall_error(account, metal, day, balance, fine)
        if account.account_type == "customer":
            return self.env._(
                "%(account)s has only %(held).3f g of fine %(metal)s on deposit on "
                "%(date)s; this transfer needs %(moved).3f g.",
                account=account.name,
                held=balance + fine,
                metal=metal.name,
                date=day,
                moved=fine,
            )
        return self.env._(
            "%(account)s holds only %(held).3f g of fine %(metal)s on %(date)s; this "
            "transfer takes %(moved).3f g.",
            account=account.name,
            held=balance + fine,
            metal=metal.name,
            date=day,
            moved=fine,
        )

    def _later_shortfall_error(self, account, metal, day, balance, fine):
        return self.env._(
            "This transfer of %(moved).3f g of fine %(metal)s on %(date)s would leave "
            "%(account)s short of %(short).3f g on %(later)s: later movements need "
            "that metal.",
            account=account.name,
            moved=fine,
            metal=metal.name,
            date=self.date,
            short=-balance,
            later=day,
        )

    def _create_stock_moves(self):
        """A vault gives or receives real stock of the alloy's raw material."""
        self.ensure_one()
        if not (self.from_account_id | self.to_account_id).filtered(
            lambda a: a.account_type == "vault" and a.location_id
        ):
            return
        source = self.from_account_id._stock_location()
        destination = self.to_account_id._stock_location()
        if not source or not destination:
            return
        gram = self.env.ref("uom.product_uom_gram")
        move_vals = []
        for line in self.line_ids:
            if not line.product_id:
                raise UserError(
                    self.env._(
                        "%(alloy)s has no raw material product: set one on the alloy "
                        "so the vault's stock can move.",
                        alloy=line.alloy_id.name,
                    )
                )
            move_vals.append(
                {
                    "name": self.name,
                    "origin": self.name,
                    "reference": self.name,
                    "product_id": line.product_id.id,
                    "product_uom": line.product_id.uom_id.id,
                    "product_uom_qty": gram._compute_quantity(
                        line.gross_weight, line.product_id.uom_id
                    ),
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "company_id": self.company_id.id,
                    "jewel_metal_transfer_id": self.id,
                    "jewel_metal_transfer_line_id": line.id,
                }
            )
        # Stock is moved by the transfer's poster on the storekeeper's behalf.
        moves = self.env["stock.move"].sudo().create(move_vals)
        moves._action_confirm()
        moves._action_assign()
        for move in moves:
            move.quantity = move.product_uom_qty
        moves.picked = True
        moves._action_done()

    # ------------------------------------------------------------------ accounting
    def _accounting_direction(self):
        """+1 when this transfer is a loss to value, -1 a recovery, 0 neither.

        Metal reaching the loss account is expensed once; sweeps sent from the
        loss account to a refiner stay expensed until the refiner's recovery
        credits them back. Meant to be extended.
        """
        self.ensure_one()
        source = self.from_account_id.account_type
        target = self.to_account_id.account_type
        from_lost_sweeps = self.refining_lot_id.source_account_id.account_type == "loss"
        if target == "loss" and source != "loss":
            return 0 if source == "refiner" and from_lost_sweeps else 1
        if source == "loss" and target != "loss":
            return 0 if target == "refiner" else -1
        if source == "refiner" and self.transfer_type == "refining_recovery":
            return -1 if from_lost_sweeps else 0
        return 0

    def _metal_value(self):
        """Value of the lines' fine metal at the metal price of the posting date."""
        self.ensure_one()
        currency = self.company_id.currency_id
        metals = self.line_ids.metal_id
        # sudo: the loss is valued for the accountant whoever posts the transfer
        # (a goldsmith may not read metal prices); only the total is used
        prices = metals.sudo()._get_prices(self.date, currency, self.company_id)
        value = 0.0
        for metal in metals:
            fine = sum(
                self.line_ids.filtered(lambda line, m=metal: line.metal_id == m).mapped(
                    "fine_weight"
                )
            )
            if metal not in prices:
                raise UserError(
                    self.env._(
                        "No price of %(metal)s on %(date)s: enter the metal price to "
                        "value this loss.",
                        metal=metal.name,
                        date=self.date,
                    )
                )
            value += fine * prices[metal][0]
        return currency.round(value)

    def _create_account_move(self):
        """Post the journal entry valuing a loss (or a recovery) of metal."""
        self.ensure_one()
        direction = self._accounting_direction()
        company = self.company_id
        journal = company.jewel_metal_journal_id
        expense = company.jewel_metal_loss_account_id
        stock = company.jewel_metal_stock_account_id
        if not direction or not (journal and expense and stock):
            return
        value = self._metal_value()
        if company.currency_id.is_zero(value):
            return
        debit, credit = (expense, stock) if direction > 0 else (stock, expense)
        label = self.env._(
            "%(transfer)s: %(fine).3f g fine metal",
            transfer=self.name,
            fine=self.total_fine_weight,
        )
        # Accountants value the loss; whoever posted the transfer may not write entries.
        move = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": self.date,
                    "ref": self.name,
                    "company_id": company.id,
                    "jewel_metal_transfer_id": self.id,
                    "line_ids": [
                        fields.Command.create(
                            {"name": label, "account_id": debit.id, "debit": value}
                        ),
                        fields.Command.create(
                            {"name": label, "account_id": credit.id, "credit": value}
                        ),
                    ],
                }
            )
        )
        move.action_post()
        self._jewel_transition().account_move_id = move.sudo(False)
