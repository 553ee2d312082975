from odoo import Command
from odoo.tests import tagged

from odoo.addons.jewel_bom.tests.report_pdf import PdfReportMixin

from .common import JewelConsignmentCommon

SOW = (
    "The diamonds herein invoiced have been purchased from legitimate sources not "
    "involved in funding conflict"
)
SOW_END = "confirms adherence to the WDC SoW Guidelines."


@tagged("post_install", "-at_install")
class TestSystemOfWarranties(PdfReportMixin, JewelConsignmentCommon):
    """The World Diamond Council's statement is printed on the invoice and the
    memo of a diamond piece, never on those of a plain gold band."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ring.jewel_diamond = True

    def _sold(self, product, prefix):
        memo = self._memo(self.boutique, self._pieces(product, 1, prefix))
        memo.with_user(self.salesman).action_send()
        invoice = memo.with_user(self.salesman)._sell_lines(memo.line_ids)
        return memo, invoice

    def test_statement_on_diamond_memo_and_invoice_pdf(self):
        memo, invoice = self._sold(self.ring, "TSOW-R")
        self.assertEqual(invoice.state, "posted")
        self.assertPdfReport(
            "jewel_partner_consignment.action_report_jewel_memo",
            memo,
            [memo.name, "TSOW-R-001", SOW, SOW_END],
        )
        self.assertPdfReport(
            "account.account_invoices", invoice, [invoice.name, SOW, SOW_END]
        )

    def test_no_statement_for_plain_gold(self):
        memo, invoice = self._sold(self.band, "TSOW-B")
        memo_text = self.render_pdf_text(
            "jewel_partner_consignment.action_report_jewel_memo", memo
        )
        invoice_text = self.render_pdf_text("account.account_invoices", invoice)
        self.assertIn("TSOW-B-001", memo_text)
        self.assertIn(invoice.name, invoice_text)
        self.assertNotIn("SoW", memo_text)
        self.assertNotIn("SoW", invoice_text)
        self.assertFalse(invoice._jewel_sow_statement())

    def test_piece_made_with_diamonds_counts(self):
        """Nobody has to tick the piece: its BOM's diamond is enough."""
        self.diamond_050.jewel_diamond = True
        pendant = self._product("Test pendant 18K", jewel_component_type="piece")
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": pendant.product_tmpl_id.id,
                "bom_line_ids": [
                    Command.create({"product_id": self.diamond_050.id}),
                    Command.create(
                        {
                            "product_id": self.grain_750y.id,
                            "product_qty": 2.1,
                            "product_uom_id": self.gram.id,
                        }
                    ),
                ],
            }
        )
        products = pendant | self.band | self.ring
        self.assertEqual(products._jewel_with_diamonds(), pendant | self.ring)

    def test_statement_follows_the_company_setting(self):
        memo = self._memo(self.boutique, self._pieces(self.ring, 1, "TSOW-S"))
        self.assertTrue(memo._jewel_sow_statement().startswith(SOW))
        self.company.jewel_sow_statement = "Updated WDC wording."
        self.assertEqual(memo._jewel_sow_statement(), "Updated WDC wording.")
        self.company.jewel_sow_statement = False
        self.assertFalse(memo._jewel_sow_statement())
