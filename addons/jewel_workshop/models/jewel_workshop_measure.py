import io

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.jewel_bom.tools.xlsx import safe_workbook

# The customer an order is made for: a bespoke order, the sale line that asked for
# it, or the sale order of its procurement (made to order).
MO_CUSTOMER_JOINS = """
    LEFT JOIN sale_order_line mo_sol ON mo_sol.id = mo.sale_line_id
    LEFT JOIN procurement_group mo_pg ON mo_pg.id = mo.procurement_group_id
    LEFT JOIN sale_order mo_so
           ON mo_so.id = COALESCE(mo.jewel_sale_order_id, mo_sol.order_id,
                                  mo_pg.sale_id)
    LEFT JOIN res_partner mo_cust_p ON mo_cust_p.id = mo_so.partner_id
    LEFT JOIN res_partner mo_cust
           ON mo_cust.id = COALESCE(mo_cust_p.commercial_partner_id, mo_cust_p.id)
"""
# The customer, retail partner and channel columns of every production measure,
# as a subquery keyed by the order (``cust.production_id``, grouped by it, so
# provably one row per order): LEFT JOINed on it, PostgreSQL drops the join (and
# every join under it) from the queries that read none of its columns, where the
# COALESCE joins above, not strict, joined straight to a measure's rows, were kept
# for every row of every query (a pivot by month paid for six joins).
MO_CUSTOMER_BY_ORDER = f"""
    (SELECT mo.id AS production_id,
            MIN(mo_cust.id) AS customer_id,
            bool_or(mo_cust.jewel_is_retail_partner) AS retail
       FROM mrp_production mo
       {MO_CUSTOMER_JOINS}
      GROUP BY mo.id)
"""
MO_CUSTOMER_BY_ORDER_COLUMNS = """
    cust.customer_id,
    CASE WHEN cust.retail THEN cust.customer_id END AS retail_partner_id,
    CASE WHEN cust.retail THEN 'retail'
         WHEN cust.customer_id IS NOT NULL THEN 'own'
         ELSE 'stock' END AS channel
"""
CHANNELS = [
    ("own", "Own customers"),
    ("retail", "Retail partners"),
    ("stock", "Made for stock"),
]


class JewelWorkshopMeasure(models.AbstractModel):
    """What the five measures share: ratio columns that stay true when grouped,
    the XLSX export, the links to the causes.

    A measure is a SQL view (``_auto = False``): computed from the records at
    every read, never a stored copy. A ratio (pieces per hour, yield, rate) is
    not the sum nor the average of its rows' ratios: ``_jewel_ratios`` names
    each ratio column's numerator and denominator, and any aggregate asked of it
    (pivot, graph, dashboard, ``_read_group``) is computed as
    ``factor * SUM(numerator) / SUM(denominator)`` over the group.
    """

    _name = "jewel.workshop.measure"
    _description = "Workshop Measure"

    # {ratio field: (numerator field, denominator field, factor)}
    _jewel_ratios = {}
    # (groupby, sheet title) of the XLSX export, and its columns
    _jewel_xlsx_groupbys = ()
    _jewel_xlsx_measures = ()

    def _read_group_select(self, aggregate_spec, query):
        fname = aggregate_spec.split(":")[0]
        if fname in self._jewel_ratios:
            numerator, denominator, factor = self._jewel_ratios[fname]
            num = self._field_to_sql(self._table, numerator, query)
            den = self._field_to_sql(self._table, denominator, query)
            return SQL(
                "ROUND((%s * SUM(%s) / NULLIF(SUM(%s), 0))::numeric, 4)::float",
                factor,
                num,
                den,
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _jewel_figures(self, domain, groupby=()):
        """The measures per group: ``{group key or (): {measure: value}}``.

        ``groupby`` as ``_read_group`` takes it (``"date:month"``...). One query.
        """
        self.env.flush_all()  # the views read the source tables
        measures = [name for name, _label in self._jewel_xlsx_measures]
        rows = self._read_group(
            domain, list(groupby), [f"{name}:sum" for name in measures]
        )
        result = {}
        for row in rows:
            key = row[: len(groupby)]
            key = key[0] if len(key) == 1 else tuple(key)
            values = row[len(groupby) :]
            result[key] = {
                name: (value or 0.0)
                for name, value in zip(measures, values, strict=True)
            }
        return result

    @api.model
    def _jewel_xlsx(self, domain=None):
        """An XLSX workbook: one sheet per breakdown of the measure."""
        domain = domain or []
        output = io.BytesIO()
        workbook = safe_workbook(output)
        bold = workbook.add_format({"bold": True})
        number = workbook.add_format({"num_format": "0.000"})
        headers = [self.env._("Group")] + [
            self._fields[name].get_description(self.env)["string"]
            for name, _label in self._jewel_xlsx_measures
        ]
        for groupby, title in self._jewel_xlsx_groupbys:
            sheet = workbook.add_worksheet(self.env._(title))
            sheet.write_row(0, 0, headers, bold)
            sheet.set_column(0, 0, 36)
            sheet.set_column(1, len(headers), 16)
            figures = self._jewel_figures(domain, [groupby])
            for row, (key, values) in enumerate(figures.items(), start=1):
                if isinstance(key, models.BaseModel):
                    label = key.display_name
                elif groupby in self._fields and self._fields[groupby].type == (
                    "selection"
                ):
                    label = dict(
                        self._fields[groupby]._description_selection(self.env)
                    ).get(key)
                else:
                    label = key
                sheet.write(row, 0, str(label or self.env._("None")))
                sheet.write_row(
                    row,
                    1,
                    [
                        round(values[name], 3)
                        for name, _label in self._jewel_xlsx_measures
                    ],
                    number,
                )
        workbook.close()
        return output.getvalue()

    def action_export_xlsx(self):
        """The list's header button: the selected rows (none selected = all)."""
        domain = [("id", "in", self.ids)] if self else []
        filename = self._description.lower().replace(" ", "_")
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{filename}.xlsx",
                "raw": self._jewel_xlsx(domain),
                "mimetype": "application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _jewel_cause_action(self, xmlid, domain=None):
        """The action ``xmlid``, narrowed to ``domain`` (the selected rows' own
        orders, workcenters...)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        if domain:
            action["domain"] = domain
        return action


class JewelWorkshopDimensions(models.AbstractModel):
    """The columns by which every measure filters and groups."""

    _name = "jewel.workshop.dimensions"
    _description = "Workshop Measure Dimensions"

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    alloy_id = fields.Many2one("jewel.alloy", readonly=True)
    metal_id = fields.Many2one("jewel.metal", readonly=True)
    customer_id = fields.Many2one("res.partner", readonly=True)
    retail_partner_id = fields.Many2one("res.partner", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
