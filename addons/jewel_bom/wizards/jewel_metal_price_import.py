import base64
import csv
import io
import re
from datetime import date as Date

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.jewel_metal import TROY_OUNCE_GRAMS

PRICE_UNITS = [
    ("gram", "Per fine gram"),
    ("troy_ounce", "Per troy ounce"),
    ("kilogram", "Per kilogram"),
]
GRAMS_PER_UNIT = {"gram": 1.0, "troy_ounce": TROY_OUNCE_GRAMS, "kilogram": 1000.0}


class JewelMetalPriceImport(models.TransientModel):
    """Import a history of metal rates from a CSV or XLSX file (Date, Price)."""

    _name = "jewel.metal.price.import"
    _description = "Import Metal Prices"

    metal_id = fields.Many2one("jewel.metal", required=True)
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )
    unit = fields.Selection(
        PRICE_UNITS,
        string="Prices Are",
        required=True,
        default="troy_ounce",
        help="Market rates are quoted per troy ounce (31.1034768 g) of fine metal.",
    )
    file = fields.Binary(required=True)
    filename = fields.Char()
    date_column = fields.Char(default="Date", required=True)
    price_column = fields.Char(default="Price", required=True)
    imported_count = fields.Integer(readonly=True)
    skipped_count = fields.Integer(readonly=True)

    def action_import(self):
        self.ensure_one()
        rows = self._read_rows()
        divisor = GRAMS_PER_UNIT[self.unit]
        values = []
        seen = set()
        for line_number, raw_date, raw_price in rows:
            rate_date = self._parse_date(raw_date, line_number)
            price = self._parse_price(raw_price, line_number)
            if rate_date in seen:
                raise UserError(
                    self.env._(
                        "Line %(line)s: the date %(date)s appears twice in the file.",
                        line=line_number,
                        date=rate_date,
                    )
                )
            seen.add(rate_date)
            values.append(
                {
                    "metal_id": self.metal_id.id,
                    "date": rate_date,
                    "price": round(price / divisor, 4),
                    "currency_id": self.currency_id.id,
                    "note": self.filename,
                }
            )
        if not values:
            raise UserError(self.env._("The file has no price rows."))
        created, skipped = self.env["jewel.metal.price"]._create_missing_rates(
            values, source="import"
        )
        self.write({"imported_count": len(created), "skipped_count": skipped})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Imported %s rates", len(created)),
            "res_model": "jewel.metal.price",
            "view_mode": "list,form",
            "domain": [("id", "in", created.ids)],
        }

    def _read_rows(self):
        """Yield ``(line number, date cell, price cell)`` from the uploaded file."""
        content = base64.b64decode(self.file or b"")
        name = (self.filename or "").lower()
        if name.endswith(".xlsx"):
            table = self._read_xlsx(content)
        else:
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise UserError(
                    self.env._("The file is neither UTF-8 CSV nor XLSX.")
                ) from error
            table = list(csv.reader(io.StringIO(text)))
        if not table:
            raise UserError(self.env._("The file is empty."))
        header = [str(cell or "").strip().lower() for cell in table[0]]
        try:
            date_index = header.index(self.date_column.strip().lower())
            price_index = header.index(self.price_column.strip().lower())
        except ValueError as error:
            raise UserError(
                self.env._(
                    "The first row must name the columns %(date)s and %(price)s "
                    "(found: %(found)s).",
                    date=self.date_column,
                    price=self.price_column,
                    found=", ".join(header),
                )
            ) from error
        rows = []
        for number, row in enumerate(table[1:], start=2):
            if not any(str(cell or "").strip() for cell in row):
                continue
            rows.append((number, row[date_index], row[price_index]))
        return rows

    def _read_xlsx(self, content):
        import openpyxl  # an Odoo requirement; imported here as only XLSX needs it

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        except Exception as error:
            raise UserError(self.env._("The XLSX file cannot be read.")) from error
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    def _parse_date(self, value, line_number):
        if isinstance(value, Date):
            return value if type(value) is Date else value.date()
        text = str(value or "").strip()
        month = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
        try:
            if month:
                return Date(int(month.group(1)), int(month.group(2)), 1)
            return fields.Date.to_date(text)
        except ValueError as error:
            raise UserError(
                self.env._(
                    "Line %(line)s: %(value)r is not a date (use YYYY-MM-DD or "
                    "YYYY-MM for a monthly rate).",
                    line=line_number,
                    value=text,
                )
            ) from error

    def _parse_price(self, value, line_number):
        try:
            price = float(str(value).replace(",", "").strip())
        except ValueError as error:
            raise UserError(
                self.env._(
                    "Line %(line)s: %(value)r is not a price.",
                    line=line_number,
                    value=value,
                )
            ) from error
        if price <= 0:
            raise UserError(
                self.env._(
                    "Line %(line)s: the price must be above zero.", line=line_number
                )
            )
        return price
