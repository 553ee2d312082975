import io

from openpyxl import load_workbook

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.jewel_bom.tests.report_pdf import PdfReportMixin

from .common import JewelMetalLedgerCommon


@tagged("post_install", "-at_install")
class TestCustomer(PdfReportMixin, JewelMetalLedgerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_partner = cls.env["res.partner"].create({"name": "Mrs Old Gold"})
        cls.customer = cls.env["jewel.metal.account"].create(
            {
                "name": "Mrs Old Gold",
                "account_type": "customer",
                "partner_id": cls.customer_partner.id,
            }
        )

    def _deposit_and_consume(self):
        # Old 14K jewellery, 12.000 g, assayed at 583 ‰: 6.996 g fine credited.
        self._post(
            "customer_deposit",
            self.customer,
            self.vault,
            [(self.au585y, 12.0, {"fineness": 583.0})],
            date="2031-05-02",
        )
        # Her bespoke ring takes 4.500 g fine (6.000 g of 18K) from her deposit.
        self._post(
            "customer_consumption",
            self.finished,
            self.customer,
            [(self.au750y, 6.0)],
            date="2031-05-20",
        )

    def test_deposit_then_consumption(self):
        self._deposit_and_consume()
        self.assertEqual(self.customer._get_balance(self.gold), -2.496)
        statement = self.env["jewel.metal.statement"].create(
            {"account_id": self.customer.id}
        )
        (block,) = statement._statement_data()
        self.assertEqual(block["opening"], 0.0)
        self.assertEqual([row["fine"] for row in block["rows"]], [6.996, -4.5])
        self.assertEqual([row["balance"] for row in block["rows"]], [6.996, 2.496])
        self.assertEqual(block["closing"], 2.496)

    def test_statement_from_a_date(self):
        self._deposit_and_consume()
        opening, rows = self.customer._get_statement(self.gold, "2031-05-10")
        self.assertEqual(opening, -6.996)
        self.assertEqual(len(rows), 1)
        self.assertEqual(round(rows[0]["balance"], 3), -2.496)

    def test_cannot_consume_more_than_deposited(self):
        self._deposit_and_consume()
        transfer = self._transfer(
            "customer_consumption", self.finished, self.customer, [(self.au750y, 4.0)]
        )
        with self.assertRefused(UserError, r"only 2\.496 g of fine Gold on deposit"):
            transfer.action_post()

    def test_statement_is_a_real_pdf(self):
        self._deposit_and_consume()
        statement = self.env["jewel.metal.statement"].create(
            {"account_id": self.customer.id}
        )
        self.assertPdfReport(
            "jewel_metal_ledger.action_report_jewel_metal_statement",
            statement,
            ["Mrs Old Gold", "12.000", "6.996", "-4.500", "Closing balance 2.496"],
        )

    def test_statement_pdf_and_xlsx(self):
        self._deposit_and_consume()
        statement = self.env["jewel.metal.statement"].create(
            {"account_id": self.customer.id}
        )
        html = self.env["ir.actions.report"]._render_qweb_html(
            "jewel_metal_ledger.report_jewel_metal_statement", statement.ids
        )[0]
        self.assertIn(b"Mrs Old Gold", html)
        self.assertIn(b"2.496", html)
        workbook = load_workbook(io.BytesIO(statement._xlsx()))
        sheet = workbook["XAU"]
        values = [row for row in sheet.iter_rows(values_only=True) if row[1]]
        self.assertEqual(values[-1][7], 2.496)
        action = statement.action_export_xlsx()
        self.assertIn("/web/content/", action["url"])
