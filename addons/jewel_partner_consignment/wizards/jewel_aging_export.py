import base64
import io

from odoo import fields, models

from odoo.addons.jewel_bom.tools.xlsx import safe_workbook

from ..models.res_partner import AGING_BUCKETS


class JewelAgingExport(models.TransientModel):
    _name = "jewel.aging.export"
    _description = "Memo and consignment aging (XLSX)"

    date_ref = fields.Date(
        string="Aging At", required=True, default=fields.Date.context_today
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Partners",
        domain="[('jewel_is_retail_partner', '=', True)]",
        help="Leave empty for every retail partner.",
    )
    file_data = fields.Binary(readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    def _get_partners(self):
        return self.partner_ids or self.env["res.partner"].search(
            [("jewel_is_retail_partner", "=", True)]
        )

    def _generate_xlsx(self):
        """Workbook bytes: one row per partner, value out per aging bucket."""
        partners = self._get_partners()
        aging = partners._jewel_aging(self.date_ref)
        stream = io.BytesIO()
        workbook = safe_workbook(stream)
        sheet = workbook.add_worksheet(self.env._("Aging"))
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        headers = [
            self.env._("Partner"),
            *[label for _key, label, *_rest in AGING_BUCKETS],
            self.env._("Total"),
            self.env._("Limit"),
        ]
        sheet.write(0, 0, self.env._("Aging at %(date)s", date=self.date_ref), bold)
        sheet.write_row(2, 0, headers, bold)
        for row, partner in enumerate(partners, start=3):
            buckets = aging[partner.id]
            values = [buckets[key] for key, *_rest in AGING_BUCKETS]
            sheet.write(row, 0, partner.display_name)
            sheet.write_row(row, 1, values, money)
            sheet.write(row, len(values) + 1, sum(values), money)
            sheet.write(row, len(values) + 2, partner.jewel_exposure_limit, money)
        sheet.set_column(0, 0, 32)
        sheet.set_column(1, len(headers), 14)
        workbook.close()
        return stream.getvalue()

    def action_export(self):
        self.ensure_one()
        self.write(
            {
                "file_data": base64.b64encode(self._generate_xlsx()),
                "file_name": f"memo_aging_{self.date_ref}.xlsx",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": (
                f"/web/content/?model={self._name}&id={self.id}"
                "&field=file_data&filename_field=file_name&download=true"
            ),
            "target": "self",
        }
