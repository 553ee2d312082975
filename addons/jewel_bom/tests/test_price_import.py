import base64
import csv
import io
import os
from pathlib import Path

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import JewelBomCommon

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
class TestPriceImport(JewelBomCommon):
    @classmethod
    def setup_independent_company(cls, **kwargs):
        # Rates of its own: the demo company's rates do not interfere.
        return cls.env["res.company"].create({"name": "Import Test Workshop"})

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
        sheet.write_row(1, 0, ["2031-05-02", 3000.0])
        sheet.write_row(2, 0, ["2031-05-03", 3110.34768])
        workbook.close()
        wizard, _action = self._import(buffer.getvalue(), "rates.xlsx")
        self.assertEqual(wizard.imported_count, 2)
        self.assertEqual(self.gold._get_price("2031-05-03"), 100.0)
        self.assertEqual(self.gold._get_price("2031-05-02"), 96.4522)

    def test_bad_files_say_which_line_and_write_nothing(self):
        count = self.env["jewel.metal.price"].search_count([])
        cases = [
            (b"Day,Value\n2031-01,10\n", "must name the columns"),
            (b"Date,Price\n2031-01,10\n2031-13,11\n", "Line 3"),
            (b"Date,Price\n2031-01,ten\n", "not a price"),
            (b"Date,Price\n2031-01,-1\n", "above zero"),
            (b"Date,Price\n2031-01,10\n2031-01,11\n", "appears twice"),
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
