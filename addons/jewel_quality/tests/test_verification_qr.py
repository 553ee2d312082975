import io

import zxingcpp
from PIL import Image

from odoo.tests import tagged

from odoo.addons.jewel_bom.tests.report_pdf import PdfReportMixin

from .verification_common import JewelVerificationCommon

CERTIFICATE = "jewel_quality.action_report_jewel_quality_certificate"


@tagged("post_install", "-at_install")
class TestVerificationQr(PdfReportMixin, JewelVerificationCommon):
    def _qr_codes(self, lot):
        """The QR codes printed in the certificate PDF, decoded."""
        state = self.env["ir.actions.report"].get_wkhtmltopdf_state()
        self.assertEqual(state, "ok", "wkhtmltopdf is needed to print the PDF")
        # the QR is an inline image: no stylesheet needed to print it
        pdf = self._render_pdf(CERTIFICATE, lot, "http://127.0.0.1:9")
        texts = []
        for page in pdf.pages:
            for image in page.images:
                picture = Image.open(io.BytesIO(image.data))
                texts += [code.text for code in zxingcpp.read_barcodes(picture)]
        return texts

    def test_certificate_qr_decodes_to_the_verification_url(self):
        lot = self._certified_lot()
        self.assertEqual(self._qr_codes(lot), [])  # no link issued yet: no QR
        lot.with_user(self.inspector).action_jewel_verify_issue()
        url = lot.jewel_verify_url
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        self.assertTrue(url.startswith(f"{base}/verify/"))
        self.assertEqual(self._qr_codes(lot), [url])
        # after a revocation the certificate prints the new link
        lot.with_user(self.inspector).action_jewel_verify_revoke()
        self.assertNotEqual(lot.jewel_verify_url, url)
        self.assertEqual(self._qr_codes(lot), [lot.jewel_verify_url])
