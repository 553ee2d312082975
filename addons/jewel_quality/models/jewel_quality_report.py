import io

from odoo import api, fields, models, tools
from odoo.tools import float_round

from odoo.addons.jewel_bom.tools.xlsx import safe_workbook


class JewelQualityReport(models.Model):
    """One row per piece checked at a checkpoint (its first check and re-checks).

    Rework rate = reworked pieces / pieces checked; first-pass yield = pieces
    passed at the first check / pieces checked; scrap rate = scrapped / checked.
    """

    _name = "jewel.quality.report"
    _description = "Quality Measures"
    _auto = False
    _order = "date desc"

    date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    check_id = fields.Many2one(
        "jewel.quality.check", string="First Check", readonly=True
    )
    point_id = fields.Many2one(
        "jewel.quality.point", string="Checkpoint", readonly=True
    )
    kind = fields.Selection(related="point_id.kind")
    production_id = fields.Many2one("mrp.production", readonly=True)
    workcenter_id = fields.Many2one("mrp.workcenter", readonly=True)
    goldsmith_id = fields.Many2one("res.users", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    defect_id = fields.Many2one("jewel.quality.defect", readonly=True)
    checked = fields.Integer(string="Pieces Checked", readonly=True)
    first_pass = fields.Integer(string="Passed First Time", readonly=True)
    reworked = fields.Integer(readonly=True)
    scrapped = fields.Integer(readonly=True)
    first_pass_yield = fields.Float(
        string="First-Pass Yield (%)", readonly=True, aggregator="avg"
    )
    rework_rate = fields.Float(
        string="Rework Rate (%)", readonly=True, aggregator="avg"
    )
    scrap_rate = fields.Float(string="Scrap Rate (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                WITH chain AS (
                    SELECT root_id,
                           bool_or(decision = 'rework') AS reworked,
                           bool_or(decision = 'scrap') AS scrapped
                      FROM jewel_quality_check
                     GROUP BY root_id
                )
                SELECT c.id AS id,
                       c.id AS check_id,
                       COALESCE(c.date_checked, c.create_date) AS date,
                       c.company_id,
                       c.point_id,
                       c.production_id,
                       c.workcenter_id,
                       c.goldsmith_id,
                       c.product_id,
                       c.defect_id,
                       1 AS checked,
                       CASE WHEN c.state = 'pass' THEN 1 ELSE 0 END AS first_pass,
                       CASE WHEN chain.reworked THEN 1 ELSE 0 END AS reworked,
                       CASE WHEN chain.scrapped THEN 1 ELSE 0 END AS scrapped,
                       CASE WHEN c.state = 'pass' THEN 100.0 ELSE 0.0 END
                           AS first_pass_yield,
                       CASE WHEN chain.reworked THEN 100.0 ELSE 0.0 END AS rework_rate,
                       CASE WHEN chain.scrapped THEN 100.0 ELSE 0.0 END AS scrap_rate
                  FROM jewel_quality_check c
                  JOIN chain ON chain.root_id = c.id
                 WHERE c.retest_of_id IS NULL
                   AND c.state != 'todo'
            )
            """
        )

    @api.model
    def _jewel_rates(self, domain, groupby):
        """Rates per group, in percent, rounded to 0.01.

        :return: ``{group value: {"checked", "first_pass", "reworked",
            "scrapped", "first_pass_yield", "rework_rate", "scrap_rate"}}``
        """
        result = {}
        self.env.flush_all()  # the view reads the checks' columns
        groups = self._read_group(
            domain,
            [groupby],
            ["checked:sum", "first_pass:sum", "reworked:sum", "scrapped:sum"],
        )
        for key, checked, first_pass, reworked, scrapped in groups:
            result[key] = {
                "checked": checked,
                "first_pass": first_pass,
                "reworked": reworked,
                "scrapped": scrapped,
                "first_pass_yield": float_round(
                    100.0 * first_pass / checked, precision_digits=2
                ),
                "rework_rate": float_round(
                    100.0 * reworked / checked, precision_digits=2
                ),
                "scrap_rate": float_round(
                    100.0 * scrapped / checked, precision_digits=2
                ),
            }
        return result

    @api.model
    def _jewel_xlsx(self, domain=None):
        """An XLSX workbook of the rates by workcenter, goldsmith, product,
        defect and month."""
        domain = domain or []
        output = io.BytesIO()
        workbook = safe_workbook(output)
        bold = workbook.add_format({"bold": True})
        pct = workbook.add_format({"num_format": "0.00"})
        headers = [
            self.env._("Group"),
            self.env._("Pieces checked"),
            self.env._("Passed first time"),
            self.env._("Reworked"),
            self.env._("Scrapped"),
            self.env._("First-pass yield (%)"),
            self.env._("Rework rate (%)"),
            self.env._("Scrap rate (%)"),
        ]
        for groupby, title in [
            ("workcenter_id", self.env._("Work center")),
            ("goldsmith_id", self.env._("Goldsmith")),
            ("product_id", self.env._("Product")),
            ("defect_id", self.env._("Defect")),
            ("date:month", self.env._("Month")),
        ]:
            sheet = workbook.add_worksheet(title)
            sheet.write_row(0, 0, headers, bold)
            sheet.set_column(0, 0, 36)
            sheet.set_column(1, 7, 16)
            rates = self._jewel_rates(domain, groupby)
            for row, (key, values) in enumerate(rates.items(), start=1):
                label = key.display_name if isinstance(key, models.BaseModel) else key
                sheet.write(row, 0, str(label or self.env._("None")))
                sheet.write_row(
                    row,
                    1,
                    [
                        values[k]
                        for k in ("checked", "first_pass", "reworked", "scrapped")
                    ],
                )
                sheet.write_row(
                    row,
                    5,
                    [
                        values[k]
                        for k in ("first_pass_yield", "rework_rate", "scrap_rate")
                    ],
                    pct,
                )
        workbook.close()
        return output.getvalue()

    def action_export_xlsx(self):
        """The list's header button: the web client sends the selected rows'
        ids (none when nothing is selected), so this is a record method, not a
        model one. Selected rows are exported alone; none selected = all."""
        domain = [("id", "in", self.ids)] if self else []
        attachment = self.env["ir.attachment"].create(
            {
                "name": "quality_measures.xlsx",
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
