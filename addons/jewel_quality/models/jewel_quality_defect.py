from odoo import fields, models


class JewelQualityDefect(models.Model):
    """A kind of defect found at a check, for Pareto analysis."""

    _name = "jewel.quality.defect"
    _description = "Jewellery Defect"
    _inherit = ["jewel.number.mixin"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A defect code must be unique."),
    ]
