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

    def test_statement_of_a_period(self):
        """Opening balance, the period's lines in date then posting order with
        their running balance, nothing after the end date."""
        self._deposit_and_consume()  # -6.996 g on 05-02, +4.500 g on 05-20
        # a second deposit the same day as the consumption, and one in June
        self._post(
            "customer_deposit",
            self.customer,
            self.vault,
            [(self.au750y, 2.0)],
            date="2031-05-20",
        )
        self._post(
            "customer_deposit",
            self.customer,
            self.vault,
            [(self.au750y, 4.0)],
            date="2031-06-10",
        )
        opening, rows = self.customer._get_statement(
            self.gold, "2031-05-10", "2031-05-31"
        )
        self.assertEqual(opening, -6.996)
        self.assertEqual([round(row["fine_weight"], 3) for row in rows], [4.5, -1.5])
        self.assertEqual([round(row["balance"], 3) for row in rows], [-2.496, -3.996])
        self.assertEqual([str(row["date"]) for row in rows], ["2031-05-20"] * 2)
        self.assertLess(rows[0]["id"], rows[1]["id"])
        self.assertEqual(
            set(rows[0]),
            {
                "id",
                "date",
                "transfer_id",
                "transfer_type",
                "counterpart_account_id",
                "alloy_id",
                "gross_weight",
                "fine_weight",
                "balance",
            },
        )
        self.assertEqual(rows[1]["counterpart_account_id"], self.vault.id)
        self.assertEqual(rows[1]["gross_weight"], -2.0)
        # a period without movement opens (and closes) on the balance before it
        self.assertEqual(
            self.customer._get_statement(self.gold, "2031-05-21", "2031-06-09"),
            (-3.996, []),
        )
        # no start date: from the first movement, opening 0
        opening, rows = self.customer._get_statement(self.gold, date_to="2031-05-20")
        self.assertEqual(opening, 0.0)
        self.assertEqual(
            [round(row["balance"], 3) for row in rows], [-6.996, -2.496, -3.996]
        )

    def test_statement_follows_the_ledger_access_rules(self):
        """A goldsmith reads the statement of their own account only: another
        account's lines and opening balance stay hidden, even for a period
        without movement."""
        self._post(
            "issue", self.vault, self.ben, [(self.au750y, 8.0)], date="2031-05-02"
        )
        self._post(
            "issue", self.vault, self.anna, [(self.au750y, 4.0)], date="2031-05-03"
        )
        anna = self.anna.with_user(self.goldsmith_user)
        opening, rows = anna._get_statement(self.gold, "2031-05-01")
        self.assertEqual((opening, [row["fine_weight"] for row in rows]), (0.0, [3.0]))
        ben = self.ben.with_user(self.goldsmith_user)
        self.assertEqual(ben._get_statement(self.gold, "2031-05-01"), (0.0, []))
        self.assertEqual(ben._get_statement(self.gold, "2031-06-01"), (0.0, []))
        self.assertEqual(self.ben._get_statement(self.gold, "2031-06-01"), (6.0, []))

    def test_cannot_consume_more_than_deposited(self):
        self._deposit_and_consume()
        transfer = self._transfer(
            "customer_consumption",
            self.finished,
            self.customer,
            [(self.au750y, 4.0)],
            date="2031-05-21",
        )
        with self.assertRefused(
            UserError, r"only 2\.496 g of fine Gold on deposit on 2031-05-21"
        ):
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
        closing = [row for row in values if row[1] == "Closing balance"]
        self.assertEqual(closing[0][7], 2.496)
        action = statement.action_export_xlsx()
        self.assertIn("/web/content/", action["url"])

    def test_customer_balance_reads_the_same_everywhere(self):
        """List, form, statement PDF and XLSX: one sign, said in words."""
        self._deposit_and_consume()
        account = self.customer.with_user(self.accountant)
        # The list and the form read what the web client reads.
        [row] = account.web_search_read(
            [("id", "=", account.id)],
            {"balance_text": {}, "balance_label": {}},
        )["records"]
        self.assertEqual(row["balance_text"], "2.496 g XAU")
        self.assertEqual(
            row["balance_label"], "We hold 2.496 g fine Gold for Mrs Old Gold"
        )
        statement = (
            self.env["jewel.metal.statement"]
            .with_user(self.accountant)
            .create({"account_id": account.id})
        )
        (block,) = statement._statement_data()
        self.assertEqual(block["closing"], 2.496)
        self.assertEqual(block["closing_label"], row["balance_label"])
        self.assertPdfReport(
            "jewel_metal_ledger.action_report_jewel_metal_statement",
            statement,
            [
                "Positive balance: fine metal we hold for Mrs Old Gold",
                "Closing balance 2.496",
                "We hold 2.496 g fine Gold for Mrs Old Gold",
            ],
        )
        sheet = load_workbook(io.BytesIO(statement._xlsx()))["XAU"]
        cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
        self.assertIn("We hold 2.496 g fine Gold for Mrs Old Gold", cells)
        # A workshop account keeps the ledger sign.
        self.assertEqual(self.vault.balance_label.split(" holds ")[0], "Test Vault")
