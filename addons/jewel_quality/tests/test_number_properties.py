from odoo.tests import TransactionCase, tagged

from odoo.addons.jewel_bom.tests.number_properties import NumberPropertiesMixin


@tagged("post_install", "-at_install")
class TestNumberProperties(NumberPropertiesMixin, TransactionCase):
    """Generated numbers at every numeric field jewel_quality defines."""

    _jewel_addon = "jewel_quality"
