import base64

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools.sql import index_exists

from .common import JewelQualityCommon


@tagged("post_install", "-at_install")
class TestHuid(JewelQualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chain.tracking = "serial"
        cls.lots = cls.env["stock.lot"].create(
            [{"name": f"THU-{i}", "product_id": cls.chain.id} for i in range(1, 4)]
        )
        cls.storekeeper = new_test_user(
            cls.env,
            login="jewel_huid_storekeeper",
            groups="stock.group_stock_user",
        )

    def _import(self, user, rows):
        data = "\n".join(",".join(row) for row in rows).encode()
        wizard = (
            self.env["jewel.huid.import"]
            .with_user(user)
            .create({"file": base64.b64encode(data), "filename": "huid.csv"})
        )
        return wizard.action_import()

    def test_recorded_by_hand_upper_cased_and_validated(self):
        lot = self.lots[0].with_user(self.storekeeper)
        lot.jewel_huid = " ab12c9 "
        self.assertEqual(lot.jewel_huid, "AB12C9")
        for bad in ("AB12C", "AB12C90", "AB-12C", "ÅB12C9"):
            with self.assertRefused(ValidationError, "must be exactly 6 letters"):
                lot.jewel_huid = bad
        self.assertEqual(lot.jewel_huid, "AB12C9")
        with self.assertRefused(ValidationError, "AB12C9 is already recorded on THU-1"):
            self.lots[1].with_user(self.storekeeper).jewel_huid = "ab12c9"
        self.assertFalse(self.lots[1].jewel_huid)
        # and the database holds it where the check is bypassed
        self.assertTrue(index_exists(self.env.cr, "stock_lot_jewel_huid_uniq"))

    def test_import_refuses_every_bad_row_and_records_none(self):
        self.lots[2].jewel_huid = "ZZ0001"
        with self.assertRefused(UserError, "3 row\\(s\\) refused") as caught:
            self._import(
                self.inspector,
                [
                    ("serial", "HUID"),
                    ("THU-1", "k7p2q9"),
                    ("THU-404", "AAAAAA"),
                    ("THU-2", "SHORT"),
                    ("THU-2", "ZZ0001"),
                ],
            )
        message = str(caught.exception)
        self.assertIn("row 3: no piece has serial THU-404.", message)
        self.assertIn("row 4: SHORT is not 6 letters or digits.", message)
        self.assertIn("row 5: HUID ZZ0001 is already on THU-3.", message)
        self.assertNotIn("row 2", message)
        self.assertFalse(self.lots[0].jewel_huid)

        self._import(self.inspector, [("THU-1", "k7p2q9"), ("THU-2", "M3N4P5")])
        self.assertEqual(self.lots.mapped("jewel_huid"), ["K7P2Q9", "M3N4P5", "ZZ0001"])

    def test_import_twice_listed(self):
        with self.assertRefused(UserError, "row 2: HUID K7P2Q9 is listed twice"):
            self._import(self.inspector, [("THU-1", "K7P2Q9"), ("THU-2", "k7p2q9")])
        with self.assertRefused(UserError, "row 2: serial THU-1 is listed twice"):
            self._import(self.inspector, [("THU-1", "K7P2Q9"), ("THU-1", "K7P2Q8")])

    def test_printed_on_the_certificate_and_the_invoice(self):
        lot = self.lots[0]
        stock = self.env.ref("stock.stock_location_stock")
        self.env["stock.quant"]._update_available_quantity(
            self.chain, stock, 1.0, lot_id=lot
        )
        office = self.env["res.partner"].create({"name": "Test Assay Office"})
        batch = (
            self.env["jewel.hallmark.batch"]
            .with_user(self.inspector)
            .create(
                {
                    "assay_office_id": office.id,
                    "market_id": self.env.ref(
                        "jewel_quality.jewel_hallmark_market_in"
                    ).id,
                    "fineness": 585.0,
                    "line_ids": [Command.create({"lot_id": lot.id})],
                }
            )
        )
        batch.action_send()
        batch.line_ids.assay_fineness = 586.0
        batch.action_return()
        self._import(self.inspector, [("THU-1", "HU1D42")])
        html = (
            self.env["ir.actions.report"]
            .with_user(self.inspector)
            ._render_qweb_html(
                "jewel_quality.action_report_jewel_quality_certificate", lot.ids
            )[0]
            .decode()
        )
        self.assertIn("HU1D42", html)

        customer = self.env["res.partner"].create({"name": "Test jeweller, Jaipur"})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create({"product_id": self.chain.id, "price_unit": 900.0})
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.move_line_ids.lot_id = lot
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice._jewel_invoiced_huids(), [("THU-1", "HU1D42")])
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("account.account_invoices", invoice.ids)[0]
            .decode()
        )
        self.assertIn("HU1D42", html)
