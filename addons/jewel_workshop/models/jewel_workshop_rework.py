from odoo import fields, models, tools
from odoo.tools import SQL

from .jewel_workshop_measure import (
    MO_CUSTOMER_BY_ORDER,
    MO_CUSTOMER_BY_ORDER_COLUMNS,
)


class JewelWorkshopRework(models.Model):
    """Rework rate and first-pass yield: one row per piece checked at a
    checkpoint (its first check; its re-checks follow the same root).

    The same rule as the quality addon's measures (``jewel.quality.report``):
    first-pass yield = pieces passed at the first check / pieces checked;
    rework rate = pieces reworked at least once / pieces checked; scrap rate =
    pieces scrapped / pieces checked. Here with the operation, the order's
    customer and channel, and dated by the first check.
    """

    _name = "jewel.workshop.rework"
    _description = "Rework Rate"
    _inherit = ["jewel.workshop.measure", "jewel.workshop.dimensions"]
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "check_id"

    _jewel_ratios = {
        "first_pass_yield": ("first_pass", "checked", 100.0),
        "rework_rate": ("reworked", "checked", 100.0),
        "scrap_rate": ("scrapped", "checked", 100.0),
    }
    _jewel_xlsx_groupbys = (
        ("operation_id", "Operation"),
        ("defect_id", "Defect"),
        ("goldsmith_id", "Goldsmith"),
        ("product_id", "Product"),
        ("date:month", "Month"),
    )
    _jewel_xlsx_measures = (
        ("checked", "Pieces checked"),
        ("first_pass", "Passed first time"),
        ("reworked", "Reworked"),
        ("scrapped", "Scrapped"),
        ("first_pass_yield", "First-pass yield (%)"),
        ("rework_rate", "Rework rate (%)"),
        ("scrap_rate", "Scrap rate (%)"),
    )

    check_id = fields.Many2one("jewel.quality.check", readonly=True)
    point_id = fields.Many2one(
        "jewel.quality.point", string="Checkpoint", readonly=True
    )
    production_id = fields.Many2one("mrp.production", readonly=True)
    workcenter_id = fields.Many2one("mrp.workcenter", readonly=True)
    operation_id = fields.Many2one("mrp.routing.workcenter", readonly=True)
    goldsmith_id = fields.Many2one("res.users", readonly=True)
    defect_id = fields.Many2one("jewel.quality.defect", readonly=True)
    checked = fields.Integer(string="Pieces Checked", readonly=True)
    first_pass = fields.Integer(string="Passed First Time", readonly=True)
    reworked = fields.Integer(readonly=True)
    scrapped = fields.Integer(readonly=True)
    first_pass_yield = fields.Float(
        string="First-Pass Yield (%)", readonly=True, digits=(16, 2)
    )
    rework_rate = fields.Float(string="Rework Rate (%)", readonly=True, digits=(16, 2))
    scrap_rate = fields.Float(string="Scrap Rate (%)", readonly=True, digits=(16, 2))

    def init(self):
        # statistics for the period filter (the day of the first check)
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS jewel_workshop_quality_check_day_idx
                ON jewel_quality_check ((COALESCE(date_checked, create_date)::date))
            """
        )
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT c.id,
                       COALESCE(c.date_checked, c.create_date)::date AS date,
                       c.company_id,
                       c.product_id,
                       pt.jewel_alloy_id AS alloy_id,
                       alloy.metal_id,
                       %s,
                       c.id AS check_id,
                       c.point_id,
                       c.production_id,
                       c.workcenter_id,
                       wo.operation_id,
                       c.goldsmith_id,
                       COALESCE(c.defect_id, chain.defect_id) AS defect_id,
                       1 AS checked,
                       CASE WHEN c.state = 'pass' THEN 1 ELSE 0 END AS first_pass,
                       CASE WHEN chain.reworked THEN 1 ELSE 0 END AS reworked,
                       CASE WHEN chain.scrapped THEN 1 ELSE 0 END AS scrapped,
                       CASE WHEN c.state = 'pass' THEN 100.0 ELSE 0.0 END
                           AS first_pass_yield,
                       CASE WHEN chain.reworked THEN 100.0 ELSE 0.0 END
                           AS rework_rate,
                       CASE WHEN chain.scrapped THEN 100.0 ELSE 0.0 END
                           AS scrap_rate
                  FROM jewel_quality_check c
                  JOIN (
                      -- the piece's checks: its first one and its re-checks
                      SELECT root_id,
                             bool_or(decision = 'rework') AS reworked,
                             bool_or(decision = 'scrap') AS scrapped,
                             MIN(defect_id) AS defect_id
                        FROM jewel_quality_check
                       GROUP BY root_id
                  ) chain ON chain.root_id = c.id
                  LEFT JOIN mrp_workorder wo ON wo.id = c.workorder_id
                  LEFT JOIN product_product pp ON pp.id = c.product_id
                  LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  LEFT JOIN jewel_alloy alloy ON alloy.id = pt.jewel_alloy_id
                  LEFT JOIN %s cust ON cust.production_id = c.production_id
                 WHERE c.retest_of_id IS NULL
                   AND c.state != 'todo'
            )
            """,
                SQL.identifier(self._table),
                SQL(MO_CUSTOMER_BY_ORDER_COLUMNS),
                SQL(MO_CUSTOMER_BY_ORDER),
            )
        )

    def action_jewel_causes_rework(self):
        """Defects by type, for the selected rows' operations and goldsmiths."""
        domain = None
        if self:
            domain = [
                ("id", "in", self.ids),
                ("defect_id", "!=", False),
            ]
        return self._jewel_cause_action(
            "jewel_workshop.jewel_workshop_cause_defect_action", domain
        )
