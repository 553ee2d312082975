import base64
import bisect
import csv
import io
import math
import re
import statistics
from datetime import date as Date
from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.jewel_metal import TROY_OUNCE_GRAMS
from . import jewel_metal_price_cells as cells

PRICE_UNITS = [
    ("gram", "Per fine gram"),
    ("troy_ounce", "Per troy ounce"),
    ("kilogram", "Per kilogram"),
]
GRAMS_PER_UNIT = {"gram": 1.0, "troy_ounce": TROY_OUNCE_GRAMS, "kilogram": 1000.0}
# A rate file is a few thousand rows at most: anything bigger is not one.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
MAX_CELL_CHARS = 100
# Market rates are history: none before 1900, none more than a few days ahead
# (a date in the future is a typo in the year).
FIRST_DATE = Date(1900, 1, 1)
DAYS_AHEAD = 7
# A rate more than 10 times above or below the previous one is a misread
# decimal separator or unit, not a market move (gold's worst month: +25 %).
MAX_JUMP = 10.0


class JewelMetalPriceImport(models.TransientModel):
    """Import a history of metal rates from a CSV or XLSX file (Date, Price).

    All or nothing: every row is checked first; if any is refused, nothing is
    imported and every refused row is listed (row, column, reason), so the
    jeweller corrects the file once and imports it again.
    """

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
        problems = []
        rows, columns, hint = self._read_rows(problems)
        values = self._rate_values(rows, hint, problems)
        if problems:
            self._refuse(problems, columns)
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

    # ------------------------------------------------------------------ reading
    def _read_rows(self, problems):
        """``([(row number, date cell, price cell)], column names, decimal
        hint)`` from the uploaded file.

        The decimal hint is DOT for a comma-separated file (its author could not
        write a decimal comma unquoted), None otherwise. Row numbers are the
        spreadsheet's (the header is row 1). Rows that cannot be read are added
        to ``problems``; a file that is not a rate file at all (too big, no such
        columns) is refused at once.
        """
        encoded = self.file or b""
        if len(encoded) * 3 // 4 > MAX_FILE_BYTES:
            raise UserError(
                self.env._(
                    "The file is larger than %(size)s MB: a rate history is far "
                    "smaller. Split it or check that it is the right file.",
                    size=MAX_FILE_BYTES // (1024 * 1024),
                )
            )
        content = base64.b64decode(encoded)
        name = (self.filename or "").lower()
        if name.endswith(".xlsx"):
            table, delimiter = self._read_xlsx(content), None
        else:
            table, delimiter = self._read_csv(content, problems)
        hint = cells.DOT if delimiter == "," else None
        if not table:
            raise UserError(self.env._("The file is empty."))
        _number, header_row = table[0]
        header_row = header_row or []  # None: a first row the csv module refused
        header = [str(cell or "").strip().lower() for cell in header_row]
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
                    found=", ".join(header)[:200],
                )
            ) from error
        columns = {
            "date": f"{header_row[date_index]} ({cells.column_letter(date_index)})",
            "price": f"{header_row[price_index]} ({cells.column_letter(price_index)})",
        }
        rows = []
        for number, row in table[1:]:
            if row is None or not any(str(cell or "").strip() for cell in row):
                continue
            found = []
            for key, index in (("date", date_index), ("price", price_index)):
                cell = row[index] if index < len(row) else None
                if cell is None or not str(cell).strip():
                    problems.append((number, key, self.env._("the cell is empty")))
                elif isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                    problems.append(
                        (
                            number,
                            key,
                            self.env._(
                                "the cell holds %(count)s characters, not a date or "
                                "a price",
                                count=len(cell),
                            ),
                        )
                    )
                else:
                    found.append(cell)
            if len(found) == 2:
                rows.append((number, *found))
        return rows, columns, hint

    def _read_csv(self, content, problems):
        """``([(row number, cells)], delimiter)``; rows the csv module cannot read
        (a cell over its size limit…) are listed in ``problems`` as ``None``."""
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UserError(
                self.env._("The file is neither UTF-8 CSV nor XLSX.")
            ) from error
        first_line = text.split("\n", 1)[0]
        # ';' is what a spreadsheet writes where the comma is the decimal separator
        delimiter = max(",;\t", key=first_line.count)
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        table = []
        number = 0
        while True:
            number += 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                problems.append(
                    (
                        number,
                        None,
                        self.env._("the row cannot be read (%(error)s)", error=error),
                    )
                )
                row = None
            if number > MAX_ROWS:
                self._too_many_rows()
            table.append((number, row))
        return table, delimiter

    def _too_many_rows(self):
        raise UserError(
            self.env._(
                "The file has more than %(count)s rows: a rate history is far "
                "smaller. Split it or check that it is the right file.",
                count=MAX_ROWS,
            )
        )

    def _read_xlsx(self, content):
        import openpyxl  # an Odoo requirement; imported here as only XLSX needs it

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        except Exception as error:
            raise UserError(self.env._("The XLSX file cannot be read.")) from error
        sheet = workbook.worksheets[0]
        table = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                self._too_many_rows()
            table.append((number, list(row)))
        return table

    # ------------------------------------------------------------------ checking
    def _rate_values(self, rows, hint, problems):
        """The rates to create (per fine gram); every refused row in ``problems``."""
        divisor = GRAMS_PER_UNIT[self.unit]
        prices = self._parse_prices(rows, hint, problems)
        dates = {}
        first_row = {}
        for number, raw_date, _raw_price in rows:
            rate_date = self._parse_date(raw_date, number, problems)
            if rate_date is None:
                continue
            if rate_date in first_row:
                problems.append(
                    (
                        number,
                        "date",
                        self.env._(
                            "the date %(date)s appears twice in the file (rows "
                            "%(first)s and %(row)s)",
                            date=rate_date,
                            first=first_row[rate_date],
                            row=number,
                        ),
                    )
                )
                continue
            first_row[rate_date] = number
            dates[number] = rate_date
        good = sorted(
            (dates[number], number, round(prices[number] / divisor, 4))
            for number in dates.keys() & prices.keys()
        )
        self._check_jumps(good, problems)
        return [
            {
                "metal_id": self.metal_id.id,
                "date": rate_date,
                "price": price,
                "currency_id": self.currency_id.id,
                "note": self.filename,
            }
            for rate_date, _number, price in good
        ]

    def _parse_prices(self, rows, hint, problems):
        """``{row number: price as written}`` of the rows whose price is a
        positive finite number, read with the file's decimal separator."""
        texts = {}
        styles = {}
        numbers = {}
        for number, _raw_date, raw in rows:
            if isinstance(raw, bool) or isinstance(raw, Date):
                problems.append((number, "price", self._price_reason(raw)))
            elif isinstance(raw, int | float):
                numbers[number] = float(raw)
            else:
                text = cells.normalize(raw)
                try:
                    styles[number] = cells.classify(text)
                except cells.PriceCellError as error:
                    problems.append(
                        (number, "price", self._price_reason(raw, error.code))
                    )
                    continue
                texts[number] = text
        style = self._decimal_style(styles, hint, problems)
        for number, text in texts.items():
            if styles[number] in (cells.DOT, cells.COMMA) and styles[number] != style:
                continue  # refused by _decimal_style
            if styles[number] == cells.AMBIGUOUS and style is None:
                continue  # refused by _decimal_style
            try:
                numbers[number] = cells.parse(text, style)
            except cells.PriceCellError as error:
                problems.append((number, "price", self._price_reason(text, error.code)))
        prices = {}
        for number, value in numbers.items():
            if not math.isfinite(value):
                problems.append(
                    (number, "price", self._price_reason(value, "not_finite"))
                )
            elif value <= 0:
                problems.append(
                    (number, "price", self.env._("the price must be above zero"))
                )
            else:
                prices[number] = value
        return prices

    def _decimal_style(self, styles, hint, problems):
        """The file's decimal separator (DOT or COMMA), decided by the cells that
        show it; cells that contradict it, or that cannot tell when nothing in
        the file does, are refused."""
        shown = {
            kind: [n for n, s in styles.items() if s == kind]
            for kind in (cells.DOT, cells.COMMA)
        }
        if shown[cells.DOT] and shown[cells.COMMA]:
            dots, commas = shown[cells.DOT], shown[cells.COMMA]
            style = cells.DOT if len(dots) > len(commas) else cells.COMMA
            if len(dots) == len(commas):
                style = None
            for kind, numbers, other in (
                (cells.DOT, dots, commas),
                (cells.COMMA, commas, dots),
            ):
                if kind == style:
                    continue
                for number in numbers:
                    problems.append(
                        (
                            number,
                            "price",
                            self.env._(
                                "the decimal separator is %(this)s here and %(that)s "
                                "in row %(row)s: write every price the same way",
                                this="'.'" if kind == cells.DOT else "','",
                                that="','" if kind == cells.DOT else "'.'",
                                row=other[0],
                            ),
                        )
                    )
            return style
        style = (
            cells.DOT
            if shown[cells.DOT]
            else cells.COMMA
            if shown[cells.COMMA]
            else hint
        )
        if style is None:
            for number, kind in styles.items():
                if kind == cells.AMBIGUOUS:
                    problems.append(
                        (
                            number,
                            "price",
                            self.env._(
                                "this price could be read two ways (is the separator "
                                "a decimal point or a thousands separator?) and no "
                                "other price in the file tells: write it with all "
                                "its decimals, e.g. 2345.00 or 2.345,00",
                            ),
                        )
                    )
        return style

    def _price_reason(self, value, code=None):
        if code == "not_finite":
            return self.env._(
                "%(value)r is not a finite number (nan, inf or too large)",
                value=str(value)[:30],
            )
        return self.env._("%(value)r is not a price", value=str(value)[:30])

    def _parse_date(self, value, number, problems):
        """The rate's date, or None with the reason in ``problems``."""
        if isinstance(value, Date):
            rate_date = value if type(value) is Date else value.date()
        else:
            text = str(value or "").strip()
            month = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
            try:
                if month:
                    rate_date = Date(int(month.group(1)), int(month.group(2)), 1)
                else:
                    rate_date = fields.Date.to_date(text)
            except ValueError:
                problems.append(
                    (
                        number,
                        "date",
                        self.env._(
                            "%(value)r is not a date (use YYYY-MM-DD or YYYY-MM for "
                            "a monthly rate)",
                            value=text[:30],
                        ),
                    )
                )
                return None
        latest = fields.Date.context_today(self) + timedelta(days=DAYS_AHEAD)
        if not FIRST_DATE <= rate_date <= latest:
            problems.append(
                (
                    number,
                    "date",
                    self.env._(
                        "%(date)s is not a rate's date: rates go from %(first)s to "
                        "%(latest)s (a few days ahead at most)",
                        date=rate_date,
                        first=FIRST_DATE,
                        latest=latest,
                    ),
                )
            )
            return None
        return rate_date

    def _check_jumps(self, good, problems):
        """Refuse (and drop from ``good``) the rates more than MAX_JUMP times
        above or below the previous rate of the metal, in the file or recorded.

        ``good`` holds ``(date, row number, price per gram)`` sorted by date. The
        first rate of a file without recorded rates around it is compared with
        the median of the file's first five rates.
        """
        recorded = self.env["jewel.metal.price"].search_fetch(
            [
                ("metal_id", "=", self.metal_id.id),
                ("currency_id", "=", self.currency_id.id),
                ("company_id", "=", self.env.company.id),
            ],
            ["date", "price"],
            order="date",
        )
        known_dates = [rate.date for rate in recorded]
        previous = None  # (date, price, where)
        kept = []
        for rate_date, number, price in good:
            index = bisect.bisect_left(known_dates, rate_date)
            reference = previous
            if index and (reference is None or known_dates[index - 1] > reference[0]):
                rate = recorded[index - 1]
                reference = (rate.date, rate.price, None)
            if reference is None and index < len(recorded):
                rate = recorded[index]
                reference = (rate.date, rate.price, None)
            if reference is None:
                sample = [p for _d, _n, p in good[:5]]
                reference = (None, statistics.median(sample), "median")
            ratio = price / reference[1]
            if ratio > MAX_JUMP or ratio < 1 / MAX_JUMP:
                problems.append((number, "price", self._jump_reason(price, reference)))
                continue
            kept.append((rate_date, number, price))
            previous = (rate_date, price, number)
        good[:] = kept

    def _jump_reason(self, price, reference):
        rate_date, reference_price, where = reference
        if where == "median":
            source = self.env._(
                "the file's first rates (about %(price).4f)", price=reference_price
            )
        elif where is None:
            source = self.env._(
                "the recorded rate of %(date)s (%(price).4f)",
                date=rate_date,
                price=reference_price,
            )
        else:
            source = self.env._(
                "the rate of %(date)s in row %(row)s (%(price).4f)",
                date=rate_date,
                row=where,
                price=reference_price,
            )
        return self.env._(
            "%(price).4f %(currency)s per fine gram is more than %(times)s times away "
            "from %(reference)s: check the decimal separator and the unit "
            "(%(unit)s)",
            price=price,
            currency=self.currency_id.name,
            times=int(MAX_JUMP),
            reference=source,
            unit=dict(PRICE_UNITS)[self.unit],
        )

    def _refuse(self, problems, columns):
        """Nothing is imported: every refused row, in file order, in one message."""
        lines = []
        for number, key, reason in sorted(problems, key=lambda p: p[0]):
            if key and key in columns:
                lines.append(
                    self.env._(
                        "Row %(row)s, column %(column)s: %(reason)s.",
                        row=number,
                        column=columns[key],
                        reason=reason,
                    )
                )
            else:
                lines.append(
                    self.env._("Row %(row)s: %(reason)s.", row=number, reason=reason)
                )
        refused_rows = len({number for number, _key, _reason in problems})
        raise UserError(
            "\n".join(
                [
                    self.env._(
                        "Nothing was imported: %(count)s rows of %(file)s are refused. "
                        "Correct them and import the file again.",
                        count=refused_rows,
                        file=self.filename or self.env._("the file"),
                    ),
                    *lines,
                ]
            )
        )
