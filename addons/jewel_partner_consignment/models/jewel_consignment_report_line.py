from odoo import api, fields, models


class JewelConsignmentReportLine(models.Model):
    """A piece the partner reports sold; frozen with its confirmed report."""

    _name = "jewel.consignment.report.line"
    _description = "Piece reported sold"
    _inherit = ["jewel.lifecycle.mixin"]
    _jewel_lifecycle_parent = "report_id"
    _jewel_transition_fields = ()
    _check_company_auto = True

    report_id = fields.Many2one(
        "jewel.consignment.report", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(related="report_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="report_id.company_id", store=True)
    currency_id = fields.Many2one(related="report_id.currency_id")
    memo_line_id = fields.Many2one(
        "jewel.memo.line",
        string="Piece",
        required=True,
        index=True,
        check_company=True,
        domain="[('partner_id', '=', partner_id), ('state', '=', 'out')]",
    )
    lot_id = fields.Many2one(related="memo_line_id.lot_id", string="Serial Number")
    product_id = fields.Many2one(related="memo_line_id.product_id")
    price = fields.Monetary(related="memo_line_id.price", string="Agreed Price")
    commission_percent = fields.Float(
        compute="_compute_net_price", store=True, digits=(5, 2)
    )
    net_price = fields.Monetary(
        string="Partner Pays", compute="_compute_net_price", store=True
    )

    @api.depends("memo_line_id.price", "report_id.partner_id")
    def _compute_net_price(self):
        for line in self:
            partner = line.report_id.partner_id.commercial_partner_id
            line.commission_percent = (
                partner.jewel_commission_percent
                if partner.jewel_pricing == "commission"
                else 0.0
            )
            line.net_price = partner._jewel_net_price(line.price) if partner else 0.0

    def _jewel_tax_amount(self):
        """Tax the invoice of these lines will add to their net prices (the
        products' sale taxes, mapped by the partner's fiscal position)."""
        total = 0.0
        for line in self:
            report = line.report_id
            partner = report.partner_id.commercial_partner_id
            company = report.company_id
            taxes = line.product_id.taxes_id._filter_taxes_by_company(company)
            fiscal_position = (
                self.env["account.fiscal.position"]
                .with_company(company)
                ._get_fiscal_position(partner)
            )
            taxes = fiscal_position.map_tax(taxes)
            if not taxes:
                continue
            result = taxes.compute_all(
                line.net_price,
                currency=report.currency_id,
                quantity=1.0,
                product=line.product_id,
                partner=partner,
            )
            total += result["total_included"] - result["total_excluded"]
        return total
