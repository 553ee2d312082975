from odoo.tests import tagged

from odoo.addons.jewel_bom.tests.report_pdf import PdfReportMixin

from .common import JewelQualityCommon


@tagged("post_install", "-at_install")
class TestCertificate(PdfReportMixin, JewelQualityCommon):
    def test_certificate_lists_piece_and_checks(self):
        self.ring.tracking = "serial"
        production = self._mo()
        production.action_generate_serial()
        lot = production.lot_producing_id
        lot.write({"jewel_gross_metal_weight": 3.812, "jewel_stone_weight": 0.5})
        self._pass_all(production)
        self._mark_done(production)
        self.assertEqual(production.state, "done")
        self.assertEqual(lot.jewel_assay_fineness, 751.0)
        checks = lot._jewel_certificate_checks()
        self.assertEqual(len(checks), 5)
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "jewel_quality.action_report_jewel_quality_certificate", lot.ids
        )
        html = html.decode()
        for text in (lot.name, "18K Yellow Gold", "751", "3.912", "Final weight"):
            self.assertIn(text, html)
        self.assertPdfReport(
            "jewel_quality.action_report_jewel_quality_certificate",
            lot,
            [lot.name, "18K Yellow Gold", "751", "3.912", "Final weight"],
        )
