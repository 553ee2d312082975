from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

SALESPERSON = "sales_team.group_sale_salesman"
SALES_MANAGER = "sales_team.group_sale_manager"


class JewelMemo(models.Model):
    """Pieces delivered to a partner on memo (approval) or consignment.

    Its state, and the exposure override, change only through its actions: a
    plain write is refused (``jewel.lifecycle.mixin``); once sent, only the
    salesperson, the note and (with a reason) the due date may change.
    """

    _name = "jewel.memo"
    _description = "Memo / consignment delivery"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "jewel.exception.source.mixin",
        "jewel.promise.mixin",
        "jewel.lifecycle.mixin",
    ]
    _order = "date desc, id desc"
    _jewel_promise_fields = ["date_due"]
    _jewel_transition_fields = (
        "state",
        "exposure_override_reason",
        "exposure_override_user_id",
    )
    _jewel_editable_states = ("draft",)
    _jewel_free_fields = ("user_id", "note", "access_token")
    _jewel_unlink_states = ("draft", "cancel")
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    agreement_type = fields.Selection(
        [("memo", "Memo"), ("consignment", "Consignment")],
        string="Agreement",
        required=True,
        compute="_compute_from_partner",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        compute="_compute_from_partner",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("partial", "Partially Returned/Sold"),
            ("closed", "Closed"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True, copy=False
    )
    date_due = fields.Date(
        string="Due Date",
        compute="_compute_date_due",
        store=True,
        readonly=False,
        tracking=True,
        copy=False,
        index=True,
    )
    location_id = fields.Many2one(
        related="partner_id.commercial_partner_id.jewel_location_id",
        string="Partner Location",
    )
    line_ids = fields.One2many("jewel.memo.line", "memo_id", string="Pieces", copy=True)
    picking_ids = fields.One2many("stock.picking", "jewel_memo_id", string="Transfers")
    invoice_ids = fields.Many2many(
        "account.move", compute="_compute_invoice_ids", string="Invoices"
    )
    picking_count = fields.Integer(compute="_compute_picking_count")
    invoice_count = fields.Integer(compute="_compute_invoice_ids")
    amount_total = fields.Monetary(compute="_compute_amounts", store=True)
    jewel_sow_warranty = fields.Boolean(
        string="SoW Warranty",
        compute="_compute_jewel_sow_warranty",
        store=True,
        help="The memo note prints the System of Warranties statement.",
    )
    amount_out = fields.Monetary(
        string="Value Still Out", compute="_compute_amounts", store=True
    )
    piece_count = fields.Integer(compute="_compute_amounts", store=True)
    terms = fields.Html(
        compute="_compute_from_partner", store=True, readonly=False, precompute=True
    )
    loss_bearer = fields.Selection(
        [("partner", "The receiver"), ("workshop", "The workshop")],
        string="Risk of Loss Borne By",
        compute="_compute_from_partner",
        store=True,
        readonly=False,
        precompute=True,
    )
    note = fields.Html()
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )
    exposure_override_reason = fields.Text(readonly=True, copy=False, tracking=True)
    exposure_override_user_id = fields.Many2one(
        "res.users", string="Exposure Limit Overridden By", readonly=True, copy=False
    )

    @api.depends("partner_id")
    def _compute_from_partner(self):
        for memo in self:
            partner = memo.partner_id.commercial_partner_id
            memo.agreement_type = (
                "consignment"
                if partner.jewel_agreement_consignment
                and not partner.jewel_agreement_memo
                else memo.agreement_type or "memo"
            )
            memo.user_id = partner.user_id or memo.user_id or self.env.user
            memo.terms = partner.jewel_memo_terms or memo.terms
            memo.loss_bearer = partner.jewel_loss_bearer or "partner"

    @api.depends("partner_id", "date")
    def _compute_date_due(self):
        for memo in self:
            if memo.date and memo.partner_id:
                days = memo.partner_id.commercial_partner_id.jewel_memo_term_days or 45
                memo.date_due = memo.date + timedelta(days=days)

    @api.constrains("date", "date_due")
    def _check_date_due(self):
        for memo in self:
            if memo.date and memo.date_due and memo.date_due < memo.date:
                raise ValidationError(
                    self.env._(
                        "Memo %(memo)s cannot be due on %(due)s, before its date "
                        "(%(date)s).",
                        memo=memo.name,
                        due=memo.date_due,
                        date=memo.date,
                    )
                )

    @api.depends("line_ids.price", "line_ids.state")
    def _compute_amounts(self):
        for memo in self:
            lines = memo.line_ids.filtered(lambda line: line.state != "cancel")
            memo.amount_total = sum(lines.mapped("price"))
            memo.amount_out = sum(
                lines.filtered(lambda line: line.state == "out").mapped("price")
            )
            memo.piece_count = len(lines)

    def _compute_picking_count(self):
        counts = dict(
            self.env["stock.picking"]._read_group(
                [("jewel_memo_id", "in", self.ids)], ["jewel_memo_id"], ["__count"]
            )
        )
        for memo in self:
            memo.picking_count = counts.get(memo, 0)

    @api.depends("line_ids.invoice_id")
    def _compute_invoice_ids(self):
        for memo in self:
            memo.invoice_ids = memo.line_ids.invoice_id
            memo.invoice_count = len(memo.invoice_ids)

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for memo in self:
            memo.is_overdue = (
                memo.state in ("sent", "partial")
                and bool(memo.date_due)
                and memo.date_due < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue memos."))
        domain = [
            ("state", "in", ("sent", "partial")),
            ("date_due", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") != value:
            return ["!", "&", *domain]
        return domain

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for memo in self:
            memo.access_url = f"/my/memos/{memo.id}"
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("jewel.memo") or "/"
        return super().create(vals_list)

    def _jewel_check_write(self, vals):
        # the due date of a memo out at the partner is a promise: it may move,
        # with a reason (jewel.promise.mixin), while the pieces are out
        if "date_due" in vals and all(
            memo.state in ("sent", "partial") for memo in self
        ):
            vals = {name: value for name, value in vals.items() if name != "date_due"}
        return super()._jewel_check_write(vals)

    def _jewel_promise_is_committed(self):
        """The due date is a promise once the memo is sent."""
        self.ensure_one()
        return self.state in ("sent", "partial")

    def _jewel_default_exception_kind(self):
        return "memo_overdue"

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Memo %(name)s", name=self.name)

    # ------------------------------------------------------------------ actions
    def action_send(self):
        """Deliver the pieces: validate, check exposure, move them to the partner."""
        self._check_salesperson()
        for memo in self:
            memo._check_can_send()
        self._check_exposure()
        for memo in self:
            picking = memo.line_ids._jewel_create_picking(
                memo._jewel_stock_location(),
                memo.partner_id.commercial_partner_id.jewel_location_id,
                memo._jewel_picking_type("int_type_id"),
            )
            # the pieces left with the transfer just validated
            memo.line_ids._jewel_transition().write(
                {"state": "out", "date_sent": memo.date}
            )
            memo._jewel_transition().write({"state": "sent"})
            memo.message_post(
                body=self.env._(
                    "%(count)s pieces sent to %(partner)s (%(picking)s), due %(due)s.",
                    count=len(memo.line_ids),
                    partner=memo.partner_id.display_name,
                    picking=picking.name,
                    due=memo.date_due,
                )
            )
        return True

    def action_cancel(self):
        self._check_salesperson()
        if any(memo.state != "draft" for memo in self):
            raise UserError(
                self.env._(
                    "Only a draft memo can be cancelled; return or sell the pieces "
                    "of a sent memo instead."
                )
            )
        self.line_ids._jewel_transition().write({"state": "cancel"})
        self._jewel_transition().write({"state": "cancel"})
        return True

    def action_draft(self):
        self._check_salesperson()
        if any(memo.state != "cancel" for memo in self):
            raise UserError(self.env._("Only a cancelled memo can be reset to draft."))
        self.line_ids._jewel_transition().write({"state": "draft"})
        self._jewel_transition().write({"state": "draft"})
        return True

    def action_return_lines(self):
        """Button: take every piece still out back into stock."""
        self.ensure_one()
        return self._return_lines(self._lines_out())

    def _return_lines(self, lines):
        """Take ``lines`` of this memo, out at the partner, back into stock.

        Returns the validated return transfer.
        """
        self.ensure_one()
        self._check_salesperson()
        self._check_lines_out(lines)
        send_picking = self.picking_ids.filtered(
            lambda p: p.location_dest_id == self.location_id and not p.return_id
        )[:1]
        picking = lines._jewel_create_picking(
            self.location_id,
            self._jewel_stock_location(),
            self._jewel_picking_type("int_type_id"),
            return_of=send_picking,
        )
        # the pieces came back with the return transfer just validated
        lines._jewel_transition().write(
            {
                "state": "returned",
                "date_returned": fields.Date.context_today(self),
                "return_requested": False,
                "return_picking_id": picking.id,
            }
        )
        self.message_post(
            body=self.env._(
                "Returned to stock (%(picking)s): %(serials)s",
                picking=picking.name,
                serials=", ".join(lines.lot_id.mapped("name")),
            )
        )
        self._update_state()
        return picking

    def action_sell_lines(self):
        """Button: the partner keeps every piece still out; invoice them."""
        self.ensure_one()
        return self._sell_lines(self._lines_out())

    def _sell_lines(self, lines, date=None):
        """The partner keeps ``lines``: deliver them out and invoice them at
        their net price (memo price less the partner's commission, if any).

        Returns the posted invoice.
        """
        self.ensure_one()
        self._check_salesperson()
        self._check_lines_out(lines)
        partner = self.partner_id.commercial_partner_id
        invoice = lines._jewel_sell(partner, date, self.name)
        self.message_post(
            body=self.env._(
                "Sold to %(partner)s and invoiced (%(invoice)s): %(serials)s",
                partner=partner.display_name,
                invoice=invoice.name,
                serials=", ".join(lines.lot_id.mapped("name")),
            )
        )
        return invoice

    def action_view_pickings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_picking_tree_all"
        )
        action["domain"] = [("jewel_memo_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.invoice_ids.ids)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action

    def action_open_exposure_override(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override exposure limit"),
            "res_model": "jewel.memo.exposure.override",
            "view_mode": "form",
            "target": "new",
            "context": {"default_memo_id": self.id},
        }

    # --------------------------------------------------------- business logic
    def _check_salesperson(self):
        """Memos are sent, returned, invoiced and cancelled by salespeople."""
        if not self.env.su and not self.env.user.has_group(SALESPERSON):
            raise AccessError(
                self.env._(
                    "Only a salesperson can send, return, invoice or cancel memos."
                )
            )

    def _override_exposure_and_send(self, reason):
        """A sales manager sends this memo over its partner's exposure limit.

        The override is recorded (who, why) and the memo is sent. Whoever raised
        the memo, or sells it, does not lift the limit for it.
        """
        self.ensure_one()
        user = self.env.user
        if not self.env.su and not user.has_group(SALES_MANAGER):
            raise AccessError(
                self.env._("Only a sales manager can override an exposure limit.")
            )
        if not self.env.su and user in (self.create_uid | self.user_id):
            raise AccessError(
                self.env._(
                    "%(user)s raised or sells memo %(memo)s: another sales manager "
                    "must override its exposure limit.",
                    user=user.name,
                    memo=self.name,
                )
            )
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(
                self.env._(
                    "Give the reason for overriding the exposure limit of %(partner)s.",
                    partner=self.partner_id.display_name,
                )
            )
        if self.state != "draft":
            raise UserError(
                self.env._("Memo %(memo)s was already sent.", memo=self.name)
            )
        # role and segregation checked above
        self._jewel_transition().write(
            {"exposure_override_reason": reason, "exposure_override_user_id": user.id}
        )
        self.message_post(
            body=self.env._(
                "Exposure limit of %(partner)s overridden by %(user)s: %(reason)s",
                partner=self.partner_id.display_name,
                user=user.name,
                reason=reason,
            )
        )
        return self.action_send()

    def _jewel_stock_location(self):
        """The workshop stock the pieces leave from and come back to."""
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        if not warehouse:
            raise UserError(
                self.env._(
                    "Company %(company)s has no warehouse.",
                    company=self.company_id.name,
                )
            )
        return warehouse.lot_stock_id

    def _jewel_picking_type(self, field):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        return warehouse[field]

    def _check_can_send(self):
        """Raise if this memo cannot be sent as it is (meant to be extended)."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(
                self.env._("Memo %(memo)s was already sent.", memo=self.name)
            )
        # a private customer on approval gets its own location on the first memo
        self.partner_id.commercial_partner_id._jewel_ensure_location(force=True)
        if not self.line_ids:
            raise UserError(self.env._("Memo %(memo)s has no pieces.", memo=self.name))
        if not self.date_due:
            raise UserError(
                self.env._("Memo %(memo)s needs a due date.", memo=self.name)
            )
        if self.date_due < self.date:
            raise UserError(
                self.env._("Memo %(memo)s is due before it is sent.", memo=self.name)
            )
        zero = self.line_ids.filtered(lambda line: line.price <= 0)
        if zero:
            raise UserError(
                self.env._(
                    "Give a price to every piece on memo %(memo)s: %(serials)s.",
                    memo=self.name,
                    serials=", ".join(zero.lot_id.mapped("name")),
                )
            )
        lots = self.line_ids.lot_id
        if len(lots) != len(self.line_ids):
            raise UserError(
                self.env._("A piece appears twice on memo %(memo)s.", memo=self.name)
            )
        already_out = self.env["jewel.memo.line"].search(
            [("lot_id", "in", lots.ids), ("state", "=", "out")]
        )
        if already_out:
            raise UserError(
                self.env._(
                    "Already out on memo: %(pieces)s.",
                    pieces=", ".join(
                        f"{line.lot_id.name} ({line.memo_id.name}, "
                        f"{line.partner_id.display_name})"
                        for line in already_out
                    ),
                )
            )
        stock = self._jewel_stock_location()
        in_stock = {
            lot
            for (lot,) in self.env["stock.quant"]._read_group(
                [
                    ("lot_id", "in", lots.ids),
                    ("location_id", "child_of", stock.id),
                    ("quantity", ">", 0),
                ],
                ["lot_id"],
            )
        }
        missing = lots.filtered(lambda lot: lot not in in_stock)
        if missing:
            raise UserError(
                self.env._(
                    "Not in stock at %(stock)s: %(serials)s.",
                    stock=stock.complete_name,
                    serials=", ".join(missing.mapped("name")),
                )
            )

    def _check_exposure(self):
        """Refuse memos pushing a partner over its exposure limit without override."""
        partners = self.partner_id.commercial_partner_id
        exposure = {partner: partner.jewel_exposure for partner in partners}
        for memo in self:
            partner = memo.partner_id.commercial_partner_id
            exposure[partner] += memo.amount_total
            limit = partner.jewel_exposure_limit
            if (
                limit
                and exposure[partner] > limit
                and not memo.exposure_override_reason
            ):
                raise UserError(
                    self.env._(
                        "Memo %(memo)s would bring %(partner)s to %(total)s out, over "
                        "its exposure limit of %(limit)s. A sales manager can "
                        "override the limit with a reason.",
                        memo=memo.name,
                        partner=partner.display_name,
                        total=memo.currency_id.format(exposure[partner]),
                        limit=memo.currency_id.format(limit),
                    )
                )

    def _lines_out(self):
        return self.line_ids.filtered(lambda line: line.state == "out")

    def _check_lines_out(self, lines):
        self.ensure_one()
        if not lines:
            raise UserError(self.env._("Select the pieces to return or sell."))
        wrong = lines.filtered(lambda line: line.memo_id != self or line.state != "out")
        if wrong:
            raise UserError(
                self.env._(
                    "These pieces are not out at %(partner)s on memo %(memo)s: "
                    "%(serials)s.",
                    partner=self.partner_id.display_name,
                    memo=self.name,
                    serials=", ".join(wrong.lot_id.mapped("name")),
                )
            )

    def _update_state(self):
        """Close or mark partial after pieces came back or were sold.

        Only the return and sale transitions call it, after their checks.
        """
        for memo in self.filtered(lambda m: m.state in ("sent", "partial")):
            states = set(memo.line_ids.mapped("state")) - {"cancel"}
            if "out" not in states:
                memo._jewel_transition().write({"state": "closed"})
                self.env["jewel.exception"].close_for(
                    memo,
                    "memo_overdue",
                    self.env._("Every piece of the memo is returned or sold."),
                )
            elif states != {"out"}:
                memo._jewel_transition().write({"state": "partial"})

    @api.model
    def _cron_memo_overdue(self, today=None):
        """Daily: an activity for the salesperson on every overdue memo."""
        today = fields.Date.to_date(today or fields.Date.context_today(self))
        memos = self.search(
            [("state", "in", ("sent", "partial")), ("date_due", "<", today)]
        )
        memos._jewel_flag_overdue()
        return memos

    def _jewel_flag_overdue(self):
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        flagged = {
            memo_id
            for (memo_id,) in self.env["mail.activity"]._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                    ("summary", "=", "Memo overdue"),
                ],
                ["res_id"],
            )
        }
        for memo in self:
            if memo.id not in flagged:
                memo.activity_schedule(
                    act_type_xmlid="mail.mail_activity_data_todo",
                    summary="Memo overdue",
                    note=self.env._(
                        "Memo %(memo)s was due on %(due)s: collect payment or the "
                        "pieces from %(partner)s.",
                        memo=memo.name,
                        due=memo.date_due,
                        partner=memo.partner_id.display_name,
                    ),
                    user_id=(memo.user_id or self.env.user).id,
                )
            memo._jewel_raise_overdue_exception()

    def _jewel_raise_overdue_exception(self):
        """Raise the accountability-layer exception (see jewel_bom)."""
        self.env["jewel.exception"].raise_exception(
            self,
            "memo_overdue",
            self.env._("Memo %(memo)s overdue", memo=self.name),
            description=self.env._(
                "%(value)s still out at %(partner)s since the due date %(due)s.",
                value=self.currency_id.format(self.amount_out),
                partner=self.partner_id.display_name,
                due=self.date_due,
            ),
            closure_condition=self.env._("Every piece returned or sold."),
            user=self.user_id,
            measured_value=self.amount_out,
        )

    @api.depends("line_ids.product_id", "line_ids.state", "company_id")
    def _compute_jewel_sow_warranty(self):
        for memo in self:
            memo.jewel_sow_warranty = bool(memo._jewel_sow_statement())

    def _jewel_sow_statement(self):
        """The System of Warranties statement the memo note prints when its
        pieces contain diamonds."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.state != "cancel")
        return self.company_id._jewel_sow_for(lines.product_id)

    def _jewel_agreement_clause(self):
        """The clause of the memo note that says what happens to the pieces:
        on memo, those not returned by the due date are deemed sold; on
        consignment, the partner pays for each piece it reports sold, less its
        commission. Meant to be extended."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        due = format_date(self.env, self.date_due, lang_code=partner.lang)
        if self.agreement_type != "consignment":
            return self.env._(
                "Goods not returned by %(due)s are deemed sold at the prices above.",
                due=due,
            )
        if partner.jewel_pricing == "commission" and partner.jewel_commission_percent:
            payment = self.env._(
                "pays the price above less its commission of %(percent)s %%",
                percent=f"{partner.jewel_commission_percent:g}",
            )
        else:
            payment = self.env._("pays the price above")
        return self.env._(
            "The goods remain the property of %(company)s until sold. %(partner)s "
            "reports each sale and %(payment)s within %(days)s days of the sale; "
            "goods not sold are returned by %(due)s or when the workshop asks.",
            company=self.company_id.name,
            partner=partner.name,
            payment=payment,
            days=partner.jewel_settlement_days,
            due=due,
        )

    def _jewel_prepare_line_vals(self, lots):
        """Line values for ``lots`` at the partner's agreed price."""
        partner = self.partner_id.commercial_partner_id
        return [
            Command.create(
                {"lot_id": lot.id, "price": partner._jewel_unit_price(lot.product_id)}
            )
            for lot in lots
        ]
