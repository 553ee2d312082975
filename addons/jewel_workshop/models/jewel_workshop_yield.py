from odoo import fields, models, tools
from odoo.tools import SQL

from .jewel_workshop_measure import (
    MO_CUSTOMER_BY_ORDER,
    MO_CUSTOMER_BY_ORDER_COLUMNS,
)


class JewelWorkshopYield(models.Model):
    """Material yield and loss by stage: one row per metal job and alloy.

    A metal job is the metal one goldsmith or workstation held for one order and
    work order (a stage: casting, filing, setting, polishing...). From its
    ledger lines (the holder's side, in fine grams): issued, returned in the
    piece, returned as scrap; the loss is what did not come back. Yield = fine
    returned in the piece / fine issued. The loss of every stage adds up to the
    order's loss, so the owner sees where it happens. Dated by the job's last
    movement.
    """

    _name = "jewel.workshop.yield"
    _description = "Material Yield"
    _inherit = ["jewel.workshop.measure", "jewel.workshop.dimensions"]
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "job_id"

    _jewel_ratios = {
        "yield_percent": ("fine_in_piece", "fine_issued", 100.0),
        "loss_percent": ("fine_loss", "fine_issued", 100.0),
    }
    _jewel_xlsx_groupbys = (
        ("operation_id", "Stage"),
        ("goldsmith_id", "Goldsmith"),
        ("alloy_id", "Alloy"),
        ("production_id", "Job (order)"),
        ("date:month", "Month"),
    )
    _jewel_xlsx_measures = (
        ("fine_issued", "Fine issued (g)"),
        ("fine_in_piece", "Fine in piece (g)"),
        ("fine_scrap", "Fine in scrap (g)"),
        ("fine_loss", "Fine loss (g)"),
        ("yield_percent", "Yield (%)"),
        ("loss_percent", "Loss (%)"),
    )

    job_id = fields.Many2one("jewel.metal.job", readonly=True)
    production_id = fields.Many2one("mrp.production", readonly=True)
    workorder_id = fields.Many2one("mrp.workorder", readonly=True)
    workcenter_id = fields.Many2one("mrp.workcenter", readonly=True)
    operation_id = fields.Many2one(
        "mrp.routing.workcenter", string="Stage", readonly=True
    )
    goldsmith_id = fields.Many2one("res.users", readonly=True)
    fine_issued = fields.Float(
        string="Fine Issued (g)", readonly=True, digits="Jewel Weight"
    )
    fine_in_piece = fields.Float(
        string="Fine in Piece (g)", readonly=True, digits="Jewel Weight"
    )
    fine_scrap = fields.Float(
        string="Fine in Scrap (g)", readonly=True, digits="Jewel Weight"
    )
    fine_loss = fields.Float(
        string="Fine Loss (g)", readonly=True, digits="Jewel Weight"
    )
    yield_percent = fields.Float(string="Yield (%)", readonly=True, digits=(16, 2))
    loss_percent = fields.Float(string="Loss (%)", readonly=True, digits=(16, 2))

    def init(self):
        # the jobs' lines in job and alloy order, with what the measure sums: the
        # year's 100,000 lines are grouped as they are read (index only), no hash
        # table of 50,000 numeric sums spilled to disk
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS jewel_workshop_ledger_job_alloy_idx
                ON jewel_metal_ledger_line (job_id, alloy_id)
                INCLUDE (transfer_type, date, fine_weight)
             WHERE job_id IS NOT NULL
            """
        )
        tools.drop_view_if_exists(self.env.cr, self._table)
        # One flat query of LEFT JOINs on unique keys: a pivot of the figures by
        # month reads the grouped lines only, PostgreSQL drops the job, order and
        # customer joins it does not need.
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT agg.id,
                       agg.date,
                       j.company_id,
                       p.product_id,
                       agg.alloy_id,
                       j.metal_id,
                       %s,
                       agg.job_id,
                       j.production_id,
                       j.workorder_id,
                       j.workcenter_id,
                       wo.operation_id,
                       j.user_id AS goldsmith_id,
                       agg.fine_issued,
                       agg.fine_in_piece,
                       agg.fine_scrap,
                       agg.fine_issued - agg.fine_in_piece - agg.fine_scrap
                           AS fine_loss,
                       CASE WHEN agg.fine_issued > 0
                            THEN 100.0 * agg.fine_in_piece / agg.fine_issued END
                           AS yield_percent,
                       CASE WHEN agg.fine_issued > 0
                            THEN 100.0 * (agg.fine_issued - agg.fine_in_piece
                                          - agg.fine_scrap) / agg.fine_issued END
                           AS loss_percent
                  FROM (
                      -- the holder's side of each job's movements, per alloy
                      SELECT MIN(l.id) AS id, MAX(l.date) AS date,
                             l.job_id, l.alloy_id,
                             COALESCE(SUM(l.fine_weight) FILTER (
                                 WHERE l.transfer_type = 'issue'), 0) AS fine_issued,
                             -COALESCE(SUM(l.fine_weight) FILTER (
                                 WHERE l.transfer_type = 'return'), 0) AS fine_in_piece,
                             -COALESCE(SUM(l.fine_weight) FILTER (
                                 WHERE l.transfer_type = 'scrap_return'), 0)
                                 AS fine_scrap
                        FROM (
                            -- sorted (by the index when it pays), then grouped
                            -- as read: hashing 50,000 numeric sums spills
                            SELECT l.id, l.date, l.job_id, l.alloy_id,
                                   l.transfer_type, l.fine_weight
                              FROM jewel_metal_ledger_line l
                             WHERE l.job_id IS NOT NULL
                             ORDER BY l.job_id, l.alloy_id
                            OFFSET 0
                        ) l
                       GROUP BY l.job_id, l.alloy_id
                  ) agg
                  LEFT JOIN jewel_metal_job j ON j.id = agg.job_id
                  LEFT JOIN mrp_workorder wo ON wo.id = j.workorder_id
                  LEFT JOIN mrp_production p ON p.id = j.production_id
                  LEFT JOIN %s cust ON cust.production_id = j.production_id
            )
            """,
                SQL.identifier(self._table),
                SQL(MO_CUSTOMER_BY_ORDER_COLUMNS),
                SQL(MO_CUSTOMER_BY_ORDER),
            )
        )

    def action_jewel_causes_yield(self):
        """Loss by stage and goldsmith, for the selected rows' orders."""
        return self._jewel_cause_action(
            "jewel_workshop.jewel_workshop_cause_loss_action",
            [("production_id", "in", self.production_id.ids)] if self else None,
        )
