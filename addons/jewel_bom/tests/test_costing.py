import base64
import io

import openpyxl

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import JewelBomCommon
from .report_pdf import PdfReportMixin


@tagged("post_install", "-at_install")
class TestCosting(PdfReportMixin, JewelBomCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._rate(cls.gold, cls.DATE_1, 80.0)
        cls._rate(cls.gold, cls.DATE_2, 92.4)
        cls.au750y.alloying_cost = 0.40
        cls.ring = cls._product("Test costed band", jewel_alloy_id=cls.au750y.id)
        cls.bom = cls._bom(
            cls.ring,
            [(cls.grain_750y, 6.2), (cls.diamond_050, 1), (cls.box, 1)],
            jewel_loss_allowance=2.0,
            jewel_making_charge=25.0,
            jewel_making_charge_per_gram=0.5,
            operation_ids=[
                (
                    0,
                    0,
                    {
                        "name": "File",
                        "workcenter_id": cls.wc_bench.id,
                        "time_cycle_manual": 30,
                    },
                )
            ],
        )

    def test_breakdown_on_two_dates(self):
        first = self.bom._jewel_cost_breakdown(self.DATE_1)[self.bom]
        # 4.650 fine g × 80.00 = 372.00; loss 2 % = 7.44; alloying 6.2 g × 0.40 = 2.48
        # stone 1 850.00; box 4.20; labour 30 min × 45.00/h = 22.50;
        # making 25.00 + 6.2 g × 0.50 = 28.10
        self.assertEqual(
            {
                k: first[k]
                for k in (
                    "metal",
                    "loss",
                    "alloying",
                    "stones",
                    "components",
                    "labour",
                    "making",
                    "total",
                )
            },
            {
                "metal": 372.0,
                "loss": 7.44,
                "alloying": 2.48,
                "stones": 1850.0,
                "components": 4.2,
                "labour": 22.5,
                "making": 28.1,
                "total": 2286.72,
            },
        )
        self.assertEqual(str(first["price_date"]), self.DATE_1)
        second = self.bom._jewel_cost_breakdown(self.DATE_2)[self.bom]
        # 4.650 × 92.40 = 429.66; loss 8.59
        self.assertEqual((second["metal"], second["loss"]), (429.66, 8.59))
        self.assertEqual(second["total"], 2345.53)
        # between two rates the earlier one holds
        self.assertEqual(
            self.bom._jewel_cost_breakdown("2031-02-01")[self.bom]["metal"], 372.0
        )

    def test_sub_assembly_labour_and_metal_are_included(self):
        head = self._product("Test costed head", jewel_component_type="finding")
        self._bom(
            head,
            [(self.grain_750w, 0.6)],
            operation_ids=[
                (
                    0,
                    0,
                    {
                        "name": "Set",
                        "workcenter_id": self.wc_setting.id,
                        "time_cycle_manual": 15,
                    },
                )
            ],
        )
        self.bom.bom_line_ids = [(0, 0, {"product_id": head.id, "product_qty": 1})]
        breakdown = self.bom._jewel_cost_breakdown(self.DATE_1)[self.bom]
        # + 0.450 fine g × 80 = 36.00; + 15 min × 60.00/h = 15.00
        self.assertEqual(breakdown["metal"], 408.0)
        self.assertEqual(breakdown["labour"], 37.5)

    def test_recost_keeps_old_values_and_the_price_date_in_the_chatter(self):
        bom = self.bom.with_context(tracking_disable=False, mail_notrack=False)
        bom.jewel_cost_date = self.DATE_1
        bom.action_jewel_recost()
        self.env.cr.precommit.run()  # end of the first request: tracking written
        self.assertEqual(bom.jewel_cost_total, 2286.72)
        bom.jewel_cost_date = self.DATE_2
        bom.action_jewel_recost()
        self.env.cr.precommit.run()
        self.assertEqual(bom.jewel_cost_total, 2345.53)
        self.assertEqual(str(bom.jewel_cost_price_date), self.DATE_2)
        note = bom.message_ids.filtered(lambda m: "Re-costed" in (m.body or ""))[0]
        # the rate's date, not its value: the chatter is read by the bench too
        self.assertIn(f"rate of {self.DATE_2}", note.body)
        self.assertNotIn("92.4000", note.body)
        trackings = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id", "in", bom.message_ids.ids),
                ("field_id.name", "=", "jewel_cost_metal"),
            ]
        )
        self.assertIn(
            (372.0, 429.66), [(t.old_value_float, t.new_value_float) for t in trackings]
        )

    def test_missing_price_is_a_clear_error(self):
        self.bom.jewel_cost_date = "1900-01-01"
        with self.assertRefused(UserError, "No Gold price on or before 1900-01-01"):
            self.bom.action_jewel_recost()
        self.assertFalse(self.bom.jewel_cost_total)

    def test_cost_sheet_xlsx_and_pdf(self):
        self.bom.jewel_cost_date = self.DATE_1
        action = self.bom.action_jewel_cost_xlsx()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        rows = {
            row[0]: row for row in book.active.iter_rows(values_only=True) if row[0]
        }
        self.assertEqual(rows["Total"][4], 2286.72)
        self.assertEqual(rows["Gold"][1], 4.65)
        self.assertEqual(rows["Gold"][2], 80.0)
        self.assertEqual(rows["File"][4], 22.5)

        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("jewel_bom.report_jewel_cost_sheet", self.bom.ids)[0]
            .decode()
        )
        self.assertIn("Cost sheet", html)
        self.assertIn("2,286.72", html)
        self.assertIn("4.650", html)

    def test_cost_sheet_xlsx_writes_text_as_text(self):
        """An operation named like a formula stays text (formula injection)."""
        self.bom.jewel_cost_date = self.DATE_1
        self.bom.operation_ids[:1].name = "=1+1"
        breakdown = self.bom._jewel_cost_breakdown(self.bom.jewel_cost_date)[self.bom]
        book = openpyxl.load_workbook(io.BytesIO(self.bom._jewel_cost_xlsx(breakdown)))
        cells = [
            cell
            for row in book.active.iter_rows()
            for cell in row
            if cell.value == "=1+1"
        ]
        self.assertEqual(len(cells), 1)
        self.assertEqual(cells[0].data_type, "s")

    def test_cost_sheet_is_a_real_pdf(self):
        self.bom.jewel_cost_date = self.DATE_1
        self.assertPdfReport(
            "jewel_bom.action_report_jewel_cost_sheet",
            self.bom,
            [self.ring.name, "2,286.72", "4.650", "80.00"],
        )

    def test_negative_cost_inputs_are_refused(self):
        with self.assertRefused(
            ValidationError, "cannot be negative|must be at least 0"
        ):
            self.bom.jewel_making_charge = -1.0
