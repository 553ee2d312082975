from odoo.tests import new_test_user, tagged

from odoo.addons.jewel_metal_ledger.tests.common import JewelMetalLedgerCommon


@tagged("post_install", "-at_install")
class TestQualityMetal(JewelMetalLedgerCommon):
    """The ring of the ledger's common data: 6.200 g of 18K yellow, issued to Anna."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.wc_rework = env["mrp.workcenter"].create({"name": "Test rework bench"})
        cls.point = env["jewel.quality.point"].create(
            {
                "name": "Test casting porosity",
                "kind": "pass_fail",
                "product_tmpl_ids": [(6, 0, cls.ring.product_tmpl_id.ids)],
            }
        )
        cls.production._jewel_create_quality_checks()
        cls.check = cls.production.jewel_quality_check_ids.filtered(
            lambda c: c.point_id == cls.point
        )
        cls.inspector = new_test_user(
            env,
            login="jewel_ql_inspector",
            groups="jewel_quality.group_jewel_quality_user,stock.group_stock_user",
        )
        cls._transfer(
            "issue",
            cls.vault,
            cls.anna,
            [(cls.au750y, 6.2)],
            production_id=cls.production.id,
        ).action_post()

    def _balance(self, account):
        return account._get_balance(self.gold)

    def test_scrap_returns_piece_metal_to_vault(self):
        vault_before = self._balance(self.vault)
        self.check.action_fail()
        self.check.with_user(self.inspector).action_decide_scrap("Porous shank")
        transfer = self.check.jewel_metal_transfer_ids
        self.assertEqual(len(transfer), 1)
        self.assertEqual(transfer.transfer_type, "scrap_return")
        self.assertEqual(transfer.state, "posted")
        self.assertEqual(transfer.from_account_id, self.anna)
        self.assertEqual(transfer.to_account_id, self.vault)
        self.assertEqual(transfer.production_id, self.production)
        self.assertEqual(transfer.total_gross_weight, 6.2)
        self.assertEqual(transfer.total_fine_weight, 4.65)
        self.assertEqual(self.check.scrap_id.state, "done")
        vault_after = self._balance(self.vault)
        self.assertAlmostEqual(vault_after - vault_before, 4.65, places=3)
        self.assertAlmostEqual(self._balance(self.anna), 0.0, places=3)

    def test_rework_metal_goes_through_the_ledger(self):
        self.check.action_fail()
        self.check.action_decide_rework(self.wc_rework, 30.0, "Fill the pits")
        action = self.check.action_jewel_issue_rework_metal()
        context = action["context"]
        self.assertEqual(context["default_transfer_type"], "issue")
        self.assertEqual(context["default_production_id"], self.production.id)
        self.assertEqual(
            context["default_workorder_id"], self.check.rework_workorder_id.id
        )
        issue = self._transfer(
            "issue",
            self.vault,
            self.ben,
            [(self.au750y, 0.4)],
            production_id=self.production.id,
            workorder_id=self.check.rework_workorder_id.id,
            jewel_quality_check_id=self.check.id,
        )
        issue.action_post()
        jobs = self.production.jewel_metal_job_ids.filtered(
            lambda j: j.workorder_id == self.check.rework_workorder_id
        )
        self.assertEqual(len(jobs), 1)
        self.assertEqual(jobs.account_id, self.ben)
        self.assertEqual(self.check.jewel_metal_transfer_ids, issue)

    def test_material_yield_once_the_piece_is_weighed(self):
        """6.200 g of 18K issued (4.650 g fine); the ring weighs 6.040 g at the
        weight check: 4.530 g fine in the goods, 97.42 %, before the MO is done."""
        self.assertEqual(self.production.jewel_fine_issued, 4.65)
        self.assertEqual(self.production.jewel_material_yield, 0.0)
        point = self.env["jewel.quality.point"].create(
            {
                "name": "Test ring weight",
                "kind": "weight",
                "weight_tolerance": 0.3,
                "product_tmpl_ids": [(6, 0, self.ring.product_tmpl_id.ids)],
            }
        )
        self.production._jewel_create_quality_checks()
        weight = self.production.jewel_quality_check_ids.filtered(
            lambda c: c.point_id == point
        )
        weight.with_user(self.inspector).action_record(6.04)
        self.assertEqual(weight.state, "pass")
        self.assertNotEqual(self.production.state, "done")
        self.assertEqual(self.production.jewel_fine_in_product, 4.53)
        self.assertEqual(self.production.jewel_material_yield, 97.42)
        # what the storekeeper reads on the MO
        [row] = self.production.with_user(self.storekeeper).read(
            ["jewel_fine_in_product", "jewel_material_yield"]
        )
        self.assertEqual(row["jewel_material_yield"], 97.42)
