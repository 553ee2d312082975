import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.sql import create_unique_index

from odoo.addons.jewel_bom.tools import numbers

HUID_PATTERN = re.compile(r"[A-Z0-9]{6}")


def normalize_huid(value):
    """An HUID as stored: stripped and upper-cased (``False`` stays empty)."""
    return value.strip().upper() if isinstance(value, str) and value.strip() else False


class StockLot(models.Model):
    """A piece carries its assay and hallmark."""

    _inherit = "stock.lot"

    jewel_assay_fineness = fields.Float(
        string="Assayed Fineness (‰)",
        digits="Jewel Fineness",
        tracking=True,
        jewel_number=numbers.ASSAY,
    )
    jewel_hallmark_mark = fields.Char(string="Hallmark", tracking=True)
    jewel_hallmark_date = fields.Date(string="Hallmarked On", tracking=True)
    jewel_hallmark_office_id = fields.Many2one(
        "res.partner", string="Assay Office", tracking=True
    )
    jewel_hallmark_certificate = fields.Char(
        string="Hallmark Certificate / ID", tracking=True
    )
    jewel_market_id = fields.Many2one(
        "jewel.hallmark.market",
        string="Hallmarked For",
        tracking=True,
        help="The market whose rules the piece was assayed and marked under.",
    )
    jewel_huid = fields.Char(
        string="HUID",
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="Hallmark Unique ID: 6 letters or digits given by the hallmarking "
        "centre (India, BIS); one piece, one HUID.",
    )
    jewel_quality_check_ids = fields.One2many(
        "jewel.quality.check", "lot_id", string="Quality Checks"
    )

    def init(self):
        res = super().init()
        # One piece per HUID and company, lots without a company included (a plain
        # unique constraint lets NULL companies repeat it).
        create_unique_index(
            self.env.cr,
            "stock_lot_jewel_huid_uniq",
            self._table,
            ["COALESCE(company_id, 0)", "jewel_huid"],
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "jewel_huid" in vals:
                vals["jewel_huid"] = normalize_huid(vals["jewel_huid"])
        return super().create(vals_list)

    def write(self, vals):
        if "jewel_huid" in vals:
            vals = dict(vals, jewel_huid=normalize_huid(vals["jewel_huid"]))
            if vals["jewel_huid"]:
                # refused before anything is written
                self._check_jewel_huid_unique(vals["jewel_huid"])
        return super().write(vals)

    @api.constrains("jewel_huid")
    def _check_jewel_huid(self):
        for lot in self.filtered("jewel_huid"):
            if not HUID_PATTERN.fullmatch(lot.jewel_huid):
                raise ValidationError(
                    self.env._(
                        "%(lot)s: the HUID %(huid)s must be exactly 6 letters or "
                        "digits.",
                        lot=lot.name,
                        huid=lot.jewel_huid,
                    )
                )
        self._check_jewel_huid_unique()

    def _check_jewel_huid_unique(self, huid=None):
        """An HUID names one piece in a company (a lot without a company is
        shared by all): the friendly message before the unique index.

        :param huid: the HUID about to be written on ``self``; else their own.
        """
        lots = self if huid else self.filtered("jewel_huid")
        if not lots:
            return
        huids = [huid] if huid else lots.mapped("jewel_huid")
        others = self.search([("jewel_huid", "in", huids)])
        if huid and len(lots) > 1:
            others |= lots
        for lot in lots:
            value = huid or lot.jewel_huid
            candidates = (
                others
                if huid
                else others.filtered(lambda o, v=value: o.jewel_huid == v)
            ) - lot
            clash = candidates.filtered(
                lambda other, lot=lot: (
                    not other.company_id
                    or not lot.company_id
                    or other.company_id == lot.company_id
                )
            )[:1]
            if clash:
                raise ValidationError(
                    self.env._(
                        "%(lot)s: the HUID %(huid)s is already recorded on %(other)s.",
                        lot=lot.name,
                        huid=value,
                        other=clash.name,
                    )
                )

    def _jewel_certificate_checks(self):
        """Passed checks of this piece, or of the MO that made it."""
        self.ensure_one()
        productions = self.env["mrp.production"].search(
            [("lot_producing_id", "=", self.id), ("state", "=", "done")]
        )
        return self.env["jewel.quality.check"].search(
            [
                ("state", "=", "pass"),
                "|",
                ("lot_id", "=", self.id),
                ("production_id", "in", productions.ids),
            ],
            order="date_checked, id",
        )

    def _jewel_certificate_values(self):
        """What the certificate prints: the weighed weight (the last passed
        weight check; else the lot's weight, said to be the design one), the
        assay and the hallmark (the piece's, else its passed checks').
        """
        self.ensure_one()
        checks = self._jewel_certificate_checks()
        weighed = checks.filtered(lambda c: c.kind == "weight" and c.measured_value)[
            -1:
        ]
        assay = checks.filtered(lambda c: c.kind == "assay" and c.measured_value)[-1:]
        hallmark = checks.filtered(lambda c: c.kind == "hallmark")[-1:]
        return {
            "checks": checks,
            "weight": weighed.measured_value or self.jewel_gross_weight,
            "weighed": bool(weighed),
            "assay": assay.measured_value or self.jewel_assay_fineness,
            "hallmark_mark": self.jewel_hallmark_mark or hallmark.hallmark_mark,
            "hallmark_office": self.jewel_hallmark_office_id
            or hallmark.assay_office_id,
            "hallmark_date": self.jewel_hallmark_date or hallmark.hallmark_date,
            "hallmark_certificate": self.jewel_hallmark_certificate
            or hallmark.certificate_ref,
            "huid": self.jewel_huid,
        }
