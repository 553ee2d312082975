from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import JewelBomCommon


@tagged("post_install", "-at_install")
class TestAccess(JewelBomCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._rate(cls.gold, cls.DATE_1, 80.0)
        cls.band = cls._product("Test access band", jewel_alloy_id=cls.au750y.id)
        cls.bom = cls._bom(cls.band, [(cls.grain_750y, 6.2)])
        cls.employee = new_test_user(
            cls.env, login="jewel_employee", groups="base.group_user"
        )

    def test_mrp_user_reads_but_does_not_write(self):
        bom = self.bom.with_user(self.mrp_user)
        self.assertEqual(bom.jewel_fine_gold, 4.65)
        # metal prices are for the roles that price work, not the bench
        with self.assertRaises(AccessError):
            self.gold.with_user(self.mrp_user)._get_price(self.DATE_1)
        with self.assertRaises(AccessError):
            self.env["jewel.metal.price"].with_user(self.mrp_user).create(
                {"metal_id": self.gold.id, "date": "2031-03-02", "price": 86.0}
            )
        with self.assertRaises(AccessError):
            bom.action_jewel_recost()
        with self.assertRaises(AccessError):
            self.au750y.with_user(self.mrp_user).density = 16.0
        with self.assertRaises(AccessError):
            self.env["mrp.bom.convert"].with_user(self.mrp_user).create(
                {"bom_id": self.bom.id, "target_alloy_id": self.au585y.id}
            )

    def test_mrp_manager_prices_and_costs(self):
        self.env["jewel.metal.price"].with_user(self.mrp_manager).create(
            {"metal_id": self.gold.id, "date": "2031-03-01", "price": 85.0}
        )
        bom = self.bom.with_user(self.mrp_manager)
        bom.jewel_cost_date = "2031-03-05"
        bom.action_jewel_recost()
        self.assertEqual(bom.jewel_cost_metal, 395.25)

    def test_planner_edits_and_costs_designs(self):
        planner = new_test_user(
            self.env,
            login="jewel_access_planner",
            groups="base.group_user,jewel_bom.group_jewel_planner",
        )
        bom = self.bom.with_user(planner)
        bom.write({"jewel_wax_weight": 0.41, "jewel_cost_date": "2031-03-05"})
        bom.bom_line_ids.product_qty = 6.4
        bom.write(
            {
                "bom_line_ids": [
                    (0, 0, {"product_id": self.clasp.id, "product_qty": 1})
                ],
                "operation_ids": [
                    (
                        0,
                        0,
                        {"name": "File", "workcenter_id": self.wc_bench.id},
                    )
                ],
            }
        )
        bom.action_jewel_recost()
        # 6.4 g × 750 ‰ = 4.800 g + clasp 0.36 g × 585 ‰ = 0.211 g fine × 80.00
        self.assertEqual(bom.jewel_fine_gold, 5.011)
        self.assertEqual(bom.jewel_cost_metal, 400.88)
        # the web client shows the planner the buttons
        arch = bom.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="action_jewel_recost"', arch)
        self.assertIn('name="action_jewel_convert"', arch)
        self.assertNotIn(
            'name="action_jewel_recost"',
            self.bom.with_user(self.mrp_user).get_views([(False, "form")])["views"][
                "form"
            ]["arch"],
        )

    def test_the_methods_check_the_role(self):
        # opening the conversion writes nothing: the method itself checks the role
        with self.assertRaises(AccessError):
            self.bom.with_user(self.mrp_user).action_jewel_convert()
        with self.assertRaises(AccessError):
            self.bom.with_user(self.employee).action_jewel_recost()

    def test_employee_sees_alloys_not_prices(self):
        self.assertEqual(self.au750y.with_user(self.employee).fineness, 750)
        with self.assertRaises(AccessError):
            self.env["jewel.metal.price"].with_user(self.employee).search([])

    def test_prices_stay_in_their_company(self):
        other = self.env["res.company"].create({"name": "Other Workshop"})
        self.env["jewel.metal.price"].with_company(other).create(
            {"metal_id": self.gold.id, "date": "2031-01-20", "price": 999.0}
        )
        # the main company still prices at its own rate
        self.assertEqual(self.gold._get_price("2031-01-31"), 80.0)
        self.assertEqual(self.gold._get_price("2031-01-31", company=other), 999.0)
        # a user of the main company only does not see the other company's rate
        prices = (
            self.env["jewel.metal.price"]
            .with_user(self.mrp_manager)
            .search([("metal_id", "=", self.gold.id), ("date", "=", "2031-01-20")])
        )
        self.assertFalse(prices)
        other_user = new_test_user(
            self.env,
            login="jewel_other_user",
            groups="jewel_bom.group_jewel_planner",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        prices = (
            self.env["jewel.metal.price"]
            .with_user(other_user)
            .search([("metal_id", "=", self.gold.id), ("date", ">=", "2031-01-01")])
        )
        self.assertEqual(prices.mapped("price"), [999.0])
