from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    jewel_diamond = fields.Boolean(
        string="Contains Diamonds",
        tracking=True,
        help="A diamond, or a piece set with diamonds: its invoices and memos print "
        "the System of Warranties statement. A piece whose bill of materials uses "
        "a stone marked so counts as well.",
    )


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _jewel_with_diamonds(self):
        """The products of ``self`` that contain diamonds: marked so, or made
        from a bill of materials with a component marked so (one query)."""
        marked = self.filtered("jewel_diamond")
        rest = self - marked
        if not rest:
            return marked
        lines = self.env["mrp.bom.line"].search(
            [
                ("product_id.jewel_diamond", "=", True),
                "|",
                ("bom_id.product_id", "in", rest.ids),
                "&",
                ("bom_id.product_id", "=", False),
                ("bom_id.product_tmpl_id", "in", rest.product_tmpl_id.ids),
            ]
        )
        made = rest.filtered(
            lambda p: (
                p in lines.bom_id.product_id
                or p.product_tmpl_id
                in lines.bom_id.filtered(lambda b: not b.product_id).product_tmpl_id
            )
        )
        return marked | made
