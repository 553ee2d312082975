from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    jewel_quality_check_ids = fields.One2many(
        "jewel.quality.check", "production_id", string="Quality Checks"
    )
    jewel_quality_check_count = fields.Integer(
        string="Checks", compute="_compute_jewel_quality_check_count"
    )
    jewel_quality_pending_count = fields.Integer(
        string="Pending Checks", compute="_compute_jewel_quality_check_count"
    )

    def _compute_jewel_quality_check_count(self):
        Check = self.env["jewel.quality.check"]
        totals = dict(
            Check._read_group(
                [("production_id", "in", self.ids)], ["production_id"], ["__count"]
            )
        )
        pending = dict(
            Check._read_group(
                [("production_id", "in", self.ids), ("is_pending", "=", True)],
                ["production_id"],
                ["__count"],
            )
        )
        for production in self:
            production.jewel_quality_check_count = totals.get(production, 0)
            production.jewel_quality_pending_count = pending.get(production, 0)

    def action_confirm(self):
        res = super().action_confirm()
        self._jewel_create_quality_checks()
        return res

    def _jewel_create_quality_checks(self):
        """One check per matching checkpoint (and per work order where it names one).

        Idempotent: a point already checked on an MO or work order is skipped.
        """
        productions = self.filtered(
            lambda mo: mo.state not in ("draft", "cancel", "done")
        )
        if not productions:
            return self.env["jewel.quality.check"]
        points = self.env["jewel.quality.point"].search(
            [("company_id", "in", productions.company_id.ids)]
        )
        existing = defaultdict(set)
        for check in self.env["jewel.quality.check"].search(
            [("production_id", "in", productions.ids), ("retest_of_id", "=", False)]
        ):
            existing[check.production_id].add((check.point_id, check.workorder_id))
        vals_list = []
        for production in productions:
            for point in points:
                if point.company_id != production.company_id:
                    continue
                if not point._matches_product(production.product_id):
                    continue
                workorders = point._target_workorders(production)
                targets = (
                    [self.env["mrp.workorder"]] if workorders is None else workorders
                )
                for workorder in targets:
                    if (point, workorder) in existing[production]:
                        continue
                    vals_list.append(
                        {
                            "point_id": point.id,
                            "production_id": production.id,
                            "workorder_id": workorder.id,
                            "company_id": production.company_id.id,
                        }
                    )
        # sudo: the checks of a confirmed MO are made whoever confirms it (a
        # planner is no inspector); they are born pending, the guard on their
        # lifecycle leaves results and decisions to the quality staff
        checks = self.env["jewel.quality.check"].sudo().create(vals_list)
        return checks.with_env(self.env)

    def _button_mark_done_sanity_checks(self):
        res = super()._button_mark_done_sanity_checks()
        self._jewel_check_quality_passed()
        return res

    def _jewel_check_quality_passed(self):
        """Refuse to finish an MO while a blocking check has not passed."""
        pending = self.env["jewel.quality.check"].search(
            [
                ("production_id", "in", self.ids),
                ("blocking", "=", True),
                ("is_pending", "=", True),
            ]
        )
        if pending:
            raise UserError(
                self.env._(
                    "These blocking quality checks have not passed yet: %(checks)s.",
                    checks=", ".join(
                        f"{check.name} {check.title} ({check.production_id.name})"
                        for check in pending
                    ),
                )
            )

    def action_jewel_view_quality_checks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jewel_quality.jewel_quality_check_action"
        )
        action["domain"] = [("production_id", "=", self.id)]
        action["context"] = {"default_production_id": self.id}
        return action
