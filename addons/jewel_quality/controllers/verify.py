from odoo import http
from odoo.http import request


class JewelVerifyController(http.Controller):
    """The page a buyer opens from the QR code of a quality certificate."""

    # website=True: the frontend layout (portal's, or the website's when
    # installed) with its language and company, for the public user
    @http.route(
        "/verify/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def jewel_verify(self, token, **kwargs):
        link = request.env["jewel.verification"]._jewel_find(token)
        if not link:
            # malformed, forged or unknown: one answer, that tells nothing more
            return request.render(
                "jewel_quality.verify_page", {"state": "unknown"}, status=404
            )
        if link.revoked:
            return request.render(
                "jewel_quality.verify_page", {"state": "revoked"}, status=410
            )
        return request.render(
            "jewel_quality.verify_page",
            {"state": "valid", "piece": link.lot_id._jewel_verify_public_values()},
        )
