import base64
import io
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import numbers
from ..tools.xlsx import safe_workbook

#: the roles that price work; the bench sees weights, stones and operations only
COSTING = "jewel_bom.group_jewel_costing"

COST_BUCKETS = [
    ("metal", "Metal value"),
    ("loss", "Allowed loss"),
    ("alloying", "Alloying"),
    ("stones", "Stones"),
    ("components", "Other components"),
    ("labour", "Labour"),
    ("making", "Making charge"),
]


class MrpBom(models.Model):
    """Cost breakdown of a design at the metal prices of a date."""

    _inherit = "mrp.bom"

    jewel_currency_id = fields.Many2one(
        "res.currency", compute="_compute_jewel_currency_id"
    )
    jewel_loss_allowance = fields.Float(
        string="Allowed Loss (%)",
        digits=(5, 2),
        default=2.0,
        tracking=True,
        jewel_number=numbers.PERCENT,
        help="Metal lost from bench to finished piece, priced into the cost "
        "(whole job: typically 1 % to 3 %).",
    )
    jewel_making_charge = fields.Monetary(
        string="Making Charge / Piece",
        currency_field="jewel_currency_id",
        tracking=True,
        groups=COSTING,
        jewel_number=numbers.MONEY,
    )
    jewel_making_charge_per_gram = fields.Monetary(
        string="Making Charge / g",
        currency_field="jewel_currency_id",
        tracking=True,
        jewel_number=numbers.MONEY,
        help="Charged per gross gram of metal in the piece.",
        groups=COSTING,
    )
    jewel_cost_date = fields.Date(
        string="Costed On",
        tracking=True,
        copy=False,
        help="Date whose metal prices the cost breakdown uses.",
        groups=COSTING,
    )
    jewel_cost_price_date = fields.Date(
        string="Metal Price Of",
        tracking=True,
        copy=False,
        readonly=True,
        help="Date of the latest metal rate used by the cost breakdown.",
        groups=COSTING,
    )
    jewel_cost_metal = fields.Monetary(
        string="Metal Value",
        currency_field="jewel_currency_id",
        tracking=True,
        readonly=True,
        copy=False,
        groups=COSTING,
    )
    jewel_cost_loss = fields.Monetary(
        string="Allowed Loss",
        currency_field="jewel_currency_id",
        tracking=True,
        readonly=True,
        copy=False,
        groups=COSTING,
    )
    jewel_cost_alloying = fields.Monetary(
        string="Alloying Cost",
        currency_field="jewel_currency_id",
        tracking=True,
        readonly=True,
        copy=False,
        groups=COSTING,
    )
    jewel_cost_stones = fields.Monetary(
        string="Stone Cost",
        currency_field="jewel_currency_id",
        tracking=True,
        readonly=True,
        copy=False,
        groups=COSTING,
    )
    jewel_cost_components = fields.Monetary(
        string="Components Cost",
        currency_field="jewel_currency_id",
        tracking=True,
        readonly=True,
        copy=False,
        groups=COSTING,
    )
    jewel_cost_labour = fields.Monetary(
        string="Labour Cost",
        currency_field="jewel_currency_id",
        tracking=True,
        readonly=True,
        copy=False,
        groups=COSTING,
    )
    jewel_cost_making = fields.Monetary(
        string="Making Charge",
        currency_field="jewel_currency_id",
        tracking=True,
        readonly=True,
        copy=False,
        groups=COSTING,
    )
    jewel_cost_total = fields.Monetary(
        string="Total Cost",
        currency_field="jewel_currency_id",
        tracking=True,
        readonly=True,
        copy=False,
        groups=COSTING,
    )

    @api.depends("company_id")
    def _compute_jewel_currency_id(self):
        for bom in self:
            bom.jewel_currency_id = (bom.company_id or self.env.company).currency_id

    @api.constrains(
        "jewel_loss_allowance", "jewel_making_charge", "jewel_making_charge_per_gram"
    )
    def _check_jewel_cost_inputs(self):
        for bom in self:
            if (
                min(
                    bom.jewel_loss_allowance,
                    bom.jewel_making_charge,
                    bom.jewel_making_charge_per_gram,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(bom)s: allowed loss and making charges cannot be negative.",
                        bom=bom.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Breakdown
    # ------------------------------------------------------------------
    @api.model
    def _jewel_check_cost_access(self):
        """Costs and metal prices are for the roles that price work.

        :raise AccessError: for the bench (goldsmiths, setters) and anyone else
            without the Costs and Prices group.
        """
        if self.env.su or self.env.user.has_group(COSTING):
            return
        raise AccessError(
            self.env._(
                "Costs and metal prices are for the roles that price work "
                "(planner, accountant, sales, owner): %(user)s may not see the "
                "cost of a design.",
                user=self.env.user.name,
            )
        )

    def _jewel_cost_breakdown(self, date=None):
        """Cost breakdown of each BOM (for its quantity) at the prices of ``date``.

        Metal is valued on fine grams at the metal price on or before the date;
        stones and other components at their product cost; labour as Odoo's BOM
        overview does (expected duration × workcenter cost per hour), for the
        BOM's operations and those of its sub-assemblies.

        :return: ``{bom: {bucket: amount, "total", "price_date", "prices",
            "metal_lines", "stone_lines", "operation_lines"}}``
        :raise UserError: when a metal of the design has no price on the date.
        :raise AccessError: for a user who may not see costs.
        """
        self._jewel_check_cost_access()
        self.check_access("read")
        # sudo: whoever may see costs sees the whole of them, operations and
        # components included (sales staff do not read routings)
        boms = self.sudo()
        date = date or fields.Date.context_today(self)
        rollups = boms._jewel_rollup()
        metals = boms.env["jewel.metal"].union(
            *(metal for r in rollups.values() for metal in r["fine_by_metal"])
        )
        result = {}
        for company in {bom.company_id or self.env.company for bom in boms}:
            currency = company.currency_id
            prices = metals._get_prices(date, currency, company)
            for bom in boms.filtered(
                lambda b, c=company: (b.company_id or self.env.company) == c
            ):
                result[bom] = bom._jewel_cost_one(rollups[bom], prices, currency, date)
        return result

    def _jewel_cost_one(self, rollup, prices, currency, date):
        self.ensure_one()
        missing = [m.name for m in rollup["fine_by_metal"] if m not in prices]
        if missing:
            raise UserError(
                self.env._(
                    "No %(metals)s price on or before %(date)s: record a rate under "
                    "Manufacturing → Jewellery → Metal Prices before costing %(bom)s.",
                    metals=", ".join(missing),
                    date=date,
                    bom=self.display_name,
                )
            )
        metal_lines = []
        for metal, fine in rollup["fine_by_metal"].items():
            price, price_date = prices[metal]
            metal_lines.append(
                {
                    "metal": metal,
                    "fine_weight": fine,
                    "price": price,
                    "price_date": price_date,
                    "value": currency.round(fine * price),
                }
            )
        costs = defaultdict(float)
        costs["metal"] = sum(line["value"] for line in metal_lines)
        costs["loss"] = currency.round(costs["metal"] * self.jewel_loss_allowance / 100)
        stone_lines = []
        for line, factor in rollup["lines"]:
            component_type = line.product_id.jewel_component_type
            if line.jewel_alloy_id:
                costs["alloying"] += (
                    line.jewel_gross_metal_weight
                    * factor
                    * line.jewel_alloy_id.alloying_cost
                )
            if component_type == "metal" or (
                line.jewel_gross_metal_weight and component_type != "stone"
            ):
                continue  # valued through its fine metal
            qty = line.product_uom_id._compute_quantity(
                line.product_qty * factor, line.product_id.uom_id, round=False
            )
            value = qty * line.product_id.standard_price
            bucket = "stones" if component_type == "stone" else "components"
            costs[bucket] += value
            if bucket == "stones":
                stone_lines.append(
                    {
                        "product": line.product_id,
                        "qty": qty,
                        "carats": line.jewel_stone_weight * factor,
                        "value": currency.round(value),
                    }
                )
        operation_lines = []
        for bom, qty in rollup["boms"]:
            product = bom.product_id or bom.product_tmpl_id.product_variant_id
            for operation in bom.operation_ids:
                if operation._skip_operation_line(product):
                    continue
                minutes = operation._get_duration_expected(product, qty, product.uom_id)
                value = minutes / 60.0 * operation.workcenter_id.costs_hour
                costs["labour"] += value
                operation_lines.append(
                    {
                        "operation": operation,
                        "minutes": minutes,
                        "value": currency.round(value),
                    }
                )
        costs["making"] = (
            self.jewel_making_charge * self.product_qty
            + self.jewel_making_charge_per_gram * rollup["gross_metal"]
        )
        breakdown = {key: currency.round(costs[key]) for key, _label in COST_BUCKETS}
        breakdown["total"] = currency.round(sum(breakdown.values()))
        breakdown["date"] = date
        breakdown["price_date"] = max(
            (line["price_date"] for line in metal_lines), default=False
        )
        breakdown["metal_lines"] = metal_lines
        breakdown["stone_lines"] = stone_lines
        breakdown["operation_lines"] = operation_lines
        breakdown["currency"] = currency
        breakdown["rollup"] = rollup
        return breakdown

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_jewel_recost(self):
        """Cost each BOM at its costing date (today if none).

        The previous values stay in the chatter (tracked fields), with the metal
        rates and their dates that explain the move.
        """
        self._jewel_check_design_role()
        for bom in self:
            date = bom.jewel_cost_date or fields.Date.context_today(self)
            breakdown = bom._jewel_cost_breakdown(date)[bom]
            vals = {f"jewel_cost_{key}": breakdown[key] for key, _label in COST_BUCKETS}
            vals.update(
                jewel_cost_total=breakdown["total"],
                jewel_cost_date=date,
                jewel_cost_price_date=breakdown["price_date"],
            )
            bom.write(vals)
            # the rates' dates, not their values: every employee reads the chatter,
            # prices are for the roles that price work (the cost sheet has them)
            rates = Markup("").join(
                Markup("<li>%s: rate of %s</li>")
                % (line["metal"].name, line["price_date"])
                for line in breakdown["metal_lines"]
            )
            bom.message_post(
                body=Markup("%s<ul>%s</ul>")
                % (self.env._("Re-costed at the metal prices of %s:", date), rates)
            )
        return True

    def _jewel_cost_converted(self):
        """Cost a BOM just converted from another alloy at today's metal prices.

        When a metal of the design has no price yet, the chatter says so and the
        BOM waits for Re-cost, instead of the conversion being refused.
        """
        self.ensure_one()
        date = fields.Date.context_today(self)
        company = self.company_id or self.env.company
        metals = self.env["jewel.metal"].union(
            *self._jewel_rollup()[self]["fine_by_metal"]
        )
        prices = metals._get_prices(date, company.currency_id, company)
        missing = metals.filtered(lambda metal: metal not in prices)
        if missing:
            self.message_post(
                body=self.env._(
                    "Not costed: no %(metals)s price on or before %(date)s. Record "
                    "the rate, then Re-cost.",
                    metals=", ".join(missing.mapped("name")),
                    date=date,
                )
            )
            return False
        return self.action_jewel_recost()

    def action_jewel_cost_xlsx(self):
        """Download the cost breakdown as an XLSX workbook."""
        self.ensure_one()
        self._jewel_check_cost_access()
        breakdown = self._jewel_cost_breakdown(
            self.jewel_cost_date or fields.Date.context_today(self)
        )[self]
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"Cost sheet - {self.display_name}.xlsx",
                "datas": base64.b64encode(self._jewel_cost_xlsx(breakdown)),
                # not attached to the BOM, whose attachments the bench reads:
                # only its creator downloads it
                "mimetype": "application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _jewel_cost_xlsx(self, breakdown):
        """The cost sheet as XLSX bytes: summary, metal, stones and operations."""
        self.ensure_one()
        buffer = io.BytesIO()
        workbook = safe_workbook(buffer)
        sheet = workbook.add_worksheet("Cost sheet")
        bold = workbook.add_format({"bold": True})
        grams = workbook.add_format({"num_format": "0.000"})
        money = workbook.add_format({"num_format": "#,##0.00"})
        price = workbook.add_format({"num_format": "#,##0.0000"})
        sheet.set_column(0, 0, 32)
        sheet.set_column(1, 4, 16)
        row = 0
        sheet.write(row, 0, self.display_name, bold)
        row += 1
        sheet.write(row, 0, "Quantity")
        sheet.write(row, 1, self.product_qty)
        sheet.write(row, 2, self.product_uom_id.name)
        row += 1
        sheet.write(row, 0, "Metal prices of")
        sheet.write(row, 1, str(breakdown["date"]))
        sheet.write(row, 2, breakdown["currency"].name)
        row += 1
        sheet.write(row, 0, "Latest rate used")
        sheet.write(row, 1, str(breakdown["price_date"] or ""))
        row += 2
        sheet.write_row(
            row, 0, ["Metal", "Fine (g)", "Price / fine g", "Rate date", "Value"], bold
        )
        for line in breakdown["metal_lines"]:
            row += 1
            sheet.write(row, 0, line["metal"].name)
            sheet.write_number(row, 1, line["fine_weight"], grams)
            sheet.write_number(row, 2, line["price"], price)
            sheet.write(row, 3, str(line["price_date"]))
            sheet.write_number(row, 4, line["value"], money)
        row += 2
        sheet.write_row(row, 0, ["Stone", "Quantity", "Carats", "", "Value"], bold)
        for line in breakdown["stone_lines"]:
            row += 1
            sheet.write(row, 0, line["product"].display_name)
            sheet.write_number(row, 1, line["qty"])
            sheet.write_number(row, 2, line["carats"], grams)
            sheet.write_number(row, 4, line["value"], money)
        row += 2
        sheet.write_row(
            row, 0, ["Operation", "Workcenter", "Minutes", "", "Value"], bold
        )
        for line in breakdown["operation_lines"]:
            row += 1
            sheet.write(row, 0, line["operation"].name)
            sheet.write(row, 1, line["operation"].workcenter_id.name)
            sheet.write_number(row, 2, line["minutes"], money)
            sheet.write_number(row, 4, line["value"], money)
        row += 2
        sheet.write(row, 0, "Cost breakdown", bold)
        for key, label in COST_BUCKETS:
            row += 1
            sheet.write(row, 0, label)
            sheet.write_number(row, 4, breakdown[key], money)
        row += 1
        sheet.write(row, 0, "Total", bold)
        sheet.write_number(row, 4, breakdown["total"], money)
        workbook.close()
        return buffer.getvalue()
