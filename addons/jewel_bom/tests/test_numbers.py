import json
import math

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..tools.numbers import fine_weight_matches, round_weight
from .common import JewelBomCommon
from .rpc import RpcMixin

NOT_NUMBERS = (math.nan, math.inf, -math.inf)


@tagged("post_install", "-at_install")
class TestWeightRounding(JewelBomCommon):
    """Weights round half-up to the milligram, whatever the binary float says."""

    def test_ties_round_up(self):
        # Python's round() rounds the binary value: both ties would go down.
        self.assertEqual(round(0.8075, 3), 0.807)
        self.assertEqual(round(1.334 * 750 / 1000, 3), 1.0)
        self.assertEqual(round_weight(0.8075), 0.808)
        self.assertEqual(round_weight(1.0005), 1.001)
        self.assertEqual(round_weight(2.6745), 2.675)
        self.assertEqual(round_weight(-0.8075), -0.808)

    def test_fine_weight_of_an_alloy_rounds_half_up(self):
        # 1.334 g of 18K hold 1.0005 g fine: 1.001 g, not 1.000 g
        self.assertEqual(self.au750y._fine_weight(1.334), 1.001)
        # 0.850 g of Pt950 hold 0.8075 g of platinum: 0.808 g
        self.assertEqual(self.pt950._fine_weight(0.85), 0.808)

    def test_product_lot_and_bom_round_the_tie_up(self):
        ring = self._product(
            "Test Pt950 band",
            jewel_component_type="piece",
            jewel_alloy_id=self.pt950.id,
            jewel_gross_metal_weight=0.85,
        )
        self.assertEqual(ring.jewel_fine_weight, 0.808)
        lot = self.env["stock.lot"].create({"name": "PT-TIE", "product_id": ring.id})
        self.assertEqual(lot.jewel_fine_weight, 0.808)
        pendant = self._product("Test pendant", jewel_component_type="piece")
        bom = self._bom(pendant, [(ring, 1.0)])
        self.assertEqual(bom.bom_line_ids.jewel_fine_weight, 0.808)
        self.assertEqual(bom.jewel_fine_platinum, 0.808)
        # grain by the gram: 1.334 g of 18K grain is 1.001 g fine on the line
        chain = self._product("Test chain", jewel_component_type="piece")
        bom = self._bom(chain, [(self.grain_750y, 1.334)])
        self.assertEqual(bom.bom_line_ids.jewel_fine_weight, 1.001)
        self.assertEqual(bom.jewel_fine_gold, 1.001)

    def test_fine_weight_matches_within_the_rounding(self):
        # 10 g of 18K: 7.500 g fine, a milligram either way is rounding
        self.assertTrue(fine_weight_matches(10, 750, 7.5))
        self.assertTrue(fine_weight_matches(10, 750, 7.501))
        self.assertFalse(fine_weight_matches(10, 750, 7.503))
        self.assertFalse(fine_weight_matches(10, 750, 0.001))


@tagged("post_install", "-at_install")
class TestNumbersRefused(RpcMixin, JewelBomCommon):
    """NaN, infinity and absurd numbers are refused in words, over RPC too."""

    def _rpc_json(self, user, model, method, *args):
        """The call as JSON carries it (Python's json writes NaN and Infinity)."""
        args = json.loads(json.dumps(args))
        return self.rpc(user, model, method, *args)

    def assertRpcJsonRefused(self, message, user, model, method, *args):
        with self.assertRaisesRegex(ValidationError, message):
            with self.env.cr.savepoint():
                self._rpc_json(user, model, method, *args)

    def test_alloy_numbers_over_rpc(self):
        alloy = self.env["jewel.alloy"].create(
            {
                "name": "Test 18K",
                "metal_id": self.gold.id,
                "fineness": 750,
                "density": 15.5,
            }
        )
        for value in NOT_NUMBERS:
            for name in ("fineness", "density", "alloying_cost"):
                self.assertRpcJsonRefused(
                    "must be",
                    self.mrp_manager,
                    "jewel.alloy",
                    "write",
                    [alloy.id],
                    {name: value},
                )
        self.assertRpcJsonRefused(
            r"Fineness \(‰\) must be above 0 and at most 1000 ‰ \(not 1e\+12\)",
            self.mrp_manager,
            "jewel.alloy",
            "write",
            [alloy.id],
            {"fineness": 1e12},
        )
        self.assertRpcJsonRefused(
            r"Density \(g/cm³\) must be above 0 and at most 30 g/cm³",
            self.mrp_manager,
            "jewel.alloy",
            "write",
            [alloy.id],
            {"density": 1e12},
        )
        self.assertRpcJsonRefused(
            r"not “not a number” \(NaN\)",
            self.mrp_manager,
            "jewel.alloy",
            "create",
            {
                "name": "NaN 18K",
                "metal_id": self.gold.id,
                "fineness": math.nan,
                "density": 15.5,
            },
        )
        # the form's onchange too: NaN never reaches Odoo's conversion
        with self.assertRaisesRegex(ValidationError, r"\(NaN\)"):
            self._rpc_json(
                self.mrp_manager,
                "jewel.alloy",
                "onchange",
                [alloy.id],
                {"fineness": math.nan, "density": 15.5},
                ["fineness"],
                {"fineness": {}, "density": {}, "karat": {}},
            )
        self.assertEqual((alloy.fineness, alloy.density), (750, 15.5))
        self.assertFalse(
            self.env["jewel.alloy"].search_count([("name", "=", "NaN 18K")])
        )

    def test_metal_price_not_a_number(self):
        for value in (*NOT_NUMBERS, "abc", 10**400, -5):
            with self.assertRefused(ValidationError, "Price / Fine g must be"):
                with self.env.cr.savepoint():
                    self.env["jewel.metal.price"].with_user(self.mrp_manager).create(
                        {"metal_id": self.gold.id, "date": self.DATE_1, "price": value}
                    )
        self.assertRpcJsonRefused(
            "Price / Fine g must be",
            self.mrp_manager,
            "jewel.metal.price",
            "create",
            {"metal_id": self.gold.id, "date": self.DATE_1, "price": math.inf},
        )
        self.assertFalse(
            self.env["jewel.metal.price"].search_count([("date", "=", self.DATE_1)])
        )

    def test_bom_weights_not_numbers(self):
        ring = self._product(
            "Test ring",
            jewel_component_type="piece",
            jewel_alloy_id=self.au750y.id,
            jewel_gross_metal_weight=4.0,
        )
        bom = self._bom(ring, [(self.grain_750y, 4.0)])
        line = bom.bom_line_ids
        for value in NOT_NUMBERS:
            self.assertRpcJsonRefused(
                "Metal Weight",
                self.mrp_manager,
                "product.template",
                "write",
                [ring.product_tmpl_id.id],
                {"jewel_gross_metal_weight": value},
            )
            self.assertRpcJsonRefused(
                "Metal",
                self.mrp_manager,
                "mrp.bom",
                "write",
                [bom.id],
                {"bom_line_ids": [(1, line.id, {"jewel_gross_metal_weight": value})]},
            )
            self.assertRpcJsonRefused(
                "Wax",
                self.mrp_manager,
                "mrp.bom",
                "write",
                [bom.id],
                {"jewel_wax_weight": value},
            )
        self.assertRpcJsonRefused(
            r"Stones \(ct\) must be at least 0",
            self.mrp_manager,
            "product.template",
            "write",
            [ring.product_tmpl_id.id],
            {"jewel_stone_weight": -0.5},
        )
        self.assertEqual(ring.jewel_gross_metal_weight, 4.0)
        self.assertEqual(line.jewel_gross_metal_weight, 4.0)
        self.assertEqual(bom.jewel_fine_gold, 3.0)
