from odoo.tests import tagged

from .common import JewelWorkshopCommon


@tagged("post_install", "-at_install")
class TestYield(JewelWorkshopCommon):
    def _figures(self, groupby, domain=None):
        return (
            self.env["jewel.workshop.yield"]
            .with_user(self.supervisor)
            ._jewel_figures(
                [("production_id", "in", (self.mo_a | self.mo_b).ids)] + (domain or []),
                groupby,
            )
        )

    def test_yield_per_job_and_loss_by_stage(self):
        by_stage = self._figures(
            ["operation_id"], [("production_id", "=", self.mo_a.id)]
        )
        filing, polishing = by_stage[self.op_filing], by_stage[self.op_polishing]
        self.assertEqual(
            [
                round(filing[k], 3)
                for k in ("fine_issued", "fine_in_piece", "fine_scrap", "fine_loss")
            ],
            [7.5, 6.0, 1.2, 0.3],
        )
        self.assertAlmostEqual(filing["yield_percent"], 80.0, places=2)
        self.assertAlmostEqual(filing["loss_percent"], 4.0, places=2)
        self.assertEqual(round(polishing["fine_loss"], 3), 0.06)
        self.assertAlmostEqual(polishing["yield_percent"], 99.0, places=2)
        # the order: (6.000 + 5.940) / (7.500 + 6.000)
        [order] = self._figures(
            ["production_id"], [("production_id", "=", self.mo_a.id)]
        ).values()
        self.assertAlmostEqual(order["yield_percent"], 88.4444, places=4)
        self.assertEqual(round(order["fine_loss"], 3), 0.36)

        by_goldsmith = self._figures(["goldsmith_id"])
        self.assertEqual(round(by_goldsmith[self.anna_user]["fine_loss"], 3), 0.6)
        self.assertEqual(round(by_goldsmith[self.ben_user]["fine_loss"], 3), 0.06)
        by_alloy = self._figures(["alloy_id"])
        self.assertEqual(round(by_alloy[self.au750y]["fine_issued"], 3), 17.25)

    def test_cause_action_loss_by_stage(self):
        Yield = self.env["jewel.workshop.yield"].with_user(self.supervisor)
        rows = Yield.search([("production_id", "=", self.mo_b.id)])
        action = rows.action_jewel_causes_yield()
        self.assertEqual(action["res_model"], "jewel.workshop.yield")
        self.assertEqual(action["domain"], [("production_id", "in", self.mo_b.ids)])
        self.assertIn("operation_id", action["context"])
