from odoo import fields, models, tools
from odoo.tools import SQL

from .jewel_workshop_measure import (
    MO_CUSTOMER_BY_ORDER,
    MO_CUSTOMER_BY_ORDER_COLUMNS,
)


class JewelWorkshopOutput(models.Model):
    """Output per labour hour: one row per time record of a finished order.

    The rule: an order counts when it is done, on the day it was finished. Its
    labour is the work orders' time records (``mrp.workcenter.productivity``,
    productive and performance time, i.e. time spent working on the piece); its
    finished pieces and their fine grams are shared among its time records in
    proportion to their minutes, so that a goldsmith, a workcenter or an
    operation is credited with the part of the output its hours made, and the
    shares of an order add up to its finished pieces.
    """

    _name = "jewel.workshop.output"
    _description = "Output per Hour"
    _inherit = ["jewel.workshop.measure", "jewel.workshop.dimensions"]
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "production_id"

    _jewel_ratios = {
        "pieces_per_hour": ("pieces", "labour_hours", 1.0),
        "grams_per_hour": ("fine_grams", "labour_hours", 1.0),
    }
    _jewel_xlsx_groupbys = (
        ("goldsmith_id", "Goldsmith"),
        ("workcenter_id", "Work center"),
        ("operation_id", "Operation"),
        ("product_id", "Product"),
        ("date:week", "Week"),
    )
    _jewel_xlsx_measures = (
        ("labour_hours", "Labour hours"),
        ("pieces", "Pieces"),
        ("fine_grams", "Fine grams"),
        ("pieces_per_hour", "Pieces per hour"),
        ("grams_per_hour", "Fine grams per hour"),
    )

    production_id = fields.Many2one("mrp.production", readonly=True)
    workorder_id = fields.Many2one("mrp.workorder", readonly=True)
    workcenter_id = fields.Many2one("mrp.workcenter", readonly=True)
    operation_id = fields.Many2one("mrp.routing.workcenter", readonly=True)
    goldsmith_id = fields.Many2one("res.users", readonly=True)
    minutes = fields.Float(readonly=True, digits=(16, 2))
    labour_hours = fields.Float(readonly=True, digits=(16, 2))
    pieces = fields.Float(string="Finished Pieces", readonly=True, digits=(16, 3))
    fine_grams = fields.Float(
        string="Fine Grams Finished", readonly=True, digits="Jewel Weight"
    )
    pieces_per_hour = fields.Float(
        string="Pieces per Hour", readonly=True, digits=(16, 3)
    )
    grams_per_hour = fields.Float(
        string="Fine Grams per Hour", readonly=True, digits=(16, 3)
    )

    def init(self):
        # statistics for the period filter (the finishing day of an order)
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS jewel_workshop_mrp_production_day_idx
                ON mrp_production ((date_finished::date))
            """
        )
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT t.id,
                       mo.date_finished::date AS date,
                       mo.company_id,
                       mo.product_id,
                       pt.jewel_alloy_id AS alloy_id,
                       alloy.metal_id,
                       %s,
                       t.production_id,
                       t.workorder_id,
                       t.workcenter_id,
                       t.operation_id,
                       t.user_id AS goldsmith_id,
                       t.duration AS minutes,
                       t.duration / 60.0 AS labour_hours,
                       mo.qty_producing * t.duration / t.order_minutes AS pieces,
                       mo.qty_producing * t.duration / t.order_minutes
                           * COALESCE(pt.jewel_fine_weight, 0.0) AS fine_grams,
                       CASE WHEN t.duration > 0
                            THEN mo.qty_producing * 60.0 / t.order_minutes
                       END AS pieces_per_hour,
                       CASE WHEN t.duration > 0
                            THEN mo.qty_producing * 60.0 / t.order_minutes
                                 * COALESCE(pt.jewel_fine_weight, 0.0)
                       END AS grams_per_hour
                  FROM (
                      -- productive time records, with their order's total minutes
                      SELECT t.id, t.workorder_id, t.workcenter_id, t.user_id,
                             t.duration, wo.operation_id, wo.production_id,
                             SUM(t.duration) OVER (PARTITION BY wo.production_id)
                                 AS order_minutes
                        FROM mrp_workcenter_productivity t
                        JOIN mrp_workorder wo ON wo.id = t.workorder_id
                       WHERE t.loss_type IN ('productive', 'performance')
                  ) t
                  JOIN mrp_production mo ON mo.id = t.production_id
                  LEFT JOIN product_product pp ON pp.id = mo.product_id
                  LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  LEFT JOIN jewel_alloy alloy ON alloy.id = pt.jewel_alloy_id
                  LEFT JOIN %s cust ON cust.production_id = mo.id
                 WHERE mo.state = 'done' AND t.order_minutes > 0
            )
            """,
                SQL.identifier(self._table),
                SQL(MO_CUSTOMER_BY_ORDER_COLUMNS),
                SQL(MO_CUSTOMER_BY_ORDER),
            )
        )

    def action_jewel_causes_output(self):
        """What slows the selected rows' workcenters down: their breakdowns."""
        return self.env["jewel.workshop.utilisation"]._jewel_cause_action(
            "jewel_workshop.jewel_workshop_cause_exception_action",
            [
                ("kind", "in", ("breakdown", "shortage")),
                "|",
                "&",
                ("res_model", "=", "mrp.workcenter"),
                ("res_id", "in", self.workcenter_id.ids),
                "&",
                ("res_model", "=", "mrp.production"),
                ("res_id", "in", self.production_id.ids),
            ]
            if self
            else None,
        )
