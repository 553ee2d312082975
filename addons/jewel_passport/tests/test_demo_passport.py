from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoPassport(TransactionCase):
    """The passports of the demo's two finished and sold pieces
    (jewel_workshop's demo story) have every section the story gives data
    for. Runs when jewel_workshop is installed with demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        lots = cls.env["stock.lot"].search(
            [("name", "in", ["SOL-26-0101", "BND-26-0101"])]
        )
        cls.lot = {lot.name: lot for lot in lots}
        cls.owner = cls.env.ref("jewel_bom.user_owner_demo")

    def _passport(self, serial):
        if serial not in self.lot:
            self.skipTest("jewel_workshop's demo story is not installed")
        lot = self.lot[serial].with_user(self.owner)
        return lot._jewel_passport_sections()[lot.id]

    def _assert_common(self, serial, passport):
        self.assertTrue(passport["design"]["production"], serial)
        self.assertEqual(passport["design"]["fineness"], 750.0)
        self.assertTrue(passport["metal"]["lines"], serial)
        self.assertTrue(passport["metal"]["jobs"], serial)
        quality = passport["quality"]
        self.assertTrue(quality["lines"], serial)
        self.assertEqual(quality["assay_fineness"], 751.0)
        self.assertIn("751.0 ‰", [row["reading"] for row in quality["assays"]])
        hallmark = passport["hallmark"]
        self.assertEqual(
            (hallmark["mark"], hallmark["market"], hallmark["office"]),
            ("750", "United Kingdom", "City Assay Office"),
        )
        self.assertEqual(
            [(b["result"], b["assay"]) for b in hallmark["batches"]],
            [("Hallmarked", 751.0)],
        )
        self.assertFalse(hallmark["huid"], "UK pieces carry no HUID")
        self.assertTrue(passport["movements"]["lines"], serial)
        self.assertEqual(len(passport["sale"]["invoices"]), 1, serial)
        provenance = passport["provenance"]
        self.assertTrue(provenance, serial)
        self.assertGreater(provenance["fine_weight"], 0.0)

    def test_solitaire_passport(self):
        passport = self._passport("SOL-26-0101")
        self._assert_common("SOL-26-0101", passport)
        stones = passport["stones"]
        self.assertEqual((stones["count"], stones["carats"]), (1, 0.5))
        (order,) = passport["sale"]["orders"]
        self.assertEqual(order["customer"], "Margaret Holloway")
        self.assertEqual(order["price"], 3450.0)
        self.assertEqual(passport["sale"]["invoices"][0]["price"], 3450.0)
        # the drag marks sent it back to the polisher
        self.assertEqual(
            [d["decision"] for d in passport["repairs"]["decisions"]], ["Rework"]
        )

    def test_band_passport(self):
        passport = self._passport("BND-26-0101")
        self._assert_common("BND-26-0101", passport)
        self.assertFalse(passport["stones"]["lines"])
        (memo,) = passport["movements"]["memos"]
        self.assertEqual(memo["partner"], "Maison Aurelia Jewellers")
        self.assertEqual(memo["type"], "Consignment")
        self.assertTrue(memo["sold"])
        self.assertFalse(passport["sale"]["orders"], "sold through the memo")
        # Maison Aurelia is invoiced 1,290.00 less her 35 % commission
        self.assertEqual(passport["sale"]["invoices"][0]["price"], 838.5)
