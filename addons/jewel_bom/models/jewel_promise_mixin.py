from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..tools.numbers import check_number_vals


class PromiseReasonRequired(UserError):
    """A committed promise is being changed without a reason.

    Carries what the web client needs to ask for the reason in a dialog and
    replay the write: ``(message, model, ids, vals)``.
    """

    def __init__(self, message, model=None, ids=None, vals=None):
        super().__init__(message)
        self.args = (message, model, ids or [], vals or {})


class JewelPromiseMixin(models.AbstractModel):
    """Changing a promise (date, price, weight, quantity) once committed needs a reason.

    The reason comes in the context as ``jewel_change_reason``; the chatter shows
    the old and new values, the reason, who and when.
    """

    _name = "jewel.promise.mixin"
    _description = "Promise Fields Needing a Reason to Change"

    #: field names that are promises once the record is committed
    _jewel_promise_fields = []

    def _jewel_promise_is_committed(self):
        """True when the promise fields are commitments. Meant to be extended."""
        self.ensure_one()
        return True

    def _jewel_promise_thread(self):
        """The record whose chatter tells the change (a line tells it on its order)."""
        self.ensure_one()
        return self

    def _jewel_promise_changes(self, vals):
        """``{record: [(field, old, new)]}`` of committed records changing a promise."""
        names = [name for name in self._jewel_promise_fields if name in vals]
        changes = {}
        if not names:
            return changes
        for record in self:
            if not record._jewel_promise_is_committed():
                continue
            for name in names:
                field = record._fields[name]
                new = field.convert_to_record(
                    field.convert_to_cache(vals[name], record), record
                )
                old = record[name]
                if field.type == "float":
                    digits = field.get_digits(record.env)
                    precision = digits[1] if digits else 6
                    if not float_compare(old, new, precision_digits=precision):
                        continue
                elif old == new:
                    continue
                changes.setdefault(record, []).append((field, old, new))
        return changes

    def write(self, vals):
        check_number_vals(self, vals)  # before the new values are converted
        changes = self._jewel_promise_changes(vals)
        if not changes:
            return super().write(vals)
        reason = (self.env.context.get("jewel_change_reason") or "").strip()
        if not reason:
            records = list(changes)
            labels = sorted(
                {field.string for items in changes.values() for field, *_v in items}
            )
            raise PromiseReasonRequired(
                self.env._(
                    "%(fields)s of %(records)s is a promise already made: give the "
                    "reason for the change.",
                    fields=", ".join(labels),
                    records=", ".join(r.display_name for r in records[:3]),
                ),
                self._name,
                [r.id for r in records],
                vals,
            )
        result = super().write(vals)
        for record, items in changes.items():
            record._jewel_post_promise_change(items, reason)
        return result

    def _jewel_post_promise_change(self, items, reason):
        thread = self._jewel_promise_thread()
        rows = Markup("").join(
            Markup("<li>%s%s: %s → %s</li>")
            % (
                f"{self.display_name} – " if thread != self else "",
                field.string,
                self._jewel_format_value(field, old),
                self._jewel_format_value(field, new),
            )
            for field, old, new in items
        )
        thread.message_post(
            body=Markup("<p><b>%s</b></p><ul>%s</ul><p>%s %s</p>")
            % (self.env._("Promise changed"), rows, self.env._("Reason:"), reason),
            subtype_xmlid="mail.mt_note",
        )

    def _jewel_format_value(self, field, value):
        if (
            not value
            and value is not False
            and field.type in ("float", "monetary", "integer")
        ):
            return "0"
        if field.type == "datetime" and value:
            local = fields.Datetime.context_timestamp(self, value)
            return local.strftime("%Y-%m-%d %H:%M")
        if field.type == "many2one":
            return value.display_name or "-"
        return str(value) if value not in (False, None) else "-"
