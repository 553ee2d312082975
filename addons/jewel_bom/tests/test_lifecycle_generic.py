from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .rpc import RpcMixin

# every role of the workshop, and the administrator: nobody bypasses a lifecycle
ROLE_USERS = (
    "base.user_admin",
    "jewel_bom.user_owner_demo",
    "jewel_bom.user_planner_demo",
    "jewel_bom.user_supervisor_demo",
    "jewel_bom.user_quality_demo",
    "jewel_bom.user_storekeeper_demo",
    "jewel_bom.user_goldsmith_demo",
    "jewel_bom.user_accountant_demo",
)


@tagged("post_install", "-at_install")
class TestLifecycleGeneric(RpcMixin, TransactionCase):
    """For every jewel model with a lifecycle, in every state but its editable
    ones, every role tries what the web client can send: ``write`` of each field
    that only a transition sets, and ``unlink``. All are refused.

    Run after every addon is installed, so that it covers the models of all of
    them, and new models with a ``state`` must join the lifecycle guard.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = [cls.env.ref(xmlid) for xmlid in ROLE_USERS]
        Mixin = cls.registry["jewel.lifecycle.mixin"]
        cls.lifecycle_models = sorted(
            name
            for name, model in cls.registry.items()
            if name.startswith("jewel.")
            and not model._abstract
            and not model._transient
            and issubclass(model, Mixin)
        )

    def test_every_jewel_model_with_a_state_has_a_lifecycle_guard(self):
        unguarded = [
            name
            for name, model in self.registry.items()
            if name.startswith("jewel.")
            and not model._abstract
            and not model._transient
            and "state" in model._fields
            and name not in self.lifecycle_models
        ]
        self.assertFalse(
            unguarded,
            "these models have a state but no lifecycle guard (jewel.lifecycle.mixin)",
        )

    def _other_value(self, record, name, user):
        """A value different from the current one that a client could send."""
        field = record._fields[name]
        current = record[name]
        if field.type == "selection":
            values = [v for v, _label in field._description_selection(self.env)]
            return next((v for v in values if v != current), False)
        if field.type == "many2one":
            if field.comodel_name == "res.users":
                return user.id if current != user else self.env.ref("base.user_root").id
            other = self.env[field.comodel_name].search(
                [("id", "!=", current.id)], limit=1
            )
            return other.id
        if field.type == "boolean":
            return not current
        if field.type in ("char", "text", "html"):
            return "written over RPC"
        if field.type == "date":
            return "2031-01-01"
        if field.type == "datetime":
            return "2031-01-01 10:00:00"
        if field.type in ("float", "monetary", "integer"):
            return (current or 0) + 1
        return None  # x2many: not a transition field

    def _records_in_frozen_states(self, name):
        """One record per state outside the editable ones; states that no record
        holds are reached on a copy of an existing one through the narrow path
        (a fixture, not what is tested)."""
        Model = self.env[name]
        states = [
            v for v, _label in Model._fields["state"]._description_selection(self.env)
        ]
        frozen = [s for s in states if s not in Model._jewel_editable_states]
        records = Model.search([], order="id")
        self.assertTrue(
            records, f"no {name} record to try: the demo data should hold one"
        )
        picked = []
        for state in frozen:
            record = records.filtered(lambda r, s=state: r.state == s)[:1]
            if not record:
                record = records[0]
                record._jewel_transition().write({"state": state})
            picked.append(record)
        return picked

    def test_no_role_bypasses_a_lifecycle(self):
        tried = 0
        for name in self.lifecycle_models:
            Model = self.env[name]
            if "state" not in Model._fields or Model._fields["state"].related:
                continue  # lines guarded by their document's state: tried through it
            for record in self._records_in_frozen_states(name):
                state = record.state
                for user in self.users:
                    for field in Model._jewel_transition_fields:
                        value = self._other_value(record, field, user)
                        if value is None:
                            continue
                        before = record[field]
                        with self.subTest(
                            model=name, state=state, user=user.login, field=field
                        ):
                            self.assertRpcRefused(
                                UserError,
                                ".",
                                user,
                                name,
                                "write",
                                record.ids,
                                {field: value},
                            )
                            record.invalidate_recordset()
                            self.assertEqual(record[field], before)
                        tried += 1
                    if state not in Model._jewel_unlink_states:
                        with self.subTest(
                            model=name, state=state, user=user.login, op="unlink"
                        ):
                            self.assertRpcRefused(
                                UserError, ".", user, name, "unlink", record.ids
                            )
                            self.assertTrue(record.exists())
                        tried += 1
        self.assertGreater(tried, 0)

    def test_the_administrator_cannot_write_a_transition_field_either(self):
        admin = self.env.ref("base.user_admin")
        for name in self.lifecycle_models:
            Model = self.env[name]
            if "state" not in Model._fields or Model._fields["state"].related:
                continue
            record = Model.search([], limit=1)
            if not record:
                continue
            with self.subTest(model=name):
                self.assertRpcRefused(
                    UserError,
                    "cannot be written directly",
                    admin,
                    name,
                    "write",
                    record.ids,
                    {"state": self._other_value(record, "state", admin)},
                )
