from odoo.tests import tagged

from .common import JewelQualityCommon


@tagged("post_install", "-at_install")
class TestCheckGeneration(JewelQualityCommon):
    def test_checks_for_matching_mo_and_workorders(self):
        production = self._mo()
        checks = production.jewel_quality_check_ids
        self.assertEqual(
            sorted(checks.mapped("point_id.name")),
            ["Assay", "Final weight", "Porosity", "Ring size", "Stone count"],
        )
        porosity = self._check(production, self.point_porosity)
        self.assertEqual(porosity.workorder_id.operation_id, self.op_cast)
        self.assertEqual(porosity.workcenter_id, self.wc_casting)
        weight = self._check(production, self.point_weight)
        self.assertEqual(weight.workorder_id.operation_id, self.op_final)
        # Points on the product or category check the MO as a whole.
        self.assertFalse(self._check(production, self.point_size).workorder_id)
        self.assertEqual(checks.mapped("state"), ["todo"] * 5)
        self.assertTrue(all(c.name.startswith("QC/") for c in checks))
        self.assertEqual(production.jewel_quality_pending_count, 5)

    def test_other_products_only_get_their_checks(self):
        chain_mo = self._mo(self.chain)
        # The chain has no ring operation and is not a ring: only the assay.
        self.assertEqual(chain_mo.jewel_quality_check_ids.point_id, self.point_assay)
        other = self._product(
            "Test gift box of rings", categ_id=self.category_chains.id
        )
        other_bom = self._bom(other, [(self.box, 1)])
        other_mo = self._mo(other, other_bom)
        self.assertFalse(other_mo.jewel_quality_check_ids)

    def test_draft_mo_has_no_checks_and_confirm_once(self):
        production = self._mo(confirm=False)
        self.assertFalse(production.jewel_quality_check_ids)
        production.action_confirm()
        self.assertEqual(len(production.jewel_quality_check_ids), 5)
        production._jewel_create_quality_checks()
        self.assertEqual(len(production.jewel_quality_check_ids), 5)

    def test_sub_category_and_workcenter_points(self):
        sub = self.env["product.category"].create(
            {"name": "Test signet rings", "parent_id": self.category_rings.id}
        )
        self.ring.categ_id = sub
        wc_point = self.env["jewel.quality.point"].create(
            {
                "name": "Setting security",
                "kind": "pass_fail",
                "workcenter_id": self.wc_setting.id,
            }
        )
        production = self._mo()
        self.assertTrue(self._check(production, self.point_size))
        wc_check = self._check(production, wc_point)
        self.assertEqual(wc_check.workorder_id.operation_id, self.op_set)

    def test_archived_point_makes_no_check(self):
        self.point_assay.active = False
        production = self._mo()
        self.assertNotIn(self.point_assay, production.jewel_quality_check_ids.point_id)
