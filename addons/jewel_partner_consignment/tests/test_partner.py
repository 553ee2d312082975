from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

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
        with self.assertRefused(
            ValidationError,
            r"commission must be between|Commission \(%\) must be at least 0",
        ):
            self.shop.jewel_commission_percent = 120.0
        with self.assertRefused(
            ValidationError, "cannot be negative|must be at least 0"
        ):
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


@tagged("post_install", "-at_install")
class TestPartnerAgreement(RpcMixin, JewelConsignmentCommon):
    """The agreement with a retail partner, tried the way the web client can:
    only sales managers set it, and the chatter shows every change."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop.write(
            {"jewel_exposure_limit": 25000.0, "jewel_memo_terms": "<p>Shop terms</p>"}
        )
        cls.terms = cls.env["res.partner"]._jewel_term_fields

    def _agreement(self, partner):
        partner.invalidate_recordset()
        return {name: partner[name] for name in self.terms}

    def test_salesperson_cannot_change_the_agreement(self):
        before = self._agreement(self.shop)
        pricelist = self.env["product.pricelist"].create({"name": "Test cheap"})
        for field, value, label in [
            ("jewel_exposure_limit", 0.0, "Exposure Limit"),
            ("jewel_commission_percent", 90.0, "Commission"),
            ("jewel_memo_term_days", 365, "Memo Term"),
            ("jewel_settlement_days", 120, "Settlement"),
            ("jewel_pricing", "pricelist", "Pricing"),
            ("jewel_pricelist_id", pricelist.id, "Partner Price List"),
            ("jewel_agreement_memo", True, "Memo"),
            ("jewel_loss_bearer", "workshop", "Risk of Loss"),
            ("jewel_memo_terms", "<p>No liability</p>", "Memo Terms"),
        ]:
            with self.subTest(field=field):
                self.assertRpcRefused(
                    AccessError,
                    "Only a sales manager can change the agreement with Test Goldsmith "
                    f"Shop: {label}",
                    self.salesman,
                    "res.partner",
                    "write",
                    self.shop.ids,
                    {field: value, "jewel_ring_size": "52"},
                )
        self.assertEqual(self._agreement(self.shop), before)
        self.assertFalse(self.shop.jewel_ring_size)
        # a form saving the agreement unchanged, with other changes, is fine
        self.rpc(
            self.salesman,
            "res.partner",
            "write",
            self.shop.ids,
            {"jewel_commission_percent": 40.0, "jewel_ring_size": "52"},
        )
        self.assertEqual(self.shop.jewel_ring_size, "52")

    def test_salesperson_cannot_move_the_partner_location(self):
        location = self.shop.jewel_location_id
        for user in (self.salesman, self.sales_manager):
            self.assertRpcRefused(
                UserError,
                "partner stock location is created by the workshop",
                user,
                "res.partner",
                "write",
                self.shop.ids,
                {"jewel_location_id": self.stock_location.id},
            )
        self.shop.invalidate_recordset()
        self.assertEqual(self.shop.jewel_location_id, location)

    def test_salesperson_new_partner_gets_the_default_agreement(self):
        self.assertRpcRefused(
            AccessError,
            "Only a sales manager can set the agreement of a new partner: Commission",
            self.salesman,
            "res.partner",
            "create",
            {"name": "Test Greedy Shop", "jewel_commission_percent": 90.0},
        )
        self.assertFalse(
            self.env["res.partner"].search([("name", "=", "Test Greedy Shop")])
        )
        # what the form sends (the defaults), and defaults the client brings
        partner = self.env["res.partner"].browse(
            self.rpc(
                self.salesman,
                "res.partner",
                "create",
                {
                    "name": "Test New Shop",
                    "is_company": True,
                    "jewel_is_retail_partner": True,
                    "jewel_memo_term_days": 45,
                    "jewel_exposure_limit": 0.0,
                },
                context={
                    "default_jewel_commission_percent": 90.0,
                    "default_jewel_exposure_limit": 1.0,
                },
            )
        )
        self.assertEqual(partner.jewel_commission_percent, 0.0)
        self.assertEqual(partner.jewel_exposure_limit, 0.0)
        self.assertEqual(partner.jewel_memo_term_days, 45)
        self.assertTrue(partner.jewel_location_id)

    def test_manager_changes_are_tracked(self):
        # mail.thread tracks no change in the transaction that created a record:
        # end the setup's as a commit would
        self.env.cr.flush()
        self.rpc(
            self.sales_manager,
            "res.partner",
            "write",
            self.shop.ids,
            {
                "jewel_commission_percent": 35.0,
                "jewel_exposure_limit": 12000.0,
                "jewel_memo_terms": "<p>New shop terms</p>",
            },
        )
        self.env.flush_all()
        self.env.cr.flush()  # tracking is written before the commit
        self.assertEqual(self.shop.jewel_commission_percent, 35.0)
        messages = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.shop.id)]
        )
        tracked = messages.tracking_value_ids
        self.assertEqual(
            set(tracked.field_id.mapped("name")),
            {"jewel_commission_percent", "jewel_exposure_limit"},
        )
        commission = tracked.filtered(
            lambda t: t.field_id.name == "jewel_commission_percent"
        )
        self.assertEqual(
            (commission.old_value_float, commission.new_value_float), (40.0, 35.0)
        )
        self.assertEqual(
            commission.mail_message_id.author_id, self.sales_manager.partner_id
        )
        self.assertIn("Shop terms", "\n".join(messages.mapped("body")))
