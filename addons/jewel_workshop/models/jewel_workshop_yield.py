from odoo import fields, models, tools
from odoo.tools import SQL

from .jewel_workshop_measure import MO_CUSTOMER_COLUMNS, MO_CUSTOMER_JOINS


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
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT mo.id,
                       mo.date,
                       mo.company_id,
                       mo.product_id,
                       mo.alloy_id,
                       mo.metal_id,
                       %s,
                       mo.job_id,
                       mo.production_id,
                       mo.workorder_id,
                       mo.workcenter_id,
                       mo.operation_id,
                       mo.goldsmith_id,
                       mo.fine_issued,
                       mo.fine_in_piece,
                       mo.fine_scrap,
                       mo.fine_issued - mo.fine_in_piece - mo.fine_scrap
                           AS fine_loss,
                       CASE WHEN mo.fine_issued > 0
                            THEN 100.0 * mo.fine_in_piece / mo.fine_issued END
                           AS yield_percent,
                       CASE WHEN mo.fine_issued > 0
                            THEN 100.0 * (mo.fine_issued - mo.fine_in_piece
                                          - mo.fine_scrap) / mo.fine_issued END
                           AS loss_percent
                  FROM (
                      -- the holder's side of each job's movements, per alloy,
                      -- then the job's and its order's columns
                      SELECT agg.*, j.company_id, j.metal_id, j.production_id,
                             j.workorder_id, j.workcenter_id,
                             j.user_id AS goldsmith_id, wo.operation_id,
                             p.product_id, p.sale_line_id, p.procurement_group_id,
                             p.jewel_sale_order_id
                        FROM (
                            SELECT MIN(l.id) AS id, MAX(l.date) AS date,
                                   l.job_id, l.alloy_id,
                                   SUM(CASE WHEN l.transfer_type = 'issue'
                                            THEN l.fine_weight ELSE 0 END)
                                       AS fine_issued,
                                   -SUM(CASE WHEN l.transfer_type = 'return'
                                             THEN l.fine_weight ELSE 0 END)
                                       AS fine_in_piece,
                                   -SUM(CASE WHEN l.transfer_type = 'scrap_return'
                                             THEN l.fine_weight ELSE 0 END)
                                       AS fine_scrap
                              FROM jewel_metal_ledger_line l
                             WHERE l.job_id IS NOT NULL
                             GROUP BY l.job_id, l.alloy_id
                        ) agg
                        JOIN jewel_metal_job j ON j.id = agg.job_id
                        JOIN mrp_production p ON p.id = j.production_id
                        LEFT JOIN mrp_workorder wo ON wo.id = j.workorder_id
                      -- planned on its own: a period filter on the last movement
                      -- day cannot be estimated, and must not turn these joins
                      -- into nested loops
                      OFFSET 0
                  ) mo  -- one row per job and alloy, with its order's columns
                  %s
            )
            """,
                SQL.identifier(self._table),
                SQL(MO_CUSTOMER_COLUMNS),
                SQL(MO_CUSTOMER_JOINS),
            )
        )

    def action_jewel_causes_yield(self):
        """Loss by stage and goldsmith, for the selected rows' orders."""
        return self._jewel_cause_action(
            "jewel_workshop.jewel_workshop_cause_loss_action",
            [("production_id", "in", self.production_id.ids)] if self else None,
        )
