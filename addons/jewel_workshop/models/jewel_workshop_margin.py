from odoo import fields, models, tools

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

    invoice_id = fields.Many2one("account.move", string="Invoice", readonly=True)
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
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT aml.id,
                       am.invoice_date AS date,
                       aml.company_id,
                       aml.company_currency_id AS currency_id,
                       aml.product_id,
                       pt.jewel_alloy_id AS alloy_id,
                       pt.jewel_metal_id AS metal_id,
                       am.commercial_partner_id AS customer_id,
                       CASE WHEN cust.jewel_is_retail_partner THEN cust.id END
                           AS retail_partner_id,
                       CASE WHEN cust.jewel_is_retail_partner THEN 'retail'
                            ELSE 'own' END AS channel,
                       aml.move_id AS invoice_id,
                       piece.lot_id,
                       mo.id AS production_id,
                       mo.id IS NOT NULL AS costed,
                       share.sign * aml.quantity AS pieces,
                       -aml.balance AS revenue,
                       CASE WHEN aml.discount > 0 AND aml.discount < 100
                            THEN ROUND(-aml.balance * aml.discount
                                       / (100 - aml.discount), 2)
                            ELSE 0 END AS commission,
                       cost.metal_cost,
                       cost.stone_cost,
                       cost.labour_cost,
                       cost.loss_cost,
                       total.cost,
                       -aml.balance - total.cost AS margin,
                       CASE WHEN aml.balance != 0
                            THEN 100.0 * (-aml.balance - total.cost) / -aml.balance
                       END AS margin_percent,
                       ROUND((share.q * COALESCE(mo.jewel_fine_in_product, 0)
                              * (sale_price.price - metal.avg_price))::numeric, 2)
                           AS metal_price_effect
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                  JOIN res_partner cust ON cust.id = am.commercial_partner_id
                  LEFT JOIN product_product pp ON pp.id = aml.product_id
                  LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  LEFT JOIN LATERAL (
                      SELECT MIN(sml.lot_id) AS lot_id
                        FROM sale_order_line_invoice_rel rel
                        JOIN stock_move sm
                          ON sm.sale_line_id = rel.order_line_id AND sm.state = 'done'
                        JOIN stock_move_line sml ON sml.move_id = sm.id
                       WHERE rel.invoice_line_id = aml.id
                         AND aml.jewel_lot_id IS NULL
                         AND aml.quantity = 1
                      HAVING COUNT(DISTINCT sml.lot_id) = 1
                  ) delivered ON TRUE
                  CROSS JOIN LATERAL (
                      SELECT COALESCE(aml.jewel_lot_id, delivered.lot_id) AS lot_id
                  ) piece
                  LEFT JOIN LATERAL (
                      SELECT p.id, p.qty_producing, p.jewel_fine_in_product
                        FROM mrp_production p
                       WHERE p.lot_producing_id = piece.lot_id
                         AND p.state = 'done'
                         AND p.qty_producing > 0
                       ORDER BY p.id DESC
                       LIMIT 1
                  ) mo ON TRUE
                  CROSS JOIN LATERAL (
                      SELECT CASE WHEN am.move_type = 'out_refund' THEN -1 ELSE 1 END
                                 AS sign,
                             CASE WHEN am.move_type = 'out_refund' THEN -1 ELSE 1 END
                                 * aml.quantity / NULLIF(mo.qty_producing, 0) AS q
                  ) share
                  LEFT JOIN LATERAL (
                      SELECT SUM(i.fine * pr.price) / NULLIF(SUM(i.fine), 0)
                                 AS avg_price,
                             SUM(i.fine) AS fine_issued,
                             SUM(i.fine) - SUM(i.fine_back) AS fine_loss
                        FROM (
                            SELECT l.metal_id, l.date,
                                   SUM(l.fine_weight) FILTER (
                                       WHERE l.transfer_type = 'issue') AS fine,
                                   -SUM(l.fine_weight) FILTER (
                                       WHERE l.transfer_type
                                             IN ('return', 'scrap_return')
                                   ) AS fine_back
                              FROM jewel_metal_ledger_line l
                             WHERE l.production_id = mo.id
                               AND l.job_id IS NOT NULL
                             GROUP BY l.metal_id, l.date
                        ) i
                        LEFT JOIN LATERAL (
                            SELECT p.price
                              FROM jewel_metal_price p
                             WHERE p.metal_id = i.metal_id
                               AND p.company_id = aml.company_id
                               AND p.date <= i.date
                             ORDER BY p.date DESC
                             LIMIT 1
                        ) pr ON TRUE
                  ) metal ON TRUE
                  LEFT JOIN LATERAL (
                      SELECT SUM(COALESCE(si.qty_set, 0) * sp.cost) AS stones,
                             SUM((COALESCE(si.qty_broken, 0) + COALESCE(si.qty_lost, 0))
                                 * sp.cost) AS lost
                        FROM jewel_stone_issue si
                        JOIN product_product spp ON spp.id = si.product_id
                        CROSS JOIN LATERAL (
                            SELECT COALESCE(
                                (spp.standard_price ->> aml.company_id::text)::numeric,
                                0) AS cost
                        ) sp
                       WHERE si.production_id = mo.id
                  ) stone ON TRUE
                  LEFT JOIN LATERAL (
                      SELECT SUM(t.duration / 60.0 * COALESCE(
                                 NULLIF(wo.costs_hour, 0), wc.costs_hour, 0))
                                 AS labour
                        FROM mrp_workorder wo
                        JOIN mrp_workcenter_productivity t ON t.workorder_id = wo.id
                        JOIN mrp_workcenter wc ON wc.id = wo.workcenter_id
                       WHERE wo.production_id = mo.id
                  ) labour ON TRUE
                  LEFT JOIN LATERAL (
                      SELECT p.price
                        FROM jewel_metal_price p
                       WHERE p.metal_id = pt.jewel_metal_id
                         AND p.company_id = aml.company_id
                         AND p.date <= am.invoice_date
                       ORDER BY p.date DESC
                       LIMIT 1
                  ) sale_price ON TRUE
                  CROSS JOIN LATERAL (
                      SELECT COALESCE(ROUND((share.q * mo.jewel_fine_in_product
                                             * metal.avg_price)::numeric, 2), 0)
                                 AS metal_cost,
                             COALESCE(ROUND((share.q * stone.stones)::numeric, 2), 0)
                                 AS stone_cost,
                             COALESCE(ROUND((share.q * labour.labour)::numeric, 2), 0)
                                 AS labour_cost,
                             COALESCE(ROUND((share.q * (
                                 COALESCE(metal.fine_loss * metal.avg_price, 0)
                                 + COALESCE(stone.lost, 0)))::numeric, 2), 0)
                                 AS loss_cost
                  ) cost
                  CROSS JOIN LATERAL (
                      SELECT cost.metal_cost + cost.stone_cost + cost.labour_cost
                             + cost.loss_cost AS cost
                  ) total
                 WHERE {INVOICE_LINES}
            )
            """
        )

    def action_jewel_causes_margin(self):
        """Margin erosion: the metal price effect of the selected rows' pieces."""
        return self._jewel_cause_action(
            "jewel_workshop.jewel_workshop_cause_metal_price_action",
            [("id", "in", self.ids)] if self else None,
        )
