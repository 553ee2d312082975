from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

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
