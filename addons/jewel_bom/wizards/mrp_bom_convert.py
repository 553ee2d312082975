import re

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class MrpBomConvert(models.TransientModel):
    """Make the same design in another alloy: same volume, weights by density."""

    _name = "mrp.bom.convert"
    _description = "Convert a BOM to Another Alloy"

    bom_id = fields.Many2one("mrp.bom", required=True, ondelete="cascade")
    source_alloy_id = fields.Many2one(related="bom_id.jewel_alloy_id")
    target_alloy_id = fields.Many2one(
        "jewel.alloy",
        string="New Alloy",
        required=True,
        domain="[('id', 'in', allowed_alloy_ids)]",
    )
    allow_other_metal = fields.Boolean(
        string="Convert to Another Metal",
        help="Tick to turn, say, a gold design into platinum on purpose.",
    )
    allowed_alloy_ids = fields.Many2many(
        "jewel.alloy",
        compute="_compute_allowed_alloy_ids",
        help="Alloys the design can be made in: another alloy with a raw material "
        "(casting grain) product, of the same metal unless another metal is allowed.",
    )
    product_name = fields.Char(
        string="New Product",
        compute="_compute_product_name",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
    )

    @api.depends("bom_id", "allow_other_metal")
    def _compute_allowed_alloy_ids(self):
        convertible = self.env["jewel.alloy"].search(
            [("raw_material_product_id", "!=", False)]
        )
        for wizard in self:
            alloys = convertible - wizard.source_alloy_id
            if not wizard.allow_other_metal and wizard.source_alloy_id:
                alloys = alloys.filtered(
                    lambda a, w=wizard: a.metal_id == w.source_alloy_id.metal_id
                )
            wizard.allowed_alloy_ids = alloys

    @api.model_create_multi
    def create(self, vals_list):
        # an empty name is no name: the new alloy's name is computed instead,
        # as when a client (JSON-RPC) leaves it out
        for vals in vals_list:
            if "product_name" in vals and not (vals["product_name"] or "").strip():
                del vals["product_name"]
        return super().create(vals_list)

    @api.depends("bom_id", "target_alloy_id")
    def _compute_product_name(self):
        for wizard in self:
            wizard.product_name = (
                wizard._jewel_new_product_name(
                    wizard.bom_id.product_tmpl_id.name or "",
                    wizard.source_alloy_id.name or "",
                    wizard.target_alloy_id.name or "",
                )
                or wizard.bom_id.display_name
            )

    @api.model
    def _jewel_new_product_name(self, name, source, target):
        """``name`` with the source alloy's name replaced by the target's.

        Product names often shorten the alloy (``Ring 18K Yellow 0.50 ct`` for
        18K Yellow Gold): the longest leading words of the source alloy found in
        the name are replaced by as many words of the target alloy (all of them
        when the whole source name is found). Only when no word matches is the
        target alloy added in brackets.
        """
        if not target:
            return name
        source_words = source.split()
        target_words = target.split()
        for count in range(len(source_words), 0, -1):
            words = r"\s+".join(re.escape(word) for word in source_words[:count])
            match = re.search(rf"(?<!\w){words}(?!\w)", name, flags=re.IGNORECASE)
            if match:
                replacement = (
                    target_words
                    if count == len(source_words) or count >= len(target_words)
                    else target_words[:count]
                )
                return (
                    name[: match.start()] + " ".join(replacement) + name[match.end() :]
                )
        return f"{name} ({target})" if name else target

    @api.constrains("target_alloy_id", "allow_other_metal", "bom_id")
    def _check_target_alloy_id(self):
        """The new alloy is refused when it is chosen, not after Convert."""
        for wizard in self:
            target = wizard.target_alloy_id
            if not target.raw_material_product_id:
                raise ValidationError(
                    self.env._(
                        "%(alloy)s has no raw material (casting grain) product: set "
                        "one on the alloy before converting to it.",
                        alloy=target.name,
                    )
                )
            if target == wizard.source_alloy_id:
                raise ValidationError(
                    self.env._(
                        "%(bom)s is already in %(alloy)s.",
                        bom=wizard.bom_id.display_name,
                        alloy=target.name,
                    )
                )

    def action_convert(self):
        self.ensure_one()
        self.env["mrp.bom"]._jewel_check_design_role()
        bom, target = self.bom_id, self.target_alloy_id
        metal_lines = bom.bom_line_ids.filtered(
            lambda line: line.jewel_component_type == "metal" and line.jewel_alloy_id
        )
        self._check_conversion(metal_lines)
        template = bom.product_tmpl_id
        new_template = template.copy(
            {
                "name": self.product_name,
                "jewel_alloy_id": target.id,
                "jewel_gross_metal_weight": self._convert_weight(
                    template.jewel_gross_metal_weight,
                    template.jewel_alloy_id or bom.jewel_alloy_id,
                ),
            }
        )
        new_bom = bom.copy(
            {
                "product_tmpl_id": new_template.id,
                "product_id": False,
                "jewel_converted_from_id": bom.id,
                "code": False,
            }
        )
        raw = target.raw_material_product_id
        for line in new_bom.bom_line_ids.filtered(
            lambda line: line.jewel_component_type == "metal" and line.jewel_alloy_id
        ):
            weight = self._convert_weight(
                line.jewel_gross_metal_weight, line.jewel_alloy_id
            )
            gram = self.env.ref("uom.product_uom_gram")
            line.write(
                {
                    "product_id": raw.id,
                    "product_uom_id": raw.uom_id.id,
                    "product_qty": gram._compute_quantity(
                        weight, raw.uom_id, round=False
                    ),
                    "jewel_alloy_id": target.id,
                    "jewel_gross_metal_weight": weight,
                }
            )
        ratio = ", ".join(
            f"{alloy.name} {alloy.density:g} → {target.density:g} g/cm³"
            for alloy in metal_lines.jewel_alloy_id
        )
        new_bom.message_post(
            body=Markup(
                self.env._("Converted from %(link)s to %(alloy)s (density %(ratio)s).")
            )
            % {"link": bom._get_html_link(), "alloy": target.name, "ratio": ratio}
        )
        bom.message_post(
            body=Markup(
                self.env._("Converted to %(alloy)s as %(link)s (density %(ratio)s).")
            )
            % {"link": new_bom._get_html_link(), "alloy": target.name, "ratio": ratio}
        )
        new_bom._jewel_cost_converted()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mrp.bom",
            "res_id": new_bom.id,
            "view_mode": "form",
            "target": "current",
        }

    def _convert_weight(self, weight, alloy):
        """Same volume in the target alloy: weight × target density / source density."""
        if not weight or not alloy:
            return weight
        return round(weight * self.target_alloy_id.density / alloy.density, 3)

    def _check_conversion(self, metal_lines):
        target = self.target_alloy_id
        bom = self.bom_id
        if not metal_lines:
            raise UserError(
                self.env._(
                    "%(bom)s has no precious metal line to convert.",
                    bom=bom.display_name,
                )
            )
        # the design's own alloy (or metal lines all in it already): a
        # conversion would only copy the product and its BOM
        if target == bom.jewel_alloy_id or not metal_lines.jewel_alloy_id - target:
            raise UserError(
                self.env._(
                    "%(bom)s is already in %(alloy)s: converting it would only "
                    "copy the design. Choose another alloy.",
                    bom=bom.display_name,
                    alloy=target.name,
                )
            )
        existing = bom.jewel_conversion_ids.filtered(
            lambda other: other.active and other.jewel_alloy_id == target
        )
        if existing:
            raise UserError(
                self.env._(
                    "%(bom)s was already converted to %(alloy)s as %(other)s: open "
                    "that design instead of making a second copy.",
                    bom=bom.display_name,
                    alloy=target.name,
                    other=existing[0].display_name,
                )
            )
        if not target.raw_material_product_id:
            raise UserError(
                self.env._(
                    "%(alloy)s has no raw material (casting grain) product: set one on "
                    "the alloy before converting to it.",
                    alloy=target.name,
                )
            )
        other_metals = metal_lines.jewel_alloy_id.metal_id - target.metal_id
        if other_metals and not self.allow_other_metal:
            raise UserError(
                self.env._(
                    "%(alloy)s is %(target_metal)s but the design is in %(metals)s. "
                    "Tick 'Convert to Another Metal' if that is what you mean.",
                    alloy=target.name,
                    target_metal=target.metal_id.name,
                    metals=", ".join(other_metals.mapped("name")),
                )
            )
