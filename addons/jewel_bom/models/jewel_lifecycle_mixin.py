from odoo import api, models
from odoo.exceptions import UserError

# The narrow path of transitions. A context value that JSON cannot carry, so a
# client (JSON-RPC passes the context it likes) can never forge it.
_TRANSITION = object()

# written by mail.thread / mail.activity.mixin in any state (chatter, followers,
# activities, attachments): never a lifecycle field
_MAIL_FIELD_PREFIXES = ("message_", "activity_", "website_message_", "rating_")


class JewelLifecycleMixin(models.AbstractModel):
    """Guards a document's lifecycle in the model, as account.move guards its entries.

    - ``_jewel_transition_fields``: fields that only a transition sets (state,
      approvals, decisions, overrides, closures, who/when). A plain ``create`` may
      only give them their default (or an empty value), a plain ``write`` never
      sets them, the administrator included. The model's transition methods check
      the role, then write them through ``_jewel_transition()``.
    - ``_jewel_editable_states``: states in which the other fields may change;
      in any other state only ``_jewel_free_fields`` (and chatter/activity fields)
      may, unless a transition writes them.
    - ``_jewel_unlink_states``: states in which a record may be deleted.
    - ``_jewel_lifecycle_parent``: for lines without a state of their own (the
      lines of a transfer, of a memo...), the Many2one whose state guards them:
      lines of a document that left its editable states can neither be changed
      nor deleted, and none can be added to it.

    Module data (demo records) loads while the registry is not ready; it is not
    guarded, since no client can reach the server then.
    """

    _name = "jewel.lifecycle.mixin"
    _description = "Jewellery document lifecycle guard"

    _jewel_transition_fields = ("state",)
    _jewel_editable_states = ("draft",)
    _jewel_free_fields = ()
    _jewel_unlink_states = ("draft",)
    _jewel_lifecycle_parent = None

    # ------------------------------------------------------------------ path
    def _jewel_transition(self):
        """These records, allowed to write transition fields and frozen states.

        Only for the model's own transition methods, after they checked the
        role; keep each call next to the check it follows.
        """
        return self.with_context(jewel_transition=_TRANSITION)

    def _jewel_in_transition(self):
        return (
            self.env.context.get("jewel_transition") is _TRANSITION
            or not self.env.registry.ready
        )

    @api.model
    def _jewel_field_labels(self, names):
        """The fields' labels, in the user's language, for a message."""
        return ", ".join(
            self._fields[name].get_description(self.env)["string"] for name in names
        )

    @api.model
    def _jewel_is_free_field(self, name):
        return name in self._jewel_free_fields or name.startswith(_MAIL_FIELD_PREFIXES)

    def _jewel_guarding(self):
        """(record whose state guards, its state) for each record of self."""
        parent = self._jewel_lifecycle_parent
        for record in self:
            holder = record[parent] if parent else record
            if "state" in holder._fields:
                yield holder, holder.state

    @staticmethod
    def _jewel_state_label(holder, state):
        selection = dict(holder._fields["state"]._description_selection(holder.env))
        return selection.get(state, state)

    def _jewel_refuse_frozen(self, holder, state, what):
        raise UserError(
            self.env._(
                "%(record)s is %(state)s: %(what)s.",
                record=holder.display_name,
                state=self._jewel_state_label(holder, state),
                what=what,
            )
        )

    # ------------------------------------------------------------------ guards
    @api.model
    def _jewel_own_defaults(self, names):
        """The defaults the model itself gives ``names`` (in write format).

        Not ``default_get``: a client chooses its context (``default_state``)
        and may keep user defaults (``ir.default``), neither of which may set a
        transition field.
        """
        defaults = {}
        for name in names:
            field = self._fields[name]
            if field.default:
                value = field.convert_to_cache(
                    field.default(self), self, validate=False
                )
                defaults[name] = field.convert_to_write(value, self)
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        model = self
        if not self._jewel_in_transition():
            guarded = [f for f in self._jewel_transition_fields if f in self._fields]
            vals_list = [dict(vals) for vals in vals_list]
            for vals in vals_list:
                defaults = self._jewel_own_defaults(guarded)  # per record, like Odoo's
                for name in guarded:
                    if name not in vals:
                        # the model's default, not one from the context or ir.default
                        if not self._fields[name].compute:
                            vals[name] = defaults.get(name, False)
                    elif vals[name] and vals[name] != defaults.get(name):
                        raise UserError(
                            self.env._(
                                "%(field)s of a new %(model)s cannot be set directly: "
                                "it is set by the document's actions.",
                                field=self._fields[name].get_description(self.env)[
                                    "string"
                                ],
                                model=self._description,
                            )
                        )
            client_defaults = {f"default_{name}" for name in guarded}
            if client_defaults & set(self.env.context):
                # drop these keys only: they would still set the computed ones
                model = self.with_context(  # pylint: disable=context-overridden
                    {
                        k: v
                        for k, v in self.env.context.items()
                        if k not in client_defaults
                    }
                )
        records = super(JewelLifecycleMixin, model).create(vals_list).with_env(self.env)
        if self._jewel_lifecycle_parent and not self._jewel_in_transition():
            for holder, state in records._jewel_guarding():
                if state not in holder._jewel_editable_states:
                    self._jewel_refuse_frozen(
                        holder, state, self.env._("no line can be added")
                    )
        return records

    def write(self, vals):
        if not self._jewel_in_transition():
            self._jewel_check_write(vals)
        return super().write(vals)

    def _jewel_check_write(self, vals):
        transition = [f for f in vals if f in self._jewel_transition_fields]
        if transition:
            raise UserError(
                self.env._(
                    "%(fields)s of %(model)s cannot be written directly: use the "
                    "document's actions, which check who may do it and record it.",
                    fields=self._jewel_field_labels(transition),
                    model=self._description,
                )
            )
        frozen_fields = [
            f for f in vals if f in self._fields and not self._jewel_is_free_field(f)
        ]
        if not frozen_fields:
            return
        for holder, state in self._jewel_guarding():
            if state not in holder._jewel_editable_states:
                self._jewel_refuse_frozen(
                    holder,
                    state,
                    self.env._(
                        "%s can no longer be changed",
                        self._jewel_field_labels(frozen_fields),
                    ),
                )
        parent = self._jewel_lifecycle_parent
        if parent and vals.get(parent):
            # moving lines into a document that left its editable states adds them
            target = self.env[self._fields[parent].comodel_name].browse(vals[parent])
            if (
                "state" in target._fields
                and target.state not in target._jewel_editable_states
            ):
                self._jewel_refuse_frozen(
                    target, target.state, self.env._("no line can be added")
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_in_editable_states(self):
        if self._jewel_in_transition():
            return
        for holder, state in self._jewel_guarding():
            allowed = (
                holder._jewel_editable_states
                if self._jewel_lifecycle_parent
                else self._jewel_unlink_states
            )
            if state not in allowed:
                self._jewel_refuse_frozen(
                    holder, state, self.env._("it cannot be deleted")
                )
