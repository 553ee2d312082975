from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    def test_karat_conversion_tour(self):
        """In the web client: open a BOM, read its jewellery totals, convert it."""
        self.start_tour("/odoo", "jewel_bom_karat_conversion", login="admin")
        converted = self.env["mrp.bom"].search(
            [
                (
                    "jewel_converted_from_id.product_tmpl_id.name",
                    "=",
                    "Tour Band 18K Yellow Gold",
                )
            ]
        )
        self.assertEqual(len(converted), 1)
        self.assertEqual(converted.jewel_alloy_id.name, "14K Yellow Gold")
        self.assertEqual(converted.jewel_gross_metal_weight, 5.201)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        gram = env.ref("uom.product_uom_gram")
        au750y = env.ref("jewel_bom.jewel_alloy_au750_yellow")
        au585y = env.ref("jewel_bom.jewel_alloy_au585_yellow")
        grains = {}
        for alloy in (au750y, au585y):
            grains[alloy] = env["product.product"].create(
                {
                    "name": f"Tour grain {alloy.name}",
                    "type": "consu",
                    "uom_id": gram.id,
                    "uom_po_id": gram.id,
                    "jewel_component_type": "metal",
                    "jewel_alloy_id": alloy.id,
                }
            )
            alloy.raw_material_product_id = grains[alloy]
        band = env["product.product"].create(
            {"name": "Tour Band 18K Yellow Gold", "jewel_alloy_id": au750y.id}
        )
        env["mrp.bom"].create(
            {
                "product_tmpl_id": band.product_tmpl_id.id,
                "bom_line_ids": [
                    (0, 0, {"product_id": grains[au750y].id, "product_qty": 6.2})
                ],
            }
        )
