from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from .common import JewelConsignmentCommon


@tagged("post_install", "-at_install")
class TestExposure(JewelConsignmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rings = cls._pieces(cls.ring, 3, "TE-R")
        cls.boutique.jewel_exposure_limit = 8000.0

    def test_exposure_refusal_and_override(self):
        first = self._memo(self.boutique, self.rings[:2])
        first.action_send()
        self.assertEqual(self.boutique.jewel_exposure, 6900.0)
        memo = self._memo(self.boutique, self.rings[2:]).with_user(self.salesman)
        with self.assertRefused(UserError, "over its exposure limit"):
            memo.action_send()
        self.assertEqual(memo.state, "draft")
        self.assertEqual(self._quant_location(self.rings[2]), self.stock_location)

        wizard = self.env["jewel.memo.exposure.override"].create(
            {"memo_id": memo.id, "reason": "Christmas window display"}
        )
        with self.assertRefused(AccessError, "Only a sales manager"):
            wizard.with_user(self.salesman).action_override()
        self.assertEqual(memo.state, "draft")

        wizard.with_user(self.sales_manager).action_override()
        self.assertEqual(memo.state, "sent")
        self.assertEqual(memo.exposure_override_user_id, self.sales_manager)
        self.assertIn(
            "Christmas window display",
            "\n".join(memo.message_ids.mapped("body")),
        )
        self.assertEqual(self.boutique.jewel_exposure, 10350.0)

    def test_no_limit(self):
        self.boutique.jewel_exposure_limit = 0.0
        memo = self._memo(self.boutique, self.rings)
        memo.action_send()
        self.assertEqual(memo.state, "sent")


@tagged("post_install", "-at_install")
class TestExposureOverRpc(RpcMixin, JewelConsignmentCommon):
    """The exposure limit, tried the way the web client can: only a sales
    manager who neither raised nor sells the memo lifts it, with a reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rings = cls._pieces(cls.ring, 3, "TX-R")
        cls.boutique.jewel_exposure_limit = 8000.0
        cls._memo(cls.boutique, cls.rings[:2]).action_send()
        cls.memo = cls._memo(cls.boutique, cls.rings[2:])
        cls.other_manager = new_test_user(
            cls.env,
            login="jewel_consign_manager_2",
            groups="sales_team.group_sale_manager,stock.group_stock_user,"
            "account.group_account_invoice",
        )

    def _assert_not_sent(self, memo):
        memo.invalidate_recordset()
        self.assertEqual(memo.state, "draft")
        self.assertFalse(memo.exposure_override_reason)
        self.assertFalse(memo.exposure_override_user_id)
        self.assertEqual(self._quant_location(self.rings[2]), self.stock_location)
        self.assertEqual(self.boutique.jewel_exposure, 6900.0)

    def test_salesperson_cannot_lift_the_limit(self):
        memo = self.memo
        self.assertRpcRefused(
            UserError,
            "Exposure Override Reason, Exposure Limit Overridden By of Memo / "
            "consignment delivery cannot be written directly",
            self.salesman,
            "jewel.memo",
            "write",
            memo.ids,
            {
                "exposure_override_reason": "Good customer",
                "exposure_override_user_id": self.sales_manager.id,
            },
        )
        self.assertRpcRefused(
            UserError,
            "over its exposure limit of",
            self.salesman,
            "jewel.memo",
            "action_send",
            memo.ids,
        )
        self.assertRpcRefused(
            AccessError,
            "Private methods",
            self.salesman,
            "jewel.memo",
            "_override_exposure_and_send",
            memo.ids,
            "Good customer",
        )
        wizard_id = self.rpc(
            self.salesman,
            "jewel.memo.exposure.override",
            "create",
            {"memo_id": memo.id, "reason": "Good customer"},
        )
        self.assertRpcRefused(
            AccessError,
            "Only a sales manager can override an exposure limit",
            self.salesman,
            "jewel.memo.exposure.override",
            "action_override",
            [wizard_id],
        )
        self._assert_not_sent(memo)

    def test_new_memo_cannot_bring_its_override(self):
        vals = {
            "partner_id": self.boutique.id,
            "line_ids": [Command.create({"lot_id": self.rings[2].id})],
        }
        self.assertRpcRefused(
            UserError,
            "Exposure Override Reason of a new Memo / consignment delivery cannot "
            "be set directly",
            self.salesman,
            "jewel.memo",
            "create",
            dict(vals, exposure_override_reason="Good customer"),
        )
        # a default in the client's context is not the model's
        memo_id = self.rpc(
            self.salesman,
            "jewel.memo",
            "create",
            vals,
            context={"default_exposure_override_reason": "Good customer"},
        )
        memo = self.env["jewel.memo"].browse(memo_id)
        self.assertRpcRefused(
            UserError,
            "over its exposure limit",
            self.salesman,
            "jewel.memo",
            "action_send",
            memo.ids,
        )
        self._assert_not_sent(memo)

    def test_override_needs_another_manager_and_a_reason(self):
        raised = (
            self.env["jewel.memo"]
            .with_user(self.sales_manager)
            .create(
                {
                    "partner_id": self.boutique.id,
                    "line_ids": [Command.create({"lot_id": self.rings[2].id})],
                }
            )
        )
        wizard = self.env["jewel.memo.exposure.override"].create(
            {"memo_id": raised.id, "reason": "Christmas window display"}
        )
        self.assertRpcRefused(
            AccessError,
            "raised or sells memo .*: another sales manager must override",
            self.sales_manager,
            "jewel.memo.exposure.override",
            "action_override",
            wizard.ids,
        )
        self._assert_not_sent(raised)

        self.memo.user_id = self.other_manager
        wizard = self.env["jewel.memo.exposure.override"].create(
            {"memo_id": self.memo.id, "reason": "Christmas window display"}
        )
        self.assertRpcRefused(
            AccessError,
            "another sales manager must override",
            self.other_manager,
            "jewel.memo.exposure.override",
            "action_override",
            wizard.ids,
        )
        blank = self.env["jewel.memo.exposure.override"].create(
            {"memo_id": self.memo.id, "reason": "   "}
        )
        self.assertRpcRefused(
            UserError,
            "Give the reason for overriding the exposure limit of Test Boutique",
            self.sales_manager,
            "jewel.memo.exposure.override",
            "action_override",
            blank.ids,
        )
        self._assert_not_sent(self.memo)

        self.rpc(
            self.sales_manager,
            "jewel.memo.exposure.override",
            "action_override",
            wizard.ids,
        )
        self.assertEqual(self.memo.state, "sent")
        self.assertEqual(self.memo.exposure_override_reason, "Christmas window display")
        self.assertEqual(self.memo.exposure_override_user_id, self.sales_manager)
