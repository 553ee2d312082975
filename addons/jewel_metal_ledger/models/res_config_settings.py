from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _name = "res.config.settings"
    _inherit = ["res.config.settings", "jewel.number.mixin"]

    jewel_metal_loss_tolerance = fields.Float(
        related="company_id.jewel_metal_loss_tolerance", readonly=False
    )
    jewel_metal_journal_id = fields.Many2one(
        related="company_id.jewel_metal_journal_id", readonly=False
    )
    jewel_metal_loss_account_id = fields.Many2one(
        related="company_id.jewel_metal_loss_account_id", readonly=False
    )
    jewel_metal_stock_account_id = fields.Many2one(
        related="company_id.jewel_metal_stock_account_id", readonly=False
    )
    jewel_metal_lock_date = fields.Date(
        related="company_id.jewel_metal_lock_date", readonly=False
    )
