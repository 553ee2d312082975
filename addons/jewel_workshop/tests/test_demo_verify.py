from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDemoVerifyPage(HttpCase):
    """The demo's two certified pieces: their verification page opens for a
    person logged out, with the piece's numbers."""

    def _page(self, serial):
        lot = self.env["stock.lot"].search([("name", "=", serial)])
        self.assertTrue(lot.jewel_verify_url, serial)
        path = "/verify/" + lot.jewel_verify_url.rsplit("/verify/", 1)[1]
        response = self.url_open(path, allow_redirects=False)
        self.assertEqual(response.status_code, 200, response.text[:500])
        return lot, response.text

    def test_demo_pieces_verify(self):
        # fine weight = the piece's metal x its declared 750 ‰: 6.200 g of the
        # band, 3.800 g of the solitaire
        for serial, fine in (("BND-26-0101", "4.650"), ("SOL-26-0101", "2.850")):
            lot, html = self._page(serial)
            for text in (
                "This certificate is genuine and current.",
                serial,
                "18K Yellow Gold",
                "<span>751.0</span> ‰",
                "United Kingdom",
                f'o_jewel_verify_fine">{fine}</span> g',
            ):
                self.assertIn(text, html, serial)
            self.assertAlmostEqual(lot.jewel_fine_weight, float(fine), places=3)
            self.assertNotIn("Margaret Holloway", html)
            self.assertNotIn("Maison Aurelia", html)
