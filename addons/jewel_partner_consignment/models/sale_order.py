from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.jewel_bom.tools import numbers
from odoo.addons.jewel_bom.tools.numbers import round_weight


class SaleOrder(models.Model):
    """Bespoke orders; their promised date is Odoo's commitment date, which
    jewel_bom makes a promise (reason required to change once confirmed)."""

    _name = "sale.order"
    _inherit = ["sale.order", "jewel.number.mixin"]

    jewel_is_bespoke = fields.Boolean(string="Bespoke", tracking=True)
    jewel_design_notes = fields.Html(string="Design Notes")
    jewel_alloy_id = fields.Many2one("jewel.alloy", string="Alloy", tracking=True)
    jewel_estimated_metal_weight = fields.Float(
        string="Estimated Metal (g)", digits="Jewel Weight", jewel_number=numbers.WEIGHT
    )
    jewel_estimated_fine_weight = fields.Float(
        string="Estimated Fine (g)",
        digits="Jewel Weight",
        compute="_compute_jewel_estimated_fine_weight",
    )
    jewel_estimated_stone_weight = fields.Float(
        string="Estimated Stones (ct)", digits="Jewel Carat", jewel_number=numbers.CARAT
    )
    jewel_deposit_amount = fields.Monetary(
        string="Deposit", tracking=True, jewel_number=numbers.MONEY
    )
    jewel_old_gold_weight = fields.Float(
        string="Customer Metal (g)",
        digits="Jewel Weight",
        tracking=True,
        jewel_number=numbers.WEIGHT,
        help="Gross weight of the customer's own metal (old gold) taken in.",
    )
    jewel_old_gold_alloy_id = fields.Many2one(
        "jewel.alloy", string="Customer Metal Alloy"
    )
    jewel_old_gold_fine_weight = fields.Float(
        string="Customer Fine Metal (g)",
        digits="Jewel Weight",
        compute="_compute_jewel_old_gold_fine_weight",
    )
    jewel_production_ids = fields.One2many(
        "mrp.production", "jewel_sale_order_id", string="Manufacturing Orders"
    )
    jewel_production_count = fields.Integer(compute="_compute_jewel_production_count")

    @api.depends("jewel_estimated_metal_weight", "jewel_alloy_id.fineness")
    def _compute_jewel_estimated_fine_weight(self):
        for order in self:
            order.jewel_estimated_fine_weight = round_weight(
                order.jewel_estimated_metal_weight
                * order.jewel_alloy_id.fineness
                / 1000
            )

    @api.depends("jewel_old_gold_weight", "jewel_old_gold_alloy_id.fineness")
    def _compute_jewel_old_gold_fine_weight(self):
        for order in self:
            order.jewel_old_gold_fine_weight = round_weight(
                order.jewel_old_gold_weight
                * order.jewel_old_gold_alloy_id.fineness
                / 1000
            )

    def _compute_jewel_production_count(self):
        counts = dict(
            self.env["mrp.production"]._read_group(
                [("jewel_sale_order_id", "in", self.ids)],
                ["jewel_sale_order_id"],
                ["__count"],
            )
        )
        for order in self:
            order.jewel_production_count = counts.get(order, 0)

    def action_jewel_create_production(self):
        """Manufacturing orders for the confirmed bespoke order's lines with a BOM."""
        self.ensure_one()
        if self.state != "sale":
            raise UserError(
                self.env._("Confirm %(order)s before making it.", order=self.name)
            )
        lines = self.order_line.filtered(
            lambda line: line.product_id and not line.display_type
        )
        boms = self.env["mrp.bom"]._bom_find(
            lines.product_id, company_id=self.company_id.id, bom_type="normal"
        )
        todo = lines.filtered(lambda line: boms.get(line.product_id))
        if not todo:
            raise UserError(
                self.env._(
                    "No product of %(order)s has a bill of materials to make.",
                    order=self.name,
                )
            )
        productions = self.env["mrp.production"].create(
            [
                {
                    "product_id": line.product_id.id,
                    "product_qty": line.product_uom_qty,
                    "product_uom_id": line.product_uom.id,
                    "bom_id": boms[line.product_id].id,
                    "origin": self.name,
                    "company_id": self.company_id.id,
                    "date_deadline": self.commitment_date,
                    "jewel_sale_order_id": self.id,
                }
                for line in todo
            ]
        )
        productions.action_confirm()
        self.message_post(
            body=self.env._(
                "Manufacturing orders created: %(names)s",
                names=", ".join(productions.mapped("name")),
            )
        )
        return self.action_jewel_view_productions()

    def action_jewel_view_productions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mrp.mrp_production_action"
        )
        action["domain"] = [("jewel_sale_order_id", "=", self.id)]
        action["context"] = {}
        return action
