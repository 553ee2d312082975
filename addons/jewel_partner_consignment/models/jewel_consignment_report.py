from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .jewel_memo import SALESPERSON

BILLING = "account.group_account_invoice"


class JewelConsignmentReport(models.Model):
    """A partner's report of the consigned pieces it sold over a period.

    Confirmed (invoiced) or cancelled only through its actions; a confirmed
    report and its lines are frozen (``jewel.lifecycle.mixin``).
    """

    _name = "jewel.consignment.report"
    _description = "Consignment sales report"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "jewel.lifecycle.mixin",
    ]
    _order = "date_to desc, id desc"
    _jewel_transition_fields = ("state", "invoice_id", "submitted_from_portal")
    _jewel_editable_states = ("draft",)
    _jewel_free_fields = ("access_token",)
    _jewel_unlink_states = ("draft", "cancel")
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        domain="[('jewel_is_retail_partner', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(
        string="To", required=True, default=fields.Date.context_today, tracking=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many(
        "jewel.consignment.report.line", "report_id", string="Pieces Sold"
    )
    invoice_id = fields.Many2one("account.move", readonly=True, copy=False)
    invoice_date_due = fields.Date(
        related="invoice_id.invoice_date_due", string="Settlement Due"
    )
    amount_price = fields.Monetary(
        string="Sales Value", compute="_compute_amounts", store=True
    )
    amount_net = fields.Monetary(
        string="Net Amount (excl. tax)", compute="_compute_amounts", store=True
    )
    amount_tax = fields.Monetary(string="Tax", compute="_compute_amount_total")
    amount_total = fields.Monetary(
        string="Amount Due (incl. tax)",
        compute="_compute_amount_total",
        help="What the partner pays: the invoice total once confirmed, the net "
        "amount with the products' taxes before.",
    )
    submitted_from_portal = fields.Boolean(readonly=True, copy=False)

    @api.depends("line_ids.price", "line_ids.net_price")
    def _compute_amounts(self):
        for report in self:
            report.amount_price = sum(report.line_ids.mapped("price"))
            report.amount_net = sum(report.line_ids.mapped("net_price"))

    @api.depends("amount_net", "invoice_id.amount_total", "partner_id")
    def _compute_amount_total(self):
        for report in self:
            # the partner (portal) may not read the invoice lines: sudo reads
            # the totals of the report's own invoice, or its products' taxes
            report_sudo = report.sudo()
            invoice = report_sudo.invoice_id
            if invoice:
                report.amount_tax = invoice.amount_tax
                report.amount_total = invoice.amount_total
                continue
            tax = report_sudo.line_ids._jewel_tax_amount()
            report.amount_tax = tax
            report.amount_total = report.amount_net + tax

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for report in self:
            report.access_url = f"/my/consignment_reports/{report.id}"
        return res

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for report in self:
            if report.date_from > report.date_to:
                raise UserError(
                    self.env._(
                        "The period of %(report)s ends before it starts.",
                        report=report.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("jewel.consignment.report")
                    or "/"
                )
        return super().create(vals_list)

    def action_confirm(self):
        """Deliver the reported pieces to the customer and invoice the partner.

        A salesperson or an accountant confirms it.
        """
        self._check_may_confirm()
        for report in self:
            report._check_can_confirm()
            partner = report.partner_id.commercial_partner_id
            lines = report.line_ids
            invoice = lines.memo_line_id._jewel_sell(
                partner, report.date_to, report.name
            )
            # invoiced just above, after the role and the report were checked
            # (an accountant reads sales reports only: sudo writes the transition)
            report.sudo()._jewel_transition().write(
                {"state": "confirmed", "invoice_id": invoice.id}
            )
            report.sudo().message_post(
                body=self.env._(
                    "%(count)s pieces sold, invoiced %(amount)s (%(invoice)s), due "
                    "%(due)s.",
                    count=len(lines),
                    amount=report.currency_id.format(report.amount_net),
                    invoice=invoice.name,
                    due=invoice.invoice_date_due,
                )
            )
        return True

    def action_cancel(self):
        self._check_salesperson()
        if any(report.state != "draft" for report in self):
            raise UserError(self.env._("Only a draft sales report can be cancelled."))
        self._jewel_transition().write({"state": "cancel"})
        return True

    def action_view_invoice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.invoice_id.id,
            "view_mode": "form",
        }

    def _check_may_confirm(self):
        """Sales reports are confirmed (and invoiced) by salespeople and by
        accountants, who invoice the partners."""
        user = self.env.user
        if not self.env.su and not (
            user.has_group(SALESPERSON) or user.has_group(BILLING)
        ):
            raise AccessError(
                self.env._(
                    "Only a salesperson or an accountant can confirm and invoice a "
                    "consignment sales report."
                )
            )

    def _check_salesperson(self):
        """Sales reports are confirmed and cancelled by salespeople."""
        if not self.env.su and not self.env.user.has_group(SALESPERSON):
            raise AccessError(
                self.env._(
                    "Only a salesperson can confirm or cancel a consignment sales "
                    "report."
                )
            )

    def _check_can_confirm(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(
                self.env._("Sales report %(report)s is not a draft.", report=self.name)
            )
        if not self.line_ids:
            raise UserError(
                self.env._("Sales report %(report)s lists no piece.", report=self.name)
            )
        memo_lines = self.line_ids.memo_line_id
        if len(memo_lines) != len(self.line_ids):
            raise UserError(
                self.env._(
                    "A serial is reported sold twice on %(report)s.", report=self.name
                )
            )
        sold = memo_lines.filtered(lambda line: line.state == "sold")
        if sold:
            raise UserError(
                self.env._(
                    "Already sold: %(serials)s.",
                    serials=", ".join(
                        f"{line.lot_id.name} ({line.invoice_id.name})" for line in sold
                    ),
                )
            )
        partner = self.partner_id.commercial_partner_id
        wrong = memo_lines.filtered(
            lambda line: (
                line.state != "out" or line.partner_id.commercial_partner_id != partner
            )
        )
        if wrong:
            raise UserError(
                self.env._(
                    "These pieces are not held by %(partner)s: %(serials)s.",
                    partner=partner.display_name,
                    serials=", ".join(wrong.lot_id.mapped("name")),
                )
            )
        late = memo_lines.filtered(
            lambda line: line.date_sent and line.date_sent > self.date_to
        )
        if late:
            raise UserError(
                self.env._(
                    "%(report)s ends on %(date)s, before these pieces were sent: "
                    "%(serials)s. They cannot be sold in it.",
                    report=self.name,
                    date=self.date_to,
                    serials=", ".join(
                        f"{line.lot_id.name} ({line.date_sent})" for line in late
                    ),
                )
            )

    @api.model
    def _jewel_portal_report_sale(self, partner, memo_lines, date=None):
        """A draft sales report for ``memo_lines`` held by ``partner``.

        Called from the portal on behalf of the partner: checks the pieces.
        """
        partner = partner.commercial_partner_id
        wrong = memo_lines.filtered(
            lambda line: (
                line.state != "out" or line.partner_id.commercial_partner_id != partner
            )
        )
        if not memo_lines or wrong:
            raise UserError(
                self.env._("Select pieces that are at your shop and not yet reported.")
            )
        memo_lines._jewel_hold_for_report()
        reported = memo_lines.filtered(
            lambda line: line.partner_status == "sale_reported"
        )
        if reported:
            raise UserError(
                self.env._(
                    "Already reported sold, waiting for the workshop: %(serials)s.",
                    serials=", ".join(reported.mapped("serial")),
                )
            )
        date = fields.Date.to_date(date or fields.Date.context_today(self))
        # marked as coming from the portal: only this method says so
        report = (
            self._jewel_transition()
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": memo_lines.company_id[:1].id,
                    "date_from": min(memo_lines.mapped("date_sent")),
                    "date_to": date,
                    "submitted_from_portal": True,
                    "line_ids": [
                        (0, 0, {"memo_line_id": line.id}) for line in memo_lines
                    ],
                }
            )
            .with_env(self.env)
        )
        report.activity_schedule(
            act_type_xmlid="mail.mail_activity_data_todo",
            summary=self.env._("Confirm reported sales"),
            user_id=(partner.user_id or self.env.ref("base.user_admin")).id,
        )
        return report
