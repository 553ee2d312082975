from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.jewel_bom.tools import numbers

CHECK_KINDS = [
    ("pass_fail", "Pass / fail"),
    ("measurement", "Measurement"),
    ("weight", "Piece weight"),
    ("stone_count", "Stone count"),
    ("assay", "Assay"),
    ("hallmark", "Hallmark"),
]
# Kinds whose result follows from a measured value.
MEASURED_KINDS = ("measurement", "weight", "stone_count", "assay")


class JewelQualityPoint(models.Model):
    """What to check, where and when: one check per matching MO or work order."""

    _name = "jewel.quality.point"
    _description = "Quality Checkpoint"
    _inherit = ["mail.thread", "jewel.number.mixin"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    kind = fields.Selection(
        CHECK_KINDS, required=True, default="pass_fail", tracking=True
    )
    instructions = fields.Html(translate=True)
    blocking = fields.Boolean(
        default=True,
        tracking=True,
        help="A blocking check that has not passed stops the manufacturing order "
        "from being marked done; an advisory one only informs.",
    )
    operation_id = fields.Many2one(
        "mrp.routing.workcenter",
        check_company=True,
        index="btree_not_null",
        tracking=True,
        help="One check per work order of this operation.",
    )
    workcenter_id = fields.Many2one(
        "mrp.workcenter",
        string="Work Center",
        compute="_compute_workcenter_id",
        store=True,
        readonly=False,
        check_company=True,
        tracking=True,
        help="Without an operation: one check per work order at this work center.",
    )
    product_tmpl_ids = fields.Many2many(
        "product.template",
        string="Products",
        check_company=True,
        help="Leave empty (and no category) for every product.",
    )
    product_category_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Products of these categories and their sub-categories.",
    )
    norm_min = fields.Float(
        string="Minimum", digits="Jewel Weight", jewel_number=numbers.MEASURE
    )
    norm_max = fields.Float(
        string="Maximum", digits="Jewel Weight", jewel_number=numbers.MEASURE
    )
    unit_label = fields.Char(string="Unit", help="mm, ring size …")
    weight_tolerance = fields.Float(
        string="Weight Tolerance (g)",
        digits="Jewel Weight",
        default=0.150,
        jewel_number=numbers.WEIGHT,
        help="A piece passes when its weight is within the BOM's expected gross "
        "weight ± this tolerance.",
    )
    check_count = fields.Integer(compute="_compute_check_count")

    @api.depends("operation_id")
    def _compute_workcenter_id(self):
        for point in self:
            if point.operation_id:
                point.workcenter_id = point.operation_id.workcenter_id

    def _compute_check_count(self):
        counts = dict(
            self.env["jewel.quality.check"]._read_group(
                [("point_id", "in", self.ids)], ["point_id"], ["__count"]
            )
        )
        for point in self:
            point.check_count = counts.get(point, 0)

    @api.constrains("kind", "norm_min", "norm_max", "weight_tolerance")
    def _check_norms(self):
        for point in self:
            if point.kind == "measurement" and point.norm_min > point.norm_max:
                raise ValidationError(
                    self.env._(
                        "Checkpoint %(point)s: the minimum (%(min)s) is above the "
                        "maximum (%(max)s).",
                        point=point.name,
                        min=point.norm_min,
                        max=point.norm_max,
                    )
                )
            if point.weight_tolerance < 0:
                raise ValidationError(
                    self.env._(
                        "Checkpoint %(point)s: the weight tolerance cannot be "
                        "negative.",
                        point=point.name,
                    )
                )

    def _matches_product(self, product):
        """Whether this point applies to ``product``; meant to be extended."""
        self.ensure_one()
        if not self.product_tmpl_ids and not self.product_category_ids:
            return True
        if product.product_tmpl_id in self.product_tmpl_ids:
            return True
        category_ids = set(self.product_category_ids.ids)
        parent_ids = {
            int(cid) for cid in product.categ_id.parent_path.split("/") if cid
        }
        return bool(category_ids & parent_ids)

    def _target_workorders(self, production):
        """Work orders of ``production`` this point checks, or None for the MO itself.

        :return: an ``mrp.workorder`` recordset (possibly empty: no check), or
            ``None`` when the point checks the MO as a whole.
        """
        self.ensure_one()
        if self.operation_id:
            return production.workorder_ids.filtered(
                lambda wo: wo.operation_id == self.operation_id
            )
        if self.workcenter_id:
            return production.workorder_ids.filtered(
                lambda wo: wo.workcenter_id == self.workcenter_id
            )
        return None

    def action_view_checks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jewel_quality.jewel_quality_check_action"
        )
        action["domain"] = [("point_id", "=", self.id)]
        action["context"] = {}
        return action
