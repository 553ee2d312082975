from odoo import fields, models


class MrpProductionProvenance(models.Model):
    """The order's share of recycled metal, by mass balance (readme/USAGE.md)."""

    _inherit = "mrp.production"

    jewel_recycled_share = fields.Float(
        string="Recycled Metal (%)",
        digits=(5, 1),
        compute="_compute_jewel_recycled_share",
        help="Share of recycled metal in the fine metal issued to this order's "
        "jobs, from the vaults' origin mix at each issue.",
    )

    def _compute_jewel_recycled_share(self):
        mixes = self.env["jewel.metal.provenance"]._production_mixes(
            self.filtered("id")
        )
        recycled, total = {}, {}
        for (production_id, _metal_id), mix in mixes.items():
            for (origin, _refiner_id), fine in mix.items():
                if fine > 0:
                    total[production_id] = total.get(production_id, 0.0) + fine
                    if origin == "recycled":
                        recycled[production_id] = (
                            recycled.get(production_id, 0.0) + fine
                        )
        for production in self:
            issued = total.get(production.id)
            production.jewel_recycled_share = (
                100.0 * recycled.get(production.id, 0.0) / issued if issued else 0.0
            )
