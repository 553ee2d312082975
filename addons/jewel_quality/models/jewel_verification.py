import re
import secrets

from odoo import api, fields, models
from odoo.tools.misc import consteq, hmac

# A token is "<key>.<signature>": a random key (128 bits, URL-safe base64) and
# its HMAC with the database secret. Not the serial, so nobody can guess or
# enumerate pieces; signed, so a forged token is refused before any lookup.
TOKEN_SCOPE = "jewel_quality.verification"
TOKEN_PATTERN = re.compile(r"([A-Za-z0-9_-]{22})\.([0-9a-f]{32})")


class JewelVerification(models.Model):
    """One verification link of a piece's certificate.

    Revoking keeps the row (revoked): its old link then says so, and a new
    link is issued. Rows are written only by stock.lot's verification methods,
    which check the role first.
    """

    _name = "jewel.verification"
    _description = "Certificate Verification Link"
    _order = "id desc"
    _rec_name = "lot_id"

    lot_id = fields.Many2one(
        "stock.lot", string="Piece", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="lot_id.company_id", store=True)
    key = fields.Char(required=True, readonly=True, copy=False)
    issued_by_id = fields.Many2one("res.users", readonly=True)
    issue_date = fields.Datetime(
        string="Issued On", default=fields.Datetime.now, readonly=True
    )
    revoked = fields.Boolean(readonly=True)
    revoked_by_id = fields.Many2one("res.users", readonly=True)
    revoke_date = fields.Datetime(string="Revoked On", readonly=True)
    token = fields.Char(compute="_compute_token")
    url = fields.Char(string="Verification URL", compute="_compute_token")

    _sql_constraints = [
        ("key_uniq", "unique(key)", "A verification key is used once."),
    ]

    @api.depends("key")
    def _compute_token(self):
        for link in self:
            link.token = link.key and self._jewel_token(link.key)
            link.url = link.token and (
                f"{link.lot_id.get_base_url()}/verify/{link.token}"
            )

    @api.model
    def _jewel_signature(self, key):
        return hmac(self.env(su=True), TOKEN_SCOPE, key)[:32]

    @api.model
    def _jewel_token(self, key):
        return f"{key}.{self._jewel_signature(key)}"

    @api.model
    def _jewel_new_key(self):
        return secrets.token_urlsafe(16)

    @api.model
    def _jewel_find(self, token):
        """The link (sudo) a token names, or an empty recordset: malformed,
        forged (wrong signature) and unknown tokens alike."""
        match = TOKEN_PATTERN.fullmatch(token or "")
        if not match:
            return self.sudo().browse()
        key, signature = match.groups()
        if not consteq(signature, self._jewel_signature(key)):
            return self.sudo().browse()
        return self.sudo().search([("key", "=", key)], limit=1)
