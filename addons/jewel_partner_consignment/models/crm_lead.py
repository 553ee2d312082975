from odoo import Command, fields, models
from odoo.exceptions import UserError

from odoo.addons.jewel_bom.tools import numbers


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "jewel.number.mixin"]

    jewel_is_bespoke = fields.Boolean(string="Bespoke Commission", tracking=True)
    jewel_design_notes = fields.Html(string="Design Notes")
    jewel_product_id = fields.Many2one(
        "product.product",
        string="Design",
        help="The piece to make (with its bill of materials).",
    )
    jewel_alloy_id = fields.Many2one("jewel.alloy", string="Alloy")
    jewel_estimated_metal_weight = fields.Float(
        string="Estimated Metal (g)", digits="Jewel Weight", jewel_number=numbers.WEIGHT
    )
    jewel_estimated_stone_weight = fields.Float(
        string="Estimated Stones (ct)", digits="Jewel Carat", jewel_number=numbers.CARAT
    )
    jewel_promised_date = fields.Date(string="Wanted By")

    def action_jewel_create_quotation(self):
        """Turn the bespoke commission into a quotation carrying its design."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(
                self.env._("Set the customer of %(lead)s first.", lead=self.name)
            )
        if not self.jewel_product_id:
            raise UserError(
                self.env._("Choose the design to quote on %(lead)s.", lead=self.name)
            )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner_id.id,
                "opportunity_id": self.id,
                "origin": self.name,
                **({"team_id": self.team_id.id} if self.team_id else {}),
                "user_id": (self.user_id or self.env.user).id,
                "campaign_id": self.campaign_id.id,
                "medium_id": self.medium_id.id,
                "source_id": self.source_id.id,
                "tag_ids": [Command.set(self.tag_ids.ids)],
                "jewel_is_bespoke": True,
                "jewel_design_notes": self.jewel_design_notes,
                "jewel_alloy_id": self.jewel_alloy_id.id,
                "jewel_estimated_metal_weight": self.jewel_estimated_metal_weight,
                "jewel_estimated_stone_weight": self.jewel_estimated_stone_weight,
                "commitment_date": self.jewel_promised_date,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.jewel_product_id.id,
                            "product_uom_qty": 1.0,
                            **(
                                {"price_unit": self.expected_revenue}
                                if self.expected_revenue
                                else {}
                            ),
                        }
                    )
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
        }
