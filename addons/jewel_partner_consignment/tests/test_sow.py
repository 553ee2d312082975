import io

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

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


@tagged("post_install", "-at_install")
class TestSowRegister(JewelConsignmentCommon):
    """Warranties received on bills and issued on invoices and memos, listed
    for the yearly reconciliation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ring.jewel_diamond = True
        cls.diamond_050.jewel_diamond = True
        cls.accountant = new_test_user(
            cls.env,
            login="jewel_sow_accountant",
            groups="account.group_account_invoice",
        )
        cls.supplier = cls.env["res.partner"].create({"name": "Test diamond dealer"})

    def _bill(self, product, warranty=None):
        bill = (
            self.env["account.move"]
            .with_user(self.accountant)
            .create(
                {
                    "move_type": "in_invoice",
                    "partner_id": self.supplier.id,
                    "invoice_date": self.today,
                    "ref": f"DD-{product.id}",
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 1.0,
                                "price_unit": 800.0,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        if warranty is not None:
            bill.jewel_sow_warranty = warranty
        bill.action_post()
        return bill

    def test_register_lists_received_and_issued(self):
        ring_memo = self._memo(self.boutique, self._pieces(self.ring, 2, "TSR-R"))
        band_memo = self._memo(self.boutique, self._pieces(self.band, 1, "TSR-B"))
        (ring_memo | band_memo).with_user(self.salesman).action_send()
        ring_invoice = ring_memo.with_user(self.salesman)._sell_lines(
            ring_memo.line_ids[:1]
        )
        band_invoice = band_memo.with_user(self.salesman)._sell_lines(
            band_memo.line_ids
        )
        bill = self._bill(self.diamond_050)
        unwarranted = self._bill(self.diamond_050, warranty=False)
        gold_bill = self._bill(self.grain_750y)
        self.assertEqual(
            (ring_memo.jewel_sow_warranty, band_memo.jewel_sow_warranty), (True, False)
        )
        self.assertEqual(
            (ring_invoice.jewel_sow_warranty, band_invoice.jewel_sow_warranty),
            (True, False),
        )
        self.assertFalse(unwarranted.jewel_sow_warranty)
        self.assertFalse(gold_bill.jewel_sow_warranty)

        Register = self.env["jewel.sow.register"].with_user(self.accountant)
        entries = Register.search([("date", "=", self.today)])
        self.assertEqual(
            sorted((e.kind, e.document, e.name) for e in entries),
            sorted(
                [
                    ("issued", "invoice", ring_invoice.name),
                    ("issued", "memo", ring_memo.name),
                    ("received", "bill", bill.name),
                ]
            ),
        )
        received = entries.filtered(lambda e: e.kind == "received")
        self.assertEqual((received.amount, received.ref), (800.0, bill.ref))
        self.assertEqual(received.partner_id, self.supplier)
        memo_entry = entries.filtered(lambda e: e.document == "memo")
        self.assertEqual(memo_entry.amount, 6900.0)  # two rings at 3 450.00

        export = (
            self.env["jewel.sow.register.export"]
            .with_user(self.accountant)
            .create({"date_from": self.today, "date_to": self.today})
        )
        sheet = openpyxl.load_workbook(io.BytesIO(export._generate_xlsx())).active
        rows = [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
        by_number = {row[2]: row for row in rows if row[2]}
        self.assertEqual(
            by_number[bill.name][:4], ("Received", "Vendor Bill", bill.name, bill.ref)
        )
        self.assertEqual(by_number[bill.name][6], 800.0)
        self.assertEqual(by_number[ring_memo.name][1], "Memo")
        self.assertIn(("Issued", 2), [row[:2] for row in rows])
        self.assertIn(("Received", 1), [row[:2] for row in rows])

    def test_register_is_for_accounting(self):
        seller = new_test_user(
            self.env, login="jewel_sow_seller", groups="sales_team.group_sale_salesman"
        )
        with self.assertRaises(AccessError):
            self.env["jewel.sow.register"].with_user(seller).search([])
