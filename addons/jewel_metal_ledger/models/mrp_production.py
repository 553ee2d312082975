from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, float_round

from odoo.addons.jewel_bom.tools.numbers import round_weight


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    jewel_metal_job_ids = fields.One2many(
        "jewel.metal.job", "production_id", string="Metal Jobs", readonly=True
    )
    jewel_stone_issue_ids = fields.One2many(
        "jewel.stone.issue", "production_id", string="Stones at the Bench"
    )
    jewel_metal_transfer_ids = fields.One2many(
        "jewel.metal.transfer", "production_id", string="Metal Transfers", readonly=True
    )
    jewel_metal_transfer_count = fields.Integer(
        compute="_compute_jewel_metal_transfer_count"
    )
    jewel_fine_issued = fields.Float(
        string="Fine Metal Issued (g)",
        digits="Jewel Weight",
        compute="_compute_jewel_material_yield",
        store=True,
        help="Fine metal the order received: a piece handed from one stage to the "
        "next is counted once.",
    )
    jewel_fine_in_product = fields.Float(
        string="Fine Metal in Goods (g)",
        digits="Jewel Weight",
        compute="_compute_jewel_material_yield",
        store=True,
        help="Fine metal of the finished pieces produced (the product's fine weight).",
    )
    jewel_material_yield = fields.Float(
        string="Material Yield (%)",
        digits=(5, 2),
        compute="_compute_jewel_material_yield",
        store=True,
        aggregator="avg",
        help="Fine metal in finished goods / fine metal issued.",
    )

    def _compute_jewel_metal_transfer_count(self):
        groups = self.env["jewel.metal.transfer"]._read_group(
            [("production_id", "in", self.ids)], ["production_id"], ["__count"]
        )
        counts = {production.id: count for production, count in groups}
        for production in self:
            production.jewel_metal_transfer_count = counts.get(production.id, 0)

    @api.depends(
        "jewel_metal_job_ids.fine_issued",
        "qty_producing",
        "state",
        "product_id.jewel_fine_weight",
    )
    def _compute_jewel_material_yield(self):
        # A piece returned by one stage (filing) to work in progress and issued
        # again to the next (polishing) is counted once, as metal the order
        # received: else a two-stage ring would show half its yield.
        handed_on = dict(
            self.env["jewel.metal.ledger.line"]
            .sudo()
            ._read_group(
                [
                    ("production_id", "in", self.ids),
                    ("job_id", "!=", False),
                    ("transfer_type", "=", "issue"),
                    ("counterpart_account_id.account_type", "=", "production"),
                ],
                ["production_id"],
                ["fine_weight:sum"],
            )
        )
        for production in self:
            issued = round_weight(
                sum(production.jewel_metal_job_ids.mapped("fine_issued"))
                - handed_on.get(production, 0.0)
            )
            in_goods = production._jewel_weighed_fine()
            if in_goods is None:
                quantity = (
                    production.qty_produced
                    if production.state == "done"
                    else production.qty_producing
                )
                in_goods = quantity * production.product_id.jewel_fine_weight
            in_goods = round_weight(in_goods)
            production.jewel_fine_issued = issued
            production.jewel_fine_in_product = in_goods
            production.jewel_material_yield = (
                float_round(in_goods / issued * 100, precision_digits=2)
                if issued
                else 0.0
            )

    def _jewel_weighed_fine(self):
        """Fine grams of this order's pieces as weighed, ``None`` while none is.

        Weighed pieces make the material yield real before the order is done;
        meant to be extended by what weighs them (the quality checks).
        Extensions add their fields to ``_compute_jewel_material_yield``'s
        dependencies.
        """
        self.ensure_one()
        return None

    def _button_mark_done_sanity_checks(self):
        self._jewel_check_metal_reconciled()
        return super()._button_mark_done_sanity_checks()

    def _jewel_check_metal_reconciled(self):
        """No order is done while metal issued to it is not reconciled."""
        stones = self.jewel_stone_issue_ids.filtered(lambda s: s.state != "closed")
        if stones:
            raise UserError(
                self.env._(
                    "Stones issued to this order are not reconciled: %(stones)s.",
                    stones=", ".join(
                        f"{s.qty_outstanding} {s.product_id.display_name} "
                        f"({s.account_id.name})"
                        for s in stones
                    ),
                )
            )
        # a closed job holds nothing: one that does was not closed by its actions
        jobs = self.jewel_metal_job_ids.filtered(
            lambda j: (
                j.state != "closed"
                or not float_is_zero(j.fine_outstanding, precision_digits=3)
            )
        )
        if not jobs:
            return
        details = "\n".join(
            self.env._(
                "- %(mo)s: %(fine).3f g fine %(metal)s still out with %(holder)s "
                "(%(state)s)",
                mo=job.production_id.name,
                fine=job.fine_outstanding,
                metal=job.metal_id.name,
                holder=job.account_id.name,
                state=dict(job._fields["state"]._description_selection(self.env))[
                    job.state
                ],
            )
            for job in jobs
        )
        raise UserError(
            self.env._(
                "Metal issued to this order is not reconciled: return it and close "
                "the metal jobs first.\n%(details)s",
                details=details,
            )
        )

    def _jewel_metal_transfer_action(self, transfer_type):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Metal Transfer"),
            "res_model": "jewel.metal.transfer",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_transfer_type": transfer_type,
                "default_production_id": self.id,
                "default_company_id": self.company_id.id,
            },
        }

    def _jewel_metal_to_issue(self):
        """Gross grams per alloy this order still needs from the vault: the
        precious metal (casting grain, wire, sheet: the ``metal`` components, not
        the findings and sub-assemblies) its BOM takes for the quantity to make,
        less what was already issued to it.

        :return: ``{alloy: gross_grams}`` (only what is still needed)
        """
        self.ensure_one()
        bom = self.bom_id
        if not bom:
            return {}
        factor = self.product_uom_id._compute_quantity(
            self.product_qty, bom.product_uom_id
        ) / (bom.product_qty or 1.0)
        # as Odoo explodes the order's components: kits opened, sub-assemblies
        # (a head made by its own order) kept whole
        _boms, lines = bom.explode(self.product_id, factor)
        needed = defaultdict(float)
        for line, data in lines:
            if (
                line.product_id.jewel_component_type == "metal"
                and line.jewel_alloy_id
                and line.product_qty
            ):
                needed[line.jewel_alloy_id] += (
                    line.jewel_gross_metal_weight * data["qty"] / line.product_qty
                )
        issued = self.env["jewel.metal.transfer.line"]._read_group(
            [
                ("transfer_id.production_id", "=", self.id),
                ("transfer_id.transfer_type", "=", "issue"),
                ("transfer_id.state", "=", "posted"),
                ("transfer_id.reversal_ids", "=", False),
            ],
            ["alloy_id"],
            ["gross_weight:sum"],
        )
        for alloy, gross in issued:
            needed[alloy] -= gross
        return {
            alloy: round_weight(gross)
            for alloy, gross in needed.items()
            if float_compare(gross, 0.0, precision_digits=3) > 0
        }

    def action_jewel_issue_metal(self):
        """A new issue of the alloys and grams the BOM still needs."""
        self.ensure_one()
        action = self._jewel_metal_transfer_action("issue")
        action["context"]["default_line_ids"] = [
            (
                0,
                0,
                {
                    "alloy_id": alloy.id,
                    "gross_weight": gross,
                    "description": self.env._(
                        "As the BOM needs: %(bom)s", bom=self.bom_id.display_name
                    ),
                },
            )
            for alloy, gross in self._jewel_metal_to_issue().items()
        ]
        return action

    def action_jewel_return_metal(self):
        return self._jewel_metal_transfer_action("return")

    def action_jewel_close_metal_jobs(self):
        """Close the order's metal jobs: losses within tolerance are posted."""
        self.jewel_metal_job_ids.filtered(lambda j: j.state == "open").action_close()
        return True

    def action_jewel_view_metal_transfers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jewel_metal_ledger.jewel_metal_transfer_action"
        )
        action["domain"] = [("production_id", "=", self.id)]
        action["context"] = {
            "default_production_id": self.id,
            "default_company_id": self.company_id.id,
        }
        return action
