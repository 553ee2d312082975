from unittest.mock import patch

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.jewel_bom.models.jewel_metal_price import JewelMetalPrice

from .common import JewelBomCommon


@tagged("post_install", "-at_install")
class TestMetalPrice(JewelBomCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rate_1 = cls._rate(cls.gold, cls.DATE_1, 80.0)
        cls.rate_2 = cls._rate(cls.gold, cls.DATE_2, 92.4)

    def test_price_on_a_date_is_the_latest_on_or_before(self):
        self.assertEqual(self.gold._get_price(self.DATE_1), 80.0)
        self.assertEqual(self.gold._get_price("2031-02-14"), 80.0)
        self.assertEqual(self.gold._get_price(self.DATE_2), 92.4)
        self.assertEqual(self.gold._get_price("2031-12-31"), 92.4)
        self.assertEqual(self.gold._get_price("1900-01-01"), 0.0)

    def test_prices_of_several_metals_in_two_queries(self):
        self._rate(self.platinum, self.DATE_1, 30.0)
        self._rate(self.silver, self.DATE_1, 0.95)
        metals = self.gold | self.platinum | self.silver
        metals.invalidate_recordset()
        with self.assertQueryCount(4):  # the same for one metal or four
            prices = metals._get_prices("2031-01-20")
        self.assertEqual(
            {m.code: p for m, (p, _d) in prices.items()},
            {"XAU": 80.0, "XPT": 30.0, "XAG": 0.95},
        )

    def test_price_in_another_currency_is_converted(self):
        eur = self.setup_other_currency("EUR", rates=[(self.DATE_1, 0.5)])
        self._rate(self.platinum, self.DATE_1, 20.0, currency_id=eur.id)
        # 20 EUR at 0.5 EUR per USD = 40 USD per fine gram
        self.assertAlmostEqual(self.platinum._get_price("2031-01-20"), 40.0, places=4)

    def test_history_is_never_overwritten(self):
        with self.assertRefused(UserError, "never overwritten"):
            self.rate_1.price = 81.0
        self.assertEqual(self.rate_1.price, 80.0)
        self.rate_1.write({"price": 80.0, "date": self.DATE_1})  # the same again
        self.rate_1.note = "LBMA PM fixing"  # the note is not the rate
        self.assertEqual(self.rate_1.note, "LBMA PM fixing")

    def test_duplicate_rate_is_refused_and_nothing_written(self):
        count = self.env["jewel.metal.price"].search_count([])
        with self.assertRefused(ValidationError, "already a Gold rate"):
            self.env["jewel.metal.price"].create(
                [
                    {"metal_id": self.platinum.id, "date": self.DATE_1, "price": 30.0},
                    {"metal_id": self.gold.id, "date": self.DATE_1, "price": 81.0},
                ]
            )
        self.assertEqual(self.env["jewel.metal.price"].search_count([]), count)

    def test_rate_needs_a_metal_and_a_positive_price(self):
        with self.assertRefused(ValidationError, "needs a metal"):
            self.env["jewel.metal.price"].create({"date": "2031-03-01", "price": 1.0})
        with self.assertRefused(ValidationError, "above zero|must be above 0"):
            self._rate(self.gold, "2031-03-01", -5.0)

    def test_feed_hook_records_only_new_rates(self):
        rows = [
            {
                "metal_id": self.gold.id,
                "date": self.rate_2.date,
                "price": 99.0,
                "currency_id": self.currency.id,
            },
            {
                "metal_id": self.platinum.id,
                "date": self.rate_2.date,
                "price": 31.5,
                "currency_id": self.currency.id,
            },
        ]
        with patch.object(JewelMetalPrice, "_fetch_feed_rates", return_value=rows):
            created, skipped = self.env["jewel.metal.price"]._cron_fetch_prices()
        self.assertEqual(skipped, 1)
        self.assertEqual(created.metal_id, self.platinum)
        self.assertEqual(created.source, "feed")
        self.assertEqual(self.gold._get_price(self.DATE_2), 92.4)

    def test_default_feed_fetches_nothing(self):
        created, skipped = self.env["jewel.metal.price"]._cron_fetch_prices()
        self.assertFalse(created)
        self.assertEqual(skipped, 0)
