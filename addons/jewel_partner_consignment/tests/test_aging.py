import base64
import io

import openpyxl

from odoo.tests import tagged

from ..models.res_partner import aging_bucket
from .common import JewelConsignmentCommon


@tagged("post_install", "-at_install")
class TestAging(JewelConsignmentCommon):
    def test_bucket_edges(self):
        for days, key in [
            (0, "0_30"),
            (30, "0_30"),
            (31, "31_60"),
            (60, "31_60"),
            (61, "61_90"),
            (90, "61_90"),
            (91, "90_plus"),
            (400, "90_plus"),
        ]:
            self.assertEqual(aging_bucket(days), key, days)

    def test_aging_on_fixed_dates(self):
        lots = self._pieces(self.band, 4, "TA-B")
        for lot, date in zip(
            lots, ["2031-03-31", "2031-03-01", "2031-01-30", "2030-12-01"], strict=True
        ):
            memo = self._memo(self.boutique, lot, date=date, date_due="2031-06-30")
            memo.action_send()
        aging = self.boutique._jewel_aging("2031-03-31")[self.boutique.id]
        # 0, 30, 60 and 120 days out
        self.assertEqual(
            aging, {"0_30": 2580.0, "31_60": 1290.0, "61_90": 0.0, "90_plus": 1290.0}
        )
        aging = self.boutique._jewel_aging("2031-04-01")[self.boutique.id]
        self.assertEqual(
            aging, {"0_30": 1290.0, "31_60": 1290.0, "61_90": 1290.0, "90_plus": 1290.0}
        )

        export = self.env["jewel.aging.export"].create(
            {"date_ref": "2031-04-01", "partner_ids": [(6, 0, self.boutique.ids)]}
        )
        export.action_export()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.file_data)))
        row = [cell.value for cell in book.active[4]]
        self.assertEqual(row[:6], ["Test Boutique", 1290, 1290, 1290, 1290, 5160])

    def test_aging_xlsx_writes_a_partner_name_as_text(self):
        """A partner named like a formula is written as text (formula injection)."""
        self.boutique.name = '=HYPERLINK("http://evil.example","Pay here")'
        memo = self._memo(self.boutique, self._pieces(self.band, 1, "TX-B"))
        memo.action_send()
        export = self.env["jewel.aging.export"].create(
            {"partner_ids": [(6, 0, self.boutique.ids)]}
        )
        export.action_export()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.file_data)))
        cell = book.active["A4"]
        self.assertEqual(cell.value, self.boutique.name)
        self.assertEqual(cell.data_type, "s")
