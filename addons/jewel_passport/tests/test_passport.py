from markupsafe import Markup

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.jewel_bom.tests.report_pdf import PdfReportMixin
from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from .common import JewelPassportCommon


@tagged("post_install", "-at_install")
class TestPassport(PdfReportMixin, RpcMixin, JewelPassportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.owner = new_test_user(
            env, login="jewel_pp_owner", groups="jewel_bom.group_jewel_owner"
        )
        cls.portal = new_test_user(
            env, login="jewel_pp_portal", groups="base.group_portal"
        )
        # an employee without Inventory: may not read serials, so no passport
        cls.employee = new_test_user(
            env, login="jewel_pp_employee", groups="base.group_user"
        )

    def _passport(self, user=None):
        lot = self.lot.with_user(user) if user else self.lot
        return lot._jewel_passport_sections()[self.lot.id]

    def test_every_section(self):
        passport = self._passport(self.owner)
        self.assertTrue(passport["money"])

        design = passport["design"]
        self.assertEqual(design["product"]["label"], "PP ring 18K yellow")
        self.assertEqual(
            (design["product"]["model"], design["product"]["id"]),
            ("product.template", self.piece.product_tmpl_id.id),
        )
        self.assertEqual(design["bom"]["id"], self.piece_bom.id)
        self.assertEqual(design["production"]["id"], self.mo.id)
        self.assertEqual(design["alloy"]["id"], self.au750y.id)
        self.assertEqual(design["fineness"], 750.0)
        self.assertEqual(design["design_weight"], 4.0)

        weights = passport["weights"]
        self.assertEqual(weights["metal"], 4.0)
        self.assertEqual(weights["fine"], 3.0)
        self.assertEqual(weights["gross"], 4.0)

        # the job, to the milligram: issued, back in the piece, scrap, loss
        metal = passport["metal"]
        self.assertEqual(
            [
                (
                    row["ref"]["id"],
                    row["type"],
                    row["goldsmith"],
                    row["gross"],
                    row["fine"],
                )
                for row in metal["lines"]
            ],
            [
                (self.issue.id, "Issue", "Anna Goldsmith", 5.0, 3.75),
                (self.back.id, "Return", "Anna Goldsmith", -4.0, -3.0),
                (self.scrap.id, "Scrap Return", "Anna Goldsmith", -0.612, -0.459),
            ],
        )
        self.assertEqual(metal["lines"][0]["ref"]["model"], "jewel.metal.transfer")
        self.assertEqual(metal["lines"][0]["ref"]["label"], self.issue.display_name)
        (job,) = metal["jobs"]
        self.assertEqual(job["ref"]["id"], self.mo.jewel_metal_job_ids.id)
        self.assertEqual(
            (
                job["gross_issued"],
                job["fine_issued"],
                job["gross_returned"],
                job["fine_returned"],
                job["gross_loss"],
                job["fine_loss"],
                job["loss_percent"],
            ),
            (5.0, 3.75, 4.612, 3.459, 0.388, 0.291, 7.76),
        )

        stones = passport["stones"]
        self.assertEqual((stones["count"], stones["carats"]), (2, 1.0))
        (stone,) = stones["lines"]
        self.assertEqual(stone["certificate"], "GIA-2141438171")
        self.assertEqual(stone["certificate_ref"]["id"], self.stone_lot.id)
        self.assertEqual((stone["broken"], stone["lost"]), (1, 0))
        self.assertEqual(stone["ref"]["id"], self.stones.id)

        quality = passport["quality"]
        batch_check = self.batch.line_ids.check_id
        self.assertEqual(
            [(row["ref"]["id"], row["state"]) for row in quality["lines"]],
            [
                (self.check_visual.id, "Passed"),
                (self.check_assay.id, "Passed"),
                (batch_check.id, "Passed"),
            ],
        )
        self.assertEqual([row["measured"] for row in quality["assays"]], [751.0, 752.0])
        self.assertEqual(
            [row["reading"] for row in quality["lines"]], ["", "751.0 ‰", "752.0 ‰"]
        )
        self.assertEqual(quality["assay_fineness"], 752.0)

        hallmark = passport["hallmark"]
        self.assertEqual(
            (hallmark["mark"], hallmark["market"], hallmark["huid"]),
            ("750", self.uk.name, "AB12CD"),
        )
        self.assertEqual(hallmark["certificate"], "AO-77")
        self.assertEqual(hallmark["office"], "PP Assay Office")
        (batch,) = hallmark["batches"]
        self.assertEqual(batch["ref"]["id"], self.batch.id)
        self.assertEqual((batch["assay"], batch["certificate"]), (752.0, "AO-77"))
        self.assertEqual(batch["result"], "Hallmarked")

        movements = passport["movements"]
        memo_picking = self.memo.picking_ids.filtered(lambda p: not p.return_id)
        self.assertEqual(
            [row["ref"]["id"] for row in movements["lines"]],
            [memo_picking.id, self.memo_return.id, self.delivery.id],
        )
        self.assertEqual(movements["lines"][0]["memo"]["id"], self.memo.id)
        self.assertEqual(
            movements["lines"][0]["to"], self.boutique.jewel_location_id.display_name
        )
        (memo,) = movements["memos"]
        self.assertEqual(memo["ref"]["id"], self.memo.id)
        self.assertEqual(memo["state"], "Returned")
        self.assertEqual(memo["partner"], "PP Boutique")
        self.assertEqual(
            movements["location"]["id"],
            self.env.ref("stock.stock_location_customers").id,
        )

        sale = passport["sale"]
        (order,) = sale["orders"]
        self.assertEqual(order["ref"]["id"], self.order.id)
        self.assertEqual(order["customer"], "PP Customer")
        self.assertEqual(order["price"], 2400.0)
        (invoice,) = sale["invoices"]
        self.assertEqual(invoice["ref"]["id"], self.invoice.id)
        self.assertEqual(invoice["ref"]["label"], self.invoice.name)
        self.assertEqual(invoice["price"], 2400.0)

        self.assertEqual(passport["repairs"], {"decisions": [], "orders": []})

        promises = passport["promises"]
        self.assertEqual(
            [
                (row["ref"]["model"], row["ref"]["id"], row["reason"])
                for row in promises
            ],
            [
                ("mrp.production", self.mo.id, "Stone supplier late"),
                ("sale.order", self.order.id, "Engraving asked by the customer"),
            ],
        )
        self.assertIn("2031-06-01", promises[0]["changes"][0])
        self.assertIn("2031-06-08", promises[0]["changes"][0])

    def test_provenance(self):
        """Through jewel_metal_ledger's interface: the job's 3.750 g fine issued,
        half recycled old gold, half mined from Test Refinery."""
        provenance = self._passport(self.owner)["provenance"]
        self.assertEqual(provenance["fine_weight"], 3.75)
        self.assertAlmostEqual(provenance["recycled"], 0.5, places=6)
        self.assertAlmostEqual(provenance["mined"], 0.5, places=6)
        self.assertAlmostEqual(provenance["unknown"], 0.0, places=6)
        (refiner,) = provenance["refiners"]
        self.assertEqual(
            (refiner["name"], refiner["accreditation"]),
            ("Test Refinery", "LBMA Good Delivery"),
        )
        self.assertAlmostEqual(refiner["share"], 0.5, places=6)
        self.assertIn(
            self.deposit.id, [source["id"] for source in provenance["sources"]]
        )
        html = self.lot.with_user(self.owner).jewel_passport_html
        self.assertIn("Recycled</th><td>50.0 %", html)
        self.assertIn(f'href="/odoo/jewel.metal.transfer/{self.deposit.id}"', html)
        # a piece whose metal is not traced says so
        lot = self.env["stock.lot"].create(
            {"name": "PP-UNTRACED", "product_id": self.piece.id}
        )
        self.assertIn(
            "The metal's origin is not traced.",
            lot.with_user(self.owner).jewel_passport_html,
        )

    def test_sold_from_a_memo(self):
        """A piece the boutique keeps: the memo's invoice is its sale."""
        lot = self.env["stock.lot"].create(
            {"name": "PP-0002", "product_id": self.piece.id}
        )
        self.env["stock.quant"]._update_available_quantity(
            self.piece, self.stock_location, 1.0, lot_id=lot
        )
        memo = self.env["jewel.memo"].create(
            {
                "partner_id": self.boutique.id,
                "line_ids": [Command.create({"lot_id": lot.id, "price": 2150.5})],
            }
        )
        memo.action_send()
        invoice = memo._sell_lines(memo.line_ids)
        passport = lot.with_user(self.owner)._jewel_passport_sections()[lot.id]
        (row,) = passport["sale"]["invoices"]
        self.assertEqual(row["ref"]["id"], invoice.id)
        self.assertEqual(row["price"], 2150.5)
        self.assertEqual(passport["sale"]["orders"], [])
        (memo_row,) = passport["movements"]["memos"]
        self.assertEqual((memo_row["ref"]["id"], memo_row["state"]), (memo.id, "Sold"))
        self.assertEqual(
            passport["movements"]["location"]["id"],
            self.env.ref("stock.stock_location_customers").id,
        )
        self.assertEqual(len(passport["movements"]["lines"]), 2)

    def test_form_view(self):
        """The lot form as the web client loads it: the Passport tab and the
        Print button, the passport's HTML read over RPC."""
        form = Form(self.lot.with_user(self.owner))
        arch = form._view["tree"]
        self.assertIsNotNone(arch.find(".//page[@name='jewel_passport']"))
        self.assertIsNotNone(
            arch.find(".//button[@name='action_jewel_print_passport']")
        )
        (values,) = self.rpc(
            self.owner,
            "stock.lot",
            "web_read",
            self.lot.ids,
            specification={"jewel_passport_html": {}},
        )
        self.assertIn("GIA-2141438171", values["jewel_passport_html"])
        action = self.rpc(
            self.owner, "stock.lot", "action_jewel_print_passport", self.lot.ids
        )
        self.assertEqual(action["report_name"], "jewel_passport.report_passport")

    def test_repairs_and_rework(self):
        """A failed check decided to rework, and the piece taken back in as a
        component of a repair order."""
        check = self.check_visual.with_user(self.inspector)
        check.invalidate_recordset()
        self.env.cr.execute(
            "UPDATE jewel_quality_check SET decision = 'rework', "
            "decision_reason = 'Porosity on the shank' WHERE id = %s",
            [check.id],
        )
        self.env.invalidate_all()
        passport = self._passport(self.owner)
        (decision,) = passport["repairs"]["decisions"]
        self.assertEqual(decision["ref"]["id"], check.id)
        self.assertEqual(decision["decision"], "Rework")
        self.assertEqual(decision["reason"], "Porosity on the shank")

    def test_form_tab_links_and_money_by_role(self):
        owner_html = self.lot.with_user(self.owner).jewel_passport_html
        self.assertIn(
            Markup(f'href="/odoo/jewel.metal.transfer/{self.issue.id}"'), owner_html
        )
        self.assertIn(f'href="/odoo/account.move/{self.invoice.id}"', owner_html)
        self.assertIn("PP-0001", owner_html)
        self.assertIn("0.388", owner_html)
        self.assertIn("2,400.00", owner_html)
        # a goldsmith sees the weights, not the money
        goldsmith_html = self.lot.with_user(self.goldsmith_user).jewel_passport_html
        self.assertIn("0.388", goldsmith_html)
        self.assertIn("Engraving asked by the customer", goldsmith_html)
        self.assertNotIn("2,400.00", goldsmith_html)
        self.assertNotIn("Price", goldsmith_html)
        self.assertFalse(self._passport(self.goldsmith_user)["money"])

    def test_price_promise_is_money(self):
        """A line's price changed with a reason: the owner sees the change, a
        goldsmith (no costing) does not see the prices."""
        self.order.order_line.with_context(
            jewel_change_reason="Stone upgraded at the customer's request"
        ).price_unit = 2650.0
        owner_rows = self._passport(self.owner)["promises"]
        self.assertEqual(len(owner_rows), 3)
        self.assertEqual(
            owner_rows[-1]["reason"], "Stone upgraded at the customer's request"
        )
        self.assertIn("2650", owner_rows[-1]["changes"][0])
        goldsmith_rows = self._passport(self.goldsmith_user)["promises"]
        self.assertEqual(
            [row["reason"] for row in goldsmith_rows],
            ["Stone supplier late", "Engraving asked by the customer"],
        )
        html = self.lot.with_user(self.goldsmith_user).jewel_passport_html
        self.assertNotIn("2650", html)

    def test_wrong_role_refused(self):
        """Portal users see nothing of a passport; an employee who may not read
        serials gets none either (the check is in the model, not the view)."""
        refusals = {
            self.portal: "own staff can see a piece passport",
            self.employee: r"not allowed to access .*\(stock\.lot\)",
        }
        for user, message in refusals.items():
            with self.assertRaisesRegex(AccessError, message):
                self._passport(user)
            self.assertRpcRefused(
                AccessError,
                message,
                user,
                "stock.lot",
                "action_jewel_print_passport",
                self.lot.ids,
            )
            # the field itself: for internal users only, and the piece's readers
            self.assertRpcRefused(
                AccessError,
                "",
                user,
                "stock.lot",
                "read",
                self.lot.ids,
                ["jewel_passport_html"],
            )
            with self.assertRaisesRegex(AccessError, message):
                self.env["ir.actions.report"].with_user(user)._render_qweb_html(
                    "jewel_passport.action_report_passport", self.lot.ids
                )

    def test_other_company_refused(self):
        """A user of another company may not read the piece: no passport."""
        other = self.env["res.company"].create({"name": "PP Other Workshop"})
        stranger = new_test_user(
            self.env,
            login="jewel_pp_other_company",
            groups="jewel_bom.group_jewel_owner",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.lot.company_id = self.company
        with self.assertRaises(AccessError):
            self._passport(stranger)
        self.assertEqual(self._passport(self.owner)["weights"]["fine"], 3.0)

    def test_pdf(self):
        text = self.assertPdfReport(
            "jewel_passport.action_report_passport",
            self.lot,
            [
                "PP-0001",
                "PP ring 18K yellow",
                "5.000",
                "3.750",
                "4.612 / 3.459",
                "0.388 / 0.291",
                "7.76",
                "GIA-2141438171",
                "1.000",
                "752.0",
                "AB12CD",
                "AO-77",
                self.invoice.name,
                self.memo.name,
                self.order.name,
                "Stone supplier late",
                "Engraving asked by the customer",
                "Test Refinery",
                "LBMA Good Delivery",
            ],
        )
        self.assertNotIn("/odoo/", text)

    def _piece_with_events(self, name, events):
        """A piece whose order has ``events`` events: half of them metal issues,
        half promise-change notes, plus a check."""
        lot = self.env["stock.lot"].create({"name": name, "product_id": self.piece.id})
        mo = self.env["mrp.production"].create(
            {
                "product_id": self.piece.id,
                "bom_id": self.piece_bom.id,
                "product_qty": 1.0,
            }
        )
        mo.action_confirm()
        for index in range(events // 2):
            self._post(
                "issue",
                self.vault,
                self.anna if index % 2 else self.ben,
                [(self.au750y, 0.1)],
                production_id=mo.id,
                date="2031-05-04",
            )
            mo.message_post(
                body=Markup(
                    "<p><b>Promise changed</b></p><ul><li>x</li></ul><p>Reason: %s</p>"
                )
                % f"event {index}"
            )
        self._done(mo, lot)
        return lot

    def _count_queries(self, lots, render=True):
        """Queries of building (and rendering) the passports of ``lots``, the
        caches that do not depend on the pieces warmed first."""
        lots = lots.with_user(self.owner)
        warm = lots._jewel_passport_sections()
        for lot in lots:
            lot._jewel_passport_render(warm[lot.id], links=True)
        self.env.invalidate_all()
        cr = self.env.cr
        before = cr.sql_log_count
        passports = lots._jewel_passport_sections()
        if render:
            for lot in lots:
                lot._jewel_passport_render(passports[lot.id], links=True)
        return cr.sql_log_count - before, passports

    def test_query_count_independent_of_events(self):
        small = self._piece_with_events("PP-Q10", 10)
        large = self._piece_with_events("PP-Q50", 50)
        small_count, small_passports = self._count_queries(small)
        large_count, large_passports = self._count_queries(large)
        self.assertEqual(len(small_passports[small.id]["metal"]["lines"]), 5)
        self.assertEqual(len(large_passports[large.id]["metal"]["lines"]), 25)
        self.assertEqual(len(large_passports[large.id]["promises"]), 25)
        self.assertEqual(large_count, small_count)
        self.assertLess(large_count, 80)
        # a batch of serials costs what the one with the most sections does
        # (the fully lived piece: every section has rows to read)
        one, _passports = self._count_queries(self.lot, render=False)
        batch, passports = self._count_queries(small | large | self.lot, render=False)
        # the same tables read once for the three pieces (a prefetch may add a
        # query for records only the other pieces have, never one per piece)
        self.assertLessEqual(batch, one + 2)
        self.assertEqual(len(passports[small.id]["promises"]), 5)
        self.assertEqual(len(passports[self.lot.id]["promises"]), 2)

    def test_passport_of_a_new_lot_is_empty_not_an_error(self):
        lot = self.env["stock.lot"].create(
            {"name": "PP-NEW", "product_id": self.piece.id}
        )
        passport = lot.with_user(self.owner)._jewel_passport_sections()[lot.id]
        self.assertEqual(passport["metal"], {"lines": [], "jobs": []})
        self.assertEqual(passport["promises"], [])
        self.assertFalse(passport["movements"]["location"])
        html = lot.with_user(self.owner).jewel_passport_html
        self.assertIn("Not sold yet.", html)
        self.assertIn("No metal issued", html)
