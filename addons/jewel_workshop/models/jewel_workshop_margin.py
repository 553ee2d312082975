from odoo import fields, models, tools
from odoo.tools import SQL

# The posted customer invoice and credit note lines of products.
INVOICE_LINES = """
    aml.display_type = 'product'
    AND am.state = 'posted'
    AND am.move_type IN ('out_invoice', 'out_refund')
"""


class JewelWorkshopMargin(models.Model):
    """Gross margin: one row per product line of a posted customer invoice or
    credit note.

    The rule, stated so that it reconciles with the books:

    * revenue = the line's balance in company currency, sign reversed (credit
      notes negative): exactly what the line posted to the income account.
      The sum of the revenue of a period is the sum of the untaxed amounts
      (``amount_untaxed_signed``) of the same invoices and credit notes. A
      retail partner's consignment sale is invoiced at its net price (the
      commission is the line's discount), so revenue is net of commission; the
      commission column shows what the partner kept.
    * the piece sold is the serial on the line (pieces sold on memo or
      consignment) or the single serial delivered for its sale order line; its
      cost is the cost of the done order that produced that serial, per piece:
      - metal: the fine grams in the finished piece at the average price of
        the days the metal was issued to the order (``jewel.metal.price``);
      - loss: the fine grams lost at the same price, plus broken and lost
        stones;
      - stones: the stones set, at the stone product's cost;
      - labour: the work orders' time records at the work order's (else the
        workcenter's) cost per hour.
      Lines without an identified piece (no serial, several serials) have no
      cost: the ``costed`` filter shows them apart.
    * margin = revenue - cost; metal price effect = fine grams in the piece x
      (price on the invoice date - price it was costed at): positive when the
      metal became dearer between costing and sale (margin eroded against the
      replacement cost).
    """

    _name = "jewel.workshop.margin"
    _description = "Gross Margin"
    _inherit = ["jewel.workshop.measure", "jewel.workshop.dimensions"]
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "invoice_id"

    _jewel_ratios = {
        "margin_percent": ("margin", "revenue", 100.0),
    }
    _jewel_xlsx_groupbys = (
        ("lot_id", "Piece"),
        ("product_id", "Product"),
        ("customer_id", "Customer"),
        ("retail_partner_id", "Retail partner"),
        ("channel", "Channel"),
        ("date:month", "Month"),
    )
    _jewel_xlsx_measures = (
        ("pieces", "Pieces"),
        ("revenue", "Revenue"),
        ("commission", "Partner commission"),
        ("metal_cost", "Metal"),
        ("stone_cost", "Stones"),
        ("labour_cost", "Labour"),
        ("loss_cost", "Loss"),
        ("cost", "Cost"),
        ("margin", "Gross margin"),
        ("margin_percent", "Margin (%)"),
        ("metal_price_effect", "Metal price effect"),
    )

    invoice_id = fields.Many2one("account.move", readonly=True)
    lot_id = fields.Many2one("stock.lot", string="Piece (serial)", readonly=True)
    production_id = fields.Many2one("mrp.production", readonly=True)
    costed = fields.Boolean(readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    pieces = fields.Float(readonly=True, digits=(16, 2))
    revenue = fields.Monetary(readonly=True)
    commission = fields.Monetary(string="Partner Commission", readonly=True)
    metal_cost = fields.Monetary(readonly=True)
    stone_cost = fields.Monetary(readonly=True)
    labour_cost = fields.Monetary(readonly=True)
    loss_cost = fields.Monetary(readonly=True)
    cost = fields.Monetary(readonly=True)
    margin = fields.Monetary(string="Gross Margin", readonly=True)
    margin_percent = fields.Float(string="Margin (%)", readonly=True, digits=(16, 2))
    metal_price_effect = fields.Monetary(
        readonly=True,
        help="Fine grams in the piece x (metal price on the invoice date - price "
        "it was costed at): positive = the metal got dearer after costing.",
    )

    def init(self):
        # the piece's order is found by its serial
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS jewel_workshop_mrp_production_lot_done_idx
                ON mrp_production (lot_producing_id)
             WHERE lot_producing_id IS NOT NULL AND state = 'done'
            """
        )
        # the jobs' lines in order and with what "metal" below sums: the year's
        # 100,000 lines are grouped per order as they are read (index only), no
        # hash table of numeric sums spilled to disk
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS jewel_workshop_ledger_production_day_idx
                ON jewel_metal_ledger_line (production_id, metal_id, company_id, date)
                INCLUDE (transfer_type, fine_weight)
             WHERE job_id IS NOT NULL
            """
        )
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                WITH metal AS (
                    -- per order, in one pass over its jobs' lines in the index's
                    -- order: the fine grams issued at the metal price of their day
                    -- (the latest rate, looked up once per metal and day), i.e.
                    -- their average price, and the fine grams left (lost)
                    SELECT l.production_id,
                           SUM(l.fine_weight * pr.price) FILTER (
                               WHERE l.transfer_type = 'issue')
                           / NULLIF(SUM(l.fine_weight) FILTER (
                               WHERE l.transfer_type = 'issue'), 0) AS avg_price,
                           SUM(l.fine_weight) AS fine_loss
                      FROM (
                          -- sorted (by the index when it pays), then grouped as
                          -- read: hashing 16,000 numeric sums spills
                          SELECT l.production_id, l.metal_id, l.company_id, l.date,
                                 l.transfer_type, l.fine_weight
                            FROM jewel_metal_ledger_line l
                           WHERE l.job_id IS NOT NULL
                             AND l.transfer_type IN ('issue', 'return',
                                                     'scrap_return')
                           ORDER BY l.production_id
                          OFFSET 0
                      ) l
                      LEFT JOIN LATERAL (
                          SELECT p.price
                            FROM jewel_metal_price p
                           WHERE p.metal_id = l.metal_id
                             AND p.company_id = l.company_id
                             AND p.date <= l.date
                           ORDER BY p.date DESC
                           LIMIT 1
                      ) pr ON TRUE
                     GROUP BY l.production_id
                ),
                labour AS (
                    SELECT wo.production_id,
                           SUM(t.duration / 60.0 * COALESCE(
                               NULLIF(wo.costs_hour, 0), wc.costs_hour, 0)) AS cost
                      FROM mrp_workcenter_productivity t
                      JOIN mrp_workorder wo ON wo.id = t.workorder_id
                      JOIN mrp_workcenter wc ON wc.id = wo.workcenter_id
                     GROUP BY wo.production_id
                ),
                stone AS (
                    SELECT si.production_id,
                           SUM(COALESCE(si.qty_set, 0) * sp.cost) AS cost,
                           SUM((COALESCE(si.qty_broken, 0) + COALESCE(si.qty_lost, 0))
                               * sp.cost) AS lost
                      FROM jewel_stone_issue si
                      JOIN product_product spp ON spp.id = si.product_id
                      CROSS JOIN LATERAL (
                          SELECT COALESCE(
                              (spp.standard_price ->> si.company_id::text)::numeric,
                              0) AS cost
                      ) sp
                     GROUP BY si.production_id
                ),
                delivered AS (
                    -- the single serial delivered for a sale order line
                    SELECT rel.invoice_line_id, MIN(sml.lot_id) AS lot_id
                      FROM sale_order_line_invoice_rel rel
                      JOIN stock_move sm
                        ON sm.sale_line_id = rel.order_line_id AND sm.state = 'done'
                      JOIN stock_move_line sml ON sml.move_id = sm.id
                     GROUP BY rel.invoice_line_id
                    HAVING COUNT(DISTINCT sml.lot_id) = 1
                ),
                order_cost AS (
                    -- what each finished serial cost, hash-joined to the lines; not
                    -- MATERIALIZED: the planner keeps the statistics of the serial
                    -- column (one order per serial), where a CTE's unknown ones
                    -- made it expect 1.6 million rows for a year's 20,000 lines and
                    -- spend a third of the query compiling it (JIT)
                    SELECT mo.id AS production_id, mo.lot_producing_id,
                           mo.qty_producing,
                           mo.jewel_fine_in_product AS fine_in_product,
                           metal.avg_price, metal.fine_loss,
                           labour.cost AS labour,
                           stone.cost AS stones, stone.lost AS stones_lost
                      FROM mrp_production mo
                      LEFT JOIN metal ON metal.production_id = mo.id
                      LEFT JOIN labour ON labour.production_id = mo.id
                      LEFT JOIN stone ON stone.production_id = mo.id
                     WHERE mo.state = 'done'
                       AND mo.lot_producing_id IS NOT NULL
                       AND mo.qty_producing > 0
                ),
                costed AS (
                    SELECT aml.id, aml.move_id, aml.company_id,
                           aml.company_currency_id, aml.product_id, aml.quantity,
                           aml.discount, -aml.balance AS revenue,
                           am.invoice_date, am.commercial_partner_id,
                           CASE WHEN am.move_type = 'out_refund' THEN -1 ELSE 1 END
                               AS sign,
                           COALESCE(aml.jewel_lot_id, delivered.lot_id) AS lot_id,
                           oc.production_id,
                           oc.fine_in_product,
                           CASE WHEN am.move_type = 'out_refund' THEN -1 ELSE 1 END
                               * aml.quantity / oc.qty_producing AS q,
                           oc.avg_price, oc.fine_loss, oc.labour, oc.stones,
                           oc.stones_lost
                      FROM account_move_line aml
                      JOIN account_move am ON am.id = aml.move_id
                      LEFT JOIN delivered
                             ON delivered.invoice_line_id = aml.id
                            AND aml.jewel_lot_id IS NULL
                            AND aml.quantity = 1
                      LEFT JOIN order_cost oc
                             ON oc.lot_producing_id
                                = COALESCE(aml.jewel_lot_id, delivered.lot_id)
                     WHERE %s
                ),
                valued AS (
                    SELECT costed.*,
                           COALESCE(ROUND((q * fine_in_product * avg_price)::numeric,
                                          2), 0) AS metal_cost,
                           COALESCE(ROUND((q * stones)::numeric, 2), 0) AS stone_cost,
                           COALESCE(ROUND((q * labour)::numeric, 2), 0) AS labour_cost,
                           COALESCE(ROUND((q * (COALESCE(fine_loss * avg_price, 0)
                                                + COALESCE(stones_lost, 0)))::numeric,
                                          2), 0) AS loss_cost
                      FROM costed
                )
                SELECT v.id,
                       v.invoice_date AS date,
                       v.company_id,
                       v.company_currency_id AS currency_id,
                       v.product_id,
                       pt.jewel_alloy_id AS alloy_id,
                       pt.jewel_metal_id AS metal_id,
                       v.commercial_partner_id AS customer_id,
                       CASE WHEN cust.jewel_is_retail_partner THEN cust.id END
                           AS retail_partner_id,
                       CASE WHEN cust.jewel_is_retail_partner THEN 'retail'
                            ELSE 'own' END AS channel,
                       v.move_id AS invoice_id,
                       v.lot_id,
                       v.production_id,
                       v.production_id IS NOT NULL AS costed,
                       v.sign * v.quantity AS pieces,
                       v.revenue,
                       CASE WHEN v.discount > 0 AND v.discount < 100
                            THEN ROUND(v.revenue * v.discount / (100 - v.discount), 2)
                            ELSE 0 END AS commission,
                       v.metal_cost,
                       v.stone_cost,
                       v.labour_cost,
                       v.loss_cost,
                       v.metal_cost + v.stone_cost + v.labour_cost + v.loss_cost
                           AS cost,
                       v.revenue - v.metal_cost - v.stone_cost - v.labour_cost
                           - v.loss_cost AS margin,
                       CASE WHEN v.revenue != 0
                            THEN 100.0 * (v.revenue - v.metal_cost - v.stone_cost
                                          - v.labour_cost - v.loss_cost) / v.revenue
                       END AS margin_percent,
                       -- a subquery of this column: run only when the column is
                       -- read (a pivot of the margin does not read it)
                       ROUND((v.q * v.fine_in_product * ((
                           SELECT p.price
                             FROM jewel_metal_price p
                            WHERE p.metal_id = pt.jewel_metal_id
                              AND p.company_id = v.company_id
                              AND p.date <= v.invoice_date
                            ORDER BY p.date DESC
                            LIMIT 1
                       ) - v.avg_price))::numeric, 2) AS metal_price_effect
                  FROM valued v
                  JOIN res_partner cust ON cust.id = v.commercial_partner_id
                  LEFT JOIN product_product pp ON pp.id = v.product_id
                  LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
            )
            """,
                SQL.identifier(self._table),
                SQL(INVOICE_LINES),
            )
        )

    def action_jewel_causes_margin(self):
        """Margin erosion: the metal price effect of the selected rows' pieces."""
        return self._jewel_cause_action(
            "jewel_workshop.jewel_workshop_cause_metal_price_action",
            [("id", "in", self.ids)] if self else None,
        )
