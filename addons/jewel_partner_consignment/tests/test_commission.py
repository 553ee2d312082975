import base64

from odoo import Command, http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import format_date

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from .common import JewelConsignmentCommon


class JewelCommissionCommon(RpcMixin, JewelConsignmentCommon):
    """A consignment partner keeping 35 % commission, a taxed band, an accountant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.tax = env["account.tax"].create(
            {
                "name": "Test sales tax 15 %",
                "amount": 15.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        cls.taxed_band = cls._product(
            "Test taxed band 18K",
            tracking="serial",
            list_price=1290.0,
            jewel_component_type="piece",
            jewel_alloy_id=cls.au750y.id,
            jewel_gross_metal_weight=6.2,
            taxes_id=[Command.set(cls.tax.ids)],
        )
        cls.aurelia = env["res.partner"].create(
            {
                "name": "Test Maison 35",
                "is_company": True,
                "jewel_is_retail_partner": True,
                "jewel_agreement_consignment": True,
                "jewel_agreement_memo": False,
                "jewel_pricing": "commission",
                "jewel_commission_percent": 35.0,
                "jewel_settlement_days": 30,
                "user_id": cls.salesman.id,
            }
        )
        # the accountant of the workshop, as jewel_bom defines the role
        cls.accountant = new_test_user(
            env,
            login="jewel_consign_accountant",
            groups="jewel_bom.group_jewel_accountant",
        )
        cls.lots = cls._pieces(cls.taxed_band, 3, "TCM-B")
        cls.memo = cls._memo(cls.aurelia, cls.lots, days_ago=10)
        cls.memo.action_send()

    def _line(self, index):
        return self.memo.line_ids.filtered(lambda line: line.lot_id == self.lots[index])


@tagged("post_install", "-at_install")
class TestCommissionInvoice(JewelCommissionCommon):
    def test_invoice_all_invoices_net_of_commission(self):
        """Invoice All on a commission consignment: $1,290.00 less 35 % = $838.50."""
        self.assertEqual(self.memo.agreement_type, "consignment")
        self.rpc(self.salesman, "jewel.memo", "action_sell_lines", self.memo.ids)
        invoice = self.memo.line_ids.invoice_id
        self.assertEqual(len(invoice.invoice_line_ids), 3)
        for inv_line in invoice.invoice_line_ids:
            self.assertEqual(inv_line.price_unit, 1290.0)
            self.assertEqual(inv_line.discount, 35.0)
            self.assertEqual(inv_line.price_subtotal, 838.5)
            self.assertIn("commission of 35 %", inv_line.name)
            self.assertIn("$\N{NO-BREAK SPACE}451.50", inv_line.name)
        self.assertEqual(invoice.amount_untaxed, 3 * 838.5)
        self.assertEqual(invoice.amount_total, 3 * 964.28)
        self.assertEqual(set(self.memo.line_ids.mapped("invoiced_price")), {838.5})

    def test_pieces_at_partners_invoice_one(self):
        """Pieces at Partners -> Invoice on one piece: the net amount, to the cent."""
        line = self._line(0)
        self.rpc(self.salesman, "jewel.memo.line", "action_sell", line.ids)
        self.assertEqual(line.state, "sold")
        self.assertEqual(line.invoiced_price, 838.5)
        self.assertEqual(line.invoice_id.amount_untaxed, 838.5)
        self.assertEqual(line.invoice_id.invoice_line_ids.price_unit, 1290.0)
        self.assertEqual(self.memo.state, "partial")

    def test_pricelist_partner_pays_list_price(self):
        """No commission on a partner price list: invoiced at the agreed price."""
        lots = self._pieces(self.taxed_band, 1, "TCM-P")
        memo = self._memo(self.boutique, lots)
        memo.action_send()
        invoice = memo.with_user(self.salesman).action_sell_lines()
        self.assertEqual(invoice.invoice_line_ids.discount, 0.0)
        self.assertEqual(invoice.amount_untaxed, 1290.0)
        self.assertNotIn("commission", invoice.invoice_line_ids.name)


@tagged("post_install", "-at_install")
class TestAccountantSalesReport(JewelCommissionCommon):
    def test_accountant_confirms_and_invoices_report(self):
        report = self.env["jewel.consignment.report"]._jewel_portal_report_sale(
            self.aurelia, self._line(0) | self._line(1)
        )
        # what the partner sees before the invoice is what the invoice says
        self.assertEqual(report.amount_net, 1677.0)
        self.assertEqual(report.amount_tax, 251.56)
        self.assertEqual(report.amount_total, 1928.56)
        total_before = report.amount_total
        self.rpc(
            self.accountant, "jewel.consignment.report", "action_confirm", report.ids
        )
        self.assertEqual(report.state, "confirmed")
        invoice = report.invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.create_uid, self.accountant)
        self.assertEqual(invoice.amount_untaxed, 1677.0)
        self.assertEqual(invoice.amount_total, total_before)
        self.assertEqual(report.amount_total, invoice.amount_total)
        self.assertEqual((self._line(0) | self._line(1)).mapped("state"), ["sold"] * 2)
        self.assertEqual(self._line(0).write_uid, self.accountant)
        self.assertEqual(self.memo.state, "partial")
        # the accountant opens the invoice of the report
        action = self.rpc(
            self.accountant,
            "jewel.consignment.report",
            "action_view_invoice",
            report.ids,
        )
        self.assertEqual(action["res_id"], invoice.id)

    def test_accountant_opens_aging_export(self):
        export = self.env["jewel.aging.export"].browse(
            self.rpc(
                self.accountant,
                "jewel.aging.export",
                "create",
                {"partner_ids": [Command.set(self.aurelia.ids)]},
            )
        )
        action = self.rpc(
            self.accountant, "jewel.aging.export", "action_export", export.ids
        )
        self.assertIn(f"id={export.id}", action["url"])
        self.assertTrue(base64.b64decode(export.file_data).startswith(b"PK"))
        menus = self.env["ir.ui.menu"].with_user(self.accountant)._visible_menu_ids()
        for xmlid in (
            "jewel_partner_consignment.jewel_aging_export_account_menu",
            "jewel_partner_consignment.jewel_consignment_report_account_menu",
        ):
            self.assertIn(self.env.ref(xmlid).id, menus)


@tagged("post_install", "-at_install")
class TestStatementAndMemoNote(JewelCommissionCommon):
    def _html(self, report, records):
        return (
            self.env["ir.actions.report"]
            ._render_qweb_html(report, records.ids)[0]
            .decode()
        )

    def test_statement_explains_commission_and_tax(self):
        self.memo._sell_lines(self._line(0) | self._line(1))
        statement = self.aurelia._jewel_statement()
        self.assertEqual(statement["sold"], 2580.0)
        self.assertEqual(statement["commission"], 903.0)
        self.assertEqual(statement["invoiced_untaxed"], 1677.0)
        self.assertEqual(statement["invoiced_tax"], 251.56)
        self.assertEqual(statement["invoiced"], 1928.56)
        self.assertEqual(
            statement["sold"] - statement["commission"] + statement["invoiced_tax"],
            statement["invoiced"],
        )
        html = self._html(
            "jewel_partner_consignment.action_report_jewel_partner_statement",
            self.aurelia,
        )
        for text in (
            "less commission kept by",
            "903.00",
            "Invoiced, excluding tax",
            "plus tax",
            "251.56",
            "Invoiced, including tax",
            "1,928.56",
        ):
            self.assertIn(text, html)

    def test_consignment_note_terms(self):
        html = self._html(
            "jewel_partner_consignment.action_report_jewel_memo", self.memo
        )
        self.assertNotIn("deemed sold", html)
        self.assertIn("reports each sale and pays the price above less its", html)
        self.assertIn("commission of 35 %", html)
        self.assertIn("within 30 days of the sale", html)
        self.assertEqual(html.count("Title remains with the workshop"), 1)
        self.assertEqual(html.count("risk of loss"), 1)


@tagged("post_install", "-at_install")
class TestCommissionPortal(HttpCase, JewelCommissionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env,
            login="jewel_portal_maison",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "Maison Clerk", "parent_id": cls.aurelia.id})
            .id,
        )

    def test_portal_report_amount_due_with_tax(self):
        report = self.env["jewel.consignment.report"]._jewel_portal_report_sale(
            self.aurelia, self._line(0)
        )
        self.authenticate("jewel_portal_maison", "jewel_portal_maison")
        page = self.url_open("/my/consignment_reports").text
        self.assertIn("Amount due (incl. tax)", page)
        self.assertIn("964.28", page)
        page = self.url_open(f"/my/consignment_reports/{report.id}").text
        self.assertIn("838.50", page)
        self.assertIn("964.28", page)
        report.action_confirm()
        self.assertEqual(report.invoice_id.amount_total, 964.28)
        page = self.url_open("/my/consignment_reports").text
        self.assertIn("964.28", page)
        due = report.invoice_date_due
        self.assertIn(format_date(self.env, due, lang_code="en_US"), page)
        self.assertNotIn(due.isoformat(), page)

    def test_portal_piece_status_after_report_and_return(self):
        self.authenticate("jewel_portal_maison", "jewel_portal_maison")
        self.url_open(
            "/my/pieces/report_sale",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "line_ids": [self._line(0).id],
            },
        )
        self.assertEqual(self._line(0).partner_status, "sale_reported")
        self.url_open(
            "/my/pieces/request_return",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "line_ids": [self._line(1).id],
            },
        )
        self.assertEqual(self._line(1).partner_status, "return_requested")
        self.assertEqual(self._line(2).partner_status, "out")
        page = self.url_open("/my/pieces").text
        self.assertIn("Sale Reported", page)
        self.assertIn("Return Requested", page)
        page = self.url_open(f"/my/memos/{self.memo.id}").text
        self.assertIn("Sale Reported", page)
        # a piece reported sold is not reported a second time
        with self.assertRefused(UserError, "Already reported sold.*TCM-B-001"):
            self.env["jewel.consignment.report"]._jewel_portal_report_sale(
                self.aurelia, self._line(0)
            )

    def test_portal_overdue_memo(self):
        memo = self._memo(self.aurelia, self._pieces(self.band, 1, "TCM-O"), 60)
        memo.action_send()
        self.assertTrue(memo.is_overdue)
        self.authenticate("jewel_portal_maison", "jewel_portal_maison")
        page = self.url_open("/my/memos").text
        self.assertEqual(page.count("o_jewel_memo_overdue"), 1)
        page = self.url_open(f"/my/memos/{memo.id}").text
        self.assertIn("Overdue", page)
        self.assertNotIn(">Sent<", page)
