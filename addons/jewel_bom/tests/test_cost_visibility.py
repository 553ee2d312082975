from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import JewelBomCommon
from .rpc import RpcMixin

BOM = "mrp.bom"
REFUSED = "Costs and metal prices are for the roles that price work"


@tagged("post_install", "-at_install")
class TestCostVisibility(RpcMixin, JewelBomCommon):
    """The bench sees weights, stones and operations; the roles that price work
    see the costs and the metal prices too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._rate(cls.gold, cls.DATE_1, 80.0)
        cls.band = cls._product("Visibility band", jewel_alloy_id=cls.au750y.id)
        cls.bom = cls._bom(
            cls.band,
            [(cls.grain_750y, 6.2), (cls.diamond_002, 3)],
            jewel_cost_date=cls.DATE_1,
        )
        cls.bom.action_jewel_recost()

        def user(login, groups):
            return new_test_user(cls.env, login=login, groups=groups)

        cls.goldsmith = user("vis_goldsmith", "jewel_bom.group_jewel_goldsmith")
        cls.quality = user("vis_quality", "jewel_bom.group_jewel_quality")
        cls.storekeeper = user("vis_storekeeper", "jewel_bom.group_jewel_storekeeper")
        cls.pricing = {
            "planner": user("vis_planner", "jewel_bom.group_jewel_planner"),
            "accountant": user("vis_accountant", "jewel_bom.group_jewel_accountant"),
            "sales": user("vis_sales", "sales_team.group_sale_salesman"),
            "owner": user("vis_owner", "jewel_bom.group_jewel_owner"),
            "mrp manager": cls.mrp_manager,
        }

    def test_the_bench_reads_weights_not_costs(self):
        # 6.2 g × 750 ‰ = 4.650 g fine × 80.00 = 372.00; 3 × 12.50 = 37.50
        self.assertEqual(self.bom.jewel_cost_metal, 372.0)
        self.assertEqual(self.bom.jewel_cost_stones, 37.5)
        for user in (self.goldsmith, self.quality, self.mrp_user):
            with self.subTest(user=user.login):
                [bom] = self.rpc(
                    user,
                    BOM,
                    "read",
                    self.bom.ids,
                    ["jewel_fine_gold", "jewel_stone_weight", "operation_ids"],
                )
                self.assertEqual(bom["jewel_fine_gold"], 4.65)
                self.assertEqual(bom["jewel_stone_weight"], 0.06)
                for fields_ in (
                    ["jewel_cost_total"],
                    ["jewel_cost_metal"],
                    ["jewel_making_charge"],
                ):
                    self.assertRpcRefused(
                        AccessError,
                        "You do not have enough rights to access the fields",
                        user,
                        BOM,
                        "read",
                        self.bom.ids,
                        fields_,
                    )
                self.assertRpcRefused(
                    AccessError,
                    "not allowed to access 'Metal Price per Fine Gram'",
                    user,
                    "jewel.metal.price",
                    "search_read",
                    [],
                    ["price"],
                )
                self.assertRpcRefused(
                    AccessError,
                    "You do not have enough rights",
                    user,
                    "jewel.metal",
                    "read",
                    self.gold.ids,
                    ["current_price"],
                )
                self.assertRpcRefused(
                    AccessError,
                    "You do not have enough rights",
                    user,
                    "jewel.alloy",
                    "read",
                    self.au750y.ids,
                    ["alloying_cost"],
                )
                # nor by sorting or filtering on them
                self.assertRpcRefused(
                    AccessError,
                    "You do not have enough rights",
                    user,
                    BOM,
                    "search",
                    [("jewel_cost_total", ">", 400)],
                )
                self.assertRpcRefused(
                    AccessError,
                    REFUSED,
                    user,
                    BOM,
                    "action_jewel_cost_xlsx",
                    self.bom.ids,
                )

    def test_the_bench_opens_the_bom_form(self):
        """The form and list drop the costs for the bench: what the web client
        then reads raises nothing."""
        for view_type in ("form", "list"):
            views = (
                self.env[BOM].with_user(self.goldsmith).get_views([(False, view_type)])
            )
            arch = views["views"][view_type]["arch"]
            self.assertNotIn("jewel_cost_total", arch)
            self.assertNotIn("jewel_making_charge", arch)
            self.assertNotIn("action_jewel_cost_xlsx", arch)
            spec = {
                name: {}
                for name in views["models"][BOM]["fields"]
                if self.env[BOM]._fields[name].type not in ("one2many", "many2many")
            }
            [bom] = self.rpc(self.goldsmith, BOM, "web_read", self.bom.ids, spec)
            self.assertEqual(bom["id"], self.bom.id)
            if view_type == "form":
                self.assertEqual(bom["jewel_fine_gold"], 4.65)
        metal_form = (
            self.env["jewel.metal"]
            .with_user(self.goldsmith)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertNotIn("current_price", metal_form)
        self.assertNotIn("price_ids", metal_form)
        self.assertIn("alloy_ids", metal_form)

    def test_the_roles_that_price_work_see_costs_and_prices(self):
        for role, user in self.pricing.items():
            with self.subTest(role=role):
                [bom] = self.rpc(user, BOM, "read", self.bom.ids, ["jewel_cost_total"])
                # 372.00 metal + 7.44 allowed loss (2 %) + 37.50 stones
                self.assertEqual(bom["jewel_cost_total"], 416.94)
                rates = self.rpc(
                    user,
                    "jewel.metal.price",
                    "search_read",
                    [("metal_id", "=", self.gold.id), ("date", "=", self.DATE_1)],
                    ["price"],
                )
                self.assertEqual([rate["price"] for rate in rates], [80.0])
                arch = (
                    self.env[BOM]
                    .with_user(user)
                    .get_views([(False, "form")])["views"]["form"]["arch"]
                )
                self.assertIn('name="jewel_cost_total"', arch)
                self.assertIn('name="action_jewel_cost_xlsx"', arch)
        # sales staff do not read routings: the cost sheet is theirs all the same
        action = self.rpc(
            self.pricing["sales"], BOM, "action_jewel_cost_xlsx", self.bom.ids
        )
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/web/content/")[1].split("?")[0])
        )
        self.assertEqual(attachment.create_uid, self.pricing["sales"])
        # kept off the BOM, whose attachments the bench lists
        self.assertFalse(attachment.res_id)

    def test_the_vault_reads_prices_not_design_costs(self):
        rates = self.rpc(
            self.storekeeper,
            "jewel.metal.price",
            "search_read",
            [("metal_id", "=", self.gold.id), ("date", "=", self.DATE_1)],
            ["price"],
        )
        self.assertEqual([rate["price"] for rate in rates], [80.0])
        self.assertRpcRefused(
            AccessError,
            "You do not have enough rights",
            self.storekeeper,
            BOM,
            "read",
            self.bom.ids,
            ["jewel_cost_total"],
        )

    def test_the_chatter_names_the_rate_dates_not_the_prices(self):
        """Every employee reads a BOM's chatter: the re-costing note says which
        rates were used, the cost fields' tracking is for the pricing roles."""
        note = self.bom.message_ids.filtered(lambda m: "Re-costed" in (m.body or ""))
        self.assertIn(f"rate of {self.DATE_1}", note.body)
        self.assertNotIn("80.0000", note.body)


@tagged("post_install", "-at_install")
class TestCostSheetReport(HttpCase):
    """The cost sheet, however it is asked for, is for the roles that price work."""

    def _get(self, login, bom):
        self.authenticate(login, login)
        return self.url_open(f"/report/html/jewel_bom.report_jewel_cost_sheet/{bom.id}")

    def test_cost_sheet_for_the_owner_not_the_goldsmith(self):
        bom = self.env.ref("jewel_bom.mrp_bom_solitaire_demo")
        breakdown = bom._jewel_cost_breakdown(bom.jewel_cost_date)[bom]
        price = f"{breakdown['metal_lines'][0]['price']:.4f}"
        response = self._get("owner", bom)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Total cost", response.text)
        self.assertIn(price, response.text)
        for login in ("goldsmith", "setter", "quality"):
            with self.subTest(login=login):
                response = self._get(login, bom)
                self.assertEqual(response.status_code, 403)
                self.assertNotIn(price, response.text)
                self.assertNotIn("Total cost", response.text)
        # nor through the report model, as the web client's Print menu does
        goldsmith = self.env.ref("jewel_bom.user_goldsmith_demo")
        with self.assertRaisesRegex(AccessError, REFUSED):
            self.env["ir.actions.report"].with_user(goldsmith)._render_qweb_html(
                "jewel_bom.report_jewel_cost_sheet", bom.ids
            )
        # and the Print menu does not offer it to the bench
        report = self.env.ref("jewel_bom.action_report_jewel_cost_sheet")
        self.assertNotIn(
            report.id,
            [
                action["id"]
                for action in self.env[BOM]
                .with_user(goldsmith)
                .get_views([(False, "form")], {"toolbar": True})["views"]["form"][
                    "toolbar"
                ]
                .get("print", [])
            ],
        )
