from contextlib import contextmanager

from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class JewelBomCommon(BaseCommon):
    """Metals and alloys come from the module's master data; everything else here.

    Rates are dated in 2031 so that they never meet the demo rates.
    """

    DATE_1 = "2031-01-15"
    DATE_2 = "2031-02-15"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.gram = env.ref("uom.product_uom_gram")
        cls.unit = env.ref("uom.product_uom_unit")
        cls.gold = env.ref("jewel_bom.jewel_metal_xau")
        cls.silver = env.ref("jewel_bom.jewel_metal_xag")
        cls.platinum = env.ref("jewel_bom.jewel_metal_xpt")
        cls.au750y = env.ref("jewel_bom.jewel_alloy_au750_yellow")
        cls.au750w = env.ref("jewel_bom.jewel_alloy_au750_white")
        cls.au585y = env.ref("jewel_bom.jewel_alloy_au585_yellow")
        cls.pt950 = env.ref("jewel_bom.jewel_alloy_pt950")
        cls.ag925 = env.ref("jewel_bom.jewel_alloy_ag925")
        cls.currency = env.company.currency_id

        cls.grain_750y = cls._grain("Test grain 18K yellow", cls.au750y)
        cls.grain_750w = cls._grain("Test grain 18K white", cls.au750w)
        cls.grain_585y = cls._grain("Test grain 14K yellow", cls.au585y)
        cls.grain_pt950 = cls._grain("Test grain Pt950", cls.pt950)
        (cls.au750y | cls.au750w | cls.au585y | cls.pt950).write({"alloying_cost": 0.0})
        cls.au750y.raw_material_product_id = cls.grain_750y
        cls.au750w.raw_material_product_id = cls.grain_750w
        cls.au585y.raw_material_product_id = cls.grain_585y
        cls.pt950.raw_material_product_id = cls.grain_pt950

        cls.diamond_050 = cls._product(
            "Test diamond 0.50 ct",
            jewel_component_type="stone",
            jewel_stone_weight=0.5,
            jewel_stone_count=1,
            standard_price=1850.0,
        )
        cls.diamond_002 = cls._product(
            "Test melee 0.02 ct",
            jewel_component_type="stone",
            jewel_stone_weight=0.02,
            jewel_stone_count=1,
            standard_price=12.5,
        )
        cls.clasp = cls._product(
            "Test clasp 14K yellow",
            jewel_component_type="finding",
            jewel_alloy_id=cls.au585y.id,
            jewel_gross_metal_weight=0.36,
            standard_price=38.0,
        )
        cls.box = cls._product("Test gift box", standard_price=4.2)

        cls.wc_bench = env["mrp.workcenter"].create(
            {"name": "Test bench", "costs_hour": 45.0}
        )
        cls.wc_setting = env["mrp.workcenter"].create(
            {"name": "Test setting", "costs_hour": 60.0}
        )

        cls.mrp_manager = new_test_user(
            env,
            login="jewel_mrp_manager",
            groups="mrp.group_mrp_manager,stock.group_stock_user",
        )
        cls.mrp_user = new_test_user(
            env, login="jewel_mrp_user", groups="mrp.group_mrp_user"
        )

    @contextmanager
    def assertRefused(self, exception, message):
        """The error is raised, says ``message``, and nothing is left behind.

        Odoo's ``assertRaises`` rolls back to a savepoint and clears the cache;
        unittest's ``assertRaisesRegex`` does neither.
        """
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), message)

    @classmethod
    def _product(cls, name, **vals):
        return cls.env["product.product"].create(
            dict({"name": name, "type": "consu", "is_storable": True}, **vals)
        )

    @classmethod
    def _grain(cls, name, alloy):
        return cls._product(
            name,
            uom_id=cls.gram.id,
            uom_po_id=cls.gram.id,
            jewel_component_type="metal",
            jewel_alloy_id=alloy.id,
        )

    @classmethod
    def _bom(cls, product, lines, qty=1.0, bom_type="normal", **vals):
        """A BOM for ``product``; ``lines`` are ``(component, quantity)`` pairs."""
        return cls.env["mrp.bom"].create(
            dict(
                {
                    "product_tmpl_id": product.product_tmpl_id.id,
                    "product_qty": qty,
                    "type": bom_type,
                    "bom_line_ids": [
                        (0, 0, {"product_id": component.id, "product_qty": line_qty})
                        for component, line_qty in lines
                    ],
                },
                **vals,
            )
        )

    @classmethod
    def _rate(cls, metal, date, price, **vals):
        return cls.env["jewel.metal.price"].create(
            dict({"metal_id": metal.id, "date": date, "price": price}, **vals)
        )
