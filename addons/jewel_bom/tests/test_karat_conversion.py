import re

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import JewelBomCommon


@tagged("post_install", "-at_install")
class TestKaratConversion(JewelBomCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.band = cls._product(
            "Test Band 18K Yellow Gold",
            jewel_alloy_id=cls.au750y.id,
            jewel_gross_metal_weight=6.2,
        )
        cls.bom = cls._bom(
            cls.band,
            [(cls.grain_750y, 6.2), (cls.clasp, 1), (cls.diamond_002, 3)],
            operation_ids=[
                (
                    0,
                    0,
                    {
                        "name": "File",
                        "workcenter_id": cls.wc_bench.id,
                        "time_cycle_manual": 20,
                    },
                )
            ],
        )

    def _convert(self, alloy, **vals):
        bom = self.bom.with_context(tracking_disable=False, mail_notrack=False)
        action = bom.action_jewel_convert()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        form.target_alloy_id = alloy
        for name, value in vals.items():
            setattr(form, name, value)
        wizard = form.save()
        result = wizard.action_convert()
        return self.env["mrp.bom"].browse(result["res_id"])

    def test_18k_yellow_to_14k_yellow(self):
        new_bom = self._convert(self.au585y)
        metal, clasp, melee = new_bom.bom_line_ids
        # 6.200 g × 13.07 / 15.58 = 5.201 g of 14K yellow grain
        self.assertEqual(metal.product_id, self.grain_585y)
        self.assertEqual(metal.product_qty, 5.201)
        self.assertEqual(metal.jewel_gross_metal_weight, 5.201)
        self.assertEqual(metal.jewel_alloy_id, self.au585y)
        self.assertEqual(metal.jewel_fine_weight, 3.043)
        # findings and stones unchanged
        self.assertEqual((clasp.product_id, clasp.product_qty), (self.clasp, 1))
        self.assertEqual((melee.product_id, melee.product_qty), (self.diamond_002, 3))
        self.assertEqual(new_bom.jewel_stone_weight, 0.06)
        self.assertEqual(len(new_bom.operation_ids), 1)
        # the new design is its own product, in the new alloy
        product = new_bom.product_tmpl_id
        self.assertNotEqual(product, self.band.product_tmpl_id)
        self.assertEqual(product.name, "Test Band 14K Yellow Gold")
        self.assertEqual(product.jewel_alloy_id, self.au585y)
        self.assertEqual(product.jewel_gross_metal_weight, 5.201)
        # the source is untouched
        self.assertEqual(self.bom.bom_line_ids[0].product_qty, 6.2)
        # both chatters say where the other came from
        self.assertEqual(new_bom.jewel_converted_from_id, self.bom)
        self.assertEqual(self.bom.jewel_conversion_ids, new_bom)
        converted_note = new_bom.message_ids.filtered(
            lambda m: "Converted from" in (m.body or "")
        )
        self.assertIn(f'data-oe-id="{self.bom.id}"', converted_note.body)
        self.assertIn("Converted to 14K Yellow Gold", self.bom.message_ids[0].body)
        self.assertIn(f'data-oe-id="{new_bom.id}"', self.bom.message_ids[0].body)
        action = self.bom.action_jewel_open_conversions()
        self.assertEqual(action["domain"], [("id", "in", new_bom.ids)])

    def test_other_metal_only_when_said(self):
        count = self.env["mrp.bom"].search_count([])
        with self.assertRefused(UserError, "Tick 'Convert to Another Metal'"):
            self._convert(self.pt950)
        self.assertEqual(self.env["mrp.bom"].search_count([]), count)
        new_bom = self._convert(self.pt950, allow_other_metal=True)
        # 6.200 g × 20.1 / 15.58 = 7.999 g of Pt950
        self.assertEqual(new_bom.bom_line_ids[0].jewel_gross_metal_weight, 7.999)
        self.assertEqual(new_bom.jewel_fine_platinum, 7.599)
        self.assertEqual(new_bom.jewel_fine_gold, 0.211)  # the 14K clasp stays

    def test_alloy_without_raw_material_is_refused_at_the_choice(self):
        rose = self.env.ref("jewel_bom.jewel_alloy_au585_rose")
        rose.raw_material_product_id = False
        wizard = self.env["mrp.bom.convert"].create(
            {"bom_id": self.bom.id, "target_alloy_id": self.au585y.id}
        )
        # the choice offers only alloys it can convert to: with casting grain,
        # not the design's own alloy, of the same metal unless asked otherwise
        self.assertIn(self.au585y, wizard.allowed_alloy_ids)
        self.assertIn(self.au750w, wizard.allowed_alloy_ids)
        self.assertNotIn(rose, wizard.allowed_alloy_ids)
        self.assertNotIn(self.au750y, wizard.allowed_alloy_ids)
        self.assertNotIn(self.pt950, wizard.allowed_alloy_ids)
        wizard.allow_other_metal = True
        self.assertIn(self.pt950, wizard.allowed_alloy_ids)
        self.assertNotIn(rose, wizard.allowed_alloy_ids)
        # and the model refuses it when it is chosen, before Convert
        form = Form(
            self.env["mrp.bom.convert"].with_context(default_bom_id=self.bom.id)
        )
        form.target_alloy_id = rose
        with self.assertRefused(ValidationError, "has no raw material"):
            form.save()

    def test_converted_design_is_named_after_its_new_alloy(self):
        ring = self._product(
            "Solitaire Ring 18K Yellow 0.50 ct", jewel_alloy_id=self.au750y.id
        )
        bom = self._bom(ring, [(self.grain_750y, 3.8), (self.diamond_050, 1)])
        wizard = self.env["mrp.bom.convert"].create(
            {"bom_id": bom.id, "target_alloy_id": self.au585y.id}
        )
        self.assertEqual(wizard.product_name, "Solitaire Ring 14K Yellow 0.50 ct")
        wizard.write({"allow_other_metal": True, "target_alloy_id": self.pt950.id})
        self.assertEqual(wizard.product_name, "Solitaire Ring Platinum 950 0.50 ct")
        new_bom = self.env["mrp.bom"].browse(wizard.action_convert()["res_id"])
        self.assertEqual(
            new_bom.product_tmpl_id.name, "Solitaire Ring Platinum 950 0.50 ct"
        )
        # nothing of the alloy in the name: the new alloy in brackets
        self.assertEqual(
            wizard._jewel_new_product_name("Signet", "18K Yellow Gold", "Platinum 950"),
            "Signet (Platinum 950)",
        )

    @freeze_time("2031-03-01")
    def test_converted_design_is_costed_at_once_and_says_its_rate_date(self):
        self._rate(self.gold, self.DATE_1, 80.0)
        new_bom = self._convert(self.au585y)
        self.assertEqual(str(new_bom.jewel_cost_date), "2031-03-01")
        self.assertEqual(str(new_bom.jewel_cost_price_date), self.DATE_1)
        # 5.201 g + 0.36 g clasp of 14K = 3.253 g fine × 80.00
        self.assertEqual(new_bom.jewel_fine_gold, 3.253)
        self.assertEqual(new_bom.jewel_cost_metal, 260.24)
        self.assertEqual(
            new_bom.jewel_cost_total,
            new_bom._jewel_cost_breakdown("2031-03-01")[new_bom]["total"],
        )
        self.assertGreater(new_bom.jewel_cost_total, 260.24)
        # the cost sheet says which rate the prices of the day are
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("jewel_bom.report_jewel_cost_sheet", new_bom.ids)[0]
            .decode()
        )
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        self.assertIn("Metal prices of: 2031-03-01 (latest rate: 2031-01-15 )", text)

    def test_only_a_planner_converts(self):
        planner = new_test_user(
            self.env,
            login="jewel_convert_planner",
            groups="base.group_user,jewel_bom.group_jewel_planner",
        )
        goldsmith = new_test_user(
            self.env,
            login="jewel_convert_goldsmith",
            groups="base.group_user,jewel_bom.group_jewel_goldsmith",
        )
        # the method checks the role, not only the rights of the records it writes
        with self.assertRaises(AccessError):
            self.bom.with_user(goldsmith).action_jewel_convert()
        wizard = self.env["mrp.bom.convert"].create(
            {"bom_id": self.bom.id, "target_alloy_id": self.au585y.id}
        )
        with self.assertRaises(AccessError):
            wizard.with_user(goldsmith).action_convert()
        action = self.bom.with_user(planner).action_jewel_convert()
        form = Form(
            self.env[action["res_model"]]
            .with_user(planner)
            .with_context(**action["context"])
        )
        form.target_alloy_id = self.au585y
        result = form.save().action_convert()
        new_bom = self.env["mrp.bom"].browse(result["res_id"])
        self.assertEqual(new_bom.jewel_converted_from_id, self.bom)
        self.assertEqual(new_bom.create_uid, planner)
