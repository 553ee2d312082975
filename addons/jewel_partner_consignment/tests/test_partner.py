from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import JewelConsignmentCommon


@tagged("post_install", "-at_install")
class TestPartner(JewelConsignmentCommon):
    def test_partner_location(self):
        """A retail partner gets its own internal location under Partner consignment."""
        parent = self.env.ref(
            "jewel_partner_consignment.stock_location_partner_consignment"
        )
        location = self.shop.jewel_location_id
        self.assertEqual(location.location_id, parent)
        self.assertEqual(location.usage, "internal")
        self.assertEqual(location.name, "Test Goldsmith Shop")
        self.assertEqual(self.boutique.jewel_memo_term_days, 45)

    def test_flag_later_creates_location(self):
        partner = self.env["res.partner"].create({"name": "Later", "is_company": True})
        self.assertFalse(partner.jewel_location_id)
        partner.with_user(self.salesman).jewel_is_retail_partner = True
        self.assertEqual(partner.jewel_location_id.usage, "internal")

    def test_agreement_checks(self):
        with self.assertRefused(ValidationError, "commission must be between"):
            self.shop.jewel_commission_percent = 120.0
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.shop.jewel_exposure_limit = -1.0

    def test_preferences(self):
        self.boutique.write(
            {
                "jewel_ring_size": "54",
                "jewel_preferred_alloy_id": self.au750w.id,
                "jewel_preferred_colour": "white",
                "jewel_date_ids": [
                    (0, 0, {"occasion": "Anniversary", "date": "2031-06-12"})
                ],
            }
        )
        self.assertEqual(self.boutique.jewel_date_ids.occasion, "Anniversary")
