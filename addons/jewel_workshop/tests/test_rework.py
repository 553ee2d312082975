from odoo.tests import tagged

from .common import JewelWorkshopCommon


@tagged("post_install", "-at_install")
class TestRework(JewelWorkshopCommon):
    """Five rings checked after polishing: Anna 2 pass + 1 reworked (porosity);
    Ben 1 pass + 1 scrapped (porosity)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.point = env["jewel.quality.point"].create(
            {"name": "WS finish", "kind": "pass_fail", "workcenter_id": cls.polisher.id}
        )
        cls.porosity = env.ref("jewel_quality.jewel_quality_defect_por")
        polishing = cls._ws_workorders(cls.mo_a)[1]
        for goldsmith, outcome in (
            (cls.anna_user, "pass"),
            (cls.anna_user, "pass"),
            (cls.anna_user, "rework"),
            (cls.ben_user, "pass"),
            (cls.ben_user, "scrap"),
        ):
            check = env["jewel.quality.check"].create(
                {
                    "point_id": cls.point.id,
                    "product_id": cls.ring.id,  # untracked: no serial to check
                    "goldsmith_id": goldsmith.id,
                    "workorder_id": polishing.id,
                }
            )
            if outcome == "pass":
                check.action_pass()
                continue
            check.action_fail()
            if outcome == "scrap":
                check.action_decide_scrap("Cracked", defect=cls.porosity)
            else:
                check.action_decide_rework(
                    cls.polisher, 15.0, "Re-polish", defect=cls.porosity
                ).action_pass()

    def test_rates(self):
        Rework = self.env["jewel.workshop.rework"].with_user(self.supervisor)
        domain = [("point_id", "=", self.point.id)]
        [total] = Rework._jewel_figures(domain).values()
        self.assertEqual(
            {k: round(v, 2) for k, v in total.items()},
            {
                "checked": 5,
                "first_pass": 3,
                "reworked": 1,
                "scrapped": 1,
                "first_pass_yield": 60.0,
                "rework_rate": 20.0,
                "scrap_rate": 20.0,
            },
        )
        by_goldsmith = Rework._jewel_figures(domain, ["goldsmith_id"])
        self.assertAlmostEqual(
            by_goldsmith[self.anna_user]["first_pass_yield"], 66.6667, 4
        )
        self.assertAlmostEqual(by_goldsmith[self.anna_user]["rework_rate"], 33.3333, 4)
        self.assertEqual(by_goldsmith[self.ben_user]["scrap_rate"], 50.0)
        by_operation = Rework._jewel_figures(domain, ["operation_id"])
        self.assertEqual(by_operation[self.op_polishing]["checked"], 5)
        by_defect = Rework._jewel_figures(domain, ["defect_id"])
        self.assertEqual(by_defect[self.porosity]["checked"], 2)
        action = Rework.search(domain).action_jewel_causes_rework()
        self.assertEqual(action["res_model"], "jewel.workshop.rework")
        self.assertEqual(Rework.search(action["domain"]).defect_id, self.porosity)
