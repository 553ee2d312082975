from odoo import api, fields, models


class JewelException(models.Model):
    _inherit = "jewel.exception"

    kind = fields.Selection(
        selection_add=[("quality_rejection", "Quality rejection")],
        ondelete={"quality_rejection": "cascade"},
    )

    @api.model
    def _jewel_default_roles(self):
        """A failed check belongs to the quality staff."""
        return dict(
            super()._jewel_default_roles(),
            quality_rejection="jewel_bom.group_jewel_quality",
        )
