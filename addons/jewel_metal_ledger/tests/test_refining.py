from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from .common import JewelMetalLedgerCommon


@tagged("post_install", "-at_install")
class TestRefining(RpcMixin, JewelMetalLedgerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        refiner_partner = cls.env["res.partner"].create({"name": "Test Refinery"})
        cls.refiner = cls.env["jewel.metal.account"].create(
            {
                "name": "Test Refinery",
                "account_type": "refiner",
                "partner_id": refiner_partner.id,
            }
        )
        Account = cls.env["account.account"]
        cls.expense = Account.create(
            {"code": "JMR600", "name": "Metal loss", "account_type": "expense"}
        )
        cls.metal_stock = Account.create(
            {"code": "JMR140", "name": "Metal stock", "account_type": "asset_current"}
        )
        cls.company.write(
            {
                "jewel_metal_journal_id": cls.env["account.journal"]
                .create({"name": "Metal", "code": "JMRF", "type": "general"})
                .id,
                "jewel_metal_loss_account_id": cls.expense.id,
                "jewel_metal_stock_account_id": cls.metal_stock.id,
            }
        )
        cls._rate(cls.gold, "2031-06-01", 60.0)
        # A closed job: 1.050 g fine lost within tolerance, expensed at 63.00.
        production = cls.production
        for transfer_type, source, target, gross in (
            ("issue", cls.vault, cls.anna, 100.0),
            ("return", cls.anna, cls.finished, 96.5),
            ("scrap_return", cls.anna, cls.vault, 2.1),
        ):
            cls._transfer(
                transfer_type,
                source,
                target,
                [(cls.au750y, gross)],
                production_id=production.id,
                date="2031-06-02",
            ).action_post()
        production.jewel_metal_job_ids.with_context(
            jewel_metal_date="2031-06-02"
        ).action_close()

    def _lot(self, **vals):
        return self.env["jewel.metal.refining.lot"].create(
            dict(
                {
                    "source_account_id": self.loss.id,
                    "refiner_account_id": self.refiner.id,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "scrap_class": "sweeps",
                                "alloy_id": self.au750y.id,
                                "gross_weight": 1.4,
                            },
                        )
                    ],
                },
                **vals,
            )
        )

    def test_recovery_credited_and_rest_written_off(self):
        loss_before = self.loss._get_balance(self.gold)
        lot = self._lot(date_assay="2031-06-20", recovery_account_id=self.vault.id)
        lot.with_user(self.storekeeper).action_send()
        self.assertEqual(lot.state, "sent")
        self.assertRegex(lot.name, r"^RL/")
        self.assertEqual(self.refiner._get_balance(self.gold), 1.05)
        lot.line_ids.fine_recovered = 0.84  # the refiner's assay: 80 %
        with self.assertRefused(UserError, "give the reason"):
            lot.action_record_assay()
        lot.writeoff_reason = "Usual refining loss on floor sweeps"
        lot.with_user(self.storekeeper).action_record_assay()
        self.assertEqual(lot.state, "done")
        self.assertEqual(lot.recovery_percent, 80.0)
        self.assertEqual(lot.fine_unrecovered, 0.21)
        self.assertEqual(self.refiner._get_balance(self.gold), 0.0)
        # 0.840 g fine back in the vault; 0.210 g stays lost.
        self.assertEqual(
            round(self.loss._get_balance(self.gold) - loss_before, 3), -0.84
        )
        recovery = lot.transfer_ids.filtered(
            lambda t: t.transfer_type == "refining_recovery"
        )
        self.assertEqual(recovery.to_account_id, self.vault)
        self.assertEqual(recovery.total_fine_weight, 0.84)
        # Valued at the day's price: 0.840 g × 60.00 credited back to the expense.
        move = recovery.account_move_id
        credit = move.line_ids.filtered(lambda line: line.account_id == self.expense)
        self.assertEqual(credit.credit, 50.4)
        writeoff = lot.transfer_ids.filtered(lambda t: t.transfer_type == "adjustment")
        self.assertEqual(writeoff.note, "Usual refining loss on floor sweeps")
        self.assertFalse(writeoff.account_move_id)  # already expensed with the job

    def test_platinum_refined_apart(self):
        with self.assertRefused(ValidationError, "Platinum cannot go in this lot"):
            self._lot(
                line_ids=[(0, 0, {"alloy_id": self.pt950.id, "gross_weight": 2.0})]
            )

    def test_cannot_recover_more_than_sent(self):
        lot = self._lot()
        lot.action_send()
        lot.line_ids.fine_recovered = 2.0
        with self.assertRefused(UserError, "more fine metal than was sent"):
            lot.action_record_assay()

    def test_lot_lifecycle_guarded(self):
        Lot, Line = "jewel.metal.refining.lot", "jewel.metal.refining.lot.line"
        keeper = self.storekeeper
        self.assertRpcRefused(
            UserError,
            "cannot be set directly",
            keeper,
            Lot,
            "create",
            {
                "source_account_id": self.loss.id,
                "refiner_account_id": self.refiner.id,
                "state": "done",
            },
        )
        lot = self._lot()
        for vals in ({"state": "sent"}, {"date_sent": "2031-06-03"}, {"name": "RL/X"}):
            self.assertRpcRefused(
                UserError,
                "cannot be written directly",
                keeper,
                Lot,
                "write",
                [lot.id],
                vals,
            )
        self.assertRpcRefused(
            AccessError,
            "Only the storekeeper or a supervisor sends scrap",
            self.goldsmith_user,
            Lot,
            "action_send",
            [lot.id],
        )
        self.env.invalidate_all()
        self.assertEqual((lot.state, lot.name), ("draft", "/"))

        self.rpc(keeper, Lot, "action_send", [lot.id])
        line = lot.line_ids
        # at the refiner: what was sent is fixed, the assay is entered
        for vals in ({"source_account_id": self.vault.id}, {"family": "platinum"}):
            self.assertRpcRefused(
                UserError,
                "is At the Refiner: .* can no longer be changed",
                keeper,
                Lot,
                "write",
                [lot.id],
                vals,
            )
        self.assertRpcRefused(
            UserError,
            "only the recovered fine grams",
            keeper,
            Line,
            "write",
            [line.id],
            {"gross_weight": 14.0},
        )
        self.assertRpcRefused(
            UserError,
            "no line can be added",
            keeper,
            Lot,
            "write",
            [lot.id],
            {"line_ids": [(0, 0, {"alloy_id": self.au750y.id, "gross_weight": 9.0})]},
        )
        self.assertRpcRefused(
            UserError, "no line can be deleted", keeper, Line, "unlink", [line.id]
        )
        self.rpc(keeper, Line, "write", [line.id], {"fine_recovered": 0.84})
        self.rpc(
            keeper,
            Lot,
            "write",
            [lot.id],
            {"writeoff_reason": "Usual loss on sweeps", "date_assay": "2031-06-20"},
        )
        self.rpc(keeper, Lot, "action_record_assay", [lot.id])
        self.assertEqual(lot.state, "done")
        # assayed: nothing changes any more
        self.assertRpcRefused(
            UserError,
            "is Assayed",
            keeper,
            Lot,
            "write",
            [lot.id],
            {"writeoff_reason": "Another story"},
        )
        self.assertRpcRefused(
            UserError,
            "is Assayed",
            keeper,
            Line,
            "write",
            [line.id],
            {"fine_recovered": 1.05},
        )
        self.assertRpcRefused(
            UserError, "cannot be deleted", self.supervisor, Lot, "unlink", [lot.id]
        )
        self.env.invalidate_all()
        self.assertEqual(lot.writeoff_reason, "Usual loss on sweeps")
        self.assertEqual(line.fine_recovered, 0.84)
        self.assertEqual(lot.fine_unrecovered, 0.21)

    def test_vault_scrap_written_off_once_approved(self):
        """Scrap from a vault not recovered is a new loss: a supervisor approves it."""
        lot = self._lot(
            source_account_id=self.vault.id,
            date_assay="2031-06-20",
            line_ids=[
                (
                    0,
                    0,
                    {
                        "scrap_class": "bullion",
                        "alloy_id": self.au750y.id,
                        "gross_weight": 1.0,
                    },
                )
            ],
        )
        lot.with_user(self.storekeeper).action_send()
        lot.line_ids.fine_recovered = 0.5
        lot.writeoff_reason = "Refiner's assay: solder in the scrap"
        loss_before = self.loss._get_balance(self.gold)
        lot.with_user(self.storekeeper).action_record_assay()
        self.assertEqual(lot.state, "done")
        writeoff = lot.transfer_ids.filtered(lambda t: t.to_account_id == self.loss)
        self.assertEqual(writeoff.state, "to_approve")
        self.assertEqual(writeoff.writeoff_requested_by_id, self.storekeeper)
        self.assertEqual(writeoff.note, "Refiner's assay: solder in the scrap")
        # until approved, the refiner still owes it and nothing is expensed
        self.assertEqual(self.refiner._get_balance(self.gold), 0.25)
        self.assertEqual(self.loss._get_balance(self.gold), loss_before)
        self.assertFalse(writeoff.account_move_id)
        with self.assertRefused(AccessError, "Only a supervisor approves"):
            writeoff.with_user(self.storekeeper).action_approve_writeoff()
        writeoff.with_user(self.supervisor).action_approve_writeoff()
        self.assertEqual(writeoff.state, "posted")
        self.assertEqual(self.refiner._get_balance(self.gold), 0.0)
        self.assertEqual(
            round(self.loss._get_balance(self.gold) - loss_before, 3), 0.25
        )
        self.assertEqual(writeoff.account_move_id.amount_total, 15.0)  # 0.25 × 60
