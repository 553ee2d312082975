"""Property-based test of every number a user can write into the jewel addons.

Each addon's test class lists nothing by hand: the numeric fields its module
defines (on its own ``jewel.*`` models and on Odoo's models it extends) are
found in the registry. Generated numbers (NaN, ±infinity, huge, tiny, negative,
many decimals, integers beyond any float) are written and created as a normal
user holding every role; the answer must be a ``UserError`` (``ValidationError``
is one) or ``AccessError``, or a stored value that is finite and in the field's
range: never a ``ValueError``, ``OverflowError`` or a database error.
"""

import math
from contextlib import closing

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from ..tools.numbers import DEFAULTS, NUMERIC_TYPES

REFUSALS = (UserError, AccessError)
NASTY = (math.nan, math.inf, -math.inf, 10**400, -1.0, 1001.0, 5e-324)
NUMBERS = st.one_of(
    st.sampled_from(NASTY),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e7, max_value=1e7),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.decimals(min_value=-1000, max_value=1000, places=9).map(float),
)
# Roles of every addon, and the Odoo managers a workshop's back office has.
GROUPS = (
    "base.group_user",
    "base.group_erp_manager",
    "base.group_partner_manager",
    "mrp.group_mrp_manager",
    "stock.group_stock_manager",
    "sales_team.group_sale_manager",
    "account.group_account_manager",
    "jewel_bom.group_jewel_owner",
    "jewel_bom.group_jewel_supervisor",
    "jewel_bom.group_jewel_planner",
    "jewel_bom.group_jewel_storekeeper",
    "jewel_bom.group_jewel_quality",
    "jewel_bom.group_jewel_accountant",
    "jewel_bom.group_jewel_goldsmith",
    "jewel_quality.group_jewel_quality_manager",
    "jewel_partner_consignment.group_jewel_sales_manager",
)


class NumberPropertiesMixin:
    """Mix into a ``TransactionCase``; set ``_jewel_addon`` to the addon tested."""

    _jewel_addon = None
    # Odoo collects only the test methods a class defines, unless told so
    allow_inherited_tests_method = True
    #: transient models (wizards) and SQL views hold no record to write on
    _jewel_skip_models = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.number_user = new_test_user(
            cls.env,
            login=f"jewel_numbers_{cls._jewel_addon}",
            groups=",".join(
                xmlid
                for xmlid in GROUPS
                if cls.env.ref(xmlid, raise_if_not_found=False)
            ),
        )
        cls._jewel_number_records()
        cls.number_targets = cls._jewel_number_targets()
        cls.number_creatable = cls._jewel_creatable(cls.number_targets)

    @classmethod
    def _jewel_number_records(cls):
        """Make records still open to changes (the demo's are mostly done)."""

    @classmethod
    def _jewel_number_fields(cls):
        """``(model, field)`` of every number the addon lets a user write."""
        result = []
        for model_name in sorted(cls.env.registry.models):
            model = cls.env[model_name]
            if model._abstract or not model._auto or model._transient:
                continue
            if model_name in cls._jewel_skip_models:
                continue
            for name, field in sorted(model._fields.items()):
                if (
                    field.type in NUMERIC_TYPES
                    and cls._jewel_addon in (field._modules or ())
                    and field.store
                    and not field.automatic
                    and not field.related
                    and not (field.compute and field.readonly)
                ):
                    result.append((model_name, name))
        return result

    @classmethod
    def _jewel_number_targets(cls):
        """``(record, field name)``: preferably a record the user may write the
        field on, else one that refuses it (a posted line must refuse NaN too)."""
        targets = []
        for model_name, name in cls._jewel_number_fields():
            records = cls.env[model_name].search([], limit=8, order="id desc")
            records = records.with_user(cls.number_user)
            for record in records:
                try:
                    with closing(cls.env.cr.savepoint()), mute_logger("odoo.sql_db"):
                        record.write({name: record.sudo()[name]})
                        record.flush_recordset()
                except REFUSALS:
                    continue
                targets.append((record, name))
                break
            else:
                if records:
                    targets.append((records[0], name))
        return targets

    @classmethod
    def _jewel_creatable(cls, targets):
        """``{model: vals}``: a copy of the target the user may create."""
        creatable = {}
        for record, _name in targets:
            if record._name in creatable:
                continue
            vals = record.sudo().copy_data()[0]
            try:
                with closing(cls.env.cr.savepoint()), mute_logger("odoo.sql_db"):
                    record.browse().create(vals).flush_recordset()
            except Exception:  # noqa: BLE001 - not creatable as a copy: write only
                continue
            creatable[record._name] = vals
        return creatable

    def _jewel_try_number(self, record, name, value):
        """Write ``value``, and create a record with it: refused in words, or
        stored finite and in range."""

        def write():
            record.write({name: value})
            return record

        self._jewel_try_number_on(record, name, value, write)
        vals = self.number_creatable.get(record._name)
        if vals is not None:
            self._jewel_try_number_on(
                record,
                name,
                value,
                lambda: record.browse().create(dict(vals, **{name: value})),
            )

    def _jewel_try_number_on(self, record, name, value, make):
        with closing(self.env.cr.savepoint()):
            try:
                record = make()
                record.flush_recordset()
            except REFUSALS:
                return
            except Exception as error:  # noqa: BLE001 - the property under test
                self.fail(
                    f"{record._name}.{name} = {value!r}: {type(error).__name__}: "
                    f"{error}"
                )
            record.invalidate_recordset([name])
            stored = record[name]
            rule = getattr(record._fields[name], "jewel_number", None)
            rule = rule or DEFAULTS[record._fields[name].type]
            self.assertTrue(
                math.isfinite(stored) and stored in rule,
                f"{record._name}.{name} = {value!r} stored {stored!r}",
            )

    def test_every_number_field_is_covered(self):
        """No numeric field of the addon escapes the property below."""
        covered = {(record._name, name) for record, name in self.number_targets}
        missing = set(self._jewel_number_fields()) - covered
        self.assertFalse(missing, "no record to write these fields on")
        self.assertTrue(covered)

    def test_nasty_numbers_on_every_field(self):
        for record, name in self.number_targets:
            for value in NASTY:
                self._jewel_try_number(record, name, value)

    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def test_generated_numbers(self, data):
        record, name = data.draw(st.sampled_from(self.number_targets), "field")
        value = data.draw(NUMBERS, "value")
        self._jewel_try_number(record, name, value)
