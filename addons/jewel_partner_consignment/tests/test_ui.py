from odoo.tests import HttpCase, tagged

from .test_portal import JewelPortalCommon


@tagged("post_install", "-at_install")
class TestUi(HttpCase, JewelPortalCommon):
    def test_backoffice_memo_send_tour(self):
        lot = self._pieces(self.band, 1, "TOUR-B")
        memo = self._memo(self.boutique, lot)
        self.start_tour(
            f"/odoo/action-jewel_partner_consignment.jewel_memo_action/{memo.id}",
            "jewel_memo_send",
            login="admin",
        )
        self.assertEqual(memo.state, "sent")
        self.assertEqual(memo.picking_ids.state, "done")

    def test_portal_report_sale_tour(self):
        self.start_tour(
            "/my/pieces", "jewel_portal_report_sale", login="jewel_portal_shop"
        )
        report = self.env["jewel.consignment.report"].search(
            [("partner_id", "=", self.shop.id)]
        )
        self.assertEqual(report.line_ids.memo_line_id.serial, "TP-S-002")


@tagged("post_install", "-at_install")
class TestRoleTours(HttpCase):
    """Each role's day on the demo workshop, through the buttons it presses."""

    def _demo(self, xmlid):
        record = self.env.ref(
            f"jewel_partner_consignment.{xmlid}", raise_if_not_found=False
        )
        if not record:
            self.skipTest("installed without demo data")
        return record

    def test_sales_day(self):
        """Send the draft memo, return the one piece the partner asked back."""
        draft = self._demo("jewel_memo_linnea_draft_demo")
        requested = self._demo("jewel_memo_line_linnea_1_demo")
        self.assertTrue(requested.return_requested)
        self.start_tour(
            f"/odoo/action-jewel_partner_consignment.jewel_memo_action/{draft.id}",
            "jewel_sales_day",
            login="sales",
        )
        sales = self._demo("user_sales_demo")
        self.assertEqual(draft.state, "sent")
        self.assertEqual(draft.picking_ids.state, "done")
        self.assertEqual(requested.state, "returned")
        self.assertEqual(requested.return_picking_id.create_uid, sales)
        self.assertFalse(requested.return_requested)
        memo = requested.memo_id
        self.assertEqual(memo.state, "partial")
        self.assertEqual((memo.line_ids - requested).mapped("state"), ["out"] * 2)

    def test_accountant_day(self):
        """Confirm Maison Aurelia's sales report: $1,290.00 less 35 % = $838.50."""
        report = self._demo("jewel_consignment_report_aurelia_draft_demo")
        self.assertEqual(report.state, "draft")
        self.start_tour(
            "/odoo/action-jewel_partner_consignment.jewel_consignment_report_action",
            "jewel_accountant_day",
            login="accountant",
        )
        accountant = self.env.ref("jewel_bom.user_accountant_demo")
        self.assertEqual(report.state, "confirmed")
        invoice = report.invoice_id
        self.assertEqual(invoice.create_uid, accountant)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_untaxed, 838.5)
        self.assertEqual(invoice.invoice_line_ids.price_unit, 1290.0)
        self.assertEqual(invoice.invoice_line_ids.discount, 35.0)
        self.assertEqual(report.amount_total, invoice.amount_total)
        piece = report.line_ids.memo_line_id
        self.assertEqual(piece.state, "sold")
        self.assertEqual(piece.invoiced_price, 838.5)

    def test_partner_portal_day(self):
        """Maison Aurelia reports a sale and asks for a return in the portal."""
        chain = self._demo("jewel_memo_line_aurelia_4_demo")
        solitaire = self._demo("jewel_memo_line_aurelia_2_demo")
        self.start_tour("/my/pieces", "jewel_partner_portal_day", login="aurelia")
        report = self.env["jewel.consignment.report"].search(
            [("line_ids.memo_line_id", "=", chain.id)]
        )
        self.assertEqual(report.state, "draft")
        self.assertTrue(report.submitted_from_portal)
        self.assertEqual(report.amount_net, chain._jewel_net_price())
        self.assertEqual(chain.partner_status, "sale_reported")
        self.assertEqual(solitaire.partner_status, "return_requested")
        self.assertEqual((chain | solitaire).mapped("state"), ["out", "out"])
