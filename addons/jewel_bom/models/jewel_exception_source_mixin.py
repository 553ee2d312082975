from collections import defaultdict

from odoo import fields, models
from odoo.osv import expression

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
        string="Open Exceptions",
        compute="_compute_jewel_exception_count",
        help="Open exceptions raised on the document or on the documents it serves "
        "(an MO's sale orders), or putting one of their promises at risk: the "
        "ones its Exceptions list and its Changes & Promises tab show.",
    )

    #: fields holding the dates the affected promises of exceptions copy: when
    #: one changes, the open exceptions that copied it are refreshed
    _jewel_promise_date_fields = ()

    def _compute_jewel_exception_count(self):
        related = self._jewel_related_exceptions()
        for record in self:
            record.jewel_exception_count = len(related[record])

    def write(self, vals):
        result = super().write(vals)
        if self._jewel_promise_date_fields and not set(vals).isdisjoint(
            self._jewel_promise_date_fields
        ):
            self._jewel_refresh_exception_promises()
        return result

    def _jewel_refresh_exception_promises(self):
        """Open exceptions that copied a promise of these records copy it again."""
        # sudo: whoever moves a promised date, the exceptions that put it at risk
        # must show the new one; only the copied names and dates change
        promises = (
            self.env["jewel.exception.promise"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("exception_id.state", "in", OPEN_STATES),
                ]
            )
        )
        promises.exception_id._refresh_promises()

    def _jewel_exception_subjects(self):
        """Recordsets whose exceptions concern this record: the record itself.
        Meant to be extended (an MO adds the sale orders it is made for).

        Called as superuser: only the links are followed, nothing is shown
        from the records found.

        :return: a list of recordsets (of any models)
        """
        self.ensure_one()
        return [self]

    def _jewel_subject_keys(self):
        """``{record: {(model, id)}}`` of the subjects of each record."""
        return {
            record: {
                (subjects._name, subject_id)
                for subjects in record.sudo()._jewel_exception_subjects()
                for subject_id in subjects.ids
            }
            for record in self
        }

    @staticmethod
    def _jewel_subject_domain(keys):
        """Exceptions raised on one of ``keys`` or putting one of them at risk."""
        ids_by_model = defaultdict(set)
        for model, res_id in keys:
            ids_by_model[model].add(res_id)
        domains = []
        for model, ids in sorted(ids_by_model.items()):
            ids = sorted(ids)
            domains.append([("res_model", "=", model), ("res_id", "in", ids)])
            domains.append(
                [
                    (
                        "promise_ids",
                        "any",
                        [("res_model", "=", model), ("res_id", "in", ids)],
                    )
                ]
            )
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    def _jewel_related_exceptions(self, states=OPEN_STATES):
        """``{record: exceptions}`` raised on each record or its subjects, or
        putting one of their promises at risk, in ``states`` (all when empty)."""
        keys = self._jewel_subject_keys()
        domain = self._jewel_subject_domain(set().union(*keys.values()))
        if states:
            domain = expression.AND([domain, [("state", "in", list(states))]])
        exceptions = self.env["jewel.exception"].search(domain)
        concerns = {
            exception: {(exception.res_model, exception.res_id)}
            | {(p.res_model, p.res_id) for p in exception.promise_ids}
            for exception in exceptions
        }
        return {
            record: exceptions.filtered(lambda e, k=keys[record]: concerns[e] & k)
            for record in self
        }

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
            "domain": self._jewel_subject_domain(self._jewel_subject_keys()[self]),
            "context": {
                "search_default_not_closed": 1,
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
