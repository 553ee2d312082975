from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from .common import JewelMetalLedgerCommon


@tagged("post_install", "-at_install")
class TestProvenance(RpcMixin, JewelMetalLedgerCommon):
    """Metal origin by mass balance, and receipts refused without due diligence."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Account = env["jewel.metal.account"]
        cls.au999 = env.ref("jewel_bom.jewel_alloy_au999")
        cls.refiner_x = env["jewel.metal.refiner"].create(
            {"name": "Refiner X", "accreditation": "lbma_gd"}
        )
        # a pool of its own (the common vault holds the opening grain)
        cls.pool = Account.create({"name": "Provenance Vault", "account_type": "vault"})
        cls.old_gold = Account.create(
            {
                "name": "Mrs Old Gold",
                "account_type": "customer",
                "partner_id": env["res.partner"].create({"name": "Mrs Old Gold"}).id,
            }
        )
        cls.bare_partner = env["res.partner"].create({"name": "Bare Metals Ltd"})
        cls.bare = Account.create(
            {
                "name": "Bare Metals Ltd",
                "account_type": "supplier",
                "partner_id": cls.bare_partner.id,
            }
        )
        cls.owner = new_test_user(
            env, login="jewel_prov_owner", groups="jewel_bom.group_jewel_owner"
        )
        cls.piece_product = cls._product(
            "Test pendant fine gold", tracking="serial", is_storable=True
        )

    # ------------------------------------------------------------------ helpers
    def _receive(self, source, gross, user=None, **vals):
        """Fine gold (999 ‰) received into the pool; 10.010 g gross = 10.000 g fine."""
        transfer = self._transfer(
            "customer_deposit" if source.account_type == "customer" else "adjustment",
            source,
            self.pool,
            [(self.au999, gross)],
            **vals,
        )
        transfer.with_user(user or self.storekeeper).action_post()
        return transfer

    def _issue(self, production, gross):
        transfer = self._transfer(
            "issue",
            self.pool,
            self.anna,
            [(self.au999, gross)],
            production_id=production.id,
        )
        transfer.with_user(self.storekeeper).action_post()
        return transfer

    def _piece(self):
        production = self._production(self.piece_product)
        lot = self.env["stock.lot"].create(
            {"product_id": self.piece_product.id, "company_id": self.company.id}
        )
        production.lot_producing_id = lot
        return production, lot

    def _stock_pool(self):
        """10 g fine recycled (old gold) + 30 g fine mined from Refiner X."""
        deposit = self._receive(self.old_gold, 10.01)
        purchase = self._receive(
            self.supplier, 30.03, metal_origin="mined", refiner_id=self.refiner_x.id
        )
        self.assertAlmostEqual(deposit.total_fine_weight, 10.0, places=3)
        self.assertAlmostEqual(purchase.total_fine_weight, 30.0, places=3)
        return deposit, purchase

    def _shares(self, rows):
        result = {}
        for row in rows:
            key = (row.account_id, row.origin, row.refiner_id)
            result[key] = round(result.get(key, 0.0) + row.fine_weight, 3)
        return result

    # ------------------------------------------------------------------ mass balance
    def test_piece_takes_its_jobs_mix(self):
        deposit, purchase = self._stock_pool()
        production, lot = self._piece()
        issue = self._issue(production, 8.008)  # 8.000 g fine
        self.assertAlmostEqual(issue.total_fine_weight, 8.0, places=3)
        # the issue's snapshot: a quarter recycled, three quarters Refiner X
        refiner = self.refiner_x
        none = self.env["jewel.metal.refiner"]
        self.assertEqual(
            self._shares(issue.provenance_ids),
            {
                (self.pool, "recycled", none): -2.0,
                (self.pool, "mined", refiner): -6.0,
                (self.anna, "recycled", none): 2.0,
                (self.anna, "mined", refiner): 6.0,
            },
        )
        self.assertEqual(
            issue.provenance_ids.filtered(
                lambda r: r.account_id == self.anna
            ).production_id,
            production,
        )
        self.assertEqual(production.jewel_recycled_share, 25.0)
        provenance = lot._jewel_metal_provenance()[lot.id]
        self.assertAlmostEqual(provenance["fine_weight"], 8.0, places=3)
        self.assertEqual(round(provenance["recycled_share"] * 100, 1), 25.0)
        self.assertEqual(round(provenance["mined_share"] * 100, 1), 75.0)
        self.assertEqual(provenance["unknown_share"], 0.0)
        self.assertEqual(len(provenance["refiners"]), 1)
        self.assertEqual(provenance["refiners"][0]["refiner_id"], refiner.id)
        self.assertEqual(provenance["refiners"][0]["name"], "Refiner X")
        self.assertEqual(
            provenance["refiners"][0]["accreditation"], "LBMA Good Delivery"
        )
        self.assertEqual(round(provenance["refiners"][0]["share"] * 100, 1), 75.0)
        self.assertEqual(provenance["sources"], deposit | purchase)

        # more recycled metal: the pool's mix moves, the posted issue does not
        self._receive(self.old_gold, 8.008)  # 8.000 g fine recycled
        later, later_lot = self._piece()
        self._issue(later, 10.01)  # 10.000 g fine of 16 recycled + 24 mined
        both = (lot | later_lot)._jewel_metal_provenance()
        self.assertEqual(round(both[lot.id]["recycled_share"] * 100, 1), 25.0)
        self.assertEqual(round(both[later_lot.id]["recycled_share"] * 100, 1), 40.0)
        self.assertEqual(round(both[later_lot.id]["mined_share"] * 100, 1), 60.0)
        self.assertAlmostEqual(both[later_lot.id]["fine_weight"], 10.0, places=3)
        pool = self.env["jewel.metal.provenance"]._pool_mixes(self.pool, self.gold)
        self.assertEqual(
            {k: round(v, 3) for k, v in pool[(self.pool.id, self.gold.id)].items()},
            {("recycled", False): 12.0, ("mined", refiner.id): 18.0},
        )

    def test_returns_and_reversals_keep_the_balance(self):
        """Scrap back to the vault brings the job's mix; a reversal undoes rows."""
        self._stock_pool()
        production, lot = self._piece()
        issue = self._issue(production, 8.008)
        scrap = self._transfer(
            "scrap_return",
            self.anna,
            self.pool,
            [(self.au999, 0.801)],  # 0.800 g fine
            production_id=production.id,
        )
        scrap.with_user(self.storekeeper).action_post()
        self.assertEqual(
            self._shares(
                scrap.provenance_ids.filtered(lambda r: r.account_id == self.pool)
            ),
            {
                (self.pool, "recycled", self.env["jewel.metal.refiner"]): 0.2,
                (self.pool, "mined", self.refiner_x): 0.6,
            },
        )
        # reversals undo the rows: the scrap goes back to Anna, the metal to the pool
        scrap.with_user(self.storekeeper).action_reverse()
        issue.with_user(self.storekeeper).action_reverse()
        pool = self.env["jewel.metal.provenance"]._pool_mixes(self.pool, self.gold)
        self.assertEqual(
            {k: round(v, 3) for k, v in pool[(self.pool.id, self.gold.id)].items()},
            {("recycled", False): 10.0, ("mined", self.refiner_x.id): 30.0},
        )
        rows = self.env["jewel.metal.provenance"].search(
            [("production_id", "=", production.id), ("transfer_type", "=", "issue")]
        )
        self.assertAlmostEqual(sum(rows.mapped("fine_weight")), 0.0, places=6)
        # nothing issued any more: the piece's metal is not traced
        provenance = lot._jewel_metal_provenance()[lot.id]
        self.assertEqual(provenance["unknown_share"], 1.0)
        self.assertEqual(provenance["fine_weight"], 0.0)

    def test_untraced_lot_is_unknown(self):
        lot = self.env["stock.lot"].create(
            {"product_id": self.piece_product.id, "company_id": self.company.id}
        )
        provenance = lot._jewel_metal_provenance()[lot.id]
        self.assertEqual(provenance["unknown_share"], 1.0)
        self.assertEqual(provenance["fine_weight"], 0.0)
        self.assertEqual(provenance["refiners"], [])
        self.assertFalse(provenance["sources"])

    def test_provenance_is_batched(self):
        """The same number of queries for one lot as for three."""
        self._stock_pool()
        lots = self.env["stock.lot"]
        for _i in range(3):
            production, lot = self._piece()
            self._issue(production, 2.002)
            lots |= lot
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        lots[:1]._jewel_metal_provenance()
        one = self.cr.sql_log_count - before
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        result = lots._jewel_metal_provenance()
        self.assertEqual(self.cr.sql_log_count - before, one)
        self.assertEqual(len(result), 3)

    def test_posted_rows_never_change(self):
        self._stock_pool()
        row = self.env["jewel.metal.provenance"].search(
            [("account_id", "=", self.pool.id)], limit=1
        )
        with self.assertRaises(AccessError):
            row.with_user(self.supervisor).write({"fine_weight": 1.0})
        with self.assertRaises(AccessError):
            row.with_user(self.supervisor).unlink()

    # ------------------------------------------------------------------ origin
    def test_receipt_states_origin_and_refiner(self):
        no_origin = self._transfer(
            "adjustment",
            self.supplier,
            self.pool,
            [(self.au999, 5.0)],
            metal_origin=False,
            refiner_id=self.refiner_x.id,
        )
        with self.assertRefused(UserError, "recycled or mined"):
            no_origin.with_user(self.storekeeper).action_post()
        no_refiner = self._transfer(
            "adjustment",
            self.supplier,
            self.pool,
            [(self.au999, 5.0)],
            metal_origin="mined",
        )
        with self.assertRefused(UserError, "name the refiner.*Test Bullion Dealer"):
            no_refiner.with_user(self.storekeeper).action_post()
        self.assertEqual(no_refiner.state, "draft")
        # old gold from a customer is recycled without a refiner
        deposit = self._receive(self.old_gold, 5.0)
        self.assertEqual(deposit.metal_origin, "recycled")
        self.assertEqual(deposit.state, "posted")

    # ------------------------------------------------------------------ due diligence
    def test_receipt_without_due_diligence_refused_over_rpc(self):
        transfer = self._transfer(
            "adjustment",
            self.bare,
            self.pool,
            [(self.au999, 5.0)],
            metal_origin="mined",
            refiner_id=self.refiner_x.id,
        )
        self.assertRpcRefused(
            UserError,
            "Bare Metals Ltd has no current due diligence on .*no due-diligence "
            "evidence is recorded",
            self.storekeeper,
            "jewel.metal.transfer",
            "action_post",
            transfer.ids,
        )
        self.assertEqual(transfer.state, "draft")
        self.assertFalse(transfer.ledger_line_ids)
        self.assertFalse(transfer.provenance_ids)

    def test_approved_exception_lets_it_through(self):
        transfer = self._transfer(
            "adjustment",
            self.bare,
            self.pool,
            [(self.au999, 5.0)],
            metal_origin="mined",
            refiner_id=self.refiner_x.id,
        )
        # the owner asks (they could approve anything else)
        action = self.rpc(
            self.owner,
            "jewel.metal.transfer",
            "action_request_due_diligence_exception",
            transfer.ids,
        )
        exception = self.env["jewel.exception"].browse(action["res_id"])
        self.assertEqual(exception.kind, "due_diligence")
        self.assertEqual(exception.state, "to_approve")
        self.assertEqual(exception.raised_by_id, self.owner)
        self.assertIn("Bare Metals Ltd", exception.summary)
        approvers = exception.activity_ids.user_id
        self.assertEqual(len(approvers), 1)
        self.assertNotEqual(approvers, self.owner)
        self.assertTrue(approvers.has_group("jewel_bom.group_jewel_supervisor"))
        # still refused until approved; whoever asked cannot approve
        with self.assertRefused(UserError, "Bare Metals Ltd has no current"):
            transfer.with_user(self.storekeeper).action_post()
        self.assertRpcRefused(
            AccessError,
            "you asked to receive this metal",
            self.owner,
            "jewel.exception",
            "action_approve",
            exception.ids,
        )
        with self.assertRefused(AccessError, "Only a supervisor or the owner"):
            exception.with_user(self.storekeeper).action_approve()
        exception.with_user(self.supervisor).action_approve()
        self.rpc(self.storekeeper, "jewel.metal.transfer", "action_post", transfer.ids)
        self.assertEqual(transfer.state, "posted")
        self.assertFalse(transfer.due_diligence_id)
        self.assertEqual(exception.state, "closed")
        self.assertAlmostEqual(
            sum(transfer.provenance_ids.mapped("fine_weight")), 4.995, places=3
        )

    def test_current_evidence_is_recorded_on_the_receipt(self):
        transfer = self._receive(
            self.supplier, 5.0, metal_origin="mined", refiner_id=self.refiner_x.id
        )
        self.assertEqual(transfer.due_diligence_id, self.supplier_diligence)

    def test_reviewer_is_not_the_recorder(self):
        evidence = self._due_diligence(
            self.bare_partner, "2020-01-01", "2020-12-31", review=False
        )
        # the storekeeper records, never reviews
        with self.assertRefused(AccessError, "Only a supervisor or the owner"):
            evidence.with_user(self.storekeeper).action_review()
        mine = (
            self.env["jewel.metal.due.diligence"]
            .with_user(self.supervisor)
            .create(
                {
                    "name": "Supervisor's own file",
                    "partner_id": self.bare_partner.id,
                    "date": "2020-01-01",
                    "valid_until": "2020-12-31",
                    "document": "JVBERi0xLjQ=",
                }
            )
        )
        self.assertRpcRefused(
            AccessError,
            "you recorded this evidence",
            self.supervisor,
            "jewel.metal.due.diligence",
            "action_review",
            mine.ids,
        )
        self.assertEqual(mine.state, "draft")
        with self.assertRefused(AccessError, "Only a supervisor or the owner"):
            evidence.with_user(self.goldsmith_user).action_review()
        with self.assertRefused(AccessError, "not allowed to create"):
            self.env["jewel.metal.due.diligence"].with_user(self.goldsmith_user).create(
                {
                    "name": "Forged",
                    "partner_id": self.bare_partner.id,
                    "date": "2020-01-01",
                    "valid_until": "2099-12-31",
                }
            )
        # written state is the review's only path, the admin's too
        with self.assertRefused(UserError, "cannot be written directly"):
            evidence.write({"state": "reviewed"})
        mine.with_user(self.supervisor_2).action_review()
        self.assertEqual(mine.reviewer_id, self.supervisor_2)

    def test_expired_or_unreviewed_evidence_refused(self):
        evidence = self._due_diligence(
            self.bare_partner, "2020-01-01", "2020-12-31", review=False
        )
        draft = self._transfer(
            "adjustment",
            self.bare,
            self.pool,
            [(self.au999, 5.0)],
            metal_origin="mined",
            refiner_id=self.refiner_x.id,
            date="2020-06-01",
        )
        with self.assertRefused(UserError, "Bare Metals Ltd.*is not reviewed yet"):
            draft.with_user(self.storekeeper).action_post()
        evidence.with_user(self.supervisor).action_review()
        expired = self._transfer(
            "adjustment",
            self.bare,
            self.pool,
            [(self.au999, 5.0)],
            metal_origin="mined",
            refiner_id=self.refiner_x.id,
            date="2021-01-05",
        )
        with self.assertRefused(
            UserError,
            "Bare Metals Ltd has no current due diligence on 2021-01-05.*expired on "
            "2020-12-31",
        ):
            expired.with_user(self.storekeeper).action_post()
        # the receipt dated while it was current is received
        draft.with_user(self.storekeeper).action_post()
        self.assertEqual(draft.due_diligence_id, evidence)

    def test_wrong_users(self):
        """Goldsmiths do not ask for approvals; portal users and other companies
        see no due diligence."""
        transfer = self._transfer(
            "adjustment",
            self.bare,
            self.pool,
            [(self.au999, 5.0)],
            metal_origin="mined",
            refiner_id=self.refiner_x.id,
        )
        self.assertRpcRefused(
            AccessError,
            "Only the storekeeper or a supervisor",
            self.goldsmith_user,
            "jewel.metal.transfer",
            "action_request_due_diligence_exception",
            transfer.ids,
        )
        portal = new_test_user(
            self.env, login="jewel_prov_portal", groups="base.group_portal"
        )
        for model in (
            "jewel.metal.due.diligence",
            "jewel.metal.refiner",
            "jewel.metal.provenance",
        ):
            with self.assertRefused(AccessError, "not allowed to access"):
                self.env[model].with_user(portal).search([])
        other = self.env["res.company"].create({"name": "Other Workshop"})
        self.env["jewel.metal.due.diligence"].create(
            {
                "name": "Other company's file",
                "partner_id": self.bare_partner.id,
                "date": "2020-01-01",
                "valid_until": "2099-12-31",
                "company_id": other.id,
            }
        )
        seen = (
            self.env["jewel.metal.due.diligence"]
            .with_user(self.storekeeper)
            .search([("partner_id", "=", self.bare_partner.id)])
        )
        self.assertFalse(seen)

    def test_usual_origin_of_the_supplier(self):
        """A dealer's usual origin and refiner fill its receipts; a delivery that
        differs says so."""
        self.supplier.write({"metal_origin": "mined", "refiner_id": self.refiner_x.id})
        Transfer = self.env["jewel.metal.transfer"].with_user(self.storekeeper)
        vals = {
            "transfer_type": "adjustment",
            "from_account_id": self.supplier.id,
            "to_account_id": self.pool.id,
            "line_ids": [(0, 0, {"alloy_id": self.au999.id, "gross_weight": 5.0})],
        }
        usual = Transfer.create(vals)
        self.assertEqual(usual.metal_origin, "mined")
        self.assertEqual(usual.refiner_id, self.refiner_x)
        usual.action_post()
        differs = Transfer.create(
            dict(vals, metal_origin="recycled", refiner_id=self.refiner.id)
        )
        self.assertEqual(differs.metal_origin, "recycled")
        self.assertEqual(differs.refiner_id, self.refiner)
