from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import JewelWorkshopCommon


@tagged("post_install", "-at_install")
class TestAccess(JewelWorkshopCommon):
    def test_goldsmith_sees_only_his_rows(self):
        orders = [("production_id", "in", (self.mo_a | self.mo_b).ids)]
        for model in ("jewel.workshop.output", "jewel.workshop.yield"):
            rows = self.env[model].with_user(self.ben_user).search(orders)
            self.assertTrue(rows, model)
            self.assertEqual(rows.goldsmith_id, self.ben_user, model)
            everyone = self.env[model].with_user(self.supervisor).search(orders)
            self.assertEqual(
                everyone.goldsmith_id, self.anna_user | self.ben_user, model
            )
        # his own output per hour, from his rows only
        [ben] = (
            self.env["jewel.workshop.output"]
            .with_user(self.ben_user)
            ._jewel_figures(orders)
            .values()
        )
        self.assertEqual(ben["labour_hours"], 0.5)

    def test_roles_without_access(self):
        for user, model in (
            (self.ben_user, "jewel.workshop.margin"),
            (self.ben_user, "jewel.workshop.utilisation"),
            (self.accountant, "jewel.workshop.output"),
            (self.portal_user, "jewel.workshop.output"),
            (self.portal_user, "jewel.workshop.yield"),
            (self.portal_user, "jewel.workshop.rework"),
            (self.portal_user, "jewel.workshop.utilisation"),
            (self.portal_user, "jewel.workshop.margin"),
        ):
            with self.assertRaises(AccessError, msg=f"{user.login} {model}"):
                self.env[model].with_user(user).search([])

    def test_owner_reads_every_measure(self):
        for model in (
            "jewel.workshop.output",
            "jewel.workshop.yield",
            "jewel.workshop.rework",
            "jewel.workshop.utilisation",
            "jewel.workshop.margin",
        ):
            self.env[model].with_user(self.owner).search([], limit=1)

    def test_other_company_rows_hidden(self):
        other = self.env["res.company"].create({"name": "WS Other Company"})
        self.owner.write({"company_ids": [(4, other.id)], "company_id": other.id})
        rows = (
            self.env["jewel.workshop.output"]
            .with_user(self.owner)
            .with_context(allowed_company_ids=other.ids)
            .search([("production_id", "in", self.mo_a.ids)])
        )
        self.assertFalse(rows)
