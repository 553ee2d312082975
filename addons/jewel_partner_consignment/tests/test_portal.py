from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import JewelConsignmentCommon


class JewelPortalCommon(JewelConsignmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.shop_user = new_test_user(
            env,
            login="jewel_portal_shop",
            groups="base.group_portal",
            partner_id=env["res.partner"]
            .create({"name": "Shop Clerk", "parent_id": cls.shop.id})
            .id,
        )
        cls.boutique_user = new_test_user(
            env,
            login="jewel_portal_boutique",
            groups="base.group_portal",
            partner_id=env["res.partner"]
            .create({"name": "Boutique Clerk", "parent_id": cls.boutique.id})
            .id,
        )
        cls.shop_lots = cls._pieces(cls.ring, 3, "TP-S")
        cls.boutique_lots = cls._pieces(cls.band, 1, "TP-B")
        cls.shop_memo = cls._memo(cls.shop, cls.shop_lots, days_ago=5)
        cls.boutique_memo = cls._memo(cls.boutique, cls.boutique_lots)
        (cls.shop_memo | cls.boutique_memo).action_send()


@tagged("post_install", "-at_install")
class TestPortalAccess(JewelPortalCommon):
    def test_record_rules(self):
        """A portal user reads its own partner's memos, pieces and reports only."""
        for model in ("jewel.memo", "jewel.memo.line", "jewel.consignment.report"):
            self.assertFalse(
                self.env[model]
                .with_user(self.boutique_user)
                .search_read([("partner_id", "=", self.shop.id)], ["id"])
            )
        memos = self.env["jewel.memo"].with_user(self.shop_user).search([])
        self.assertEqual(memos, self.shop_memo)
        lines = self.env["jewel.memo.line"].with_user(self.shop_user).search([])
        self.assertEqual(lines, self.shop_memo.line_ids)

    def test_portal_report_sale_checks_pieces(self):
        report = self.env["jewel.consignment.report"]._jewel_portal_report_sale(
            self.shop_user.partner_id, self.shop_memo.line_ids[:2]
        )
        self.assertEqual(report.state, "draft")
        self.assertEqual(report.partner_id, self.shop)
        self.assertEqual(len(report.line_ids), 2)
        self.assertEqual(report.amount_net, 2 * 2070.0)
        with self.assertRefused(Exception, "Select pieces that are at your shop"):
            self.env["jewel.consignment.report"]._jewel_portal_report_sale(
                self.shop_user.partner_id, self.boutique_memo.line_ids
            )


@tagged("post_install", "-at_install")
class TestPortalHttp(HttpCase, JewelPortalCommon):
    def test_portal_pages(self):
        self.authenticate("jewel_portal_shop", "jewel_portal_shop")
        response = self.url_open("/my/pieces")
        self.assertEqual(response.status_code, 200)
        for lot in self.shop_lots:
            self.assertIn(lot.name, response.text)
        self.assertNotIn("TP-B-001", response.text)
        response = self.url_open("/my/pieces?search=TP-S-002")
        self.assertIn("TP-S-002", response.text)
        self.assertNotIn("TP-S-001", response.text)
        response = self.url_open(f"/my/memos/{self.shop_memo.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.shop_memo.name, response.text)
        response = self.url_open(f"/my/memos/{self.shop_memo.id}?report_type=pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.url_open("/my/memos").status_code, 200)
        self.assertEqual(self.url_open("/my/consignment_reports").status_code, 200)
        home = self.url_open("/my/home")
        self.assertIn("Pieces at your shop", home.text)

    def test_portal_other_partner_refused(self):
        """The boutique's user gets 404 on the shop's memo and nothing by RPC."""
        self.authenticate("jewel_portal_boutique", "jewel_portal_boutique")
        response = self.url_open(f"/my/memos/{self.shop_memo.id}")
        self.assertEqual(response.status_code, 404)
        response = self.url_open(f"/my/memos/{self.shop_memo.id}?report_type=pdf")
        self.assertEqual(response.status_code, 404)
        for model in ("jewel.memo", "jewel.memo.line"):
            result = self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/search_read",
                {
                    "model": model,
                    "method": "search_read",
                    "args": [[("partner_id", "=", self.shop.id)]],
                    "kwargs": {"fields": ["id"]},
                },
            )
            self.assertEqual(result, [])
        # posting the shop's pieces as the boutique creates nothing
        response = self.url_open(
            "/my/pieces/report_sale",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "line_ids": self.shop_memo.line_ids.ids,
            },
        )
        self.assertFalse(
            self.env["jewel.consignment.report"].search(
                [("partner_id", "=", self.shop.id)]
            )
        )

    def test_portal_report_sale_and_return(self):
        self.authenticate("jewel_portal_shop", "jewel_portal_shop")
        first, second, third = self.shop_memo.line_ids
        response = self.url_open(
            "/my/pieces/report_sale",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "line_ids": [first.id, second.id],
            },
        )
        self.assertEqual(response.status_code, 200)
        report = self.env["jewel.consignment.report"].search(
            [("partner_id", "=", self.shop.id)]
        )
        self.assertEqual(report.state, "draft")
        self.assertEqual(report.line_ids.memo_line_id, first | second)
        self.assertTrue(report.submitted_from_portal)
        self.url_open(
            "/my/pieces/request_return",
            data={"csrf_token": http.Request.csrf_token(self), "line_ids": [third.id]},
        )
        self.assertTrue(third.return_requested)
        self.assertTrue(
            self.shop_memo.activity_ids.filtered(
                lambda a: a.summary == "Return requested"
            )
        )

    def test_portal_invoices_and_reports(self):
        report = self.env["jewel.consignment.report"]._jewel_portal_report_sale(
            self.shop_user.partner_id, self.shop_memo.line_ids[:1]
        )
        report.action_confirm()
        invoice = report.invoice_id
        self.authenticate("jewel_portal_shop", "jewel_portal_shop")
        self.assertIn(invoice.name, self.url_open("/my/invoices").text)
        self.assertIn(report.name, self.url_open("/my/consignment_reports").text)
        page = self.url_open(f"/my/consignment_reports/{report.id}")
        self.assertIn("TP-S-001", page.text)
        self.authenticate("jewel_portal_boutique", "jewel_portal_boutique")
        self.assertNotIn(invoice.name, self.url_open("/my/invoices").text)
        page = self.url_open(f"/my/consignment_reports/{report.id}")
        self.assertEqual(page.status_code, 404)

    def test_posted_ids_are_parsed_strictly(self):
        """A superscript digit passes str.isdigit() but not int(): no error 500."""
        self.authenticate("jewel_portal_shop", "jewel_portal_shop")
        response = self.url_open(
            "/my/pieces/request_return",
            data={"csrf_token": http.Request.csrf_token(self), "line_ids": ["\u00b2"]},
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.shop_memo.line_ids.filtered("return_requested"))

    def test_employees_cannot_use_the_partner_routes(self):
        """A goldsmith posting every piece does not flag partners' pieces."""
        goldsmith = new_test_user(
            self.env,
            login="jewel_portal_goldsmith",
            groups="base.group_user,jewel_bom.group_jewel_goldsmith",
        )
        self.authenticate(goldsmith.login, goldsmith.login)
        lines = self.shop_memo.line_ids | self.boutique_memo.line_ids
        for route in ("/my/pieces/request_return", "/my/pieces/report_sale"):
            response = self.url_open(
                route,
                data={
                    "csrf_token": http.Request.csrf_token(self),
                    "line_ids": lines.ids,
                },
            )
            self.assertEqual(response.status_code, 403)
        self.assertFalse(lines.filtered("return_requested"))
        self.assertFalse(
            self.env["jewel.consignment.report"].search(
                [("partner_id", "in", (self.shop | self.boutique).ids)]
            )
        )
