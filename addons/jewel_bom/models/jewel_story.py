from odoo import api, fields, models

from .jewel_exception import OPEN_STATES


class JewelStory(models.AbstractModel):
    """One answer, the same for every role, to three questions about a document:
    what changed, which promise is affected, what must happen before the next stage."""

    _name = "jewel.story"
    _description = "What Changed and What It Affects"

    @api.model
    def _render(self, record):
        if not record.id:
            return False
        values = {
            "record": record,
            "changes": self._changes(record),
            "exceptions": self._exceptions(record),
        }
        values["next_actions"] = self._next_actions(record, values["exceptions"])
        return self.env["ir.qweb"]._render("jewel_bom.jewel_story", values)

    @api.model
    def _changes(self, record, limit=20):
        """Tracked changes and promise changes with their reasons, newest first."""
        # sudo: tracking values are read the same way for every role; fields the
        # user may not read are left out below.
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", record._name),
                    ("res_id", "=", record.id),
                    ("message_type", "in", ("notification", "comment")),
                    "|",
                    ("tracking_value_ids", "!=", False),
                    ("body", "ilike", "Promise changed"),
                ],
                order="date desc, id desc",
                limit=limit,
            )
        )
        changes = []
        for message in messages:
            rows = []
            for tracking in message.tracking_value_ids:
                field = record._fields.get(tracking.field_id.name)
                if (
                    field
                    and field.groups
                    and not self.env.user.has_groups(field.groups)
                ):
                    continue
                rows.append(
                    {
                        "field": tracking.field_id.field_description,
                        "old": self._tracking_text(tracking, new=False),
                        "new": self._tracking_text(tracking, new=True),
                    }
                )
            changes.append(
                {
                    "date": message.date,
                    "author": message.author_id.name,
                    "rows": rows,
                    "body": message.body,
                }
            )
        return changes

    @api.model
    def _tracking_text(self, tracking, new):
        field_type = tracking.field_id.ttype
        value = tracking._format_display_value(field_type, new=new)[0]
        if field_type == "datetime" and value:
            stamp = tracking.new_value_datetime if new else tracking.old_value_datetime
            value = fields.Datetime.context_timestamp(self, stamp).strftime(
                "%Y-%m-%d %H:%M"
            )
        return "-" if value in (False, None, "") else value

    @api.model
    def _exceptions(self, record):
        """Open exceptions raised on the record (or the documents it serves) or
        putting their promises at risk: the ones its smart button counts."""
        if "jewel_exception_count" in record._fields:
            return record._jewel_related_exceptions()[record].sorted(
                "date_raised", reverse=True
            )
        promised = self.env["jewel.exception.promise"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)]
        )
        return self.env["jewel.exception"].search(
            [
                ("state", "in", OPEN_STATES),
                "|",
                "&",
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("id", "in", promised.exception_id.ids),
            ],
            order="date_raised desc",
        )

    @api.model
    def _next_actions(self, record, exceptions):
        activities = self.env["mail.activity"].search(
            [
                "|",
                "&",
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                "&",
                ("res_model", "=", "jewel.exception"),
                ("res_id", "in", exceptions.ids),
            ],
            order="date_deadline",
        )
        return activities


class JewelStoryMixin(models.AbstractModel):
    """Shows the story of a document in a "Changes & Promises" tab."""

    _name = "jewel.story.mixin"
    _description = "What Changed and What It Affects (tab)"

    jewel_story_html = fields.Html(
        string="What Changed and What It Affects",
        compute="_compute_jewel_story_html",
        sanitize=False,
    )

    def _compute_jewel_story_html(self):
        for record in self:
            record.jewel_story_html = self.env["jewel.story"]._render(record)
