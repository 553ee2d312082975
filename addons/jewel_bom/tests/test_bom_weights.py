from lxml import etree
from markupsafe import Markup

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import JewelBomCommon


@tagged("post_install", "-at_install")
class TestBomWeights(JewelBomCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Level 3: four prongs are made from 0.200 g of 18K white
        cls.prong = cls._product("Test prong 18K white")
        cls.prong_bom = cls._bom(cls.prong, [(cls.grain_750w, 0.2)], qty=4)
        # Level 2: a setting head = gallery 0.400 g 18K white + 4 prongs + centre stone
        cls.head = cls._product("Test setting head", jewel_component_type="finding")
        cls.head_bom = cls._bom(
            cls.head, [(cls.grain_750w, 0.4), (cls.prong, 4), (cls.diamond_050, 1)]
        )
        # A kit of six melee side stones
        cls.melee_kit = cls._product("Test melee kit")
        cls.melee_kit_bom = cls._bom(
            cls.melee_kit, [(cls.diamond_002, 6)], bom_type="phantom"
        )
        # Level 1: the ring
        cls.ring = cls._product("Test solitaire ring", jewel_alloy_id=cls.au750y.id)
        cls.ring_bom = cls._bom(
            cls.ring, [(cls.grain_750y, 3.2), (cls.head, 1), (cls.melee_kit, 1)]
        )

    def test_line_weights(self):
        band = self._product("Test band")
        bom = self._bom(
            band,
            [
                (self.grain_750y, 6.2),
                (self.clasp, 2),
                (self.diamond_002, 12),
                (self.box, 1),
            ],
        )
        metal, clasp, melee, box = bom.bom_line_ids
        self.assertEqual(
            (metal.jewel_alloy_id, metal.jewel_gross_metal_weight), (self.au750y, 6.2)
        )
        self.assertEqual(metal.jewel_fine_weight, 4.65)
        # two clasps of 0.360 g 14K: 0.720 g, 0.421 fine g
        self.assertEqual(clasp.jewel_gross_metal_weight, 0.72)
        self.assertEqual(clasp.jewel_fine_weight, 0.421)
        self.assertEqual(
            (melee.jewel_stone_weight, melee.jewel_stone_count), (0.24, 12)
        )
        self.assertEqual(
            (box.jewel_gross_metal_weight, box.jewel_stone_weight), (0.0, 0.0)
        )
        self.assertEqual(bom.jewel_gross_metal_weight, 6.92)
        self.assertEqual(bom.jewel_fine_gold, 5.071)
        self.assertEqual(bom.jewel_gross_weight, 6.968)

    def test_metal_in_kilograms_is_counted_in_grams(self):
        kg = self.env.ref("uom.product_uom_kgm")
        bom = self._bom(self._product("Test ingot job"), [(self.grain_585y, 0.25)])
        bom.bom_line_ids.product_uom_id = kg
        self.assertEqual(bom.bom_line_ids.jewel_gross_metal_weight, 250.0)
        self.assertEqual(bom.jewel_fine_gold, 146.25)

    def test_three_level_rollup(self):
        bom = self.ring_bom
        # metal: 3.200 shank + 0.400 gallery + 0.200 for four prongs
        self.assertEqual(bom.jewel_gross_metal_weight, 3.8)
        self.assertEqual(bom.jewel_fine_gold, 2.85)
        self.assertEqual(bom.jewel_fine_platinum, 0.0)
        # stones: 0.50 centre + 6 × 0.02 melee
        self.assertEqual(bom.jewel_stone_weight, 0.62)
        self.assertEqual(bom.jewel_stone_count, 7)
        self.assertEqual(bom.jewel_gross_weight, 3.924)
        rollup = bom._jewel_rollup()[bom]
        self.assertEqual(rollup["gross_by_alloy"], {self.au750y: 3.2, self.au750w: 0.6})
        self.assertEqual(
            [b for b, _qty in rollup["boms"]],
            [self.ring_bom, self.head_bom, self.melee_kit_bom, self.prong_bom],
        )

    def test_rollup_for_a_bom_quantity_and_mixed_metals(self):
        pair = self._product("Test pair of earrings")
        bom = self._bom(pair, [(self.grain_pt950, 2.5), (self.head, 2)], qty=2)
        # 2.5 g Pt950 + two heads of 0.600 g 18K white, two centre stones
        self.assertEqual(bom.jewel_gross_metal_weight, 3.7)
        self.assertEqual(bom.jewel_fine_platinum, 2.375)
        self.assertEqual(bom.jewel_fine_gold, 0.9)
        self.assertEqual((bom.jewel_stone_weight, bom.jewel_stone_count), (1.0, 2))

    def test_sub_bom_change_shows_in_the_parent_on_next_read(self):
        self.assertEqual(self.ring_bom.jewel_gross_metal_weight, 3.8)
        self.prong_bom.bom_line_ids.product_qty = 0.24
        self.env.invalidate_all()  # the next request
        self.assertEqual(self.ring_bom.jewel_gross_metal_weight, 3.84)

    def test_rollup_query_count_does_not_grow_with_lines(self):
        def bom_with(lines):
            bom = self._bom(
                self._product(f"Test wide ring {lines}"),
                [(self.grain_750y, 0.1)] * lines + [(self.head, 1)],
            )
            self.env.invalidate_all()
            return bom

        small, large = bom_with(10), bom_with(60)
        counts = []
        for bom in (small, large):
            self.env.invalidate_all()
            queries_before = self.cr.sql_log_count
            bom._jewel_rollup()
            counts.append(self.cr.sql_log_count - queries_before)
        self.assertEqual(counts[0], counts[1], "the roll-up must not query per line")
        self.assertLessEqual(counts[1], 25)

    def test_product_and_lot_weights(self):
        ring = self._product(
            "Test eternity ring",
            jewel_alloy_id=self.au750w.id,
            jewel_gross_metal_weight=4.125,
            jewel_stone_weight=1.05,
            jewel_stone_count=21,
            tracking="serial",
        )
        self.assertEqual(ring.jewel_fine_weight, 3.094)
        self.assertEqual(ring.jewel_gross_weight, 4.335)
        lot = self.env["stock.lot"].create({"name": "ET-0001", "product_id": ring.id})
        self.assertEqual(lot.jewel_gross_metal_weight, 4.125)
        self.assertEqual(lot.jewel_alloy_id, self.au750w)
        lot.jewel_gross_metal_weight = 4.118  # the piece as weighed after polishing
        self.assertEqual(lot.jewel_fine_weight, 3.089)
        self.assertEqual(lot.jewel_gross_weight, 4.328)
        self.assertEqual(ring.jewel_gross_metal_weight, 4.125)
        # a piece weighed at creation keeps the design's alloy and stones
        weighed = self.env["stock.lot"].create(
            {
                "name": "ET-0002",
                "product_id": ring.id,
                "jewel_gross_metal_weight": 4.131,
            }
        )
        self.assertEqual(weighed.jewel_alloy_id, self.au750w)
        self.assertEqual(
            (weighed.jewel_stone_weight, weighed.jewel_stone_count), (1.05, 21)
        )
        self.assertEqual(weighed.jewel_fine_weight, 3.098)

    def test_negative_weights_are_refused(self):
        with self.assertRefused(
            ValidationError, "cannot be negative|must be at least 0"
        ):
            self._product("Bad", jewel_gross_metal_weight=-1.0)
        with self.assertRefused(
            ValidationError, "cannot be negative|must be at least 0"
        ):
            self.clasp.jewel_stone_weight = -0.1
        line = self.ring_bom.bom_line_ids[0]
        with self.assertRefused(
            ValidationError, "cannot be negative|must be at least 0"
        ):
            line.jewel_gross_metal_weight = -3.2
        self.assertEqual(line.jewel_gross_metal_weight, 3.2)
        lot = self.env["stock.lot"].create(
            {"name": "NEG-1", "product_id": self.ring.id}
        )
        with self.assertRefused(
            ValidationError, "cannot be negative|must be at least 0"
        ):
            lot.jewel_stone_count = -1

    def test_metal_without_alloy_is_refused(self):
        line = self.ring_bom.bom_line_ids[0]
        with self.assertRefused(ValidationError, "say which alloy"):
            line.jewel_alloy_id = False
        self.assertEqual(line.jewel_alloy_id, self.au750y)

    def test_line_changes_are_posted_on_the_bom(self):
        bom = self.ring_bom.with_context(tracking_disable=False, mail_notrack=False)
        line = bom.bom_line_ids[0]
        line.product_qty = 3.35
        message = bom.message_ids[0]
        self.assertIn("Component metal changed", message.body)
        self.assertIn(Markup("3.2 → 3.35"), message.body)
        self.assertIn(self.grain_750y.display_name, message.body)

    def test_weight_totals_in_list_footers_show_milligrams(self):
        """A list's footer sum shows the digits of the view's column, not the
        field's: every summed weight column of the module says three decimals."""
        weight_digits = self.env["decimal.precision"].precision_get("Jewel Weight")
        self.assertEqual(weight_digits, 3)
        views = self.env["ir.ui.view"].search(
            [
                ("model_data_id.module", "=", "jewel_bom"),
                ("type", "in", ("form", "list")),
            ]
        )
        summed = []
        for view in views:
            model = self.env[view.model]
            arch = etree.fromstring(
                model.get_views([(view.id, view.type)])["views"][view.type]["arch"]
            )
            for node in arch.xpath("//list//field[@sum]"):
                field_model = model
                parent = node.getparent()
                while parent is not None and parent.tag != "field":
                    parent = parent.getparent()
                if parent is not None:
                    field_model = self.env[
                        model._fields[parent.get("name")].comodel_name
                    ]
                field = field_model._fields[node.get("name")]
                if field.type != "float" or not node.get("name").startswith("jewel_"):
                    continue
                summed.append(node.get("name"))
                digits = field.get_digits(self.env)
                self.assertEqual(
                    node.get("digits"),
                    f"[16, {digits[1]}]",
                    f"the footer of {node.get('name')} in {view.xml_id} rounds "
                    "to 2 decimals",
                )
        self.assertIn("jewel_gross_metal_weight", summed)
