from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from odoo.addons.jewel_bom.tools import numbers


class JewelHallmarkMarket(models.Model):
    """A destination market's rules for marks: per metal, the lowest standard
    that may be marked, the negative tolerance on assay and the weight under
    which hallmarking is not required. Adding a market is data, not code."""

    _name = "jewel.hallmark.market"
    _description = "Hallmarking Market"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short name printed in refusals: UK, US…")
    country_ids = fields.Many2many(
        "res.country", string="Countries", help="Where pieces sold go to this market."
    )
    requires_hallmark = fields.Boolean(
        help="An independent assay office must mark pieces above the exemption "
        "weights before they are sold (UK, Ireland, India); otherwise the maker's "
        "own mark stands behind the fineness (US)."
    )
    requires_huid = fields.Boolean(
        string="Requires HUID",
        help="Each hallmarked piece carries a unique 6-character identification "
        "(India, BIS).",
    )
    rule_ids = fields.One2many("jewel.hallmark.market.rule", "market_id", "Rules")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Each market code exists only once."),
    ]

    def _rule(self, metal):
        """The market's rule for ``metal``; refused when the market has none."""
        self.ensure_one()
        rule = self.rule_ids.filtered(lambda r: r.metal_id == metal)[:1]
        if not rule:
            raise UserError(
                self.env._(
                    "%(market)s: there is no rule for %(metal)s; pieces of this metal "
                    "cannot be marked for this market.",
                    market=self.code,
                    metal=metal.name,
                )
            )
        return rule


class JewelHallmarkMarketRule(models.Model):
    """One metal's rule in one market."""

    _name = "jewel.hallmark.market.rule"
    _inherit = ["jewel.number.mixin"]
    _description = "Hallmarking Market Rule"
    _order = "market_id, metal_id"

    market_id = fields.Many2one(
        "jewel.hallmark.market", required=True, ondelete="cascade", index=True
    )
    metal_id = fields.Many2one("jewel.metal", required=True, ondelete="restrict")
    min_fineness = fields.Float(
        string="Minimum Fineness (‰)",
        digits="Jewel Fineness",
        required=True,
        jewel_number=numbers.FINENESS,
        help="The lowest standard that may be marked as this metal.",
    )
    tolerance = fields.Float(
        string="Assay Tolerance (‰)",
        digits="Jewel Fineness",
        jewel_number=numbers.ASSAY,
        help="How far below the declared standard an assay may be, piece without "
        "solder; 0 where the standard is a strict minimum (UK, EU).",
    )
    tolerance_solder = fields.Float(
        string="Assay Tolerance with Solder (‰)",
        digits="Jewel Fineness",
        jewel_number=numbers.ASSAY,
        help="The same, for a piece assayed whole with its solder.",
    )
    exemption_weight = fields.Float(
        string="Exemption Weight (g)",
        digits="Jewel Weight",
        jewel_number=numbers.WEIGHT,
        help="Pieces whose precious metal content (stones excluded) weighs less "
        "than this need no hallmark; 0 for none.",
    )

    _sql_constraints = [
        ("metal_uniq", "unique(market_id, metal_id)", "One rule per metal and market."),
        (
            "values_positive",
            "CHECK(min_fineness > 0 AND min_fineness <= 1000 AND tolerance >= 0 "
            "AND tolerance_solder >= 0 AND exemption_weight >= 0)",
            "The minimum fineness is above 0 and at most 1000 ‰; tolerances and "
            "exemption weights are zero or more.",
        ),
    ]

    @api.depends("market_id.code", "metal_id.name")
    def _compute_display_name(self):
        for rule in self:
            rule.display_name = f"{rule.market_id.code}: {rule.metal_id.name}"

    def _refuse_standard(self, fineness):
        """Why ``fineness`` may not be marked under this rule, or ``False``."""
        self.ensure_one()
        if float_compare(fineness, self.min_fineness, precision_digits=1) < 0:
            return self.env._(
                "%(market)s: %(metal)s needs at least %(minimum)s ‰; %(fineness)s ‰ "
                "is below it.",
                market=self.market_id.code,
                metal=self.metal_id.name,
                minimum=f"{self.min_fineness:g}",
                fineness=f"{fineness:g}",
            )
        return False

    def _refuse_assay(self, declared, assay, soldered=False):
        """Why an ``assay`` of a piece declared at ``declared`` ‰ is refused
        under this rule, or ``False``."""
        self.ensure_one()
        refused = self._refuse_standard(declared)
        if refused:
            return refused
        tolerance = self.tolerance_solder if soldered else self.tolerance
        floor = declared - tolerance
        if float_compare(assay, floor, precision_digits=1) >= 0:
            return False
        args = {
            "market": self.market_id.code,
            "metal": self.metal_id.name,
            "declared": f"{declared:g}",
            "assay": f"{assay:g}",
            "tolerance": f"{tolerance:g}",
            "floor": f"{floor:g}",
        }
        if not tolerance:
            return self.env._(
                "%(market)s: %(metal)s marked %(declared)s ‰ needs %(declared)s ‰; "
                "assay %(assay)s ‰ is below it with no tolerance.",
                **args,
            )
        if soldered:
            return self.env._(
                "%(market)s: %(metal)s marked %(declared)s ‰ allows %(tolerance)s ‰ "
                "below with solder; assay %(assay)s ‰ is below %(floor)s ‰.",
                **args,
            )
        return self.env._(
            "%(market)s: %(metal)s marked %(declared)s ‰ allows %(tolerance)s ‰ "
            "below without solder; assay %(assay)s ‰ is below %(floor)s ‰.",
            **args,
        )

    def _is_exempt(self, metal_weight):
        """True when a piece of ``metal_weight`` grams of metal needs no mark."""
        self.ensure_one()
        return bool(self.exemption_weight) and (
            float_compare(metal_weight, self.exemption_weight, precision_digits=3) < 0
        )
