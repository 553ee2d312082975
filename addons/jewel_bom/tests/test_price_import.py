import base64
import csv
import io
import os
from pathlib import Path

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import JewelBomCommon
from .rpc import RpcMixin

TROY_OUNCE = 31.1034768


def shared_gold_prices():
    """The real monthly gold price history shipped beside the project in shared/."""
    folder = (
        os.environ.get("JEWEL_SHARED_DATA")
        or Path(__file__).parents[4] / "shared" / "data"
    )
    path = Path(folder) / "gold-monthly-usd-per-troy-ounce.csv"
    if not path.exists():
        raise AssertionError(
            f"{path} is missing: the price history test needs shared/data beside the "
            "project (or JEWEL_SHARED_DATA pointing at it)."
        )
    return path


@tagged("post_install", "-at_install")
class TestPriceImport(RpcMixin, JewelBomCommon):
    @classmethod
    def setup_independent_company(cls, **kwargs):
        # Rates of its own: the demo company's rates do not interfere.
        return cls.env["res.company"].create({"name": "Import Test Workshop"})

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the supervisor imports the rates (Manufacturing administrator)
        cls.supervisor = new_test_user(
            cls.env,
            login="jewel_rates_supervisor",
            groups="jewel_bom.group_jewel_supervisor",
            company_id=cls.env.company.id,
        )

    def _rates_count(self):
        return self.env["jewel.metal.price"].search_count([])

    def _rpc_import(self, content, filename, unit="troy_ounce"):
        """Create the wizard and import, over JSON-RPC as the supervisor."""
        wizard_id = self.rpc(
            self.supervisor,
            "jewel.metal.price.import",
            "create",
            {
                "metal_id": self.gold.id,
                "currency_id": self.env.ref("base.USD").id,
                "unit": unit,
                "file": base64.b64encode(content).decode(),
                "filename": filename,
            },
        )
        self.rpc(
            self.supervisor, "jewel.metal.price.import", "action_import", [wizard_id]
        )
        return self.env["jewel.metal.price.import"].browse(wizard_id)

    def _refused(self, content, filename="rates.csv"):
        """The import is refused over JSON-RPC; its message, nothing written."""
        count = self._rates_count()
        with self.assertRaises(UserError) as caught:
            with self.env.cr.savepoint():
                self._rpc_import(content, filename)
        self.assertEqual(self._rates_count(), count)
        return str(caught.exception)

    def _import(self, content, filename, **vals):
        wizard = self.env["jewel.metal.price.import"].create(
            dict(
                {
                    "metal_id": self.gold.id,
                    "currency_id": self.env.ref("base.USD").id,
                    "unit": "troy_ounce",
                    "file": base64.b64encode(content),
                    "filename": filename,
                },
                **vals,
            )
        )
        return wizard, wizard.action_import()

    def test_real_gold_history_and_recosting_across_a_real_move(self):
        path = shared_gold_prices()
        content = path.read_bytes()
        with path.open() as handle:
            history = {
                row["Date"]: float(row["Price"]) for row in csv.DictReader(handle)
            }
        self.assertGreater(len(history), 790)

        wizard, action = self._import(content, path.name)
        self.assertEqual(wizard.imported_count, len(history))
        self.assertEqual(wizard.skipped_count, 0)
        rates = self.env["jewel.metal.price"].search(action["domain"])
        self.assertEqual(len(rates), len(history))
        self.assertEqual(set(rates.mapped("source")), {"import"})

        # 35.27 USD/oz in January 1960 is 1.1340 USD per fine gram
        self.assertEqual(
            self.gold._get_price("1960-01-31", self.env.ref("base.USD")), 1.134
        )

        # Re-import: history is kept, nothing is overwritten or duplicated
        again, _action = self._import(content, path.name)
        self.assertEqual((again.imported_count, again.skipped_count), (0, len(history)))

        # An 18K yellow band of 6.200 g (4.650 fine g) costed at the April 2001 low
        # and at the September 2011 peak
        band = self._product("Band 18K for history", jewel_alloy_id=self.au750y.id)
        bom = self._bom(band, [(self.grain_750y, 6.2)], jewel_loss_allowance=0.0)
        for month, date, expected in (
            ("2001-04", "2001-04-30", 38.94),
            ("2011-09", "2011-09-30", 264.92),
        ):
            per_gram = round(history[month] / TROY_OUNCE, 4)
            self.assertEqual(round(4.65 * per_gram, 2), expected)
            bom.jewel_cost_date = date
            bom.action_jewel_recost()
            self.assertEqual(bom.jewel_cost_metal, expected)
            self.assertEqual(str(bom.jewel_cost_price_date), f"{month}-01")

    def test_xlsx_file(self):
        xlsxwriter = __import__("xlsxwriter")
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer)
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, ["Date", "Price"])
        sheet.write_row(1, 0, ["2025-05-02", 3000.0])
        sheet.write_row(2, 0, ["2025-05-03", 3110.34768])
        workbook.close()
        wizard, _action = self._import(buffer.getvalue(), "rates.xlsx")
        self.assertEqual(wizard.imported_count, 2)
        self.assertEqual(self.gold._get_price("2025-05-03"), 100.0)
        self.assertEqual(self.gold._get_price("2025-05-02"), 96.4522)

    def test_bad_files_say_which_line_and_write_nothing(self):
        count = self.env["jewel.metal.price"].search_count([])
        cases = [
            (b"Day,Value\n2025-01,10\n", "must name the columns"),
            (b"Date,Price\n2025-01,10\n2025-13,11\n", "Row 3, column Date"),
            (b"Date,Price\n2025-01,ten\n", "not a price"),
            (b"Date,Price\n2025-01,-1\n", "above zero"),
            (b"Date,Price\n2025-01,10\n2025-01,11\n", "appears twice"),
            (b"Date,Price\n", "no price rows"),
        ]
        for content, message in cases:
            with self.assertRefused(UserError, message):
                self._import(content, "rates.csv")
        self.assertEqual(self.env["jewel.metal.price"].search_count([]), count)

    def test_manual_entry_form(self):
        with Form(self.env["jewel.metal.price"]) as form:
            form.metal_id = self.platinum
            form.date = "2031-06-01"
            form.price = 31.25
        rate = form.record
        self.assertEqual(rate.source, "manual")
        self.assertEqual(rate.company_id, self.env.company)
        self.assertEqual(self.platinum._get_price("2031-06-30"), 31.25)

    def _per_gram(self, ounce_price):
        return round(ounce_price / TROY_OUNCE, 4)

    def _gold_usd(self, date):
        return self.gold._get_price(date, self.env.ref("base.USD"))

    def test_european_slice_of_the_real_history(self):
        """2019–2024 of the real gold history, as a continental spreadsheet
        writes it: ';' between the columns, 1.291,750 for 1291.75."""
        with shared_gold_prices().open() as handle:
            history = {
                row["Date"]: float(row["Price"])
                for row in csv.DictReader(handle)
                if "2019-01" <= row["Date"] <= "2024-12"
            }
        self.assertEqual(len(history), 72)
        european = str.maketrans(",.", ".,")
        lines = ["Datum;Preis"] + [
            f"{month};{f'{price:,.3f}'.translate(european)}"
            for month, price in history.items()
        ]
        self.assertIn("2020-08;1.969,000", lines)  # the 2020 peak, as written
        content = "\n".join(lines).encode()
        wizard = (
            self.env["jewel.metal.price.import"]
            .with_user(self.supervisor)
            .create(
                {
                    "metal_id": self.gold.id,
                    "currency_id": self.env.ref("base.USD").id,
                    "file": base64.b64encode(content),
                    "filename": "gold.csv",
                    "date_column": "Datum",
                    "price_column": "Preis",
                }
            )
        )
        wizard.action_import()
        self.assertEqual(wizard.imported_count, 72)
        # 1969.00 USD/oz in August 2020 is 63.3048 USD per fine gram, not 0.0633
        self.assertEqual(self._gold_usd("2020-08-31"), 63.3048)
        for month, price in history.items():
            self.assertEqual(
                self._gold_usd(f"{month}-01"), self._per_gram(price), month
            )

    def test_decimal_separator_read_from_the_file(self):
        # "2.345,67" in a comma-separated file (quoted) is 2345.67, as is "2,345.67"
        for price, month in (("2.345,67", "2024-01"), ("2,345.67", "2024-02")):
            wizard = self._rpc_import(
                f'Date,Price\n{month},"{price}"\n'.encode(), "rates.csv"
            )
            self.assertEqual(wizard.imported_count, 1)
            self.assertEqual(self._gold_usd(f"{month}-01"), 75.415)
        # both ways in one file: every price written the other way is named
        message = self._refused(
            b'Date,Price\n2023-01,"1.900,10"\n2023-02,"1,910.20"\n2023-03,"1.920,30"\n'
        )
        self.assertIn(
            "Row 3, column Price (B): the decimal separator is '.' here and ',' in "
            "row 2",
            message,
        )
        self.assertNotIn("Row 2,", message)
        # 2.345 alone in a ';' file: 2345 or 2.345? Nothing tells: refused
        message = self._refused(b"Date;Price\n2023-01;2.345\n2023-02;2.350\n")
        self.assertIn(
            "Row 2, column Price (B): this price could be read two ways", message
        )
        self.assertIn(
            "Row 3, column Price (B): this price could be read two ways", message
        )
        # ... told by one price written in full, it is 2345
        self._rpc_import(b"Date;Price\n2023-01;2.345\n2023-02;2.350,50\n", "r.csv")
        self.assertEqual(self._gold_usd("2023-01-31"), self._per_gram(2345.0))
        self.assertEqual(self._gold_usd("2023-02-28"), self._per_gram(2350.5))

    def test_every_refused_row_listed_and_nothing_imported(self):
        huge = b"9" * 200_000
        content = b"\n".join(
            [
                b"Date,Price",
                b"2024-01,2000.50",  # 2: fine
                b"2024-02,nan",  # 3
                b"2024-03,inf",  # 4
                b"2024-04,1e400",  # 5
                b"2024-05",  # 6: no price cell
                b"0001-01,2000",  # 7
                b"9999-12,2000",  # 8
                b"2024-06,2.5",  # 9: 1000 times too low
                b"2024-07,2010",  # 10: fine
                b"2024-07,2011",  # 11
                b'2024-08,"12"3"\r4',  # 12: not CSV (the csv module says why)
                b"2024-09,-3",  # 13
                b"2024-10,1.2.3",  # 14
                b"2024-11," + huge,  # 15: a 200 kB cell
            ]
        )
        message = self._refused(content)
        today = fields.Date.context_today(self.env.user)
        latest = fields.Date.add(today, days=7)
        expected = [
            "Nothing was imported: 12 rows of rates.csv are refused.",
            "Row 3, column Price (B): 'nan' is not a finite number",
            "Row 4, column Price (B): 'inf' is not a finite number",
            "Row 5, column Price (B): '1e400' is not a finite number",
            "Row 6, column Price (B): the cell is empty.",
            "Row 7, column Date (A): 0001-01-01 is not a rate's date: rates go from "
            f"1900-01-01 to {latest}",
            "Row 8, column Date (A): 9999-12-01 is not a rate's date",
            "Row 9, column Price (B): 0.0804 USD per fine gram is more than 10 times "
            "away from the rate of 2024-01-01 in row 2 (64.3176): check the decimal "
            "separator and the unit (Per troy ounce).",
            "Row 11, column Date (A): the date 2024-07-01 appears twice in the file "
            "(rows 10 and 11).",
            "Row 12: the row cannot be read (new-line character seen in unquoted",
            "Row 13, column Price (B): the price must be above zero.",
            "Row 14, column Price (B): '1.2.3' is not a price.",
            "Row 15, column Price (B): the cell holds 200000 characters, not a date "
            "or a price.",
        ]
        for text in expected:
            self.assertIn(text, message)
        self.assertNotIn("Row 2,", message)
        self.assertNotIn("Row 10,", message)

    def test_rate_far_from_the_recorded_one_refused(self):
        """The issue's case: 2.345 read as 2.345 USD an ounce, 0.0754 a gram,
        while gold was recorded at 64 a gram the month before."""
        self._rate(
            self.gold, "2024-01-01", 64.0, currency_id=self.env.ref("base.USD").id
        )
        message = self._refused(b"Date,Price\n2024-02,2.345\n2024-03,2010.5\n")
        self.assertIn(
            "Row 2, column Price (B): 0.0754 USD per fine gram is more than 10 times "
            "away from the recorded rate of 2024-01-01 (64.0000)",
            message,
        )
        self.assertNotIn("Row 3", message)
        # per kilogram instead of per ounce: 1000 times off, refused the same way
        with self.assertRefused(UserError, "Row 2, column Price"):
            self._import(b"Date,Price\n2024-02,2050\n", "rates.csv", unit="kilogram")

    def test_file_size_capped(self):
        content = b"Date,Price\n" + b"2024-01-01,2000\n" * 400_000
        self.assertGreater(len(content), 5 * 1024 * 1024)
        message = self._refused(content)
        self.assertIn("larger than 5 MB", message)

    def test_rate_dates_checked_by_the_model(self):
        """Over JSON-RPC, without the wizard: year 1 and year 9999 are refused."""
        for date in ("0001-01-01", "9999-12-31"):
            self.assertRpcRefused(
                ValidationError,
                f"{date} is not a rate's date: Gold rates are dated from 1900 to 2099",
                self.supervisor,
                "jewel.metal.price",
                "create",
                {"metal_id": self.gold.id, "date": date, "price": 64.0},
            )
