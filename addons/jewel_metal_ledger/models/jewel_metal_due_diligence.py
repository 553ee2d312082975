from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# Who reviews supplier due diligence: the roles that approve exceptions.
REVIEWER_GROUPS = ("jewel_bom.group_jewel_supervisor", "jewel_bom.group_jewel_owner")


class JewelMetalDueDiligence(models.Model):
    """Evidence of a metal supplier's due diligence (KYC, origin policy, OECD
    gold-supplement questionnaire, audit report), recorded by one person and
    reviewed by another.

    It is *current* on a day when it is reviewed and that day falls between its
    date and its expiry: a supplier receipt of that day relies on it.
    """

    _name = "jewel.metal.due.diligence"
    _description = "Supplier Due Diligence"
    _inherit = ["mail.thread", "mail.activity.mixin", "jewel.lifecycle.mixin"]
    _order = "partner_id, valid_until desc, id desc"
    _check_company_auto = True

    _jewel_transition_fields = (
        "state",
        "recorded_by_id",
        "reviewer_id",
        "date_reviewed",
    )
    _jewel_editable_states = ("draft",)
    _jewel_free_fields = ("note",)
    _jewel_unlink_states = ("draft",)

    name = fields.Char(
        string="Evidence",
        required=True,
        tracking=True,
        help="What the document is: KYC file, due-diligence questionnaire, audit.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        required=True,
        tracking=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    document = fields.Binary(attachment=True, copy=False)
    document_name = fields.Char(copy=False)
    date = fields.Date(
        string="Evidence Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    valid_until = fields.Date(required=True, tracking=True)
    state = fields.Selection(
        [("draft", "To Review"), ("reviewed", "Reviewed"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    recorded_by_id = fields.Many2one(
        "res.users",
        string="Recorded by",
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
    )
    reviewer_id = fields.Many2one(
        "res.users", string="Reviewed by", readonly=True, copy=False, tracking=True
    )
    date_reviewed = fields.Datetime(string="Reviewed on", readonly=True, copy=False)
    note = fields.Text(tracking=True)

    @api.constrains("date", "valid_until")
    def _check_dates(self):
        for evidence in self:
            if evidence.valid_until < evidence.date:
                raise ValidationError(
                    self.env._(
                        "%(evidence)s of %(supplier)s: it cannot expire "
                        "(%(until)s) before its date (%(date)s).",
                        evidence=evidence.name,
                        supplier=evidence.partner_id.display_name,
                        until=evidence.valid_until,
                        date=evidence.date,
                    )
                )

    @api.constrains("reviewer_id", "recorded_by_id")
    def _check_reviewer(self):
        for evidence in self:
            if evidence.reviewer_id and evidence.reviewer_id == (
                evidence.recorded_by_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(evidence)s: %(user)s recorded this evidence and cannot "
                        "review it; another supervisor or the owner does.",
                        evidence=evidence.name,
                        user=evidence.reviewer_id.name,
                    )
                )

    def action_review(self):
        """Supervisor or owner, not the recorder: the evidence is reviewed."""
        user = self.env.user
        if not (self.env.su or any(user.has_group(g) for g in REVIEWER_GROUPS)):
            raise AccessError(
                self.env._(
                    "Only a supervisor or the owner reviews supplier due diligence."
                )
            )
        for evidence in self:
            if evidence.state != "draft":
                raise UserError(
                    self.env._(
                        "%(evidence)s is not waiting for its review.",
                        evidence=evidence.display_name,
                    )
                )
            if user in evidence.recorded_by_id | evidence.create_uid:
                raise AccessError(
                    self.env._(
                        "%(evidence)s of %(supplier)s: you recorded this evidence; "
                        "another supervisor or the owner reviews it.",
                        evidence=evidence.name,
                        supplier=evidence.partner_id.display_name,
                    )
                )
            if not evidence.document:
                raise UserError(
                    self.env._(
                        "%(evidence)s of %(supplier)s: attach the document before "
                        "it is reviewed.",
                        evidence=evidence.name,
                        supplier=evidence.partner_id.display_name,
                    )
                )
        # the role and the four-eyes rule were checked just above
        self._jewel_transition().write(
            {
                "state": "reviewed",
                "reviewer_id": user.id,
                "date_reviewed": fields.Datetime.now(),
            }
        )
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_cancel(self):
        """Withdraw evidence found wrong: receipts no longer rely on it."""
        user = self.env.user
        if not (self.env.su or any(user.has_group(g) for g in REVIEWER_GROUPS)):
            raise AccessError(
                self.env._(
                    "Only a supervisor or the owner withdraws supplier due diligence."
                )
            )
        self._jewel_transition().write({"state": "cancelled"})
        return True

    @api.model
    def _current_for(self, partners, day, company):
        """``{commercial partner id: evidence}`` current on ``day``, one query."""
        partners = partners.commercial_partner_id
        if not partners:
            return {}
        evidences = self.search(
            [
                ("partner_id.commercial_partner_id", "in", partners.ids),
                ("company_id", "=", company.id),
                ("state", "=", "reviewed"),
                ("date", "<=", day),
                ("valid_until", ">=", day),
            ],
            order="valid_until desc, id desc",
        )
        current = {}
        for evidence in evidences:
            current.setdefault(evidence.partner_id.commercial_partner_id.id, evidence)
        return current

    @api.model
    def _latest_for(self, partner, company):
        """The latest evidence of ``partner`` (to say why it is not current)."""
        return self.search(
            [
                ("partner_id.commercial_partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("state", "!=", "cancelled"),
            ],
            order="valid_until desc, id desc",
            limit=1,
        )
