import json
import math

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from .common import JewelQualityCommon


@tagged("post_install", "-at_install")
class TestQualityNumbers(RpcMixin, JewelQualityCommon):
    """Readings are finite, zero or more, and an assay reads 0 to 1000 ‰."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.production = cls._mo()
        cls.piece = cls.env["stock.lot"].create(
            {"name": "TQN-1", "product_id": cls.ring.id}
        )

    def _rpc_json(self, user, model, method, *args):
        return self.rpc(user, model, method, *json.loads(json.dumps(args)))

    def test_assay_above_1000_is_refused_and_not_written_on_the_piece(self):
        check = self._check(self.production, self.point_assay)
        check.lot_id = self.piece
        for value, message in (
            (1001.0, "an assay reads from 0 to 1000 ‰, not 1001.0 ‰"),
            (1e12, r"Measured Value must be at least 0 and at most 1000000 \(not"),
        ):
            with self.assertRefused(ValidationError, message):
                check.with_user(self.inspector).action_record(value)
        for value in (math.nan, math.inf):
            with self.assertRefused(UserError, "must be a number"):
                check.with_user(self.inspector).action_record(value)
        self.assertEqual(check.state, "todo")
        self.assertEqual(self.piece.jewel_assay_fineness, 0.0)
        # the same reading typed on the check, then passed, over JSON-RPC
        with self.assertRaisesRegex(ValidationError, "an assay reads from 0 to 1000"):
            with self.env.cr.savepoint():
                self._rpc_json(
                    self.inspector,
                    "jewel.quality.check",
                    "write",
                    [check.id],
                    {"measured_value": 1001.0},
                )
        check.with_user(self.inspector).action_record(751.0)
        self.assertEqual(
            (check.state, self.piece.jewel_assay_fineness), ("pass", 751.0)
        )

    def test_assay_on_the_piece_and_the_hallnote(self):
        for value in (1001.0, 1e12, -1.0, math.nan):
            with self.assertRefused(ValidationError, r"Assay.*\(‰\)"):
                self.piece.write({"jewel_assay_fineness": value})
        batch = self.env["jewel.hallmark.batch"].with_user(self.inspector)
        for value in (1001.0, math.inf):
            with self.assertRefused(ValidationError, r"Declared Fineness \(‰\)"):
                batch.create(
                    {"assay_office_id": self.inspector.partner_id.id, "fineness": value}
                )
        self.assertEqual(self.piece.jewel_assay_fineness, 0.0)

    def test_negative_weight_is_refused_not_failed(self):
        check = self._check(self.production, self.point_weight)
        with self.assertRaisesRegex(
            ValidationError, r"Quality Check: Measured Value must be at least 0"
        ):
            with self.env.cr.savepoint():
                self._rpc_json(
                    self.inspector,
                    "jewel.quality.check",
                    "write",
                    [check.id],
                    {"measured_value": -3.9},
                )
        for value in (math.nan, math.inf, -math.inf):
            with self.assertRaisesRegex(ValidationError, "Measured Value must be"):
                with self.env.cr.savepoint():
                    self._rpc_json(
                        self.inspector,
                        "jewel.quality.check",
                        "write",
                        [check.id],
                        {"measured_value": value},
                    )
        with self.assertRefused(UserError, "zero or more"):
            check.with_user(self.inspector).action_record(-3.9)
        self.assertEqual((check.state, check.measured_value), ("todo", 0.0))
        self.assertFalse(check.inspector_id)
