from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from .common import JewelMetalLedgerCommon


@tagged("post_install", "-at_install")
class TestClientKey(RpcMixin, JewelMetalLedgerCommon):
    """A counter terminal that retries a create never makes a second transfer."""

    def _create(self, key, gross=4.0, source=None, destination=None):
        return self.rpc(
            self.storekeeper,
            "jewel.metal.transfer",
            "create",
            {
                "transfer_type": "issue",
                "from_account_id": (source or self.vault).id,
                "to_account_id": (destination or self.anna).id,
                "client_key": key,
                "line_ids": [
                    (0, 0, {"alloy_id": self.au750y.id, "gross_weight": gross})
                ],
            },
        )

    def _with_key(self, key):
        return self.env["jewel.metal.transfer"].search([("client_key", "=", key)])

    def test_retried_create_returns_the_first_transfer(self):
        first_id = self._create("counter-1/0001")
        self.assertEqual(self._create("counter-1/0001"), first_id)
        self.assertEqual(self._with_key("counter-1/0001").ids, [first_id])
        self.rpc(self.storekeeper, "jewel.metal.transfer", "action_post", [first_id])
        # the answer of the post was lost: the terminal sends everything again
        self.assertEqual(self._create("counter-1/0001"), first_id)
        transfer = self._with_key("counter-1/0001")
        self.assertEqual(transfer.state, "posted")
        self.assertEqual(len(transfer.ledger_line_ids), 2)
        self.assertEqual(transfer.line_ids.gross_weight, 4.0)
        self.assertEqual(self.anna._get_balance(self.gold), 3.0)  # 4 g at 750 ‰
        self.assertEqual(self.vault._get_balance(self.gold), 372.0)  # 375 − 3
        # another key is another transfer
        self.assertNotEqual(self._create("counter-1/0002"), first_id)

    def test_same_key_twice_in_one_call(self):
        vals = {
            "transfer_type": "issue",
            "from_account_id": self.vault.id,
            "to_account_id": self.anna.id,
            "client_key": "batch-7",
            "line_ids": [(0, 0, {"alloy_id": self.au750y.id, "gross_weight": 2.0})],
        }
        ids = self.rpc(
            self.storekeeper, "jewel.metal.transfer", "create", [vals, dict(vals)]
        )
        self.assertEqual(len(set(ids)), 1)
        self.assertEqual(len(self._with_key("batch-7")), 1)

    def test_key_of_other_accounts_refused(self):
        self._create("counter-1/0003")
        self.assertRpcRefused(
            UserError,
            r"Client key counter-1/0003 already names .* between other accounts",
            self.storekeeper,
            "jewel.metal.transfer",
            "create",
            {
                "transfer_type": "issue",
                "from_account_id": self.vault.id,
                "to_account_id": self.ben.id,
                "client_key": "counter-1/0003",
                "line_ids": [(0, 0, {"alloy_id": self.au750y.id, "gross_weight": 1.0})],
            },
        )
        self.assertEqual(len(self._with_key("counter-1/0003")), 1)

    def test_no_key_no_dedup(self):
        first = self._create(False)
        second = self._create(False)
        self.assertNotEqual(first, second)

    def test_database_refuses_a_second_transfer_with_the_key(self):
        """Two creates at the very same moment meet the unique constraint."""
        self._create("counter-2/0001")
        other = self._transfer("issue", self.vault, self.ben, [(self.au750y, 1.0)])
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                other.write({"client_key": "counter-2/0001"})
                other.flush_recordset()

    def test_reversal_and_copy_take_no_key(self):
        transfer = self.env["jewel.metal.transfer"].browse(self._create("c-9"))
        transfer.with_user(self.storekeeper).action_post()
        transfer.with_user(self.storekeeper).action_reverse()
        reversal = transfer.reversal_ids
        self.assertEqual(reversal.state, "posted")
        self.assertFalse(reversal.client_key)
        self.assertFalse(transfer.copy().client_key)
        self.assertEqual(self.anna._get_balance(self.gold), 0.0)
