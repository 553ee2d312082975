from odoo import api, models

from odoo.addons.jewel_bom.models.jewel_metal import CARAT_GRAMS
from odoo.addons.jewel_bom.tools.numbers import round_weight


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    @api.depends(
        "jewel_quality_check_ids.state",
        "jewel_quality_check_ids.measured_value",
        "jewel_quality_check_ids.decision",
    )
    def _compute_jewel_material_yield(self):
        return super()._compute_jewel_material_yield()

    def _jewel_weighed_fine(self):
        """The pieces' fine metal from their last recorded weight check: the
        weighed gross weight less the stones, at the piece's assayed fineness
        (else its alloy's). A scrapped piece is not in the goods."""
        self.ensure_one()
        weighings = self.jewel_quality_check_ids.filtered(
            lambda c: c.kind == "weight" and c.state != "todo" and c.measured_value
        )
        if not weighings:
            return super()._jewel_weighed_fine()
        bom = self.bom_id
        stones = (
            bom.jewel_stone_weight * CARAT_GRAMS / (bom.product_qty or 1.0)
            if bom
            else self.product_id.jewel_stone_weight * CARAT_GRAMS
        )
        fine = 0.0
        for root in weighings.root_id:
            chain = root | root._retest_chain()
            if "scrap" in chain.mapped("decision"):
                continue
            last = (chain & weighings).sorted("attempt")[-1]
            alloy = last._standard_alloy()
            fineness = last.lot_id.jewel_assay_fineness or alloy.fineness
            metal = max(last.measured_value - stones, 0.0)
            fine += metal * fineness / 1000
        return round_weight(fine)
