from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import JewelBomCommon
from .rpc import RpcMixin

WIZARD = "mrp.bom.convert"


@tagged("post_install", "-at_install")
class TestConversionRules(RpcMixin, JewelBomCommon):
    """A conversion makes the design in another alloy, once: never a copy in
    its own alloy. The rules hold over JSON-RPC, where no form helps."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.planner = new_test_user(
            cls.env,
            login="conv_rules_planner",
            groups="base.group_user,jewel_bom.group_jewel_planner",
        )
        cls.band = cls._product(
            "Rules Band 18K Yellow Gold",
            jewel_alloy_id=cls.au750y.id,
            jewel_gross_metal_weight=6.2,
        )
        cls.bom = cls._bom(cls.band, [(cls.grain_750y, 6.2), (cls.clasp, 1)])

    def _counts(self):
        return (
            self.env["mrp.bom"].search_count([]),
            self.env["product.template"].search_count([]),
        )

    def test_created_over_rpc_without_a_product_name(self):
        wizard_id = self.rpc(
            self.planner,
            WIZARD,
            "create",
            {"bom_id": self.bom.id, "target_alloy_id": self.au585y.id},
        )
        wizard = self.env[WIZARD].browse(wizard_id)
        self.assertEqual(wizard.product_name, "Rules Band 14K Yellow Gold")
        # an empty name is no name either: the computed one is used
        wizard_id = self.rpc(
            self.planner,
            WIZARD,
            "create",
            {
                "bom_id": self.bom.id,
                "target_alloy_id": self.au750w.id,
                "product_name": "  ",
            },
        )
        self.assertEqual(
            self.env[WIZARD].browse(wizard_id).product_name,
            "Rules Band 18K White Gold",
        )
        result = self.rpc(self.planner, WIZARD, "action_convert", [wizard_id])
        new_bom = self.env["mrp.bom"].browse(result["res_id"])
        self.assertEqual(new_bom.product_tmpl_id.name, "Rules Band 18K White Gold")
        # 6.200 g × 14.64 / 15.58 = 5.826 g of 18K white
        self.assertEqual(new_bom.bom_line_ids[0].jewel_gross_metal_weight, 5.826)

    def test_own_alloy_refused_nothing_copied(self):
        # chosen in the wizard: refused at once
        self.assertRpcRefused(
            ValidationError,
            "is already in 18K Yellow Gold",
            self.planner,
            WIZARD,
            "create",
            {"bom_id": self.bom.id, "target_alloy_id": self.au750y.id},
        )
        # the product says 18K but every metal line is already 14K: converting
        # to 14K would copy the design as it is
        misnamed = self._product("Rules misnamed 18K", jewel_alloy_id=self.au750y.id)
        bom = self._bom(misnamed, [(self.grain_585y, 5.2)])
        self.assertEqual(bom.jewel_alloy_id, self.au750y)
        before = self._counts()
        wizard_id = self.rpc(
            self.planner,
            WIZARD,
            "create",
            {"bom_id": bom.id, "target_alloy_id": self.au585y.id},
        )
        self.assertRpcRefused(
            UserError,
            r"is already in 14K Yellow Gold: converting it would only copy",
            self.planner,
            WIZARD,
            "action_convert",
            [wizard_id],
        )
        self.assertEqual(self._counts(), before)
        self.assertFalse(bom.jewel_conversion_ids)

    def test_second_conversion_to_the_same_alloy_refused(self):
        wizard_id = self.rpc(
            self.planner,
            WIZARD,
            "create",
            {"bom_id": self.bom.id, "target_alloy_id": self.au585y.id},
        )
        result = self.rpc(self.planner, WIZARD, "action_convert", [wizard_id])
        first = self.env["mrp.bom"].browse(result["res_id"])
        before = self._counts()
        wizard_id = self.rpc(
            self.planner,
            WIZARD,
            "create",
            {"bom_id": self.bom.id, "target_alloy_id": self.au585y.id},
        )
        self.assertRpcRefused(
            UserError,
            f"already converted to 14K Yellow Gold as {first.display_name}",
            self.planner,
            WIZARD,
            "action_convert",
            [wizard_id],
        )
        self.assertEqual(self._counts(), before)
        self.assertEqual(self.bom.jewel_conversion_ids, first)
        # archived, it no longer stands in the way
        first.active = False
        result = self.rpc(self.planner, WIZARD, "action_convert", [wizard_id])
        self.assertTrue(result["res_id"])
