from odoo.tests import tagged

from .common import JewelWorkshopCommon


@tagged("post_install", "-at_install")
class TestUtilisation(JewelWorkshopCommon):
    def _figures(self, workcenter, start, end, groupby=()):
        return (
            self.env["jewel.workshop.utilisation"]
            .with_user(self.supervisor)
            ._jewel_figures(
                [
                    ("workcenter_id", "=", workcenter.id),
                    ("date", ">=", start),
                    ("date", "<=", end),
                ],
                groupby,
            )
        )

    def test_productive_against_calendar(self):
        # Mon 4 May: 8 h available, bench busy 2 h (Anna 1.5 h + Ben 0.5 h)
        [monday] = self._figures(self.bench, "2026-05-04", "2026-05-04").values()
        self.assertEqual(monday["available_hours"], 8.0)
        self.assertEqual(monday["productive_hours"], 2.0)
        self.assertEqual(monday["utilisation"], 25.0)
        # Tue 5 May: polisher 1 h of work, blocked 2 h
        [tuesday] = self._figures(self.polisher, "2026-05-05", "2026-05-05").values()
        self.assertEqual(tuesday["productive_hours"], 1.0)
        self.assertEqual(tuesday["breakdown_hours"], 2.0)
        self.assertEqual(tuesday["utilisation"], 12.5)
        self.assertEqual(tuesday["breakdown_percent"], 25.0)
        # the week Mon 4 - Sun 10 May: 5 days x 8 h; bench 3 h of work
        [week] = self._figures(self.bench, "2026-05-04", "2026-05-10").values()
        self.assertEqual(week["available_hours"], 40.0)
        self.assertEqual(week["productive_hours"], 3.0)
        self.assertEqual(week["utilisation"], 7.5)

    def test_breakdown_exceptions_counted(self):
        self.env["jewel.exception"].raise_exception(
            self.polisher, "breakdown", "Polisher motor burnt"
        )
        today = (
            self.env["jewel.workshop.utilisation"]
            ._fields["date"]
            .context_today(self.env["jewel.workshop.utilisation"])
        )
        [row] = self._figures(self.polisher, today, today).values()
        self.assertEqual(row["breakdowns"], 1)
        rows = (
            self.env["jewel.workshop.utilisation"]
            .with_user(self.supervisor)
            .search([("workcenter_id", "=", self.polisher.id), ("date", "=", today)])
        )
        action = rows.action_jewel_causes_utilisation()
        exceptions = self.env["jewel.exception"].search(action["domain"])
        self.assertEqual(exceptions.mapped("summary"), ["Polisher motor burnt"])
