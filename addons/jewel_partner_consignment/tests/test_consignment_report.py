from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from .common import JewelConsignmentCommon


@tagged("post_install", "-at_install")
class TestConsignmentReport(RpcMixin, JewelConsignmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rings = cls._pieces(cls.ring, 2, "TC-R")
        cls.bands = cls._pieces(cls.band, 2, "TC-B")
        cls.memo = cls._memo(cls.shop, cls.rings | cls.bands, days_ago=20)
        cls.memo.action_send()

    def _report(self, memo_lines, partner=None):
        return self.env["jewel.consignment.report"].create(
            {
                "partner_id": (partner or self.shop).id,
                "date_from": self.today - timedelta(days=30),
                "date_to": self.today,
                "line_ids": [
                    Command.create({"memo_line_id": line.id}) for line in memo_lines
                ],
            }
        )

    def test_period_in_order_and_not_before_the_pieces_left(self):
        """Dates in order, over JSON-RPC as the salesperson."""
        line = self.memo.line_ids[:1]
        self.assertRpcRefused(
            UserError,
            "ends before it starts",
            self.salesman,
            "jewel.consignment.report",
            "create",
            {
                "partner_id": self.shop.id,
                "date_from": str(self.today),
                "date_to": str(self.today - timedelta(days=1)),
            },
        )
        # the pieces left 20 days ago: a report ending 21 days ago cannot sell them
        report_id = self.rpc(
            self.salesman,
            "jewel.consignment.report",
            "create",
            {
                "partner_id": self.shop.id,
                "date_from": str(self.today - timedelta(days=60)),
                "date_to": str(self.today - timedelta(days=21)),
                "line_ids": [Command.create({"memo_line_id": line.id})],
            },
        )
        self.assertRpcRefused(
            UserError,
            rf"ends on {self.today - timedelta(days=21)}, before these pieces were "
            rf"sent: {line.lot_id.name} \({line.date_sent}\)",
            self.salesman,
            "jewel.consignment.report",
            "action_confirm",
            [report_id],
        )
        self.assertEqual(line.state, "out")
        self.assertFalse(line.date_sold)
        # the model refuses it too, whoever writes it
        with self.assertRefused(ValidationError, "cannot be sold on .*: it was sent"):
            line.sudo()._jewel_transition().write(
                {"date_sold": self.today - timedelta(days=21)}
            )

    def test_report_invoice_with_commission(self):
        """Sold serials leave for the customer; the partner pays price - 40 %."""
        self.assertEqual(self.memo.agreement_type, "consignment")
        sold = self.memo.line_ids.filtered(
            lambda line: line.lot_id in (self.rings[0] | self.bands[0])
        )
        sold.filtered(lambda line: line.lot_id == self.bands[0]).write({})
        report = self._report(sold).with_user(self.salesman)
        self.assertEqual(report.amount_price, 3450.0 + 1290.0)
        self.assertEqual(report.amount_net, 2070.0 + 774.0)
        self.assertEqual(report.line_ids.mapped("commission_percent"), [40.0, 40.0])
        report.action_confirm()
        self.assertEqual(report.state, "confirmed")
        invoice = report.invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, self.shop)
        self.assertEqual(invoice.amount_untaxed, 2844.0)
        # the agreed price, less the 40 % commission as the line's discount
        self.assertEqual(
            sorted(invoice.invoice_line_ids.mapped("price_unit")), [1290.0, 3450.0]
        )
        self.assertEqual(invoice.invoice_line_ids.mapped("discount"), [40.0, 40.0])
        self.assertEqual(
            sorted(invoice.invoice_line_ids.mapped("price_subtotal")), [774.0, 2070.0]
        )
        self.assertEqual(invoice.invoice_date_due, self.today + timedelta(days=30))
        self.assertEqual(report.invoice_date_due, invoice.invoice_date_due)
        for lot in self.rings[0] | self.bands[0]:
            self.assertEqual(self._quant_location(lot), self.customers)
        self.assertEqual(
            self._quant_location(self.rings[1]), self.shop.jewel_location_id
        )
        self.assertEqual(set(sold.mapped("state")), {"sold"})
        self.assertEqual(self.memo.state, "partial")

    def test_pricelist_partner(self):
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Test shop prices",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": self.band.id,
                            "compute_price": "fixed",
                            "fixed_price": 980.0,
                        }
                    )
                ],
            }
        )
        self.boutique.write(
            {"jewel_pricing": "pricelist", "jewel_pricelist_id": pricelist.id}
        )
        lot = self._pieces(self.band, 1, "TC-PL")
        memo = self._memo(self.boutique, lot)
        self.assertEqual(memo.line_ids.price, 980.0)
        memo.action_send()
        report = self._report(memo.line_ids, partner=self.boutique)
        self.assertEqual(report.amount_net, 980.0)

    def test_serial_sold_twice(self):
        line = self.memo.line_ids[:1]
        twice = self._report(line)
        twice.line_ids = [Command.create({"memo_line_id": line.id})]
        with self.assertRefused(UserError, "reported sold twice"):
            twice.action_confirm()
        self._report(line).action_confirm()
        second = self._report(line)
        with self.assertRefused(UserError, r"Already sold: TC-R-001"):
            second.action_confirm()
        self.assertEqual(second.state, "draft")
        self.assertFalse(second.invoice_id)

    def test_piece_of_other_partner(self):
        lot = self._pieces(self.ring, 1, "TC-OTHER")
        other = self._memo(self.boutique, lot)
        other.action_send()
        report = self._report(other.line_ids)
        with self.assertRefused(UserError, "not held by Test Goldsmith Shop"):
            report.action_confirm()
        self.assertEqual(other.line_ids.state, "out")

    def test_confirmed_report_is_frozen(self):
        """Tried as a salesperson over RPC: nothing of a confirmed report moves."""
        sold, other = self.memo.line_ids[:1], self.memo.line_ids[1:2]
        report = self._report(sold)
        report.with_user(self.salesman).action_confirm()
        invoice = report.invoice_id
        line = report.line_ids
        for vals in ({"state": "draft"}, {"state": "cancel"}, {"invoice_id": False}):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    UserError,
                    "of Consignment sales report cannot be written directly",
                    self.salesman,
                    "jewel.consignment.report",
                    "write",
                    report.ids,
                    vals,
                )
        self.assertRpcRefused(
            UserError,
            "is Confirmed: To can no longer be changed",
            self.salesman,
            "jewel.consignment.report",
            "write",
            report.ids,
            {"date_to": self.today - timedelta(days=1)},
        )
        self.assertRpcRefused(
            UserError,
            "is Confirmed: Piece can no longer be changed",
            self.salesman,
            "jewel.consignment.report.line",
            "write",
            line.ids,
            {"memo_line_id": other.id},
        )
        self.assertRpcRefused(
            UserError,
            "is Confirmed: it cannot be deleted",
            self.salesman,
            "jewel.consignment.report.line",
            "unlink",
            line.ids,
        )
        self.assertRpcRefused(
            UserError,
            "is Confirmed: no line can be added",
            self.salesman,
            "jewel.consignment.report.line",
            "create",
            {"report_id": report.id, "memo_line_id": other.id},
        )
        self.assertRpcRefused(
            UserError,
            "is Confirmed: it cannot be deleted",
            self.sales_manager,
            "jewel.consignment.report",
            "unlink",
            report.ids,
        )
        self.assertRpcRefused(
            UserError,
            "Only a draft sales report can be cancelled",
            self.salesman,
            "jewel.consignment.report",
            "action_cancel",
            report.ids,
        )
        report.invalidate_recordset()
        self.assertEqual(report.state, "confirmed")
        self.assertEqual(report.invoice_id, invoice)
        self.assertEqual(report.line_ids, line)
        self.assertEqual(line.memo_line_id, sold)
        self.assertEqual(report.amount_net, 2070.0)
        self.assertEqual(other.state, "out")

    def test_report_actions_and_origin(self):
        report = self._report(self.memo.line_ids[:1])
        storekeeper = new_test_user(
            self.env,
            login="jewel_consign_store",
            groups="stock.group_stock_user",
        )
        self.assertRpcRefused(
            AccessError,
            "Only a salesperson or an accountant can confirm and invoice",
            storekeeper,
            "jewel.consignment.report",
            "action_confirm",
            report.ids,
        )
        self.assertRpcRefused(
            UserError,
            "Submitted From Portal of a new Consignment sales report cannot be set",
            self.salesman,
            "jewel.consignment.report",
            "create",
            {
                "partner_id": self.shop.id,
                "date_from": self.today,
                "date_to": self.today,
                "submitted_from_portal": True,
            },
        )
        self.assertRpcRefused(
            AccessError,
            "Private methods",
            self.salesman,
            "jewel.consignment.report",
            "_jewel_portal_report_sale",
            self.shop.id,
            self.memo.line_ids.ids,
        )
        report.invalidate_recordset()
        self.assertEqual(report.state, "draft")
        self.assertFalse(report.invoice_id)
        self.rpc(self.salesman, "jewel.consignment.report", "action_cancel", report.ids)
        self.assertEqual(report.state, "cancel")
