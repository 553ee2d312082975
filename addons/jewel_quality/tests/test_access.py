from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

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

    def test_one_quality_role_model(self):
        """jewel_bom's roles are the workshop's: its Quality Staff are inspectors,
        the quality manager is quality staff, the workshop owner a quality manager
        (a supervisor inspects but does not accept deviations)."""
        inspector = "jewel_quality.group_jewel_quality_user"
        manager = "jewel_quality.group_jewel_quality_manager"
        self.assertTrue(self.quality_staff.has_group(inspector))
        self.assertFalse(self.quality_staff.has_group(manager))
        self.assertTrue(self.quality_manager.has_group("jewel_bom.group_jewel_quality"))
        self.assertTrue(self.quality_manager.has_group(inspector))
        owner, supervisor = (
            new_test_user(
                self.env,
                login=f"jewel_quality_{role}",
                groups=f"base.group_user,jewel_bom.group_jewel_{role}",
            )
            for role in ("owner", "supervisor")
        )
        self.assertTrue(owner.has_group(manager))
        self.assertTrue(supervisor.has_group(inspector))
        self.assertFalse(supervisor.has_group(manager))
        # the demo login ``quality`` holds the role
        demo = self.env.ref("jewel_bom.user_quality_demo", raise_if_not_found=False)
        if demo:
            self.assertTrue(demo.has_group(inspector))

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
