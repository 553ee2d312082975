from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import JewelBomCommon


@tagged("post_install", "-at_install")
class TestCasting(JewelBomCommon):
    def test_metal_to_melt_for_one_flask_piece(self):
        band = self._product("Test cast band", jewel_alloy_id=self.au750y.id)
        bom = self._bom(band, [(self.grain_750y, 6.2)], jewel_wax_weight=0.398)
        self.assertEqual(bom.jewel_casting_alloy_id, self.au750y)
        # 0.398 g wax × 15.58 / 1.00 = 6.201 g; + 20 % sprue and button = 7.441 g
        self.assertEqual(bom.jewel_casting_piece_weight, 6.201)
        self.assertEqual(bom.jewel_casting_melt_weight, 7.441)

        with Form(bom) as form:
            form.jewel_casting_alloy_id = self.env.ref(
                "jewel_bom.jewel_alloy_au585_white"
            )
            form.jewel_sprue_allowance = 30.0
        # 0.398 × 12.61 = 5.019 g; × 1.30 = 6.524 g
        self.assertEqual(bom.jewel_casting_piece_weight, 5.019)
        self.assertEqual(bom.jewel_casting_melt_weight, 6.524)

        bom.jewel_wax_density = 0.96  # measured on this wax
        self.assertEqual(bom.jewel_casting_piece_weight, 5.228)

    def test_bad_casting_input(self):
        bom = self._bom(self._product("Test cast"), [(self.grain_750y, 1.0)])
        with self.assertRefused(
            ValidationError, "cannot be negative|must be at least 0"
        ):
            bom.jewel_wax_weight = -0.4
        with self.assertRefused(ValidationError, "(?i)wax density.*must be above 0"):
            bom.jewel_wax_density = 0.0
        self.assertEqual(bom.jewel_wax_density, 1.0)
