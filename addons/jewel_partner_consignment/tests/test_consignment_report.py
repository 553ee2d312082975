from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import JewelConsignmentCommon


@tagged("post_install", "-at_install")
class TestConsignmentReport(JewelConsignmentCommon):
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
        self.assertEqual(
            sorted(invoice.invoice_line_ids.mapped("price_unit")), [774.0, 2070.0]
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
