from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from .common import JewelConsignmentCommon


@tagged("post_install", "-at_install")
class TestMemoFormReturnOne(RpcMixin, JewelConsignmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lots = cls._pieces(cls.band, 2, "TMF-B")
        cls.memo = cls._memo(cls.boutique, cls.lots)
        cls.memo.action_send()
        cls.requested, cls.kept = cls.memo.line_ids

    def _arch(self, model, view_type, view=None):
        views = self.env[model].get_views([(view and self.env.ref(view).id, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_form_returns_the_requested_piece(self):
        """The memo form has a Return button on each piece still out."""
        form = self._arch("jewel.memo", "form")
        button = form.xpath(
            "//field[@name='line_ids']/list/button[@name='action_return']"
        )
        self.assertEqual(len(button), 1)
        self.assertEqual(button[0].get("type"), "object")
        self.requested._jewel_request_return()
        self.assertEqual(self.requested.partner_status, "return_requested")
        storekeeper = new_test_user(
            self.env, login="jewel_mf_store", groups="jewel_bom.group_jewel_storekeeper"
        )
        self.assertRpcRefused(
            AccessError,
            "Only a salesperson",
            storekeeper,
            "jewel.memo.line",
            "action_return",
            self.requested.ids,
        )
        self.rpc(self.salesman, "jewel.memo.line", "action_return", self.requested.ids)
        self.assertEqual(self.requested.state, "returned")
        self.assertFalse(self.requested.return_requested)
        self.assertEqual(self._quant_location(self.lots[0]), self.stock_location)
        self.assertEqual(self.kept.state, "out")
        self.assertEqual(self.memo.state, "partial")

    def test_weight_totals_show_milligrams(self):
        """Every summed weight column of the addon's lists has 3 decimals."""
        for model, view_type, xpath in (
            ("jewel.memo", "form", "//field[@name='line_ids']/list/field[@sum]"),
            ("jewel.memo.line", "list", "//list/field[@sum]"),
        ):
            fields = [
                node
                for node in self._arch(model, view_type).xpath(xpath)
                if node.get("name").endswith("_weight")
            ]
            self.assertTrue(fields, model)
            for node in fields:
                self.assertEqual(node.get("digits"), "[16, 3]", node.get("name"))


@tagged("post_install", "-at_install")
class TestSalesDemoUser(JewelConsignmentCommon):
    def test_sales_demo_user(self):
        if not self.env.ref(
            "jewel_partner_consignment.res_partner_aurelia_demo",
            raise_if_not_found=False,
        ):
            self.skipTest("installed without demo data")
        user = self.env.ref("jewel_partner_consignment.user_sales_demo")
        self.assertEqual(user.login, "sales")
        self.assertTrue(user.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(user.has_group("sales_team.group_sale_manager"))
        # what the memos need: send one, invoice its piece
        lots = self._pieces(self.band, 1, "TMF-S")
        memo = self._memo(self.boutique, lots).with_user(user)
        memo.action_send()
        invoice = memo.action_sell_lines()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(memo.state, "closed")
