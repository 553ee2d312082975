from odoo import fields, models


class JewelPartnerDate(models.Model):
    _name = "jewel.partner.date"
    _description = "Customer notable date"
    _order = "date"

    partner_id = fields.Many2one(
        "res.partner", required=True, ondelete="cascade", index=True
    )
    occasion = fields.Char(required=True, help="Birthday, anniversary, ...")
    date = fields.Date(required=True)
    note = fields.Char()
