from odoo import fields, models

from odoo.addons.jewel_bom.tools import numbers


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "jewel.number.mixin"]

    jewel_metal_loss_tolerance = fields.Float(
        string="Whole-job Metal Loss Tolerance (%)",
        digits=(5, 2),
        default=2.0,
        jewel_number=numbers.PERCENT,
        help="Loss allowed on a whole job (bench to finished piece: 1–3 %) when "
        "neither the goldsmith nor the workcenter sets one.",
    )
    jewel_metal_process_location_id = fields.Many2one(
        "stock.location",
        string="Metal in Process Location",
        help="Where metal issued from a vault sits while goldsmiths work it.",
    )

    jewel_metal_journal_id = fields.Many2one(
        "account.journal",
        string="Metal Loss Journal",
        domain="[('type', '=', 'general'), ('company_id', '=', id)]",
        help="Journal of the entries valuing metal losses and recoveries.",
    )
    jewel_metal_loss_account_id = fields.Many2one(
        "account.account",
        string="Metal Loss Expense Account",
        help="Debited with the value of metal lost in process.",
    )
    jewel_metal_stock_account_id = fields.Many2one(
        "account.account",
        string="Metal in Process Account",
        help="Credited with the value of metal lost (it left the workshop's stock).",
    )

    def _jewel_metal_process_location(self):
        """The company's "Metal in Process" location, created on first use."""
        self.ensure_one()
        if not self.jewel_metal_process_location_id:
            warehouse = self.env["stock.warehouse"].search(
                [("company_id", "=", self.id)], limit=1
            )
            # Created once per company by the first posting, whoever posts it.
            self.sudo().jewel_metal_process_location_id = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Metal in Process"),
                        "usage": "internal",
                        "location_id": warehouse.view_location_id.id,
                        "company_id": self.id,
                    }
                )
            )
        return self.jewel_metal_process_location_id
