from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .jewel_metal_transfer import JewelMetalTransfer

# Outside parties whose metal enters a vault as a receipt with an origin.
RECEIPT_SOURCES = ("supplier", "customer", "refiner")


class JewelMetalTransferProvenance(models.Model):
    """Where received metal comes from: recycled or mined, its refiner, and the
    supplier's due diligence relied upon when it was received.

    The rules live in ``_check_postable`` (every posting path, JSON-RPC too):
    a receipt into a vault states its origin, a supplier purchase its refiner,
    and a supplier without current due diligence is received only under an
    approved exception on the receipt.
    """

    _name = "jewel.metal.transfer"
    _inherit = ["jewel.metal.transfer", "jewel.exception.source.mixin"]

    _jewel_transition_fields = JewelMetalTransfer._jewel_transition_fields + (
        "due_diligence_id",
    )

    metal_origin = fields.Selection(
        [("recycled", "Recycled"), ("mined", "Mined")],
        string="Origin",
        compute="_compute_metal_origin",
        store=True,
        readonly=False,
        tracking=True,
        help="Receipts into a vault: recycled (old gold, scrap, refined returns) or "
        "newly mined metal.",
    )
    refiner_id = fields.Many2one(
        "jewel.metal.refiner",
        compute="_compute_refiner_id",
        store=True,
        readonly=False,
        tracking=True,
        help="The refinery that made the bars or grain (required for a supplier "
        "purchase), or that returned the refined metal.",
    )
    refiner_accreditation = fields.Selection(
        related="refiner_id.accreditation", string="Accreditation"
    )
    is_receipt = fields.Boolean(
        compute="_compute_is_receipt",
        help="Metal received into a vault from a supplier, a customer or a refiner.",
    )
    is_supplier_receipt = fields.Boolean(
        compute="_compute_is_receipt",
        help="A purchase from a supplier: received only with current due diligence.",
    )
    supplier_partner_id = fields.Many2one(
        related="from_account_id.partner_id", string="Received from"
    )
    due_diligence_id = fields.Many2one(
        "jewel.metal.due.diligence",
        readonly=True,
        copy=False,
        help="The supplier's evidence current on the receipt's date, recorded "
        "when it was posted.",
    )
    provenance_ids = fields.One2many(
        "jewel.metal.provenance", "transfer_id", readonly=True
    )

    @api.depends(
        "transfer_type", "from_account_id.account_type", "from_account_id.metal_origin"
    )
    def _compute_metal_origin(self):
        for transfer in self:
            source = transfer.from_account_id
            recycled = transfer.transfer_type in (
                "customer_deposit",
                "refining_recovery",
            ) or source.account_type in ("customer", "refiner")
            # the party's usual origin; old jewellery and the workshop's own
            # refined scrap are recycled
            usual = (
                source.metal_origin if source.account_type in RECEIPT_SOURCES else False
            )
            if transfer.metal_origin or transfer.state not in ("draft", False):
                # a choice made, or a posted transfer: kept as it is
                transfer.metal_origin = transfer.metal_origin
                continue
            transfer.metal_origin = usual or ("recycled" if recycled else False)

    @api.depends("from_account_id.partner_id", "from_account_id.refiner_id")
    def _compute_refiner_id(self):
        refiners = self.env["jewel.metal.refiner"]._for_partners(
            self.from_account_id.partner_id
        )
        for transfer in self:
            source = transfer.from_account_id
            partner = source.partner_id.commercial_partner_id
            usual = (
                source.refiner_id if source.account_type in RECEIPT_SOURCES else False
            )
            if transfer.refiner_id or transfer.state not in ("draft", False):
                transfer.refiner_id = transfer.refiner_id
                continue
            transfer.refiner_id = usual or refiners.get(partner.id, False)

    @api.depends(
        "from_account_id.account_type",
        "to_account_id.account_type",
        "reversed_transfer_id",
    )
    def _compute_is_receipt(self):
        for transfer in self:
            transfer.is_receipt = transfer._jewel_is_receipt()
            transfer.is_supplier_receipt = transfer._jewel_is_supplier_receipt()

    def _jewel_is_receipt(self):
        self.ensure_one()
        return (
            self.to_account_id.account_type == "vault"
            and self.from_account_id.account_type in RECEIPT_SOURCES
            and not self.reversed_transfer_id
        )

    def _jewel_is_supplier_receipt(self):
        self.ensure_one()
        return (
            self._jewel_is_receipt() and self.from_account_id.account_type == "supplier"
        )

    def _jewel_declared_origin(self):
        """``(origin, refiner id)`` of metal entering from outside."""
        self.ensure_one()
        return (self.metal_origin or "unknown", self.refiner_id.id or False)

    # ------------------------------------------------------------------ rules
    def _check_postable(self):
        result = super()._check_postable()
        if self._jewel_is_receipt():
            self._check_provenance()
        return result

    def _check_provenance(self):
        self.ensure_one()
        source = self.from_account_id
        if not self.metal_origin:
            raise UserError(
                self.env._(
                    "%(transfer)s receives metal from %(account)s into %(vault)s: "
                    "say whether it is recycled or mined.",
                    transfer=self.display_name,
                    account=source.name,
                    vault=self.to_account_id.name,
                )
            )
        if source.account_type != "supplier":
            return
        if not self.refiner_id:
            raise UserError(
                self.env._(
                    "%(transfer)s: name the refiner of the metal bought from "
                    "%(supplier)s (the bar's or grain's refinery).",
                    transfer=self.display_name,
                    supplier=source.partner_id.display_name,
                )
            )
        if self._jewel_due_diligence() or self._jewel_due_diligence_exception():
            return
        raise UserError(self._jewel_due_diligence_refusal())

    def _jewel_due_diligence(self):
        """The supplier's evidence current on the receipt's date, if any."""
        self.ensure_one()
        partner = self.from_account_id.partner_id.commercial_partner_id
        current = (
            self.env["jewel.metal.due.diligence"]
            .sudo()
            ._current_for(partner, self.date, self.company_id)
        )
        return current.get(partner.id, self.env["jewel.metal.due.diligence"])

    def _jewel_due_diligence_exception(self):
        """The approved exception that lets this receipt in without it."""
        self.ensure_one()
        return (
            self.env["jewel.exception"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("kind", "=", "due_diligence"),
                    ("state", "=", "approved"),
                ],
                limit=1,
            )
        )

    def _jewel_due_diligence_refusal(self):
        self.ensure_one()
        partner = self.from_account_id.partner_id.commercial_partner_id
        latest = (
            self.env["jewel.metal.due.diligence"]
            .sudo()
            ._latest_for(partner, self.company_id)
        )
        if not latest:
            why = self.env._("no due-diligence evidence is recorded")
        elif latest.state != "reviewed":
            why = self.env._(
                "its evidence %(evidence)s is not reviewed yet", evidence=latest.name
            )
        elif latest.valid_until < self.date:
            why = self.env._(
                "its evidence %(evidence)s expired on %(date)s",
                evidence=latest.name,
                date=latest.valid_until,
            )
        else:
            why = self.env._(
                "its evidence %(evidence)s starts on %(date)s",
                evidence=latest.name,
                date=latest.date,
            )
        return self.env._(
            "%(supplier)s has no current due diligence on %(date)s (%(why)s): "
            "metal from this supplier is not received. Record the evidence and have "
            "it reviewed, or ask for an exception (Ask for Approval) that a "
            "supervisor approves.",
            supplier=partner.display_name,
            date=self.date,
            why=why,
        )

    # ------------------------------------------------------------------ posting
    def _post(self):
        result = super()._post()
        if self._jewel_is_supplier_receipt():
            evidence = self._jewel_due_diligence()
            # posting relies on this evidence: recorded with the posting
            self._jewel_transition().due_diligence_id = evidence
            exception = self._jewel_due_diligence_exception()
            if exception and not evidence:
                # the poster closes it: its condition is met by this posting
                self.env["jewel.exception"].close_for(
                    self,
                    "due_diligence",
                    self.env._("Received under this approval as %s.", self.name),
                )
        self.env["jewel.metal.provenance"]._record_posting(self)
        return result

    def action_request_due_diligence_exception(self):
        """Ask a supervisor to let this receipt in without current due diligence.

        Raises the exception on the receipt with its next action for the
        approver; whoever asked cannot approve it.
        """
        self._check_metal_keeper()
        exceptions = self.env["jewel.exception"]
        for transfer in self:
            exceptions |= transfer._request_due_diligence_exception()
        action = {
            "type": "ir.actions.act_window",
            "res_model": "jewel.exception",
            "name": self.env._("Exceptions"),
        }
        if len(exceptions) == 1:
            return dict(action, res_id=exceptions.id, view_mode="form")
        return dict(
            action, view_mode="list,form", domain=[("id", "in", exceptions.ids)]
        )

    def _request_due_diligence_exception(self):
        self.ensure_one()
        if self.state != "draft" or not self._jewel_is_supplier_receipt():
            raise UserError(
                self.env._(
                    "%(transfer)s is not a draft receipt from a supplier.",
                    transfer=self.display_name,
                )
            )
        if self._jewel_due_diligence():
            raise UserError(
                self.env._(
                    "%(supplier)s has current due diligence: post the receipt.",
                    supplier=self.from_account_id.partner_id.display_name,
                )
            )
        supplier = self.from_account_id.partner_id.commercial_partner_id
        exception = self.env["jewel.exception"].raise_exception(
            self,
            "due_diligence",
            self.env._(
                "Receive %(fine).3f g fine from %(supplier)s without current due "
                "diligence",
                fine=self.total_fine_weight,
                supplier=supplier.display_name,
            ),
            description=Markup("<p>%s</p>") % self._jewel_due_diligence_refusal(),
            closure_condition=self.env._(
                "The receipt is posted under this approval, or cancelled."
            ),
            user=self.env.user,
            role="jewel_bom.group_jewel_supervisor",
        )
        if exception.state == "open":
            exception.action_submit()
        return exception
