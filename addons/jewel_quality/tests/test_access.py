from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import JewelQualityCommon


@tagged("post_install", "-at_install")
class TestAccess(JewelQualityCommon):
    def test_mrp_user_reads_but_does_not_record(self):
        production = self._mo()
        check = self._check(production, self.point_porosity).with_user(self.mrp_user)
        self.assertEqual(check.state, "todo")
        with self.assertRaises(AccessError):
            check.action_pass()
        with self.assertRaises(AccessError):
            self.env["jewel.quality.point"].with_user(self.mrp_user).create(
                {"name": "Sneaky point"}
            )

    def test_inspector_records_but_does_not_configure(self):
        production = self._mo()
        check = self._check(production, self.point_porosity).with_user(self.inspector)
        check.action_pass()
        self.assertEqual(check.state, "pass")
        with self.assertRaises(AccessError):
            self.point_porosity.with_user(self.inspector).blocking = False
        self.env["jewel.quality.point"].with_user(self.quality_manager).create(
            {"name": "Manager's point"}
        )

    def test_inspector_implies_quality_role(self):
        self.assertTrue(self.inspector.has_group("jewel_bom.group_jewel_quality"))

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Other workshop"})
        foreign = self.env["jewel.quality.point"].create(
            {"name": "Foreign point", "company_id": other.id}
        )
        points = self.env["jewel.quality.point"].with_user(self.inspector).search([])
        self.assertNotIn(foreign, points)
        self.inspector.company_ids |= other
        points = (
            self.env["jewel.quality.point"]
            .with_user(self.inspector)
            .with_context(allowed_company_ids=[self.env.company.id, other.id])
            .search([])
        )
        self.assertIn(foreign, points)
