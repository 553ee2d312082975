import json
import math

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from .common import JewelMetalLedgerCommon


@tagged("post_install", "-at_install")
class TestMetalNumbers(RpcMixin, JewelMetalLedgerCommon):
    """Metal moves in finite grams, and its fine grams are its gross at its fineness."""

    def _create_issue(self, line_vals):
        """The storekeeper's issue to Anna over JSON-RPC (JSON carries NaN)."""
        vals = {
            "transfer_type": "issue",
            "from_account_id": self.vault.id,
            "to_account_id": self.anna.id,
            "line_ids": [(0, 0, dict({"alloy_id": self.au750y.id}, **line_vals))],
        }
        args = json.loads(json.dumps([vals]))
        return self.rpc(self.storekeeper, "jewel.metal.transfer", "create", *args)

    def _count_transfers(self):
        return self.env["jewel.metal.transfer"].search_count([])

    def test_not_a_number_refused_over_rpc(self):
        before = self._count_transfers()
        for name in ("gross_weight", "fineness", "fine_weight"):
            for value in (math.nan, math.inf, -math.inf, 1e308):
                line = {"gross_weight": 10.0, name: value}
                with self.assertRaisesRegex(ValidationError, "must be"):
                    with self.env.cr.savepoint():
                        self._create_issue(line)
        self.assertEqual(self._count_transfers(), before)

    def test_fine_weight_is_gross_at_fineness(self):
        # 0.001 g fine on 10 g of 18K would hide 7.499 g from the loss controls
        with self.assertRaisesRegex(
            ValidationError,
            r"0\.001 g fine is not what 10\.000 g at 750\.0 ‰ holds \(7\.500 g\)",
        ):
            with self.env.cr.savepoint():
                self._create_issue({"gross_weight": 10.0, "fine_weight": 0.001})
        # the fine weight follows from the fineness; a milligram is rounding
        transfer = self.env["jewel.metal.transfer"].browse(
            self._create_issue({"gross_weight": 10.0, "fineness": 740.0})
        )
        self.assertEqual(transfer.line_ids.fine_weight, 7.4)
        transfer = self.env["jewel.metal.transfer"].browse(
            self._create_issue({"gross_weight": 10.0, "fine_weight": 7.501})
        )
        self.assertEqual(transfer.line_ids.fine_weight, 7.501)
        # a draft line whose weight is edited keeps its fine weight in step
        line = transfer.line_ids.with_user(self.storekeeper)
        line.gross_weight = 12.0
        self.assertEqual(line.fine_weight, 9.0)
        with self.assertRaisesRegex(ValidationError, "is not what 12.000 g"):
            with self.env.cr.savepoint():
                line.fine_weight = 5.0
        self.assertEqual(line.fine_weight, 9.0)

    def test_negative_and_absurd_weights_refused(self):
        for vals, message in (
            ({"gross_weight": -5.0}, r"Gross \(g\) must be at least 0"),
            ({"gross_weight": 1e12}, r"at most 1000000 g \(not 1e\+12\)"),
            ({"gross_weight": 10.0, "fineness": 1001.0}, r"Fineness \(‰\)"),
        ):
            with self.assertRaisesRegex(ValidationError, message):
                with self.env.cr.savepoint():
                    self._create_issue(vals)

    def test_refiner_recovery_must_be_a_weight(self):
        refiner = self.env["jewel.metal.account"].create(
            {
                "name": "Test Refinery",
                "account_type": "refiner",
                "partner_id": self.env["res.partner"].create({"name": "Refinery"}).id,
            }
        )
        lot = self.env["jewel.metal.refining.lot"].create(
            {
                "source_account_id": self.loss.id,
                "refiner_account_id": refiner.id,
                "line_ids": [(0, 0, {"alloy_id": self.au750y.id, "gross_weight": 2.0})],
            }
        )
        line = lot.line_ids
        self.assertEqual(line.fine_weight, 1.5)
        for value in (math.nan, math.inf, -0.5):
            with self.assertRaisesRegex(ValidationError, "Recovered Fine"):
                with self.env.cr.savepoint():
                    line.with_user(self.storekeeper).write({"fine_recovered": value})
        with self.assertRaisesRegex(ValidationError, "is not what 2.000 g"):
            with self.env.cr.savepoint():
                line.with_user(self.storekeeper).write({"fine_weight": 0.2})
        self.assertEqual((line.fine_weight, line.fine_recovered), (1.5, 0.0))
