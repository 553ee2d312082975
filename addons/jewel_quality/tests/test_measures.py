import io

import openpyxl

from odoo.tests import new_test_user, tagged

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from .common import JewelQualityCommon


@tagged("post_install", "-at_install")
class TestMeasures(RpcMixin, JewelQualityCommon):
    """Ten pieces at one checkpoint, made by two goldsmiths:

    Anna: 4 pass first time, 1 fails and is reworked (then passes).
    Ben: 3 pass first time, 1 fails and is reworked twice, 1 fails and is scrapped.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.anna = new_test_user(cls.env, login="jewel_anna", name="Anna Goldsmith")
        cls.ben = new_test_user(cls.env, login="jewel_ben", name="Ben Goldsmith")
        cls.point = cls.env["jewel.quality.point"].create(
            {
                "name": "Polish finish",
                "kind": "pass_fail",
                "workcenter_id": cls.wc_bench.id,
                "product_tmpl_ids": [(6, 0, cls.box.product_tmpl_id.ids)],
            }
        )

    def _piece(self, goldsmith, outcome):
        check = self.env["jewel.quality.check"].create(
            {
                "point_id": self.point.id,
                "product_id": self.ring.id,
                "goldsmith_id": goldsmith.id,
            }
        )
        if outcome == "pass":
            check.action_pass()
            return check
        check.action_fail()
        if outcome == "scrap":
            check.action_decide_scrap("Broken", defect=self.defect_finish)
            return check
        recheck = check.action_decide_rework(
            self.wc_bench, 15.0, "Re-polish", defect=self.defect_finish
        )
        if outcome == "rework_twice":
            recheck.action_fail()
            recheck = recheck.action_decide_rework(self.wc_bench, 15.0, "Again")
        recheck.action_pass()
        return check

    def test_rates_on_seeded_set(self):
        for goldsmith, outcomes in (
            (self.anna, ["pass"] * 4 + ["rework"]),
            (self.ben, ["pass"] * 3 + ["rework_twice", "scrap"]),
        ):
            for outcome in outcomes:
                self._piece(goldsmith, outcome)
        Report = self.env["jewel.quality.report"]
        domain = [("point_id", "=", self.point.id)]
        total = Report._jewel_rates(domain, "point_id")[self.point]
        self.assertEqual(
            total,
            {
                "checked": 10,
                "first_pass": 7,
                "reworked": 2,
                "scrapped": 1,
                "first_pass_yield": 70.0,
                "rework_rate": 20.0,
                "scrap_rate": 10.0,
            },
        )
        by_goldsmith = Report._jewel_rates(domain, "goldsmith_id")
        self.assertEqual(by_goldsmith[self.anna]["first_pass_yield"], 80.0)
        self.assertEqual(by_goldsmith[self.anna]["rework_rate"], 20.0)
        self.assertEqual(by_goldsmith[self.ben]["first_pass_yield"], 60.0)
        self.assertEqual(by_goldsmith[self.ben]["scrap_rate"], 20.0)
        by_defect = Report._jewel_rates(domain, "defect_id")
        self.assertEqual(by_defect[self.defect_finish]["checked"], 3)
        by_wc = Report._jewel_rates(domain, "workcenter_id")
        self.assertEqual(by_wc[self.wc_bench]["checked"], 10)
        # The pivot's average of the 0/100 rate columns is the same rate.
        [(fpy, rework)] = Report._read_group(
            domain, [], ["first_pass_yield:avg", "rework_rate:avg"]
        )
        self.assertEqual((round(fpy, 2), round(rework, 2)), (70.0, 20.0))

        workbook = openpyxl.load_workbook(io.BytesIO(Report._jewel_xlsx(domain)))
        sheet = workbook["Goldsmith"]
        rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(rows["Anna Goldsmith"], (5, 4, 1, 0, 80.0, 20.0, 0.0))
        self.assertEqual(rows["Ben Goldsmith"], (5, 3, 1, 1, 60.0, 20.0, 20.0))
        action = Report.action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")

    def test_export_xlsx_from_the_list_header(self):
        """The header button sends the selected ids (none selected = all)."""
        for outcome in ("pass", "pass", "scrap"):
            self._piece(self.anna, outcome)
        self.env.flush_all()
        Report = self.env["jewel.quality.report"]
        action = self.rpc(
            self.quality_manager, "jewel.quality.report", "action_export_xlsx", []
        )
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/web/content/")[1].split("?")[0])
        )
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw))["Goldsmith"]
        rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(rows["Anna Goldsmith"][0], 3)
        # Two rows selected: only those are exported.
        selected = Report.search([("goldsmith_id", "=", self.anna.id)], limit=2)
        action = self.rpc(
            self.quality_manager,
            "jewel.quality.report",
            "action_export_xlsx",
            selected.ids,
        )
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/web/content/")[1].split("?")[0])
        )
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw))["Goldsmith"]
        rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(rows["Anna Goldsmith"][0], 2)
