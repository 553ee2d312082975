from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import JewelQualityCommon


@tagged("post_install", "-at_install")
class TestMarketRules(JewelQualityCommon):
    """The same 14K chain, assayed 583 ‰: the US tolerance (3 ‰ below the mark
    without solder) lets it be marked 585, the UK (no tolerance) refuses it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chain.tracking = "serial"
        cls.office = cls.env["res.partner"].create({"name": "Test Assay Office"})
        cls.uk = cls.env.ref("jewel_quality.jewel_hallmark_market_uk")
        cls.us = cls.env.ref("jewel_quality.jewel_hallmark_market_us")
        cls.lots = cls.env["stock.lot"].create(
            [{"name": f"TMK-{i}", "product_id": cls.chain.id} for i in range(1, 5)]
        )

    def _batch(self, market, lots, fineness=585.0):
        return (
            self.env["jewel.hallmark.batch"]
            .with_user(self.inspector)
            .create(
                {
                    "assay_office_id": self.office.id,
                    "market_id": market.id,
                    "fineness": fineness,
                    "line_ids": [(0, 0, {"lot_id": lot.id}) for lot in lots],
                }
            )
        )

    def _return(self, batch, assays, soldered=()):
        batch.action_send()
        for line, assay in zip(batch.line_ids, assays, strict=True):
            line.write({"assay_fineness": assay, "soldered": line.lot_id in soldered})
        batch.action_return()
        return batch.line_ids

    def test_uk_refuses_what_us_passes(self):
        uk_line = self._return(self._batch(self.uk, self.lots[0]), [583.0])
        us_line = self._return(self._batch(self.us, self.lots[1]), [583.0])

        self.assertEqual(uk_line.result, "fail")
        self.assertEqual(
            uk_line.refusal,
            "UK: Gold marked 585 ‰ needs 585 ‰; assay 583 ‰ is below it with no "
            "tolerance.",
        )
        self.assertEqual(uk_line.check_id.state, "fail")
        self.assertEqual(uk_line.check_id.market_refusal, uk_line.refusal)
        self.assertFalse(self.lots[0].jewel_hallmark_mark)
        self.assertFalse(self.lots[0].jewel_market_id)

        self.assertEqual(us_line.result, "pass")
        self.assertFalse(us_line.refusal)
        self.assertEqual(self.lots[1].jewel_hallmark_mark, "585")
        self.assertEqual(self.lots[1].jewel_market_id, self.us)
        self.assertEqual(self.lots[1].jewel_assay_fineness, 583.0)

    def test_us_tolerance_with_and_without_solder(self):
        # floor 582 ‰ without solder, 578 ‰ with it
        plain_low, soldered_ok, soldered_low, plain_edge = self.lots
        lines = self._return(
            self._batch(self.us, self.lots),
            [581.9, 578.0, 577.9, 582.0],
            soldered=soldered_ok | soldered_low,
        )
        self.assertEqual(lines.mapped("result"), ["fail", "pass", "fail", "pass"])
        self.assertEqual(
            lines[0].refusal,
            "US: Gold marked 585 ‰ allows 3 ‰ below without solder; assay 581.9 ‰ "
            "is below 582 ‰.",
        )
        self.assertEqual(
            lines[2].refusal,
            "US: Gold marked 585 ‰ allows 7 ‰ below with solder; assay 577.9 ‰ "
            "is below 578 ‰.",
        )

    def test_market_minimum_standard_refuses_the_send(self):
        nine_karat = self._product(
            "Test chain 9K",
            jewel_component_type="piece",
            jewel_alloy_id=self.env.ref("jewel_bom.jewel_alloy_au375_yellow").id,
            tracking="serial",
        )
        lot = self.env["stock.lot"].create(
            {"name": "TMK-9", "product_id": nine_karat.id}
        )
        us_batch = self._batch(self.us, lot, fineness=375.0)
        with self.assertRefused(UserError, r"US: Gold needs at least 417 ‰; 375 ‰"):
            us_batch.action_send()
        self.assertEqual(us_batch.state, "draft")
        # 9K is a UK standard
        line = self._return(self._batch(self.uk, lot, fineness=375.0), [376.0])
        self.assertEqual(line.result, "pass")
        self.assertEqual(lot.jewel_market_id, self.uk)

    def test_no_rule_for_the_metal(self):
        india = self.env.ref("jewel_quality.jewel_hallmark_market_in")
        palladium = self._product(
            "Test band Pd950",
            jewel_component_type="piece",
            jewel_alloy_id=self.env.ref("jewel_bom.jewel_alloy_pd950").id,
        )
        lot = self.env["stock.lot"].create(
            {"name": "TMK-PD", "product_id": palladium.id}
        )
        batch = self._batch(india, lot, fineness=950.0)
        with self.assertRefused(UserError, "IN: there is no rule for Palladium"):
            batch.action_send()

    def test_uk_exemption_weight_is_metal_content(self):
        uk_silver = self.env.ref("jewel_quality.jewel_hallmark_market_uk_xag")
        self.assertTrue(uk_silver._is_exempt(7.779))
        self.assertFalse(uk_silver._is_exempt(7.780))
        self.lots[0].jewel_gross_metal_weight = 0.999
        self.lots[1].jewel_gross_metal_weight = 1.0
        batch = self._batch(self.uk, self.lots[:2])
        self.assertEqual(batch.line_ids.mapped("exempt"), [True, False])
        self.assertFalse(self._batch(self.us, self.lots[2:3]).line_ids.exempt)

    def test_assay_check_follows_the_piece_market(self):
        checks = self.env["jewel.quality.check"]
        for market in (self.uk, self.us):
            production = self._mo()
            production._jewel_create_quality_checks()
            check = self._check(production, self.point_assay).with_user(self.inspector)
            check.market_id = market
            check.action_record(748.0)
            checks |= check
        uk_check, us_check = checks
        self.assertEqual(uk_check.state, "fail")
        self.assertEqual(
            uk_check.market_refusal,
            "UK: Gold marked 750 ‰ needs 750 ‰; assay 748 ‰ is below it with no "
            "tolerance.",
        )
        self.assertEqual((us_check.state, us_check.expected_value), ("pass", 750.0))
        self.assertFalse(us_check.market_refusal)

    def test_hallmark_check_refused_below_market_standard(self):
        point = self.env["jewel.quality.point"].create(
            {"name": "Hallmark", "kind": "hallmark", "blocking": False}
        )
        nine_karat = self._product(
            "Test ring 9K",
            jewel_component_type="piece",
            jewel_alloy_id=self.env.ref("jewel_bom.jewel_alloy_au375_yellow").id,
        )
        check = (
            self.env["jewel.quality.check"]
            .with_user(self.inspector)
            .create(
                {
                    "point_id": point.id,
                    "product_id": nine_karat.id,
                    "market_id": self.us.id,
                    "assay_office_id": self.office.id,
                    "hallmark_mark": "375",
                }
            )
        )
        with self.assertRefused(UserError, "US: Gold needs at least 417 ‰"):
            check.action_pass()
        self.assertEqual(check.state, "todo")

    def test_markets_are_configured_by_the_quality_manager(self):
        with self.assertRefused(Exception, "not allowed"):
            self.env["jewel.hallmark.market"].with_user(self.inspector).create(
                {"name": "Test", "code": "TST"}
            )
        market = (
            self.env["jewel.hallmark.market"]
            .with_user(self.quality_manager)
            .create(
                {
                    "name": "Test market",
                    "code": "TST",
                    "rule_ids": [
                        (0, 0, {"metal_id": self.gold.id, "min_fineness": 585.0})
                    ],
                }
            )
        )
        self.assertEqual(market.rule_ids.display_name, "TST: Gold")
