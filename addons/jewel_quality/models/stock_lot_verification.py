from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .jewel_quality_check import INSPECTOR

# The only path to the flag fields: a context value JSON cannot carry, so a
# client can never forge it (as jewel_bom's lifecycle guard).
_FLAGGING = object()
FLAG_FIELDS = ("jewel_verify_flag", "jewel_verify_flag_reason")
FLAGS = [
    ("none", "None"),
    ("stolen", "Reported stolen"),
    ("lost", "Reported lost"),
    ("recertified", "Re-certified"),
    ("other", "Other"),
]


class StockLot(models.Model):
    """A piece's public verification: its links and its flag."""

    _inherit = "stock.lot"

    jewel_verification_ids = fields.One2many(
        "jewel.verification",
        "lot_id",
        string="Verification Links",
    )
    jewel_verify_url = fields.Char(
        string="Verification URL",
        compute="_compute_jewel_verify_url",
        help="The public page printed as a QR code on the quality certificate.",
    )
    jewel_verify_flag = fields.Selection(
        FLAGS,
        string="Verification Flag",
        default="none",
        required=True,
        copy=False,
        tracking=True,
        help="Shown prominently on the public verification page.",
    )
    jewel_verify_flag_reason = fields.Char(
        string="Flag Reason", copy=False, tracking=True
    )

    @api.depends("jewel_verification_ids.revoked")
    def _compute_jewel_verify_url(self):
        # one query for all lots; the links are not for every reader to browse
        links = (
            self.env["jewel.verification"]
            .sudo()
            .search([("lot_id", "in", self.ids), ("revoked", "=", False)])
        )
        url_by_lot = {link.lot_id.id: link.url for link in links}
        for lot in self:
            lot.jewel_verify_url = url_by_lot.get(lot.id, False)

    # ------------------------------------------------------------------ guard
    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("jewel_flagging") is not _FLAGGING:
            for vals in vals_list:
                if vals.get("jewel_verify_flag") not in (None, False, "none") or (
                    vals.get("jewel_verify_flag_reason")
                ):
                    raise UserError(
                        self.env._(
                            "A new piece cannot be created flagged: quality staff "
                            "flag pieces with the Flag action."
                        )
                    )
        return super().create(vals_list)

    def write(self, vals):
        if (
            any(name in vals for name in FLAG_FIELDS)
            and self.env.context.get("jewel_flagging") is not _FLAGGING
        ):
            raise UserError(
                self.env._(
                    "The verification flag of a piece is set with the Flag action "
                    "of the quality staff, not written directly."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------ actions
    def _check_jewel_verify_role(self):
        if not self.env.user.has_group(INSPECTOR):
            raise AccessError(
                self.env._(
                    "Only the quality staff issue, revoke and flag the public "
                    "verification of a certificate."
                )
            )
        # the links are written with sudo: the pieces must be the user's to change
        self.check_access("write")

    def action_jewel_verify_issue(self):
        """Issue a verification link for each piece that has none."""
        self._check_jewel_verify_role()
        uncertified = self.filtered(lambda lot: not lot._jewel_certificate_checks())
        if uncertified:
            raise UserError(
                self.env._(
                    "No verification for %(pieces)s: no quality check of the piece "
                    "has passed.",
                    pieces=", ".join(uncertified.mapped("name")),
                )
            )
        self._jewel_verify_issue()
        return True

    def _jewel_verify_issue(self):
        """Links for the pieces of self without one (role checked by callers)."""
        Link = self.env["jewel.verification"].sudo()
        active = Link.search([("lot_id", "in", self.ids), ("revoked", "=", False)])
        todo = self - active.lot_id
        links = Link.create(
            [
                {
                    "lot_id": lot.id,
                    "key": Link._jewel_new_key(),
                    "issued_by_id": self.env.uid,
                }
                for lot in todo
            ]
        )
        for lot in todo:
            lot.message_post(
                body=self.env._("Public verification link issued."),
                subtype_xmlid="mail.mt_note",
            )
        return links

    def action_jewel_verify_revoke(self):
        """Revoke the current links (their pages then say so) and issue new ones."""
        self._check_jewel_verify_role()
        links = (
            self.env["jewel.verification"]
            .sudo()
            .search([("lot_id", "in", self.ids), ("revoked", "=", False)])
        )
        links.write(
            {
                "revoked": True,
                "revoked_by_id": self.env.uid,
                "revoke_date": fields.Datetime.now(),
            }
        )
        for lot in self:
            lot.message_post(
                body=self.env._(
                    "Public verification link revoked: the certificates printed "
                    "before no longer verify; a new link is issued."
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._jewel_verify_issue()
        return True

    def action_jewel_verify_flag(self, flag, reason=None):
        """Flag the pieces (``none`` clears it); tracked in their chatter."""
        self._check_jewel_verify_role()
        if flag not in dict(FLAGS):
            raise UserError(
                self.env._(
                    "%(flag)s is not a verification flag: use one of %(flags)s.",
                    flag=flag,
                    flags=", ".join(dict(FLAGS)),
                )
            )
        reason = (reason or "").strip() or False
        if flag == "other" and not reason:
            raise UserError(
                self.env._("Say why the piece is flagged: the reason is missing.")
            )
        self.with_context(jewel_flagging=_FLAGGING).write(
            {
                "jewel_verify_flag": flag,
                "jewel_verify_flag_reason": reason if flag != "none" else False,
            }
        )
        return True

    # ------------------------------------------------------------------ public page
    def _jewel_verify_public_values(self):
        """What the public page shows of this piece, read with sudo: only these
        plain values reach the template, never a record (no cost, customer,
        partner, memo or price can slip into it)."""
        self.ensure_one()
        lot = self.sudo()
        cert = lot._jewel_certificate_values()
        product = lot.product_id
        image = product.image_512
        dates = [date for date in cert["checks"].mapped("date_checked") if date]
        flag_labels = dict(
            self._fields["jewel_verify_flag"]._description_selection(self.env)
        )
        return {
            "product": product.name,
            "serial": lot.name,
            "image": image.decode() if isinstance(image, bytes) else image or False,
            "alloy": lot.jewel_alloy_id.name or False,
            "declared_fineness": lot.jewel_alloy_id.fineness or 0.0,
            "assay": cert["assay"] or 0.0,
            "hallmark_mark": cert["hallmark_mark"] or False,
            "hallmark_date": cert["hallmark_date"] or False,
            "hallmark_certificate": cert["hallmark_certificate"] or False,
            "market": lot.jewel_market_id.name or False,
            "huid": cert["huid"] or False,
            "weight": cert["weight"] or 0.0,
            "weighed": cert["weighed"],
            "metal_weight": lot.jewel_gross_metal_weight,
            "fine_weight": lot.jewel_fine_weight,
            "stone_count": lot.jewel_stone_count,
            "stone_weight": lot.jewel_stone_weight,
            "maker": (lot.company_id or self.env.company).name,
            "date": dates and max(dates).date(),
            "flag": lot.jewel_verify_flag != "none"
            and flag_labels[lot.jewel_verify_flag],
            "flag_reason": lot.jewel_verify_flag_reason or False,
        }
