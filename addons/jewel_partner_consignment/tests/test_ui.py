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
