from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import JewelBomCommon


@tagged("post_install", "-at_install")
class TestAlloy(JewelBomCommon):
    def test_master_data_matches_the_domain_reference(self):
        expected = {
            "jewel_alloy_au999": (999, 24, 19.36),
            "jewel_alloy_au916_yellow": (916, 22, 17.8),
            "jewel_alloy_au750_yellow": (750, 18, 15.58),
            "jewel_alloy_au750_white": (750, 18, 14.64),
            "jewel_alloy_au750_rose": (750, 18, 15.18),
            "jewel_alloy_au585_yellow": (585, 14, 13.07),
            "jewel_alloy_au585_white": (585, 14, 12.61),
            "jewel_alloy_au585_rose": (585, 14, 13.26),
            "jewel_alloy_au417_yellow": (417, 10, 11.57),
            "jewel_alloy_au417_white": (417, 10, 11.07),
            "jewel_alloy_au375_yellow": (375, 9, 11.2),
            "jewel_alloy_ag925": (925, 0, 10.40),
            "jewel_alloy_ag958": (958, 0, 10.49),
            "jewel_alloy_ag999": (999, 0, 10.53),
            "jewel_alloy_pt950": (950, 0, 20.1),
            "jewel_alloy_pt900": (900, 0, 21.54),
            "jewel_alloy_pd950": (950, 0, 12.0),
        }
        for xmlid, (fineness, karat, density) in expected.items():
            alloy = self.env.ref(f"jewel_bom.{xmlid}")
            self.assertEqual(alloy.fineness, fineness, xmlid)
            self.assertEqual(alloy.karat, karat, xmlid)
            self.assertAlmostEqual(alloy.density, density, places=2, msg=xmlid)

    def test_karat_only_for_gold(self):
        alloy = self.env["jewel.alloy"].create(
            {
                "name": "Test 20K",
                "metal_id": self.gold.id,
                "fineness": 833,
                "density": 16.2,
            }
        )
        self.assertEqual(alloy.karat, 20)
        alloy.metal_id = self.silver
        self.assertEqual(alloy.karat, 0)

    def test_fine_weight_to_the_milligram(self):
        self.assertEqual(self.au750y._fine_weight(6.2), 4.65)
        self.assertEqual(self.au585y._fine_weight(7.8), 4.563)
        self.assertEqual(self.ag925._fine_weight(12.345), 11.419)

    def test_fineness_out_of_range_is_refused(self):
        Alloy = self.env["jewel.alloy"]
        for fineness in (0, -585, 1000.1):
            with self.assertRefused(ValidationError, "above 0 and at most 1000"):
                with self.env.cr.savepoint():
                    Alloy.create(
                        {
                            "name": "Bad",
                            "metal_id": self.gold.id,
                            "fineness": fineness,
                            "density": 15.0,
                        }
                    )
        self.assertFalse(Alloy.search([("name", "=", "Bad")]))
        pure = Alloy.create(
            {
                "name": "Pure",
                "metal_id": self.gold.id,
                "fineness": 1000,
                "density": 19.32,
            }
        )
        self.assertEqual(pure.karat, 24)

    def test_density_must_be_positive(self):
        with self.assertRefused(ValidationError, "[Dd]ensity"):
            self.au750y.density = 0
        self.assertEqual(self.au750y.density, 15.58)
