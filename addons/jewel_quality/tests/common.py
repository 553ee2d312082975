from odoo.tests import new_test_user

from odoo.addons.jewel_bom.tests.common import JewelBomCommon


class JewelQualityCommon(JewelBomCommon):
    """A solitaire ring with a four-operation routing, and its checkpoints.

    The ring's BOM: 3.800 g of 18K yellow grain and one 0.50 ct diamond, so the
    expected piece weight is 3.800 + 0.5 × 0.2 = 3.900 g and one stone.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.category_rings = env["product.category"].create({"name": "Test rings"})
        cls.category_chains = env["product.category"].create({"name": "Test chains"})
        cls.wc_casting = env["mrp.workcenter"].create({"name": "Test casting"})
        cls.wc_qc = env["mrp.workcenter"].create({"name": "Test QC"})
        cls.ring = cls._product(
            "Test solitaire 18K",
            categ_id=cls.category_rings.id,
            jewel_component_type="piece",
            jewel_alloy_id=cls.au750y.id,
        )
        cls.chain = cls._product(
            "Test chain 14K",
            categ_id=cls.category_chains.id,
            jewel_component_type="piece",
            jewel_alloy_id=cls.au585y.id,
        )
        cls.ring_bom = cls._bom(cls.ring, [(cls.grain_750y, 3.8), (cls.diamond_050, 1)])
        ops = env["mrp.routing.workcenter"].create(
            [
                {
                    "bom_id": cls.ring_bom.id,
                    "name": name,
                    "workcenter_id": wc.id,
                    "time_cycle_manual": minutes,
                    "sequence": seq,
                }
                for seq, (name, wc, minutes) in enumerate(
                    [
                        ("Cast shank", cls.wc_casting, 12.0),
                        ("Set solitaire", cls.wc_setting, 25.0),
                        ("Final inspection", cls.wc_qc, 10.0),
                    ]
                )
            ]
        )
        cls.op_cast, cls.op_set, cls.op_final = ops
        cls.chain_bom = cls._bom(cls.chain, [(cls.grain_585y, 7.8)])

        Point = env["jewel.quality.point"]
        cls.point_porosity = Point.create(
            {"name": "Porosity", "kind": "pass_fail", "operation_id": cls.op_cast.id}
        )
        cls.point_stones = Point.create(
            {
                "name": "Stone count",
                "kind": "stone_count",
                "operation_id": cls.op_set.id,
            }
        )
        cls.point_weight = Point.create(
            {
                "name": "Final weight",
                "kind": "weight",
                "operation_id": cls.op_final.id,
                "weight_tolerance": 0.150,
            }
        )
        cls.point_size = Point.create(
            {
                "name": "Ring size",
                "kind": "measurement",
                "norm_min": 53.5,
                "norm_max": 54.5,
                "unit_label": "mm",
                "blocking": False,
                "product_category_ids": [(6, 0, cls.category_rings.ids)],
            }
        )
        cls.point_assay = Point.create(
            {
                "name": "Assay",
                "kind": "assay",
                "product_tmpl_ids": [
                    (6, 0, (cls.ring | cls.chain).product_tmpl_id.ids)
                ],
            }
        )
        cls.defect_porosity = env.ref("jewel_quality.jewel_quality_defect_por")
        cls.defect_weight = env.ref("jewel_quality.jewel_quality_defect_weight")
        cls.defect_finish = env.ref("jewel_quality.jewel_quality_defect_fin")
        cls.inspector = new_test_user(
            env,
            login="jewel_inspector",
            name="Ines Inspector",
            groups="jewel_quality.group_jewel_quality_user,stock.group_stock_user",
        )
        cls.quality_manager = new_test_user(
            env,
            login="jewel_quality_manager",
            name="Quentin Manager",
            groups="jewel_quality.group_jewel_quality_manager,stock.group_stock_user",
        )
        # like the demo ``quality`` login: jewel_bom's Quality Staff role, nothing else
        cls.quality_staff = new_test_user(
            env,
            login="jewel_quality_staff",
            name="Priya Quality",
            groups="base.group_user,jewel_bom.group_jewel_quality",
        )

    @classmethod
    def _mo(cls, product=None, bom=None, confirm=True):
        product = product or cls.ring
        bom = bom or (cls.ring_bom if product == cls.ring else cls.chain_bom)
        production = cls.env["mrp.production"].create(
            {"product_id": product.id, "bom_id": bom.id, "product_qty": 1.0}
        )
        if confirm:
            production.action_confirm()
        return production

    @staticmethod
    def _check(production, point):
        return production.jewel_quality_check_ids.filtered(
            lambda c: c.point_id == point and not c.retest_of_id
        )

    def _mark_done(self, production):
        production.qty_producing = production.product_qty
        production._set_quantities()
        return production.button_mark_done()

    def _pass_all(self, production, user=None):
        """Pass every pending check of ``production`` with in-norm values."""
        values = {
            "weight": 3.9,
            "stone_count": 1,
            "measurement": 54.0,
            "assay": 751.0,
        }
        for check in production.jewel_quality_check_ids.filtered("is_pending"):
            check = check.with_user(user) if user else check
            if check.kind in values:
                check.action_record(values[check.kind])
            else:
                check.action_pass()
