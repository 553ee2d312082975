from odoo.tests import HttpCase, tagged

from .verification_common import PRIVATE_TEXTS, JewelVerificationCommon

REFUSED = "This certificate cannot be verified"


@tagged("post_install", "-at_install")
class TestVerificationPage(HttpCase, JewelVerificationCommon):
    """The public page over real HTTP, logged out."""

    def setUp(self):
        super().setUp()
        self.lot = self._certified_lot()
        self.lot.with_user(self.inspector).action_jewel_verify_issue()
        self.token = self.lot.jewel_verify_url.rsplit("/", 1)[1]

    def _page(self, token, status):
        response = self.url_open(f"/verify/{token}", allow_redirects=False)
        self.assertEqual(response.status_code, status, response.text[:500])
        self.assertNotIn("Traceback", response.text)
        return response.text

    def test_valid_token_shows_the_buyer_numbers(self):
        html = self._page(self.token, 200)
        for text in (
            "This certificate is genuine and current.",
            "Test solitaire 18K",
            self.lot.name,
            "18K Yellow Gold",
            "<span>750.0</span> ‰",  # declared fineness
            "<span>751.0</span> ‰",  # assay, from the passed check
            "750 crown",
            "AB12C3",
            "03/14/2026",  # hallmarked on
            "Certified on",
            "<span>3.962</span> g",  # weighed piece weight
            "(weighed)",
            "<span>3.812</span> g",  # metal
            ">2.859</span> g",  # fine: 3.812 g × 750 ‰
            "<span>1</span> —",
            "<span>0.500</span> ct",
            "data:image/png;base64,",
            self.env.company.name,
        ):
            self.assertIn(text, html)
        self.assertNotIn("Warning:", html)

    def test_no_private_value_in_the_page(self):
        html = self._page(self.token, 200)
        for text in PRIVATE_TEXTS:
            self.assertNotIn(text, html)
        # the private values are there to leak: the test can fail
        self.assertIn("Zelda Quartermain", self.lot.note)
        self.assertEqual(
            self.lot.jewel_hallmark_office_id.name, "Secret Assay Office Ltd"
        )

    def test_revoked_token(self):
        self.lot.with_user(self.quality_staff).action_jewel_verify_revoke()
        html = self._page(self.token, 410)
        self.assertIn(REFUSED, html)
        self.assertIn("has been revoked", html)
        self.assertNotIn(self.lot.name, html)
        self.assertNotIn("751.0", html)
        new_token = self.lot.jewel_verify_url.rsplit("/", 1)[1]
        self.assertIn("751.0", self._page(new_token, 200))

    def test_forged_and_random_tokens(self):
        key = self.token.split(".")[0]
        other_link = self.env["jewel.verification"]._jewel_token("A" * 22)
        for token in (
            f"{key}.{'0' * 32}",  # the right format, a wrong signature
            f"{key}.{other_link.split('.')[1]}",  # another key's signature
            other_link,  # well signed, names no piece
            key,
            self.lot.name,  # the serial is not a token
            "not-a-token",
            self.token[:-1],
        ):
            html = self._page(token, 404)
            self.assertIn(REFUSED, html)
            self.assertIn("not a valid certificate link", html)
            self.assertNotIn(self.lot.name, html.replace(f"/verify/{token}", ""))
            self.assertNotIn("751.0", html)

    def test_flagged_piece_says_so(self):
        self.lot.with_user(self.inspector).action_jewel_verify_flag(
            "stolen", "Police report 2026/1187"
        )
        html = self._page(self.token, 200)
        self.assertIn("Warning: <span>Reported stolen</span>", html)
        self.assertIn("Police report 2026/1187", html)
        self.assertNotIn("genuine and current", html)
