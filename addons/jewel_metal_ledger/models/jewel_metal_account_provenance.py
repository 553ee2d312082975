from odoo import fields, models


class JewelMetalAccountProvenance(models.Model):
    """What an outside party usually delivers: a bullion dealer selling one
    refinery's newly mined grain. Its receipts take these by default; the
    storekeeper changes them on a delivery that differs."""

    _inherit = "jewel.metal.account"

    metal_origin = fields.Selection(
        [("recycled", "Recycled"), ("mined", "Mined")],
        string="Usual Origin",
        tracking=True,
        help="Suppliers, customers and refiners: the origin their receipts take "
        "by default.",
    )
    refiner_id = fields.Many2one(
        "jewel.metal.refiner",
        string="Usual Refiner",
        tracking=True,
        help="Suppliers: the refiner of the bars or grain they usually deliver.",
    )
