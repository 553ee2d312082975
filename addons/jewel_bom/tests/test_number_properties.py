from odoo.tests import TransactionCase, tagged

from .number_properties import NumberPropertiesMixin


@tagged("post_install", "-at_install")
class TestNumberProperties(NumberPropertiesMixin, TransactionCase):
    """Generated numbers at every numeric field jewel_bom defines."""

    _jewel_addon = "jewel_bom"
