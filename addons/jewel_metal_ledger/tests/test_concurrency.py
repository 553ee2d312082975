from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestConcurrency(TransactionCase):
    """Two users issuing from the same vault at once, on two real connections.

    The data is committed (both connections must see it) and removed again at
    the end, so nothing is left in the database.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.au750y = cls.env.ref("jewel_bom.jewel_alloy_au750_yellow")
        cls.gold = cls.env.ref("jewel_bom.jewel_metal_xau")

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Account = env["jewel.metal.account"]
            partner = env["res.partner"].create({"name": "Concurrency Dealer"})
            accounts = Account.create(
                [
                    {"name": "Concurrency Vault", "account_type": "vault"},
                    {"name": "Concurrency Anna", "account_type": "goldsmith"},
                    {"name": "Concurrency Ben", "account_type": "goldsmith"},
                    {
                        # old gold deposited: received without a supplier's
                        # due diligence (test_provenance covers that rule)
                        "name": "Concurrency Dealer",
                        "account_type": "customer",
                        "partner_id": partner.id,
                    },
                ]
            )
            self._transfer(env, accounts[3], accounts[0], 100.0).action_post()
            self.account_ids = accounts.ids
            self.partner_id = partner.id
        self.addCleanup(self._remove_committed_data)

    def _transfer(self, env, source, destination, gross):
        return env["jewel.metal.transfer"].create(
            {
                "transfer_type": "issue",
                "from_account_id": source.id,
                "to_account_id": destination.id,
                "line_ids": [
                    (0, 0, {"alloy_id": self.au750y.id, "gross_weight": gross})
                ],
            }
        )

    def _remove_committed_data(self):
        # Ledger lines refuse deletion through the ORM: this is test cleanup only.
        with self.registry.cursor() as cr:
            ids = tuple(self.account_ids)
            cr.execute(
                "SELECT id FROM jewel_metal_transfer "
                "WHERE from_account_id IN %s OR to_account_id IN %s",
                [ids, ids],
            )
            transfer_ids = tuple(row[0] for row in cr.fetchall()) or (0,)
            cr.execute(
                "DELETE FROM jewel_metal_ledger_line WHERE transfer_id IN %s",
                [transfer_ids],
            )
            cr.execute(
                "DELETE FROM jewel_metal_provenance WHERE transfer_id IN %s",
                [transfer_ids],
            )
            for model, res_ids in (
                ("jewel.metal.transfer", transfer_ids),
                ("jewel.metal.account", ids),
            ):
                cr.execute(
                    "DELETE FROM mail_message WHERE model = %s AND res_id IN %s",
                    [model, res_ids],
                )
                cr.execute(
                    "DELETE FROM mail_followers WHERE res_model = %s AND res_id IN %s",
                    [model, res_ids],
                )
            cr.execute(
                "DELETE FROM jewel_metal_transfer WHERE id IN %s", [transfer_ids]
            )
            cr.execute("DELETE FROM jewel_metal_account WHERE id IN %s", [ids])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [self.partner_id])

    def _envs(self):
        cr1 = self.registry.cursor()
        cr2 = self.registry.cursor()
        self.addCleanup(cr1.close)
        self.addCleanup(cr2.close)
        env1 = api.Environment(cr1, SUPERUSER_ID, {})
        env2 = api.Environment(cr2, SUPERUSER_ID, {})
        return env1, env2

    def _balances(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            accounts = env["jewel.metal.account"].browse(self.account_ids)
            balances = accounts._get_balances()
            return [
                balances.get((account, self.gold.with_env(env)), 0.0)
                for account in accounts
            ]

    @mute_logger("odoo.sql_db")
    def test_two_issues_at_the_same_moment(self):
        """The second issue waits for nothing: it fails and is retried on fresh data."""
        env1, env2 = self._envs()
        vault1, anna1 = env1["jewel.metal.account"].browse(self.account_ids[:2])
        vault2, ben2 = env2["jewel.metal.account"].browse(self.account_ids[::2][:2])
        self._transfer(
            env1, vault1, anna1, 60.0
        ).action_post()  # 45 g fine, not committed
        second = self._transfer(env2, vault2, ben2, 60.0)
        with self.assertRaises(errors.LockNotAvailable):
            second.action_post()
        env2.cr.rollback()
        env1.cr.commit()
        # The web client retries: on fresh data only 30 g fine are left in the vault.
        second = self._transfer(env2, vault2, ben2, 60.0)
        with self.assertRaises(UserError) as caught:
            second.action_post()
        self.assertRegex(str(caught.exception), r"holds only 30\.000 g of fine Gold")
        env2.cr.rollback()
        self.assertEqual(self._balances(), [30.0, 45.0, 0.0, -75.0])

    @mute_logger("odoo.sql_db")
    def test_stale_snapshot_cannot_post(self):
        """A transaction that read the vault before the other committed cannot post."""
        env1, env2 = self._envs()
        vault1, anna1 = env1["jewel.metal.account"].browse(self.account_ids[:2])
        vault2, ben2 = env2["jewel.metal.account"].browse(self.account_ids[::2][:2])
        second = self._transfer(env2, vault2, ben2, 60.0)
        self.assertEqual(vault2._get_balance(self.gold.with_env(env2)), 75.0)
        self._transfer(env1, vault1, anna1, 60.0).action_post()
        env1.cr.commit()
        with self.assertRaises(errors.SerializationFailure):
            second.action_post()
        env2.cr.rollback()
        self.assertEqual(self._balances(), [30.0, 45.0, 0.0, -75.0])

    @mute_logger("odoo.sql_db")
    def test_metal_arriving_does_not_wait(self):
        """Scrap coming back to the vault posts while an issue from it is open.

        Only the accounts metal leaves are locked and versioned: a return into
        the vault cannot invalidate the issue's balance check, so it must not
        fail on the vault's lock (every return would queue behind every issue).
        """
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            vault, _anna, ben = env["jewel.metal.account"].browse(self.account_ids[:3])
            self._transfer(env, vault, ben, 20.0).action_post()  # 15 g fine
        env1, env2 = self._envs()
        vault1, anna1 = env1["jewel.metal.account"].browse(self.account_ids[:2])
        vault2, ben2 = env2["jewel.metal.account"].browse(self.account_ids[::2][:2])
        self._transfer(env1, vault1, anna1, 40.0).action_post()  # not committed
        scrap = self._transfer(env2, ben2, vault2, 8.0)
        scrap.transfer_type = "scrap_return"
        # were the vault's row written, this would wait for env1: fail instead
        env2.cr.execute("SET LOCAL lock_timeout = '2s'")
        scrap.action_post()  # neither LockNotAvailable nor SerializationFailure
        env2.cr.commit()
        env1.cr.commit()
        # 75 − 15 − 30 + 6 in the vault; Anna 30, Ben 15 − 6
        self.assertEqual(self._balances(), [36.0, 30.0, 9.0, -75.0])
