from odoo.exceptions import UserError
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
        self._check(production, self.point_weight).action_record(3.962)
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
        for text in (lot.name, "18K Yellow Gold", "751", "3.962", "Final weight"):
            self.assertIn(text, html)
        self.assertPdfReport(
            "jewel_quality.action_report_jewel_quality_certificate",
            lot,
            [lot.name, "18K Yellow Gold", "751.0", "3.962 g (weighed)", "Final weight"],
        )

    def _render_as(self, user, lot):
        html, _fmt = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(
                "jewel_quality.action_report_jewel_quality_certificate", lot.ids
            )
        )
        return html.decode()

    def test_no_certificate_without_a_passed_check(self):
        self.ring.tracking = "serial"
        production = self._mo()
        production.action_generate_serial()
        lot = production.lot_producing_id
        with self.assertRaisesRegex(UserError, "no quality check of the piece"):
            self._render_as(self.inspector, lot)
        # a failed check is no certificate either
        self._check(production, self.point_weight).with_user(
            self.inspector
        ).action_record(4.5)
        with self.assertRaisesRegex(UserError, lot.name):
            self._render_as(self.inspector, lot)

    def test_certificate_prints_weighed_weight_assay_and_hallmark(self):
        """The serial is made after the checks: the certificate still reads the
        assay and the hallmark of the piece's passed checks, and the weighed
        weight, not the BOM's 3.900 g."""
        self.ring.tracking = "serial"
        office = self.env["res.partner"].create({"name": "Test Assay Office"})
        hallmark_point = self.env["jewel.quality.point"].create(
            {"name": "Hallmark", "kind": "hallmark", "blocking": False}
        )
        production = self._mo()
        hallmark = production.jewel_quality_check_ids.filtered(
            lambda c: c.point_id == hallmark_point
        )
        hallmark.write({"assay_office_id": office.id, "hallmark_mark": "750 crown"})
        self._check(production, self.point_weight).with_user(
            self.inspector
        ).action_record(3.962)
        self._pass_all(production, user=self.inspector)
        production.action_generate_serial()
        lot = production.lot_producing_id
        self._mark_done(production)
        self.assertFalse(lot.jewel_assay_fineness)
        html = self._render_as(self.inspector, lot)
        self.assertIn("751.0", html)
        self.assertIn("750 crown", html)
        self.assertIn("Test Assay Office", html)
        self.assertIn("3.962", html)
        self.assertIn("(weighed)", html)
        self.assertNotIn("Not assayed", html)
        self.assertNotIn("Not hallmarked", html)
