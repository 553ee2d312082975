from odoo.tests import tagged

from odoo.addons.jewel_bom.tests.report_pdf import PdfReportMixin

from .common import JewelConsignmentCommon


@tagged("post_install", "-at_install")
class TestReports(PdfReportMixin, JewelConsignmentCommon):
    def test_memo_note(self):
        lots = self._pieces(self.ring, 1, "TR-R")
        memo = self._memo(self.boutique, lots)
        memo.action_send()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "jewel_partner_consignment.action_report_jewel_memo", memo.ids
            )[0]
            .decode()
        )
        self.assertIn(memo.name, html)
        self.assertIn("TR-R-001", html)
        # the terms are printed once, then what happens to unreturned goods
        self.assertEqual(html.count("Title remains with the workshop"), 1)
        self.assertIn("are deemed sold at the prices above", html)
        self.assertIn("Received in good order by", html)
        self.assertIn("3.900", html)  # 3.8 g + 0.5 ct

    def test_partner_statement(self):
        lots = self._pieces(self.band, 3, "TR-B")
        memo = self._memo(self.boutique, lots)
        memo.action_send()
        memo._sell_lines(memo.line_ids[:1])
        statement = self.boutique._jewel_statement()
        self.assertEqual(statement["memo"], 2580.0)
        self.assertEqual(statement["memo_count"], 2)
        self.assertEqual(statement["sold"], 1290.0)
        self.assertEqual(statement["invoiced"], 1290.0)
        self.assertEqual(statement["due"], 1290.0)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "jewel_partner_consignment.action_report_jewel_partner_statement",
                self.boutique.ids,
            )[0]
            .decode()
        )
        self.assertIn("On memo (2 pieces)", html)

    def test_memo_note_and_statement_are_real_pdfs(self):
        lots = self._pieces(self.ring, 1, "TP-R")
        memo = self._memo(self.boutique, lots)
        memo.action_send()
        self.assertPdfReport(
            "jewel_partner_consignment.action_report_jewel_memo",
            memo,
            [memo.name, "TP-R-001", "3.900", "Title remains with the workshop"],
        )
        self.assertPdfReport(
            "jewel_partner_consignment.action_report_jewel_partner_statement",
            self.boutique,
            [self.boutique.name, "On memo (1 pieces)"],
        )
