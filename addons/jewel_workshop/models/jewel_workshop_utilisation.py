from odoo import fields, models, tools
from odoo.tools import SQL


class JewelWorkshopUtilisation(models.Model):
    """Machine utilisation: one row per workcenter and day.

    Available time is the workcenter's working calendar for that weekday (its
    attendances, breaks excluded; leaves and two-week calendars are not taken
    into account). Productive time is Odoo's time records of kind productive
    and performance (the machine was working on a piece). Time lost is split by
    Odoo's loss types: availability (the machine was blocked: a breakdown) and
    quality. The breakdowns column counts the workcenter's breakdown exceptions
    raised that day. Days run from the first time record of the company to
    today.
    """

    _name = "jewel.workshop.utilisation"
    _description = "Machine Utilisation"
    _inherit = ["jewel.workshop.measure"]
    _auto = False
    _order = "date desc, workcenter_id"
    _rec_name = "workcenter_id"

    _jewel_ratios = {
        "utilisation": ("productive_hours", "available_hours", 100.0),
        "breakdown_percent": ("breakdown_hours", "available_hours", 100.0),
    }
    _jewel_xlsx_groupbys = (
        ("workcenter_id", "Work center"),
        ("date:week", "Week"),
        ("date:month", "Month"),
    )
    _jewel_xlsx_measures = (
        ("available_hours", "Available hours"),
        ("productive_hours", "Productive hours"),
        ("breakdown_hours", "Breakdown hours"),
        ("quality_hours", "Quality loss hours"),
        ("breakdowns", "Breakdowns"),
        ("utilisation", "Utilisation (%)"),
        ("breakdown_percent", "Time lost to breakdowns (%)"),
    )

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    workcenter_id = fields.Many2one("mrp.workcenter", readonly=True)
    available_hours = fields.Float(readonly=True, digits=(16, 2))
    productive_hours = fields.Float(readonly=True, digits=(16, 2))
    breakdown_hours = fields.Float(readonly=True, digits=(16, 2))
    quality_hours = fields.Float(string="Quality Loss Hours", readonly=True)
    breakdowns = fields.Integer(readonly=True)
    utilisation = fields.Float(string="Utilisation (%)", readonly=True, digits=(16, 2))
    breakdown_percent = fields.Float(
        string="Lost to Breakdowns (%)", readonly=True, digits=(16, 2)
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                WITH used AS (
                    SELECT t.workcenter_id, t.date_start::date AS day,
                           SUM(t.duration) FILTER (
                               WHERE t.loss_type IN ('productive', 'performance')
                           ) / 60.0 AS productive_hours,
                           SUM(t.duration) FILTER (
                               WHERE t.loss_type = 'availability'
                           ) / 60.0 AS breakdown_hours,
                           SUM(t.duration) FILTER (
                               WHERE t.loss_type = 'quality'
                           ) / 60.0 AS quality_hours
                      FROM mrp_workcenter_productivity t
                     GROUP BY 1, 2
                ),
                bounds AS (
                    SELECT company_id, MIN(date_start)::date AS first_day
                      FROM mrp_workcenter_productivity
                     GROUP BY company_id
                ),
                calendar AS (
                    SELECT calendar_id, dayofweek::int AS weekday,
                           SUM(hour_to - hour_from) AS hours
                      FROM resource_calendar_attendance
                     WHERE display_type IS NULL
                       AND day_period != 'lunch'
                       AND resource_id IS NULL
                     GROUP BY 1, 2
                ),
                broken AS (
                    SELECT e.res_id AS workcenter_id, e.date_raised::date AS day,
                           COUNT(*) AS breakdowns
                      FROM jewel_exception e
                     WHERE e.res_model = 'mrp.workcenter' AND e.kind = 'breakdown'
                     GROUP BY 1, 2
                ),
                days AS (
                    SELECT wc.id AS workcenter_id, wc.company_id,
                           wc.resource_calendar_id, d::date AS day
                      FROM mrp_workcenter wc
                      JOIN bounds b ON b.company_id = wc.company_id
                     CROSS JOIN LATERAL generate_series(
                         b.first_day, CURRENT_DATE, interval '1 day'
                     ) d
                     WHERE wc.active
                )
                SELECT days.workcenter_id::bigint * 100000
                           + (days.day - DATE '2000-01-01') AS id,
                       days.day AS date,
                       days.company_id,
                       days.workcenter_id,
                       COALESCE(cal.hours, 0.0) AS available_hours,
                       COALESCE(used.productive_hours, 0.0) AS productive_hours,
                       COALESCE(used.breakdown_hours, 0.0) AS breakdown_hours,
                       COALESCE(used.quality_hours, 0.0) AS quality_hours,
                       COALESCE(broken.breakdowns, 0) AS breakdowns,
                       CASE WHEN cal.hours > 0
                            THEN 100.0 * COALESCE(used.productive_hours, 0.0)
                                 / cal.hours END AS utilisation,
                       CASE WHEN cal.hours > 0
                            THEN 100.0 * COALESCE(used.breakdown_hours, 0.0)
                                 / cal.hours END AS breakdown_percent
                  FROM days
                  LEFT JOIN calendar cal
                         ON cal.calendar_id = days.resource_calendar_id
                        AND cal.weekday = EXTRACT(ISODOW FROM days.day)::int - 1
                  LEFT JOIN used
                         ON used.workcenter_id = days.workcenter_id
                        AND used.day = days.day
                  LEFT JOIN broken
                         ON broken.workcenter_id = days.workcenter_id
                        AND broken.day = days.day
            )
            """,
                SQL.identifier(self._table),
            )
        )

    def action_jewel_causes_utilisation(self):
        """The breakdown exceptions of the selected rows' workcenters."""
        return self._jewel_cause_action(
            "jewel_workshop.jewel_workshop_cause_exception_action",
            [
                ("kind", "=", "breakdown"),
                ("res_model", "=", "mrp.workcenter"),
                ("res_id", "in", self.workcenter_id.ids),
            ]
            if self
            else None,
        )
