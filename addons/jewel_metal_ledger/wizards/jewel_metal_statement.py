import base64
import io

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.jewel_bom.tools.numbers import round_weight
from odoo.addons.jewel_bom.tools.xlsx import safe_workbook

from ..models.jewel_metal_transfer import TRANSFER_TYPES


class JewelMetalStatement(models.TransientModel):
    """An account's statement per metal, like a bank statement (PDF or XLSX)."""

    _name = "jewel.metal.statement"
    _description = "Metal Account Statement"

    account_id = fields.Many2one("jewel.metal.account", required=True)
    date_from = fields.Date()
    date_to = fields.Date()
    metal_ids = fields.Many2many(
        "jewel.metal", string="Metals", help="Leave empty for every metal moved."
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for statement in self:
            if (
                statement.date_from
                and statement.date_to
                and statement.date_from > statement.date_to
            ):
                raise ValidationError(
                    self.env._(
                        "The statement cannot run from %(from)s to %(to)s: the start "
                        "date comes after the end date.",
                        **{"from": statement.date_from, "to": statement.date_to},
                    )
                )

    def _statement_data(self):
        """``[{metal, opening, rows, closing, closing_label}]``; rows carry names,
        in date order. Balances follow the account's display sign (a customer
        reads the metal held for them as positive), like the account's list and
        form; ``closing_label`` says the closing balance in words."""
        self.ensure_one()
        account = self.account_id
        metals = self.metal_ids
        if not metals:
            metals = (
                self.env["jewel.metal.ledger.line"]
                .search([("account_id", "=", account.id)])
                .metal_id
            )
        sign = account._jewel_display_sign()
        types = dict(TRANSFER_TYPES)
        result = []
        for metal in metals.sorted("sequence"):
            opening, rows = account._get_statement(metal, self.date_from, self.date_to)
            transfers = self.env["jewel.metal.transfer"].browse(
                [row["transfer_id"] for row in rows]
            )
            counterparts = self.env["jewel.metal.account"].browse(
                [row["counterpart_account_id"] for row in rows]
            )
            alloys = self.env["jewel.alloy"].browse([row["alloy_id"] for row in rows])
            lines = [
                {
                    "date": row["date"],
                    "reference": transfer.name,
                    "type": types.get(row["transfer_type"], ""),
                    "counterpart": counterpart.name or "",
                    "alloy": alloy.name,
                    "gross": sign * row["gross_weight"],
                    "fine": sign * row["fine_weight"],
                    "balance": round_weight(sign * row["balance"]) + 0.0,
                }
                for row, transfer, counterpart, alloy in zip(
                    rows, transfers, counterparts, alloys, strict=True
                )
            ]
            closing = lines[-1]["balance"] if lines else round_weight(sign * opening)
            result.append(
                {
                    "metal": metal,
                    "opening": round_weight(sign * opening) + 0.0,
                    "rows": lines,
                    "closing": closing + 0.0,
                    "closing_label": account._jewel_balance_phrase(
                        metal, sign * closing
                    ),
                }
            )
        return result

    def action_print(self):
        self.ensure_one()
        return self.env.ref(
            "jewel_metal_ledger.action_report_jewel_metal_statement"
        ).report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"Metal statement - {self.account_id.name}.xlsx",
                "datas": base64.b64encode(self._xlsx()),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _jewel_sign_note(self):
        """What a positive balance means on this statement, in words."""
        self.ensure_one()
        if self.account_id._jewel_display_sign() < 0:
            return self.env._(
                "Positive balance: fine metal we hold for %(party)s; negative: "
                "fine metal %(party)s owes us.",
                party=self.account_id.partner_id.display_name or self.account_id.name,
            )
        return self.env._("Positive balance: fine metal this account holds.")

    def _xlsx(self):
        """The statement as XLSX bytes: one sheet per metal."""
        self.ensure_one()
        buffer = io.BytesIO()
        workbook = safe_workbook(buffer)
        bold = workbook.add_format({"bold": True})
        grams = workbook.add_format({"num_format": "0.000"})
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        headers = [
            self.env._("Date"),
            self.env._("Reference"),
            self.env._("Type"),
            self.env._("Counterpart"),
            self.env._("Alloy"),
            self.env._("Gross (g)"),
            self.env._("Fine (g)"),
            self.env._("Balance (fine g)"),
        ]
        for block in self._statement_data():
            sheet = workbook.add_worksheet(block["metal"].code or block["metal"].name)
            sheet.set_column(0, 0, 12)
            sheet.set_column(1, 4, 22)
            sheet.set_column(5, 7, 14)
            sheet.write(0, 0, self.account_id.name, bold)
            sheet.write(1, 0, block["metal"].name)
            sheet.write_row(3, 0, headers, bold)
            sheet.write(4, 1, self.env._("Opening balance"), bold)
            sheet.write_number(4, 7, block["opening"], grams)
            row_index = 5
            for row in block["rows"]:
                sheet.write_datetime(row_index, 0, row["date"], day)
                sheet.write_row(
                    row_index,
                    1,
                    [row["reference"], row["type"], row["counterpart"], row["alloy"]],
                )
                sheet.write_number(row_index, 5, row["gross"], grams)
                sheet.write_number(row_index, 6, row["fine"], grams)
                sheet.write_number(row_index, 7, row["balance"], grams)
                row_index += 1
            sheet.write(row_index, 1, self.env._("Closing balance"), bold)
            sheet.write_number(row_index, 7, block["closing"], grams)
            sheet.write(row_index + 1, 1, block["closing_label"])
            sheet.write(2, 0, self._jewel_sign_note())
        workbook.close()
        return buffer.getvalue()
