from odoo import fields, models

from .jewel_exception import OPEN_STATES


class JewelExceptionSourceMixin(models.AbstractModel):
    """For documents exceptions are raised on: counts, smart button, one-click raise."""

    _name = "jewel.exception.source.mixin"
    _description = "Source of Workshop Exceptions"

    jewel_exception_ids = fields.One2many(
        "jewel.exception",
        "res_id",
        string="Exceptions",
        domain=lambda self: [("res_model", "=", self._name)],
    )
    jewel_exception_count = fields.Integer(
        string="Open Exceptions", compute="_compute_jewel_exception_count"
    )

    def _compute_jewel_exception_count(self):
        counts = dict(
            self.env["jewel.exception"]._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("state", "in", OPEN_STATES),
                ],
                ["res_id"],
                ["__count"],
            )
        )
        for record in self:
            record.jewel_exception_count = counts.get(record.id, 0)

    def _jewel_affected_promises(self):
        """Promises this record's problems put at risk: list of dicts with
        ``record``, ``date`` and ``partner``. Meant to be extended."""
        return []

    def _jewel_default_exception_kind(self):
        """Kind proposed when someone raises an exception from this record."""
        return "delay"

    def action_jewel_view_exceptions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Exceptions of %s", self.display_name),
            "res_model": "jewel.exception",
            "view_mode": "list,kanban,form",
            "domain": [("res_model", "=", self._name), ("res_id", "=", self.id)],
            "context": {
                "default_res_model": self._name,
                "default_res_id": self.id,
                "default_source_name": self.display_name,
                "default_kind": self._jewel_default_exception_kind(),
            },
        }

    def action_jewel_raise_exception(self):
        """One click: a new exception form, its source already filled in."""
        self.ensure_one()
        company = (
            self.company_id
            if "company_id" in self and self.company_id
            else self.env.company
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Raise an Exception"),
            "res_model": "jewel.exception",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_res_model": self._name,
                "default_res_id": self.id,
                "default_source_name": self.display_name,
                "default_kind": self._jewel_default_exception_kind(),
                "default_company_id": company.id,
            },
        }
