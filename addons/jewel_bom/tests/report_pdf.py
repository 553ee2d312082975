import io
import re

from odoo.tools import config
from odoo.tools.pdf import PdfReader


class PdfReportMixin:
    """Render a report as a real PDF through wkhtmltopdf and read its text back.

    Odoo renders HTML instead of PDF in test mode unless ``force_report_rendering``
    is set, and silently falls back to HTML when wkhtmltopdf is missing: here a
    missing wkhtmltopdf is a failure that says so, never a skip.

    Each report is rendered twice. Styled, as a user gets it: wkhtmltopdf loads the
    report's CSS and web fonts from this test server; Debian's wkhtmltopdf (Qt
    unpatched) draws web-font text as outlines, so that PDF has no text to read.
    Then with its stylesheets out of reach, so that the text is set in a system
    font and can be read back to check the numbers a user checks.
    """

    def _render_pdf(self, report_ref, records, report_url):
        self.env["ir.config_parameter"].sudo().set_param("report.url", report_url)
        pdf, report_format = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report_ref, records.ids)
        )
        self.assertEqual(report_format, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"), "the report is not a PDF")
        return PdfReader(io.BytesIO(pdf))

    def render_pdf_text(self, report_ref, records):
        state = self.env["ir.actions.report"].get_wkhtmltopdf_state()
        if state != "ok":
            self.fail(
                f"wkhtmltopdf is not usable here (state: {state}): install the Debian "
                "package wkhtmltopdf (bin/bootstrap.sh does it as root); PDF reports "
                "cannot be checked without it"
            )
        # the server's requests for the CSS share the test's cursor, as in a tour
        self.registry.enter_test_mode(self.env.cr)
        try:
            styled = self._render_pdf(
                report_ref, records, f"http://127.0.0.1:{config['http_port']}"
            )
        finally:
            self.registry.leave_test_mode()
        self.assertGreaterEqual(len(styled.pages), 1)
        # port 9 (discard) refuses at once: no stylesheet, system fonts
        plain = self._render_pdf(report_ref, records, "http://127.0.0.1:9")
        text = "\n".join(page.extract_text() for page in plain.pages)
        # wkhtmltopdf may break a table cell over lines: compare on single spaces
        return re.sub(r"\s+", " ", text)

    def assertPdfReport(self, report_ref, records, texts):
        text = self.render_pdf_text(report_ref, records)
        for expected in texts:
            self.assertIn(expected, text, f"{expected!r} is not in the PDF")
        return text
