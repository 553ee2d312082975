from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from .test_portal import JewelPortalCommon

FIELD_REFUSED = "You do not have enough rights to access the fields"


@tagged("post_install", "-at_install")
class TestPartnerVisibility(RpcMixin, JewelPortalCommon):
    """Memos and their values are for sales, the vault and accounting; notable
    dates for sales; the agreement's internal terms never reach the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, groups):
            return new_test_user(cls.env, login=login, groups=groups)

        cls.bench = {
            "goldsmith": user("vis_c_goldsmith", "jewel_bom.group_jewel_goldsmith"),
            "quality": user("vis_c_quality", "jewel_bom.group_jewel_quality"),
        }
        cls.storekeeper = user("vis_c_storekeeper", "jewel_bom.group_jewel_storekeeper")
        cls.accountant = user("vis_c_accountant", "jewel_bom.group_jewel_accountant")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Vis Customer",
                "jewel_date_ids": [
                    (0, 0, {"occasion": "Wedding anniversary", "date": "2031-06-14"})
                ],
            }
        )

    def test_the_bench_reads_no_memo(self):
        # 3 pieces at the shop's price
        self.assertEqual(
            self.shop_memo.amount_total, 3 * self.shop_memo.line_ids[0].price
        )
        for role, user in self.bench.items():
            with self.subTest(role=role):
                for model in ("jewel.memo", "jewel.memo.line"):
                    self.assertRpcRefused(
                        AccessError,
                        "You are not allowed to access",
                        user,
                        model,
                        "search_read",
                        [],
                        ["name" if model == "jewel.memo" else "price"],
                    )
                self.assertRpcRefused(
                    AccessError,
                    FIELD_REFUSED,
                    user,
                    "res.partner",
                    "read",
                    self.shop.ids,
                    ["jewel_exposure"],
                )

    def test_sales_vault_and_accounting_read_memos(self):
        for user in (self.salesman, self.storekeeper, self.accountant):
            with self.subTest(user=user.login):
                [memo] = self.rpc(
                    user, "jewel.memo", "read", self.shop_memo.ids, ["amount_total"]
                )
                self.assertEqual(memo["amount_total"], self.shop_memo.amount_total)
                [shop] = self.rpc(
                    user, "res.partner", "read", self.shop.ids, ["jewel_exposure"]
                )
                self.assertEqual(shop["jewel_exposure"], self.shop_memo.amount_out)

    def test_notable_dates_for_sales_only(self):
        for user in (*self.bench.values(), self.storekeeper, self.accountant):
            with self.subTest(user=user.login):
                self.assertRpcRefused(
                    AccessError,
                    "You are not allowed to access",
                    user,
                    "jewel.partner.date",
                    "search_read",
                    [],
                    ["occasion", "date"],
                )
                self.assertRpcRefused(
                    AccessError,
                    FIELD_REFUSED,
                    user,
                    "res.partner",
                    "read",
                    self.customer.ids,
                    ["jewel_date_ids"],
                )
        dates = self.rpc(
            self.salesman,
            "jewel.partner.date",
            "search_read",
            [("partner_id", "=", self.customer.id)],
            ["occasion", "date"],
        )
        self.assertEqual(
            [(d["occasion"], str(d["date"])) for d in dates],
            [("Wedding anniversary", "2031-06-14")],
        )

    def test_the_bench_opens_a_partner(self):
        """The partner form drops memos, values and dates for the bench: what
        the web client then reads raises nothing."""
        goldsmith = self.bench["goldsmith"]
        views = (
            self.env["res.partner"].with_user(goldsmith).get_views([(False, "form")])
        )
        arch = views["views"]["form"]["arch"]
        for name in ("jewel_exposure", "jewel_memo_count", "jewel_date_ids"):
            self.assertNotIn(f'name="{name}"', arch)
        self.assertIn('name="jewel_ring_size"', arch)
        # the fields this module puts on the form (Odoo's own are Odoo's business)
        spec = {
            name: {}
            for name, field in views["models"]["res.partner"]["fields"].items()
            if name.startswith("jewel_") and field["type"] != "one2many"
        }
        self.assertIn("jewel_is_retail_partner", spec)
        spec["name"] = {}
        [shop] = self.rpc(goldsmith, "res.partner", "web_read", self.shop.ids, spec)
        self.assertEqual(shop["name"], "Test Goldsmith Shop")
        sales_arch = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        for name in ("jewel_exposure", "jewel_memo_count", "jewel_date_ids"):
            self.assertIn(f'name="{name}"', sales_arch)

    def test_portal_reads_no_internal_terms(self):
        self.shop.jewel_exposure_limit = 25000.0
        for partner in (self.shop, self.shop_user.partner_id):
            for name in (
                "jewel_exposure_limit",
                "jewel_commission_percent",
                "jewel_pricing",
                "jewel_pricelist_id",
                "jewel_exposure",
                "jewel_date_ids",
            ):
                with self.subTest(partner=partner.name, field=name):
                    self.assertRpcRefused(
                        AccessError,
                        FIELD_REFUSED,
                        self.shop_user,
                        "res.partner",
                        "read",
                        partner.ids,
                        [name],
                    )
        # what the portal lists does not carry them either
        fields_ = self.rpc(self.shop_user, "res.partner", "fields_get", [], ["type"])
        self.assertNotIn("jewel_exposure_limit", fields_)
        self.assertNotIn("jewel_commission_percent", fields_)
        [me] = self.rpc(
            self.shop_user,
            "res.partner",
            "read",
            self.shop_user.partner_id.ids,
            ["name", "jewel_ring_size"],
        )
        self.assertEqual(me["name"], self.shop_user.partner_id.name)
        # employees still read them
        [shop] = self.rpc(
            self.salesman,
            "res.partner",
            "read",
            self.shop.ids,
            ["jewel_exposure_limit", "jewel_commission_percent"],
        )
        self.assertEqual(shop["jewel_exposure_limit"], 25000.0)
        self.assertEqual(shop["jewel_commission_percent"], 40.0)
