from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from odoo.addons.jewel_bom.tools import numbers

RESULTS = [("pass", "Hallmarked"), ("fail", "Failed")]


class JewelHallmarkBatchLine(models.Model):
    """A piece of a hallnote: listed while the hallnote is a draft, its assay
    result entered while it is at the office, its outcome set on return."""

    _name = "jewel.hallmark.batch.line"
    _description = "Hallnote Piece"
    _inherit = ["jewel.lifecycle.mixin", "jewel.number.mixin"]
    _order = "batch_id, id"
    _check_company_auto = True
    _jewel_lifecycle_parent = "batch_id"
    _jewel_transition_fields = ("result", "check_id", "refusal")

    batch_id = fields.Many2one(
        "jewel.hallmark.batch", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="batch_id.company_id", store=True)
    lot_id = fields.Many2one(
        "stock.lot", string="Piece", required=True, check_company=True, index=True
    )
    product_id = fields.Many2one(related="lot_id.product_id")
    alloy_id = fields.Many2one(related="lot_id.jewel_alloy_id")
    gross_weight = fields.Float(related="lot_id.jewel_gross_weight")
    assay_fineness = fields.Float(
        string="Assay (‰)", digits="Jewel Fineness", jewel_number=numbers.ASSAY
    )
    certificate_ref = fields.Char(string="Certificate / Unique ID")
    soldered = fields.Boolean(
        help="Assayed whole with its solder: some markets (US) allow a larger "
        "tolerance then."
    )
    result = fields.Selection(RESULTS, readonly=True, copy=False)
    refusal = fields.Char(
        string="Refused By", readonly=True, copy=False, help="The market rule failed."
    )
    exempt = fields.Boolean(
        compute="_compute_exempt",
        help="Below the market's exemption weight (metal content): a hallmark is "
        "not required.",
    )
    check_id = fields.Many2one("jewel.quality.check", readonly=True, copy=False)
    decision = fields.Selection(related="check_id.decision")

    _sql_constraints = [
        (
            "lot_uniq",
            "unique(batch_id, lot_id)",
            "A piece is listed once per hallnote.",
        ),
    ]

    @api.depends("batch_id.market_id", "lot_id.jewel_gross_metal_weight")
    def _compute_exempt(self):
        for line in self:
            market = line.batch_id.market_id
            metal = line.lot_id.jewel_alloy_id.metal_id
            rule = market.rule_ids.filtered(lambda r, m=metal: r.metal_id == m)[:1]
            line.exempt = bool(rule) and rule._is_exempt(
                line.lot_id.jewel_gross_metal_weight
            )

    def _jewel_check_write(self, vals):
        """The lifecycle guard; the office's results are entered while the
        hallnote is at the office."""
        if all(line.batch_id.state == "sent" for line in self):
            vals = {
                name: value
                for name, value in vals.items()
                if name not in ("assay_fineness", "certificate_ref", "soldered")
            }
        return super()._jewel_check_write(vals)

    @api.constrains("lot_id", "batch_id")
    def _check_fineness(self):
        for line in self:
            alloy = line.lot_id.jewel_alloy_id
            if not alloy or float_compare(
                alloy.fineness, line.batch_id.fineness, precision_digits=1
            ):
                raise ValidationError(
                    self.env._(
                        "Piece %(lot)s is %(fineness)s ‰, hallnote %(batch)s groups "
                        "pieces of %(batch_fineness)s ‰.",
                        lot=line.lot_id.name,
                        fineness=alloy.fineness,
                        batch=line.batch_id.name,
                        batch_fineness=line.batch_id.fineness,
                    )
                )
        self._check_lot_allowed()

    def _check_lot_allowed(self):
        Check = self.env["jewel.quality.check"]
        for line in self:
            failed = Check._failed_assays(lot=line.lot_id)
            if failed:
                raise UserError(
                    self.env._(
                        "%(lot)s cannot be hallmarked: its assay failed (%(checks)s).",
                        lot=line.lot_id.name,
                        checks=", ".join(failed.mapped("name")),
                    )
                )

    def _assay_point(self):
        """The company's checkpoint for assays at the office, made on first use."""
        Point = self.env["jewel.quality.point"]
        point = Point.with_context(active_test=False).search(
            [
                ("kind", "=", "assay"),
                ("company_id", "=", self.company_id.id),
                ("operation_id", "=", False),
                ("workcenter_id", "=", False),
            ],
            limit=1,
        )
        if not point:
            # Configuration made on behalf of the inspector returning the batch.
            point = Point.sudo().create(
                {
                    "name": self.env._("Assay at the assay office"),
                    "kind": "assay",
                    "blocking": True,
                    "company_id": self.company_id.id,
                    "product_category_ids": [(6, 0, [])],
                    "active": False,
                }
            )
        return point

    def _apply_result(self):
        Check = self.env["jewel.quality.check"]
        productions = self.env["mrp.production"].search(
            [("lot_producing_id", "in", self.lot_id.ids), ("state", "=", "done")]
        )
        production_by_lot = {mo.lot_producing_id: mo for mo in productions}
        for line in self:
            batch = line.batch_id
            check = Check.create(
                {
                    "point_id": line._assay_point().id,
                    "company_id": line.company_id.id,
                    "production_id": production_by_lot.get(
                        line.lot_id, Check.production_id
                    ).id,
                    "lot_id": line.lot_id.id,
                    "product_id": line.lot_id.product_id.id,
                    "measured_value": line.assay_fineness,
                    "assay_office_id": batch.assay_office_id.id,
                    "certificate_ref": line.certificate_ref,
                    "market_id": batch.market_id.id,
                    "soldered": line.soldered,
                    "note": self.env._("Hallnote %s", batch.name),
                }
            )
            check.action_record()
            # The check applied the standard and the market's rule.
            passed = check.state == "pass"
            # the return of the hallnote (action_return) checked the role
            line._jewel_transition().write(
                {
                    "check_id": check.id,
                    "result": "pass" if passed else "fail",
                    "refusal": check.market_refusal,
                }
            )
            if passed:
                # The inspector records the hallmark on the piece.
                line.lot_id.sudo().write(
                    {
                        "jewel_hallmark_mark": batch.mark,
                        "jewel_hallmark_date": fields.Date.context_today(line),
                        "jewel_hallmark_office_id": batch.assay_office_id.id,
                        "jewel_hallmark_certificate": line.certificate_ref,
                        "jewel_market_id": batch.market_id.id,
                    }
                )

    def action_open_decision(self):
        self.ensure_one()
        return self.check_id.action_open_fail_wizard()
