from odoo import api, models

from ..tools.numbers import check_number_vals


class JewelNumberMixin(models.AbstractModel):
    """Numbers are checked before the ORM converts them.

    Odoo's float conversion raises ``ValueError``/``OverflowError`` on NaN and
    infinity (a traceback, over JSON-RPC too): every model with numbers a user
    enters inherits this mixin, so such a number, or one out of the range its
    field declares with ``jewel_number=`` (``tools/numbers.py``), is refused
    with a ``ValidationError`` and nothing is written.
    """

    _name = "jewel.number.mixin"
    _description = "Finite, In-Range Numbers"

    def _valid_field_parameter(self, field, name):
        return name == "jewel_number" or super()._valid_field_parameter(field, name)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_number_vals(self, vals)
        return super().create(vals_list)

    def write(self, vals):
        check_number_vals(self, vals)
        return super().write(vals)

    def onchange(self, values, field_names, fields_spec):
        # A form's values are converted before any onchange runs: NaN would
        # raise there too. Ranges are left to saving (a stored value from
        # before a range existed must not lock the form).
        check_number_vals(self, values, ranges=False)
        return super().onchange(values, field_names, fields_spec)
