from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_round

from ..tools import numbers
from ..tools.numbers import round_weight
from .jewel_metal import CARAT_GRAMS

MAX_BOM_DEPTH = 20


class MrpBom(models.Model):
    _name = "mrp.bom"
    _inherit = ["mrp.bom", "jewel.number.mixin"]

    jewel_alloy_id = fields.Many2one(
        "jewel.alloy",
        string="Main Alloy",
        compute="_compute_jewel_alloy_id",
        store=True,
        index="btree_not_null",
        help="The product's alloy, else the alloy of the heaviest metal line.",
    )
    jewel_metal_id = fields.Many2one(
        related="jewel_alloy_id.metal_id", string="Metal", store=True
    )
    # Roll-up through kits and sub-assemblies: never stored, so a change in a
    # sub-BOM shows at once in every design that uses it.
    jewel_gross_metal_weight = fields.Float(
        string="Gross Metal (g)", digits="Jewel Weight", compute="_compute_jewel_totals"
    )
    jewel_fine_gold = fields.Float(
        string="Fine Gold (g)", digits="Jewel Weight", compute="_compute_jewel_totals"
    )
    jewel_fine_silver = fields.Float(
        string="Fine Silver (g)", digits="Jewel Weight", compute="_compute_jewel_totals"
    )
    jewel_fine_platinum = fields.Float(
        string="Fine Platinum (g)",
        digits="Jewel Weight",
        compute="_compute_jewel_totals",
    )
    jewel_fine_palladium = fields.Float(
        string="Fine Palladium (g)",
        digits="Jewel Weight",
        compute="_compute_jewel_totals",
    )
    jewel_stone_weight = fields.Float(
        string="Stones (ct)", digits="Jewel Carat", compute="_compute_jewel_totals"
    )
    jewel_stone_count = fields.Integer(string="Stones", compute="_compute_jewel_totals")
    jewel_gross_weight = fields.Float(
        string="Piece Weight (g)",
        digits="Jewel Weight",
        compute="_compute_jewel_totals",
        help="Gross metal plus stones (1 ct = 0.2 g).",
    )
    # Casting: wax model → metal to melt for one piece in the flask.
    jewel_wax_weight = fields.Float(
        string="Wax Weight (g)",
        digits="Jewel Weight",
        tracking=True,
        jewel_number=numbers.WEIGHT,
    )
    jewel_wax_density = fields.Float(
        string="Wax Density (g/cm³)",
        digits=(6, 2),
        default=1.0,
        tracking=True,
        jewel_number=numbers.DENSITY,
    )
    jewel_casting_alloy_id = fields.Many2one(
        "jewel.alloy",
        string="Casting Alloy",
        compute="_compute_jewel_casting_alloy_id",
        store=True,
        readonly=False,
        tracking=True,
    )
    jewel_sprue_allowance = fields.Float(
        string="Sprue & Button (%)",
        digits=(5, 1),
        default=20.0,
        tracking=True,
        jewel_number=numbers.PERCENT,
        help="Extra metal for sprue and button, returned as scrap to re-melt "
        "(typically 10 % to 30 %).",
    )
    jewel_casting_piece_weight = fields.Float(
        string="Cast Piece Metal (g)",
        digits="Jewel Weight",
        compute="_compute_jewel_casting",
        store=True,
        help="Wax weight × alloy density / wax density.",
    )
    jewel_casting_melt_weight = fields.Float(
        string="Metal to Melt (g)",
        digits="Jewel Weight",
        compute="_compute_jewel_casting",
        store=True,
        help="Cast piece metal plus the sprue and button allowance.",
    )
    jewel_converted_from_id = fields.Many2one(
        "mrp.bom",
        string="Converted From",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The design this BOM was converted from in another alloy.",
    )
    jewel_conversion_ids = fields.One2many(
        "mrp.bom", "jewel_converted_from_id", string="Converted Versions"
    )

    @api.depends(
        "product_tmpl_id.jewel_alloy_id",
        "bom_line_ids.jewel_alloy_id",
        "bom_line_ids.jewel_gross_metal_weight",
    )
    def _compute_jewel_alloy_id(self):
        for bom in self:
            alloy = bom.product_tmpl_id.jewel_alloy_id
            if not alloy:
                metal_lines = bom.bom_line_ids.filtered("jewel_alloy_id")
                heaviest = metal_lines.sorted("jewel_gross_metal_weight", reverse=True)[
                    :1
                ]
                alloy = heaviest.jewel_alloy_id
            bom.jewel_alloy_id = alloy

    @api.depends("jewel_alloy_id")
    def _compute_jewel_casting_alloy_id(self):
        for bom in self:
            bom.jewel_casting_alloy_id = bom.jewel_alloy_id

    @api.depends(
        "jewel_wax_weight",
        "jewel_wax_density",
        "jewel_sprue_allowance",
        "jewel_casting_alloy_id.density",
    )
    def _compute_jewel_casting(self):
        for bom in self:
            piece = 0.0
            if bom.jewel_wax_density and bom.jewel_casting_alloy_id:
                piece = (
                    bom.jewel_wax_weight
                    * bom.jewel_casting_alloy_id.density
                    / bom.jewel_wax_density
                )
            bom.jewel_casting_piece_weight = round_weight(piece)
            bom.jewel_casting_melt_weight = round_weight(
                piece * (1 + bom.jewel_sprue_allowance / 100.0)
            )

    @api.depends(
        "product_qty",
        "bom_line_ids.product_qty",
        "bom_line_ids.jewel_gross_metal_weight",
        "bom_line_ids.jewel_fine_weight",
        "bom_line_ids.jewel_stone_weight",
        "bom_line_ids.jewel_stone_count",
    )
    def _compute_jewel_totals(self):
        rollups = self._jewel_rollup()
        fine_fields = {
            "XAU": "jewel_fine_gold",
            "XAG": "jewel_fine_silver",
            "XPT": "jewel_fine_platinum",
            "XPD": "jewel_fine_palladium",
        }
        for bom in self:
            rollup = rollups[bom]
            for code, field_name in fine_fields.items():
                bom[field_name] = rollup["fine_by_metal_code"].get(code, 0.0)
            bom.jewel_gross_metal_weight = rollup["gross_metal"]
            bom.jewel_stone_weight = rollup["stone_weight"]
            bom.jewel_stone_count = rollup["stone_count"]
            bom.jewel_gross_weight = round_weight(
                rollup["gross_metal"] + rollup["stone_weight"] * CARAT_GRAMS
            )

    @api.constrains("jewel_wax_weight", "jewel_wax_density", "jewel_sprue_allowance")
    def _check_jewel_casting(self):
        for bom in self:
            if bom.jewel_wax_weight < 0 or bom.jewel_sprue_allowance < 0:
                raise ValidationError(
                    self.env._(
                        "%(bom)s: wax weight and sprue allowance cannot be negative.",
                        bom=bom.display_name,
                    )
                )
            if bom.jewel_wax_density <= 0:
                raise ValidationError(
                    self.env._(
                        "%(bom)s: the wax density must be above 0 g/cm³.",
                        bom=bom.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Roll-up
    # ------------------------------------------------------------------
    def _jewel_explode(self):
        """Leaf lines and (sub-)BOMs of each BOM, through kits and sub-assemblies.

        Walks all BOMs of ``self`` level by level, with one ``_bom_find`` per
        level, so the query count depends on the depth, not on the line count.

        :return: ``{bom: {"lines": [(line, factor)], "boms": [(bom, qty)]}}``
            where ``factor`` multiplies the line's own quantities (1.0 for a
            line of the BOM itself) and ``qty`` is the quantity of the (sub-)BOM's
            product to make, in its UoM.
        """
        result = {}
        frontier = []  # (root, line, factor)
        for bom in self:
            result[bom] = {"lines": [], "boms": [(bom, bom.product_qty)]}
            frontier += [(bom, line, 1.0) for line in bom.bom_line_ids]
        depth = 0
        while frontier:
            depth += 1
            if depth > MAX_BOM_DEPTH:
                raise UserError(
                    self.env._(
                        "The bill of materials is nested more than %(depth)s levels "
                        "deep: check for a component that contains itself.",
                        depth=MAX_BOM_DEPTH,
                    )
                )
            products = self.env["product.product"].union(
                *(line.product_id for _root, line, _factor in frontier)
            )
            sub_boms = {}
            for company in {root.company_id for root, _line, _factor in frontier}:
                sub_boms[company] = self._bom_find(products, company_id=company.id)
            next_frontier = []
            for root, line, factor in frontier:
                sub_bom = sub_boms[root.company_id].get(line.product_id)
                if not sub_bom or sub_bom == line.bom_id:
                    result[root]["lines"].append((line, factor))
                    continue
                qty = line.product_uom_id._compute_quantity(
                    line.product_qty * factor, sub_bom.product_uom_id, round=False
                )
                result[root]["boms"].append((sub_bom, qty))
                sub_factor = qty / (sub_bom.product_qty or 1.0)
                next_frontier += [
                    (root, sub, sub_factor) for sub in sub_bom.bom_line_ids
                ]
            frontier = next_frontier
        return result

    def _jewel_rollup(self):
        """Metal by alloy and metal, stones, for each BOM's quantity.

        :return: ``{bom: {"gross_metal", "stone_weight", "stone_count",
            "gross_by_alloy": {alloy: g}, "fine_by_metal": {metal: g},
            "fine_by_metal_code": {code: g}, "lines": [(line, factor)],
            "boms": [(bom, qty)]}}``
        """
        result = {}
        exploded = self._jewel_explode()
        for bom, tree in exploded.items():
            gross_by_alloy = defaultdict(float)
            fine_by_metal = defaultdict(float)
            stone_weight = 0.0
            stone_count = 0.0
            for line, factor in tree["lines"]:
                if line.jewel_alloy_id:
                    gross_by_alloy[line.jewel_alloy_id] += (
                        line.jewel_gross_metal_weight * factor
                    )
                    fine_by_metal[line.jewel_alloy_id.metal_id] += (
                        line.jewel_gross_metal_weight
                        * factor
                        * line.jewel_alloy_id.fineness
                        / 1000
                    )
                stone_weight += line.jewel_stone_weight * factor
                stone_count += line.jewel_stone_count * factor
            fine_by_metal = {m: round_weight(g) for m, g in fine_by_metal.items()}
            result[bom] = {
                "gross_metal": round_weight(sum(gross_by_alloy.values())),
                "gross_by_alloy": {
                    a: round_weight(g) for a, g in gross_by_alloy.items()
                },
                "fine_by_metal": fine_by_metal,
                "fine_by_metal_code": {m.code: g for m, g in fine_by_metal.items()},
                "stone_weight": round_weight(stone_weight),
                "stone_count": int(float_round(stone_count, precision_digits=0)),
                "lines": tree["lines"],
                "boms": tree["boms"],
            }
        return result

    # ------------------------------------------------------------------
    # History of line weights
    # ------------------------------------------------------------------
    def _jewel_post_line_changes(self, before):
        """Post, on each BOM, the alloys and weights its lines changed from → to.

        :param before: ``{line: {field: old value}}`` read before the write.
        """
        changes_by_bom = defaultdict(list)
        for line, old_values in before.items():
            for field_name, old in old_values.items():
                new = line[field_name]
                if old == new:
                    continue
                field = line._fields[field_name]
                if field.type == "many2one":
                    old, new = old.display_name or "-", new.display_name or "-"
                changes_by_bom[line.bom_id].append(
                    (line.product_id.display_name, field.string, old, new)
                )
        for bom, changes in changes_by_bom.items():
            items = Markup("").join(
                Markup("<li>%s — %s: %s → %s</li>") % change for change in changes
            )
            bom.message_post(
                body=Markup("%s<ul>%s</ul>")
                % (self.env._("Component metal changed:"), items)
            )

    # ------------------------------------------------------------------
    # Roles
    # ------------------------------------------------------------------
    @api.model
    def _jewel_check_design_role(self):
        """Designs are costed and converted by the production planner (and the
        roles above it) or an MRP administrator.

        :raise AccessError: for anyone else.
        """
        user = self.env.user
        if self.env.su or user.has_group("jewel_bom.group_jewel_planner"):
            return
        if user.has_group("mrp.group_mrp_manager"):
            return
        raise AccessError(
            self.env._(
                "Only a production planner, a supervisor or an MRP administrator can "
                "cost or convert a bill of materials."
            )
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_jewel_convert(self):
        self.ensure_one()
        self._jewel_check_design_role()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Convert to Another Alloy"),
            "res_model": "mrp.bom.convert",
            "view_mode": "form",
            "target": "new",
            "context": {"default_bom_id": self.id},
        }

    def action_jewel_open_conversions(self):
        self.ensure_one()
        boms = self.jewel_conversion_ids | self.jewel_converted_from_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Other Alloys of %s", self.display_name),
            "res_model": "mrp.bom",
            "view_mode": "list,form",
            "domain": [("id", "in", boms.ids)],
        }
