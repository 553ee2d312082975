from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

from odoo.addons.jewel_bom.tools.numbers import round_weight

from .jewel_metal_transfer import check_metal_keeper


class JewelMetalRefiningLot(models.Model):
    """Sweeps, filings and scrap sent together to a refiner, and what came back.

    Platinum-group scrap is refined apart from gold and silver. Sending posts a
    refining transfer to the refiner; the refiner's assay credits the recovered
    fine metal back and writes the unrecovered part off, with a reason (scrap
    from a vault is written off once a supervisor approves it).
    """

    _name = "jewel.metal.refining.lot"
    _description = "Refining Lot"
    _inherit = ["mail.thread", "mail.activity.mixin", "jewel.lifecycle.mixin"]
    _order = "id desc"
    _check_company_auto = True

    _jewel_transition_fields = ("state", "name", "date_sent")
    _jewel_editable_states = ("draft", "sent")
    _jewel_unlink_states = ("draft",)
    # what the refiner's assay brings, entered while the lot is at the refiner
    # (on the lines: the recovered fine grams only)
    _jewel_assay_fields = (
        "date_assay",
        "writeoff_reason",
        "recovery_account_id",
        "line_ids",
    )

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    family = fields.Selection(
        [("gold_silver", "Gold and silver"), ("platinum", "Platinum group")],
        required=True,
        default="gold_silver",
        tracking=True,
        help="Platinum-group metals are refined apart from gold and silver.",
    )
    state = fields.Selection(
        [("draft", "Collecting"), ("sent", "At the Refiner"), ("done", "Assayed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    source_account_id = fields.Many2one(
        "jewel.metal.account",
        string="Collected from",
        required=True,
        check_company=True,
        help="The loss account for sweeps and polishing dust (already written off), "
        "or a vault holding scrap.",
    )
    refiner_account_id = fields.Many2one(
        "jewel.metal.account",
        string="Refiner",
        required=True,
        check_company=True,
        domain="[('account_type', '=', 'refiner')]",
    )
    recovery_account_id = fields.Many2one(
        "jewel.metal.account",
        string="Recovered into",
        check_company=True,
        domain="[('account_type', '=', 'vault')]",
        help="The vault credited with the recovered metal (default: where the "
        "scrap came from, or the first vault for sweeps).",
    )
    date_sent = fields.Date(readonly=True)
    date_assay = fields.Date(string="Assay Date")
    line_ids = fields.One2many("jewel.metal.refining.lot.line", "lot_id", copy=True)
    writeoff_reason = fields.Text(
        string="Reason for the Unrecovered Metal",
        tracking=True,
    )
    transfer_ids = fields.One2many(
        "jewel.metal.transfer", "refining_lot_id", string="Transfers", readonly=True
    )
    fine_sent = fields.Float(
        digits="Jewel Weight", compute="_compute_totals", string="Fine Sent (g)"
    )
    fine_recovered = fields.Float(
        digits="Jewel Weight", compute="_compute_totals", string="Fine Recovered (g)"
    )
    fine_unrecovered = fields.Float(
        digits="Jewel Weight", compute="_compute_totals", string="Unrecovered (g)"
    )
    recovery_percent = fields.Float(
        digits=(5, 2), compute="_compute_totals", string="Recovery (%)"
    )

    @api.depends("line_ids.fine_weight", "line_ids.fine_recovered")
    def _compute_totals(self):
        for lot in self:
            lot.fine_sent = round_weight(sum(lot.line_ids.mapped("fine_weight")))
            lot.fine_recovered = round_weight(
                sum(lot.line_ids.mapped("fine_recovered"))
            )
            lot.fine_unrecovered = round_weight(lot.fine_sent - lot.fine_recovered)
            lot.recovery_percent = (
                float_round(
                    lot.fine_recovered / lot.fine_sent * 100, precision_digits=2
                )
                if lot.fine_sent
                else 0.0
            )

    @api.constrains("family", "line_ids")
    def _check_family(self):
        for lot in self:
            platinum = lot.family == "platinum"
            wrong = lot.line_ids.alloy_id.metal_id.filtered(
                lambda m, p=platinum: bool(m.is_platinum_group) != p
            )
            if wrong:
                raise ValidationError(
                    self.env._(
                        "%(lot)s: %(metals)s cannot go in this lot: platinum-group "
                        "scrap is refined apart from gold and silver.",
                        lot=lot.name,
                        metals=", ".join(wrong.mapped("name")),
                    )
                )

    @api.constrains("date_sent", "date_assay")
    def _check_dates(self):
        for lot in self:
            if lot.date_assay and lot.date_sent and lot.date_assay < lot.date_sent:
                raise ValidationError(
                    self.env._(
                        "%(lot)s: the refiner's assay cannot be dated %(assay)s, "
                        "before the lot was sent on %(sent)s.",
                        lot=lot.name,
                        assay=lot.date_assay,
                        sent=lot.date_sent,
                    )
                )

    def _jewel_check_write(self, vals):
        super()._jewel_check_write(vals)
        fixed = [
            name
            for name in vals
            if name in self._fields
            and name not in self._jewel_assay_fields
            and not self._jewel_is_free_field(name)
        ]
        if not fixed:
            return
        for lot in self.filtered(lambda lot: lot.state == "sent"):
            self._jewel_refuse_frozen(
                lot,
                lot.state,
                self.env._(
                    "%s can no longer be changed",
                    self._jewel_field_labels(fixed),
                ),
            )

    def _check_can_refine(self):
        check_metal_keeper(
            self.env,
            self.env._(
                "Only the storekeeper or a supervisor sends scrap to the refiner "
                "and records the assay."
            ),
        )

    def _transfer(self, transfer_type, source, target, lines, note=None, date=None):
        """A draft transfer of this lot (only the lot's actions create them)."""
        return (
            self.env["jewel.metal.transfer"]
            ._jewel_transition()
            .create(
                {
                    "transfer_type": transfer_type,
                    "from_account_id": source.id,
                    "to_account_id": target.id,
                    "company_id": self.company_id.id,
                    "refining_lot_id": self.id,
                    "date": date or fields.Date.context_today(self),
                    "note": note,
                    "line_ids": lines,
                }
            )
            .with_env(self.env)
        )

    def action_send(self):
        """Post the lot to the refiner's account."""
        self._check_can_refine()
        for lot in self:
            if lot.state != "draft" or not lot.line_ids:
                raise UserError(
                    self.env._(
                        "%(lot)s: only a collecting lot with scrap can be sent.",
                        lot=lot.name,
                    )
                )
            if lot.name == "/":
                lot._jewel_transition().name = self.env["ir.sequence"].next_by_code(
                    "jewel.metal.refining.lot"
                )
            lot._transfer(
                "refining_send",
                lot.source_account_id,
                lot.refiner_account_id,
                [
                    fields.Command.create(
                        {
                            "alloy_id": line.alloy_id.id,
                            "fineness": line.fineness,
                            "gross_weight": line.gross_weight,
                            "fine_weight": line.fine_weight,
                            "description": line.description,
                        }
                    )
                    for line in lot.line_ids
                ],
            )._post()
            lot._jewel_transition().write(
                {"state": "sent", "date_sent": fields.Date.context_today(lot)}
            )
        return True

    def action_record_assay(self):
        """Credit the recovered fine metal back; write the rest off with the reason.

        Sweeps from the loss account were written off already: what the refiner
        did not recover goes back there. Scrap from a vault is a new write-off,
        posted once a supervisor approves it.
        """
        self._check_can_refine()
        for lot in self:
            if lot.state != "sent":
                raise UserError(
                    self.env._("%(lot)s is not at the refiner.", lot=lot.name)
                )
            if any(line.fine_recovered > line.fine_weight for line in lot.line_ids):
                raise UserError(
                    self.env._(
                        "%(lot)s: the refiner cannot recover more fine metal than "
                        "was sent.",
                        lot=lot.name,
                    )
                )
            if lot.fine_unrecovered > 0 and not (lot.writeoff_reason or "").strip():
                raise UserError(
                    self.env._(
                        "%(lot)s: %(fine).3f g fine were not recovered; give the "
                        "reason before recording the assay.",
                        lot=lot.name,
                        fine=lot.fine_unrecovered,
                    )
                )
            date = lot.date_assay or fields.Date.context_today(lot)
            recovered = [
                fields.Command.create(
                    {
                        "alloy_id": line.alloy_id.id,
                        "fineness": line.fineness,
                        "gross_weight": round_weight(
                            line.fine_recovered * 1000 / line.fineness
                        ),
                        "fine_weight": line.fine_recovered,
                        "description": line.description,
                    }
                )
                for line in lot.line_ids
                if line.fine_recovered > 0
            ]
            if recovered:
                target = lot.recovery_account_id or lot.source_account_id
                if target.account_type == "loss":
                    target = self.env["jewel.metal.account"].search(
                        [
                            ("account_type", "=", "vault"),
                            ("company_id", "=", lot.company_id.id),
                        ],
                        limit=1,
                    )
                lot._transfer(
                    "refining_recovery",
                    lot.refiner_account_id,
                    target,
                    recovered,
                    note=self.env._("Refiner's assay of %(lot)s", lot=lot.name),
                    date=date,
                )._post()
            unrecovered = [
                fields.Command.create(
                    {
                        "alloy_id": line.alloy_id.id,
                        "fineness": line.fineness,
                        "gross_weight": round_weight(
                            line.fine_unrecovered * 1000 / line.fineness
                        ),
                        "fine_weight": line.fine_unrecovered,
                        "description": line.description,
                    }
                )
                for line in lot.line_ids
                if line.fine_unrecovered > 0
            ]
            if unrecovered:
                loss = self.env["jewel.metal.account"]._get_company_account(
                    "loss", lot.company_id
                )
                writeoff = lot._transfer(
                    "adjustment",
                    lot.refiner_account_id,
                    loss,
                    unrecovered,
                    note=lot.writeoff_reason,
                    date=date,
                )
                if writeoff._is_writeoff():
                    writeoff._request_writeoff()
                else:
                    writeoff._post()
            lot._jewel_transition().write({"state": "done", "date_assay": date})
        return True
