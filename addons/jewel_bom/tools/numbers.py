"""The one rounding rule and the one number check of the jewel addons.

Weights are rounded HALF-UP to the milligram with Odoo's ``float_round``:
Python's ``round()`` rounds the binary value, so the 0.8075 g tie became
0.807 g while 1.0005 g went up, by accident of the float.

Every number a user enters (weight, fineness, density, price, carat, count,
measured value) is checked by :func:`check_number_vals` before it reaches the
ORM: NaN and infinity make Odoo's own float conversion raise ``ValueError`` or
``OverflowError`` (a traceback, even over JSON-RPC), and a number outside a
jeweller's range (an assay of 1001 ‰, a negative gram) is refused in words.
A field names its range with ``jewel_number=`` (see ``jewel.number.mixin``).
"""

import math

from odoo.exceptions import ValidationError
from odoo.tools import float_round

# "Jewel Weight" and "Jewel Carat" (decimal precision data): the milligram and
# the thousandth of a carat; "Jewel Fineness": a tenth of a per mille.
WEIGHT_DIGITS = 3
FINENESS_DIGITS = 1


def round_weight(value):
    """Grams (or carats) to the milligram, ties away from zero (0.8075 → 0.808)."""
    return float_round(value or 0.0, precision_digits=WEIGHT_DIGITS)


def fine_weight(gross, fineness):
    """Fine grams in ``gross`` grams at ``fineness`` ‰, to the milligram."""
    return round_weight((gross or 0.0) * (fineness or 0.0) / 1000.0)


def fine_weight_tolerance(gross):
    """How far a fine weight may sit from gross × fineness: the milligram it is
    rounded to, plus what half a step of the (rounded) fineness weighs."""
    step = 10.0**-FINENESS_DIGITS
    return 10.0**-WEIGHT_DIGITS + abs(gross or 0.0) * step / 2 / 1000.0


def fine_weight_matches(gross, fineness, fine):
    """Whether ``fine`` grams are ``gross`` grams at ``fineness`` ‰."""
    gap = abs((fine or 0.0) - fine_weight(gross, fineness))
    return gap <= fine_weight_tolerance(gross) + 1e-9


class Number:
    """The range of a numeric field: ``minimum`` (excluded when ``above``) to
    ``maximum``, in ``unit``."""

    __slots__ = ("minimum", "maximum", "above", "unit")

    def __init__(self, minimum, maximum, above=False, unit=""):
        self.minimum = minimum
        self.maximum = maximum
        self.above = above
        self.unit = unit

    def __contains__(self, value):
        low_ok = value > self.minimum if self.above else value >= self.minimum
        return low_ok and value <= self.maximum

    def __repr__(self):
        return f"Number({self.minimum}, {self.maximum}, above={self.above})"


# Sensible bounds of a goldsmith workshop (a tonne of metal is no typing error
# away from a gram, 1e12 ‰ is).
WEIGHT = Number(0, 1_000_000, unit="g")
SIGNED_WEIGHT = Number(-1_000_000, 1_000_000, unit="g")
CARAT = Number(0, 100_000, unit="ct")
COUNT = Number(0, 1_000_000)
FINENESS = Number(0, 1000, above=True, unit="‰")  # a standard: 750, 925…
ASSAY = Number(0, 1000, unit="‰")  # a reading: 0 is "not entered yet"
DENSITY = Number(0, 30, above=True, unit="g/cm³")  # osmium, the densest, is 22.6
PERCENT = Number(0, 100, unit="%")
PRICE = Number(0, 1_000_000_000)
PRICE_ABOVE_ZERO = Number(0, 1_000_000_000, above=True)
MONEY = Number(0, 1_000_000_000_000)
MEASURE = Number(0, 1_000_000)  # mm, ring size, grams, stones, ‰
MINUTES = Number(0, 100_000, unit="min")
DAYS = Number(0, 36_500, unit="days")
# Any other number: finite and small enough for the database column.
DEFAULTS = {
    "float": Number(-1e12, 1e12),
    "monetary": Number(-1e12, 1e12),
    "integer": Number(-(2**31), 2**31 - 1),
}
NUMERIC_TYPES = tuple(DEFAULTS)
LARGEST = 1e12  # no range goes beyond; float_round() overflows near 1e305


def _label(model, field):
    return f"{model._description}: {field._description_string(model.env)}"


def _shown(value):
    return f"{value:g}" if isinstance(value, float) else str(value)[:40]


def check_number(model, field, value, ranges=True):
    """Refuse ``value`` for ``field`` of ``model`` unless it is a finite number in
    the field's range (``False``/``None`` is the empty value, 0); with
    ``ranges=False`` only a number that is not finite."""
    if value is None or value is False:
        return
    env = model.env
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(
            env._(
                "%(field)s must be a number, not “%(value)s”.",
                field=_label(model, field),
                value=_shown(value),
            )
        ) from None
    except OverflowError:  # an integer longer than any float
        number = math.inf
    if math.isnan(number):
        raise ValidationError(
            env._(
                "%(field)s must be a number, not “not a number” (NaN).",
                field=_label(model, field),
            )
        )
    if not ranges and not math.isinf(number):
        return
    rule = getattr(field, "jewel_number", None) or DEFAULTS[field.type]
    digits = field.get_digits(env) if field.type == "float" else None
    if not math.isinf(number) and abs(number) <= LARGEST and digits:
        # the value as stored: 0.00001 ‰ is a fineness of 0
        number = float_round(number, precision_digits=digits[1])
    if math.isinf(number) or number not in rule:
        low = (
            env._("above %s", _shown(rule.minimum))
            if rule.above
            else env._("at least %s", _shown(rule.minimum))
        )
        raise ValidationError(
            env._(
                "%(field)s must be %(low)s and at most %(max)s (not %(value)s).",
                field=_label(model, field),
                low=low,
                max=f"{_shown(rule.maximum)} {rule.unit}".strip(),
                value=_shown(number),
            )
        )


def check_number_vals(model, vals, ranges=True):
    """:func:`check_number` for every numeric field in ``vals``, and in the
    values of the lines ``vals`` creates or updates (x2many commands)."""
    fields = model._fields
    for name, value in vals.items():
        field = fields.get(name)
        if field is None:
            continue
        if field.type in NUMERIC_TYPES:
            check_number(model, field, value, ranges)
        elif field.type in ("one2many", "many2many") and isinstance(value, list):
            comodel = model.env[field.comodel_name]
            for command in value:
                if isinstance(command, (list, tuple)) and len(command) == 3:
                    if isinstance(command[2], dict):
                        check_number_vals(comodel, command[2], ranges)
