from odoo.exceptions import UserError
from odoo.tests import Form, tagged

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
        self.assertIn("Converted from", new_bom.message_ids[0].body)
        self.assertIn(f'data-oe-id="{self.bom.id}"', new_bom.message_ids[0].body)
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

    def test_alloy_without_raw_material(self):
        rose = self.env.ref("jewel_bom.jewel_alloy_au585_rose")
        rose.raw_material_product_id = False
        with self.assertRefused(UserError, "has no raw material"):
            self._convert(rose)
