import base64
import io
from datetime import date

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.jewel_bom.tools.xlsx import safe_workbook


def _year_start(record):
    return date(fields.Date.context_today(record).year, 1, 1)


def _year_end(record):
    return date(fields.Date.context_today(record).year, 12, 31)


class JewelSowRegisterExport(models.TransientModel):
    _name = "jewel.sow.register.export"
    _description = "System of Warranties Register (XLSX)"

    date_from = fields.Date(required=True, default=_year_start)
    date_to = fields.Date(required=True, default=_year_end)
    file_data = fields.Binary(readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    def _entries(self):
        if self.date_from > self.date_to:
            raise UserError(self.env._("The period ends before it starts."))
        return self.env["jewel.sow.register"].search(
            [
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
                ("company_id", "in", self.env.companies.ids),
            ],
            order="kind desc, date, id",
        )

    def _generate_xlsx(self):
        """Workbook bytes: received then issued warranties, with their counts."""
        entries = self._entries()
        stream = io.BytesIO()
        workbook = safe_workbook(stream)
        sheet = workbook.add_worksheet(self.env._("SoW Register"))
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        kinds = dict(entries._fields["kind"]._description_selection(self.env))
        documents = dict(entries._fields["document"]._description_selection(self.env))
        sheet.write(
            0,
            0,
            self.env._(
                "System of Warranties register, %(start)s to %(end)s",
                start=self.date_from,
                end=self.date_to,
            ),
            bold,
        )
        headers = [
            self.env._("Warranty"),
            self.env._("Document"),
            self.env._("Number"),
            self.env._("Partner Reference"),
            self.env._("Date"),
            self.env._("Partner"),
            self.env._("Amount"),
            self.env._("Currency"),
        ]
        sheet.write_row(2, 0, headers, bold)
        row = 3
        for row, entry in enumerate(entries, start=3):
            sheet.write(row, 0, kinds[entry.kind])
            sheet.write(row, 1, documents[entry.document])
            sheet.write(row, 2, entry.name or "")
            sheet.write(row, 3, entry.ref or "")
            sheet.write_datetime(row, 4, fields.Datetime.to_datetime(entry.date), day)
            sheet.write(row, 5, entry.partner_id.display_name or "")
            sheet.write_number(row, 6, entry.amount, money)
            sheet.write(row, 7, entry.currency_id.name or "")
        row += 2
        for kind, label in kinds.items():
            sheet.write(row, 0, label, bold)
            sheet.write_number(
                row, 1, len(entries.filtered(lambda e, k=kind: e.kind == k))
            )
            row += 1
        sheet.set_column(0, 1, 18)
        sheet.set_column(2, 5, 22)
        sheet.set_column(6, 7, 14)
        workbook.close()
        return stream.getvalue()

    def action_export(self):
        self.ensure_one()
        self.write(
            {
                "file_data": base64.b64encode(self._generate_xlsx()),
                "file_name": f"sow_register_{self.date_from}_{self.date_to}.xlsx",
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
