from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from .common import JewelMetalLedgerCommon


@tagged("post_install", "-at_install")
class TestPostingDates(RpcMixin, JewelMetalLedgerCommon):
    """A posting's date counts: the balance on that day and every later day."""

    def _rpc_transfer(self, user, transfer_type, source, target, gross, date, **vals):
        """A draft transfer created over JSON-RPC by ``user``: its id."""
        return self.rpc(
            user,
            "jewel.metal.transfer",
            "create",
            dict(
                {
                    "transfer_type": transfer_type,
                    "from_account_id": source.id,
                    "to_account_id": target.id,
                    "date": date,
                    "line_ids": [
                        (0, 0, {"alloy_id": self.au750y.id, "gross_weight": gross})
                    ],
                },
                **vals,
            ),
        )

    def test_issue_dated_before_the_vault_held_the_metal_refused(self):
        """Issue 2000-01-01: the vault's grain only came in 2020."""
        keeper = self.storekeeper
        transfer_id = self._rpc_transfer(
            keeper, "issue", self.vault, self.anna, 40.0, "2000-01-01"
        )
        self.assertRpcRefused(
            UserError,
            r"Test Vault holds only 0\.000 g of fine Gold on 2000-01-01; this "
            r"transfer takes 30\.000 g",
            keeper,
            "jewel.metal.transfer",
            "action_post",
            [transfer_id],
        )
        transfer = self.env["jewel.metal.transfer"].browse(transfer_id)
        self.assertEqual(transfer.state, "draft")
        self.assertFalse(transfer.ledger_line_ids)
        self.assertEqual(self.vault._get_balance(self.gold, "2000-01-01"), 0.0)
        self.assertEqual(self.vault._get_balance(self.gold), 375.0)

    def test_back_dated_issue_that_later_movements_need_refused(self):
        # 375.000 g fine in the vault since 2020-01-02; 300.000 g issued on 03-01
        self._post(
            "issue", self.vault, self.ben, [(self.au750y, 400.0)], date="2020-03-01"
        )
        self.assertEqual(self.vault._get_balance(self.gold, "2020-03-01"), 75.0)
        # 150.000 g on 02-01 fits that day (375 held) but leaves March at -75
        late = self._transfer(
            "issue", self.vault, self.anna, [(self.au750y, 200.0)], date="2020-02-01"
        )
        with self.assertRefused(
            UserError,
            r"This transfer of 150\.000 g of fine Gold on 2020-02-01 would leave "
            r"Test Vault short of 75\.000 g on 2020-03-01",
        ):
            late.with_user(self.storekeeper).action_post()
        self.assertEqual(late.state, "draft")
        self.assertEqual(self.anna._get_balance(self.gold), 0.0)
        self.assertEqual(self.vault._get_balance(self.gold, "2020-02-01"), 375.0)
        # 100 g more on 2020-06-01: an issue of 75.000 g fine dated after it posts,
        # one of 75.000 g fine dated before it (only 75.000 held then) too, but
        # not a gram more.
        self._post(
            "adjustment",
            self.supplier,
            self.vault,
            [(self.au750y, 100.0)],
            date="2020-06-01",
        )
        self._transfer(
            "issue", self.vault, self.anna, [(self.au750y, 100.0)], date="2020-05-01"
        ).with_user(self.storekeeper).action_post()
        self.assertEqual(self.vault._get_balance(self.gold, "2020-05-01"), 0.0)
        one_more = self._transfer(
            "issue", self.vault, self.ben, [(self.au750y, 0.004)], date="2020-04-01"
        )
        with self.assertRefused(
            UserError, r"would leave Test Vault short of 0\.003 g on 2020-05-01"
        ):
            # April: 75.000 g held, all of it needed on 05-01: nothing to spare
            one_more.with_user(self.storekeeper).action_post()

    def test_customer_deposit_counted_from_its_date(self):
        customer = self.env["jewel.metal.account"].create(
            {
                "name": "Mrs Early",
                "account_type": "customer",
                "partner_id": self.env["res.partner"].create({"name": "Mrs Early"}).id,
            }
        )
        self._post(
            "customer_deposit",
            customer,
            self.vault,
            [(self.au750y, 8.0)],
            date="2020-05-02",
        )
        consumption = self._transfer(
            "customer_consumption",
            self.finished,
            customer,
            [(self.au750y, 4.0)],
            date="2020-05-01",
        )
        with self.assertRefused(
            UserError,
            r"Mrs Early has only 0\.000 g of fine Gold on deposit on 2020-05-01; "
            r"this transfer needs 3\.000 g",
        ):
            consumption.with_user(self.storekeeper).action_post()
        consumption.date = "2020-05-02"
        consumption.with_user(self.storekeeper).action_post()
        self.assertEqual(customer._get_balance(self.gold), -3.0)

    def test_job_return_dated_before_its_issue_refused(self):
        production = self.production
        self._post(
            "issue",
            self.vault,
            self.anna,
            [(self.au750y, 20.0)],
            production_id=production.id,
            date="2020-03-10",
        )
        # Anna holds 15.000 g for the MO from 03-10: a piece "returned" on 03-09
        piece = self._transfer(
            "return",
            self.anna,
            self.finished,
            [(self.au750y, 6.0)],
            production_id=production.id,
            date="2020-03-09",
        )
        with self.assertRefused(
            UserError, r"Anna Goldsmith holds only 0\.000 g of fine Gold on 2020-03-09"
        ):
            piece.with_user(self.storekeeper).action_post()
        piece.date = "2020-03-10"
        piece.with_user(self.storekeeper).action_post()
        self.assertEqual(self.anna._get_balance(self.gold), 10.5)


@tagged("post_install", "-at_install")
class TestLockDate(RpcMixin, JewelMetalLedgerCommon):
    """The owner locks the metal ledger up to a date, like Accounting's lock dates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = new_test_user(
            cls.env,
            login="jewel_owner_lock",
            groups="jewel_bom.group_jewel_owner,base.group_system",
        )
        cls.it_admin = new_test_user(
            cls.env,
            login="jewel_it_admin",
            groups="jewel_bom.group_jewel_supervisor,base.group_system",
        )
        cls.issue = cls._transfer(
            "issue", cls.vault, cls.anna, [(cls.au750y, 10.0)], date="2020-02-10"
        )
        cls.issue.action_post()

    def _set_lock(self, user, date):
        settings = (
            self.env["res.config.settings"]
            .with_user(user)
            .create({"jewel_metal_lock_date": date})
        )
        settings.execute()

    def test_only_the_owner_locks_the_ledger(self):
        with self.assertRefused(AccessError, "Only the owner sets the lock date"):
            self._set_lock(self.it_admin, "2020-03-31")
        self.assertRpcRefused(
            AccessError,
            "",
            self.accountant,
            "res.company",
            "write",
            [self.company.id],
            {"jewel_metal_lock_date": "2020-03-31"},
        )
        self.assertFalse(self.company.jewel_metal_lock_date)
        with self.assertRefused(UserError, "cannot be locked in the future"):
            self._set_lock(self.owner, fields.Date.add(fields.Date.today(), days=1))
        self._set_lock(self.owner, "2020-03-31")
        self.assertEqual(str(self.company.jewel_metal_lock_date), "2020-03-31")
        # tracked on the company, as Accounting's lock dates are (the tests'
        # context turns tracking off: turned back on here)
        company = self.company.with_user(self.owner).with_context(
            tracking_disable=False, mail_notrack=False
        )
        company.jewel_metal_lock_date = "2020-02-29"
        company.env.flush_all()
        company.env.cr.precommit.run()
        tracked = self.company.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "jewel_metal_lock_date"
        )
        self.assertEqual(str(tracked[:1].old_value_datetime)[:10], "2020-03-31")
        self.assertEqual(str(tracked[:1].new_value_datetime)[:10], "2020-02-29")

    def test_owner_locks_from_the_metal_menu(self):
        """The owner is no settings administrator: the Metal menu's wizard."""
        owner = new_test_user(
            self.env, login="jewel_owner_plain", groups="jewel_bom.group_jewel_owner"
        )
        Wizard = "jewel.metal.lock.date"
        wizard_id = self.rpc(owner, Wizard, "create", {"lock_date": "2020-03-31"})
        self.rpc(owner, Wizard, "action_apply", [wizard_id])
        self.assertEqual(str(self.company.jewel_metal_lock_date), "2020-03-31")
        # a supervisor cannot open it, nor write the company's date
        self.assertRpcRefused(
            AccessError, "", self.supervisor, Wizard, "create", {"lock_date": False}
        )
        self.assertRpcRefused(
            AccessError,
            "",
            self.supervisor,
            "res.company",
            "write",
            [self.company.id],
            {"jewel_metal_lock_date": False},
        )
        self.assertEqual(str(self.company.jewel_metal_lock_date), "2020-03-31")

    def test_locked_period_cannot_be_posted_cancelled_or_reversed(self):
        self.company.jewel_metal_lock_date = "2020-03-31"
        keeper = self.storekeeper
        draft_id = self.rpc(
            keeper,
            "jewel.metal.transfer",
            "create",
            {
                "transfer_type": "issue",
                "from_account_id": self.vault.id,
                "to_account_id": self.ben.id,
                "date": "2020-03-31",
                "line_ids": [(0, 0, {"alloy_id": self.au750y.id, "gross_weight": 4.0})],
            },
        )
        for method in ("action_post", "action_cancel"):
            self.assertRpcRefused(
                UserError,
                r"dated 2020-03-31 and the metal ledger of .* is locked up to "
                r"2020-03-31: it cannot be (posted|cancelled)",
                keeper,
                "jewel.metal.transfer",
                method,
                [draft_id],
            )
        draft = self.env["jewel.metal.transfer"].browse(draft_id)
        self.assertEqual(draft.state, "draft")
        self.assertEqual(self.ben._get_balance(self.gold), 0.0)
        # a write-off of the locked period cannot be asked for either
        writeoff = self._transfer(
            "loss",
            self.anna,
            self.loss,
            [(self.au750y, 0.5)],
            date="2020-03-15",
            note="Filings lost",
        )
        with self.assertRefused(UserError, "locked up to 2020-03-31"):
            writeoff.with_user(keeper).action_request_writeoff()
        # dated after the lock, the same transfer posts
        self.rpc(
            keeper, "jewel.metal.transfer", "write", [draft_id], {"date": "2020-04-01"}
        )
        self.rpc(keeper, "jewel.metal.transfer", "action_post", [draft_id])
        self.assertEqual(self.ben._get_balance(self.gold), 3.0)
        # a posted transfer of the locked period is reversed today, after the lock
        self.rpc(keeper, "jewel.metal.transfer", "action_reverse", [self.issue.id])
        reversal = self.issue.reversal_ids
        self.assertEqual(reversal.date, fields.Date.context_today(reversal))
        self.assertEqual(self.anna._get_balance(self.gold), 0.0)
        # locked up to today: nothing can be reversed any more
        self.company.jewel_metal_lock_date = fields.Date.context_today(self.company)
        transfer = self.env["jewel.metal.transfer"].browse(draft_id)
        self.assertRpcRefused(
            UserError,
            "cannot be reversed: its reversal would be dated",
            keeper,
            "jewel.metal.transfer",
            "action_reverse",
            [transfer.id],
        )

    def test_lock_refused_over_write_offs_awaiting_approval(self):
        writeoff = self._transfer(
            "loss",
            self.anna,
            self.loss,
            [(self.au750y, 0.5)],
            date="2020-03-15",
            note="Filings lost",
        )
        writeoff.with_user(self.storekeeper).action_request_writeoff()
        with self.assertRefused(UserError, r"awaiting approval.*" + writeoff.name):
            self._set_lock(self.owner, "2020-03-31")
        self.assertFalse(self.company.jewel_metal_lock_date)


@tagged("post_install", "-at_install")
class TestDatesInOrder(RpcMixin, JewelMetalLedgerCommon):
    def test_refining_assay_not_before_the_lot_was_sent(self):
        refiner = self.env["jewel.metal.account"].create(
            {
                "name": "Test Refinery",
                "account_type": "refiner",
                "partner_id": self.env["res.partner"].create({"name": "Refinery"}).id,
            }
        )
        lot = self.env["jewel.metal.refining.lot"].create(
            {
                "source_account_id": self.vault.id,
                "refiner_account_id": refiner.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "scrap_class": "bullion",
                            "alloy_id": self.au750y.id,
                            "gross_weight": 2.0,
                        },
                    )
                ],
            }
        )
        keeper = self.storekeeper
        lot.with_user(keeper).action_send()
        sent = lot.date_sent
        self.assertEqual(sent, fields.Date.context_today(lot))
        self.assertRpcRefused(
            ValidationError,
            r"the refiner's assay cannot be dated 2020-01-01, before the lot was "
            rf"sent on {sent}",
            keeper,
            "jewel.metal.refining.lot",
            "write",
            [lot.id],
            {"date_assay": "2020-01-01"},
        )
        self.assertFalse(lot.date_assay)
        self.rpc(
            keeper, "jewel.metal.refining.lot", "write", [lot.id], {"date_assay": sent}
        )
        self.assertEqual(lot.date_assay, sent)

    def test_statement_from_after_to_refused(self):
        self.assertRpcRefused(
            ValidationError,
            "from 2031-05-31 to 2031-05-01: the start date comes after the end date",
            self.accountant,
            "jewel.metal.statement",
            "create",
            {
                "account_id": self.vault.id,
                "date_from": "2031-05-31",
                "date_to": "2031-05-01",
            },
        )
        statement_id = self.rpc(
            self.accountant,
            "jewel.metal.statement",
            "create",
            {
                "account_id": self.vault.id,
                "date_from": "2020-01-01",
                "date_to": "2020-01-31",
            },
        )
        statement = self.env["jewel.metal.statement"].browse(statement_id)
        (block,) = statement._statement_data()
        self.assertEqual((block["opening"], block["closing"]), (0.0, 375.0))
        self.assertRpcRefused(
            ValidationError,
            "the start date comes after the end date",
            self.accountant,
            "jewel.metal.statement",
            "write",
            [statement_id],
            {"date_from": "2020-02-01"},
        )
