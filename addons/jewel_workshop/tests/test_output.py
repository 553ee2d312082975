import io

import openpyxl

from odoo.tests import tagged

from .common import JewelWorkshopCommon


@tagged("post_install", "-at_install")
class TestOutput(JewelWorkshopCommon):
    def _figures(self, groupby, user=None):
        Output = self.env["jewel.workshop.output"]
        if user:
            Output = Output.with_user(user)
        return Output._jewel_figures(
            [("production_id", "in", (self.mo_a | self.mo_b).ids)], groupby
        )

    def test_order_output_shared_by_hours(self):
        """Order A: 2 rings, 3 h of work (Anna 2.5 h, Ben 0.5 h): Anna made
        2 x 150/180 = 1.667 rings (5.000 g fine), Ben 0.333 (1.000 g)."""
        by_order = self._figures(["production_id"], self.supervisor)
        a = by_order[self.mo_a]
        self.assertAlmostEqual(a["labour_hours"], 3.0, places=6)
        self.assertAlmostEqual(a["pieces"], 2.0, places=6)
        self.assertAlmostEqual(a["fine_grams"], 6.0, places=3)
        self.assertAlmostEqual(a["pieces_per_hour"], 0.6667, places=4)
        self.assertAlmostEqual(a["grams_per_hour"], 2.0, places=4)
        b = by_order[self.mo_b]
        self.assertAlmostEqual(b["pieces_per_hour"], 1.0, places=4)
        self.assertAlmostEqual(b["grams_per_hour"], 3.0, places=4)

        by_goldsmith = self._figures(["goldsmith_id"], self.supervisor)
        anna, ben = by_goldsmith[self.anna_user], by_goldsmith[self.ben_user]
        # Anna: 2.5 h on A (1.667 rings) + 1 h on B (1 ring)
        self.assertAlmostEqual(anna["labour_hours"], 3.5, places=6)
        self.assertAlmostEqual(anna["pieces"], 2.0 * 150 / 180 + 1.0, places=6)
        self.assertAlmostEqual(anna["fine_grams"], 8.0, places=3)
        self.assertAlmostEqual(anna["pieces_per_hour"], 0.7619, places=4)
        self.assertAlmostEqual(ben["pieces"], 1 / 3, places=6)
        self.assertAlmostEqual(ben["grams_per_hour"], 2.0, places=4)
        # the ratio of a group is sum/sum, not the average of its rows
        total = self._figures([], self.supervisor)[()]
        self.assertAlmostEqual(total["pieces_per_hour"], 3.0 / 4.0, places=4)

        by_operation = self._figures(["operation_id"], self.supervisor)
        self.assertAlmostEqual(by_operation[self.op_filing]["labour_hours"], 3.0)
        self.assertAlmostEqual(by_operation[self.op_polishing]["labour_hours"], 1.0)

        by_week = self._figures(["date:week"], self.supervisor)
        self.assertEqual(len(by_week), 1)  # both orders finished on 2026-05-08

    def test_order_not_done_counts_nothing(self):
        mo = self._ws_production(1.0)
        self._time(
            mo.workorder_ids[0],
            self.anna_user,
            "2026-05-07 08:00:00",
            "2026-05-07 12:00:00",
        )
        self.env.flush_all()
        self.assertFalse(
            self.env["jewel.workshop.output"].search_count(
                [("production_id", "=", mo.id)]
            )
        )

    def test_xlsx_export(self):
        Output = self.env["jewel.workshop.output"].with_user(self.supervisor)
        domain = [("production_id", "in", (self.mo_a | self.mo_b).ids)]
        workbook = openpyxl.load_workbook(io.BytesIO(Output._jewel_xlsx(domain)))
        self.assertEqual(
            workbook.sheetnames,
            ["Goldsmith", "Work center", "Operation", "Product", "Week"],
        )
        rows = {
            row[0]: row[1:]
            for row in workbook["Goldsmith"].iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(rows["Anna Goldsmith"], (3.5, 2.667, 8.0, 0.762, 2.286))
        self.assertEqual(rows["Ben Goldsmith"], (0.5, 0.333, 1.0, 0.667, 2.0))
        action = Output.search(domain, limit=2).action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
