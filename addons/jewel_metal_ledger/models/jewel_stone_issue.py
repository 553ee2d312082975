from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.jewel_bom.tools import numbers

from .jewel_metal_transfer import check_metal_keeper


class JewelStoneIssue(models.Model):
    """Stones handed to a setter for a job, and how each came back.

    Counted while at the bench; reconciling closes it, and a closed issue no
    longer changes.
    """

    _name = "jewel.stone.issue"
    _description = "Stones at the Bench"
    _inherit = ["mail.thread", "jewel.lifecycle.mixin", "jewel.number.mixin"]
    _order = "id desc"
    _check_company_auto = True

    _jewel_transition_fields = ("state",)
    _jewel_editable_states = ("open",)
    _jewel_unlink_states = ("open",)

    production_id = fields.Many2one(
        "mrp.production",
        string="Manufacturing Order",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    account_id = fields.Many2one(
        "jewel.metal.account",
        string="Setter",
        required=True,
        check_company=True,
        domain="[('account_type', 'in', ('goldsmith', 'workstation'))]",
    )
    company_id = fields.Many2one(
        related="production_id.company_id", store=True, index=True
    )
    product_id = fields.Many2one(
        "product.product",
        string="Stone",
        required=True,
        domain="[('jewel_component_type', '=', 'stone')]",
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Stone Lot",
        domain="[('product_id', '=', product_id)]",
        check_company=True,
    )
    qty_issued = fields.Integer(
        string="Issued", required=True, tracking=True, jewel_number=numbers.COUNT
    )
    carat_per_stone = fields.Float(
        digits="Jewel Carat",
        compute="_compute_carat_per_stone",
        store=True,
        readonly=False,
        precompute=True,
        jewel_number=numbers.CARAT,
    )
    carat_issued = fields.Float(
        string="Carats Issued",
        digits="Jewel Carat",
        compute="_compute_carats",
        store=True,
    )
    qty_set = fields.Integer(string="Set", tracking=True, jewel_number=numbers.COUNT)
    qty_returned = fields.Integer(
        string="Returned", tracking=True, jewel_number=numbers.COUNT
    )
    qty_broken = fields.Integer(
        string="Broken", tracking=True, jewel_number=numbers.COUNT
    )
    qty_lost = fields.Integer(string="Lost", tracking=True, jewel_number=numbers.COUNT)
    carat_lost = fields.Float(
        string="Carats Broken or Lost",
        digits="Jewel Carat",
        compute="_compute_carats",
        store=True,
    )
    qty_outstanding = fields.Integer(
        string="Still Out", compute="_compute_carats", store=True
    )
    loss_reason = fields.Text(
        string="Reason for Broken or Lost Stones",
        tracking=True,
    )
    state = fields.Selection(
        [("open", "At the Bench"), ("closed", "Reconciled")],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
    )

    @api.depends("product_id")
    def _compute_carat_per_stone(self):
        for issue in self:
            issue.carat_per_stone = issue.product_id.jewel_stone_weight

    @api.depends(
        "qty_issued",
        "qty_set",
        "qty_returned",
        "qty_broken",
        "qty_lost",
        "carat_per_stone",
    )
    def _compute_carats(self):
        for issue in self:
            issue.carat_issued = numbers.round_weight(
                issue.qty_issued * issue.carat_per_stone
            )
            lost = issue.qty_broken + issue.qty_lost
            issue.carat_lost = numbers.round_weight(lost * issue.carat_per_stone)
            issue.qty_outstanding = issue.qty_issued - (
                issue.qty_set + issue.qty_returned + lost
            )

    @api.constrains(
        "qty_issued", "qty_set", "qty_returned", "qty_broken", "qty_lost", "state"
    )
    def _check_quantities(self):
        for issue in self:
            if issue.state == "closed" and issue.qty_outstanding:
                raise ValidationError(
                    self.env._(
                        "%(stone)s: %(count)s stones are still out; a reconciled "
                        "issue accounts for every stone.",
                        stone=issue.product_id.display_name,
                        count=issue.qty_outstanding,
                    )
                )
            counts = (
                issue.qty_set,
                issue.qty_returned,
                issue.qty_broken,
                issue.qty_lost,
            )
            if issue.qty_issued <= 0 or min(counts) < 0:
                raise ValidationError(
                    self.env._(
                        "%(stone)s: stones issued must be above zero and no count "
                        "can be negative.",
                        stone=issue.product_id.display_name,
                    )
                )
            if issue.qty_outstanding < 0:
                raise ValidationError(
                    self.env._(
                        "%(stone)s: %(back)s stones accounted for, but only %(issued)s "
                        "were issued.",
                        stone=issue.product_id.display_name,
                        back=sum(counts),
                        issued=issue.qty_issued,
                    )
                )

    def action_reconcile(self):
        """Every stone is set, returned, or broken/lost with a reason."""
        check_metal_keeper(
            self.env,
            self.env._(
                "Only the storekeeper or a supervisor reconciles the stones at the "
                "bench."
            ),
        )
        for issue in self:
            if issue.state != "open":
                raise UserError(
                    self.env._(
                        "%(stone)s with %(setter)s is already reconciled.",
                        stone=issue.product_id.display_name,
                        setter=issue.account_id.name,
                    )
                )
            if issue.qty_outstanding:
                raise UserError(
                    self.env._(
                        "%(count)s %(stone)s are still with %(setter)s: count them as "
                        "set, returned, broken or lost.",
                        count=issue.qty_outstanding,
                        stone=issue.product_id.display_name,
                        setter=issue.account_id.name,
                    )
                )
            if (
                issue.qty_broken + issue.qty_lost
                and not (issue.loss_reason or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "%(stone)s: give the reason for the %(count)s broken or lost "
                        "stones.",
                        stone=issue.product_id.display_name,
                        count=issue.qty_broken + issue.qty_lost,
                    )
                )
        # every stone is accounted for (checked above, by a storekeeper or supervisor)
        self._jewel_transition().write({"state": "closed"})
        return True
