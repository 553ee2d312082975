from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_round

from ..tools import numbers
from ..tools.numbers import fine_weight, round_weight


class MrpBomLine(models.Model):
    _name = "mrp.bom.line"
    _inherit = ["mrp.bom.line", "jewel.number.mixin"]

    jewel_component_type = fields.Selection(
        related="product_id.product_tmpl_id.jewel_component_type"
    )
    jewel_alloy_id = fields.Many2one(
        "jewel.alloy",
        string="Alloy",
        compute="_compute_jewel_alloy_id",
        store=True,
        readonly=False,
    )
    jewel_metal_id = fields.Many2one(
        related="jewel_alloy_id.metal_id", string="Metal", store=True
    )
    jewel_gross_metal_weight = fields.Float(
        string="Metal (g)",
        digits="Jewel Weight",
        compute="_compute_jewel_quantities",
        store=True,
        readonly=False,
        jewel_number=numbers.WEIGHT,
        help="Gross metal for the line quantity: the quantity itself for metal "
        "bought by weight, the component's metal weight × quantity otherwise.",
    )
    jewel_fine_weight = fields.Float(
        string="Fine (g)",
        digits="Jewel Weight",
        compute="_compute_jewel_fine_weight",
        store=True,
    )
    jewel_stone_weight = fields.Float(
        string="Stones (ct)",
        digits="Jewel Carat",
        compute="_compute_jewel_quantities",
        store=True,
        readonly=False,
        jewel_number=numbers.CARAT,
    )
    jewel_stone_count = fields.Integer(
        string="Stones",
        compute="_compute_jewel_quantities",
        store=True,
        readonly=False,
        jewel_number=numbers.COUNT,
    )

    @api.depends("product_id")
    def _compute_jewel_alloy_id(self):
        for line in self:
            line.jewel_alloy_id = line.product_id.product_tmpl_id.jewel_alloy_id

    @api.depends("product_id", "product_qty", "product_uom_id")
    def _compute_jewel_quantities(self):
        gram = self.env.ref("uom.product_uom_gram")
        for line in self:
            template = line.product_id.product_tmpl_id
            qty = (
                line.product_uom_id._compute_quantity(
                    line.product_qty,
                    line.product_id.uom_id or line.product_uom_id,
                    round=False,
                )
                if line.product_uom_id
                else line.product_qty
            )
            if template.jewel_component_type == "metal":
                weighed = line.product_uom_id.category_id == gram.category_id
                line.jewel_gross_metal_weight = (
                    round_weight(
                        line.product_uom_id._compute_quantity(
                            line.product_qty, gram, round=False
                        )
                    )
                    if weighed
                    else 0.0
                )
            else:
                line.jewel_gross_metal_weight = round_weight(
                    template.jewel_gross_metal_weight * qty
                )
            line.jewel_stone_weight = round_weight(template.jewel_stone_weight * qty)
            line.jewel_stone_count = int(
                float_round(template.jewel_stone_count * qty, precision_digits=0)
            )

    @api.depends("jewel_gross_metal_weight", "jewel_alloy_id.fineness")
    def _compute_jewel_fine_weight(self):
        for line in self:
            line.jewel_fine_weight = fine_weight(
                line.jewel_gross_metal_weight, line.jewel_alloy_id.fineness
            )

    @api.constrains(
        "jewel_alloy_id",
        "jewel_gross_metal_weight",
        "jewel_stone_weight",
        "jewel_stone_count",
    )
    def _check_jewel_weights(self):
        for line in self:
            if (
                min(
                    line.jewel_gross_metal_weight,
                    line.jewel_stone_weight,
                    line.jewel_stone_count,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(component)s in %(bom)s: metal weight, carats and stone "
                        "count cannot be negative.",
                        component=line.product_id.display_name,
                        bom=line.bom_id.display_name,
                    )
                )
            if line.jewel_gross_metal_weight and not line.jewel_alloy_id:
                raise ValidationError(
                    self.env._(
                        "%(component)s in %(bom)s carries metal: say which alloy.",
                        component=line.product_id.display_name,
                        bom=line.bom_id.display_name,
                    )
                )

    _JEWEL_TRACKED = (
        "jewel_alloy_id",
        "jewel_gross_metal_weight",
        "jewel_stone_weight",
        "jewel_stone_count",
    )

    def write(self, vals):
        """Post old → new metal weights and alloys of lines on their BOM's chatter."""
        tracked = [f for f in self._JEWEL_TRACKED if f in vals or "product_qty" in vals]
        before = (
            {line: {f: line[f] for f in tracked} for line in self} if tracked else {}
        )
        res = super().write(vals)
        if before:
            self.bom_id._jewel_post_line_changes(before)
        return res


class MrpBomLinePromise(models.Model):
    """Metal weights of a costed design are a promise: changing them needs a reason."""

    _name = "mrp.bom.line"
    _inherit = ["mrp.bom.line", "jewel.promise.mixin"]

    _jewel_promise_fields = ["product_qty", "jewel_gross_metal_weight"]

    def _jewel_promise_is_committed(self):
        self.ensure_one()
        # sudo: whoever edits the lines, a costed design is a promise (the
        # cost itself is only read, never shown)
        return bool(self.jewel_alloy_id and self.bom_id.sudo().jewel_cost_total)

    def _jewel_promise_thread(self):
        return self.bom_id
