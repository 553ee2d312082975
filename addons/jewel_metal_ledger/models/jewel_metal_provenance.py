from collections import defaultdict

from odoo import api, fields, models

from odoo.addons.jewel_bom.tools import numbers

from .jewel_metal_account import HOLDER_TYPES
from .jewel_metal_transfer import TRANSFER_TYPES

ORIGINS = [("recycled", "Recycled"), ("mined", "Mined"), ("unknown", "Unknown")]
# Finer than the milligram: a pool's shares are split in proportion and summed.
SHARE_DIGITS = (16, 6)


class JewelMetalProvenance(models.Model):
    """The origin of the fine metal a posted transfer line put into, or took
    out of, a pool (a vault, a goldsmith's or a workstation's account).

    Mass balance (see readme/USAGE.md): each pool holds its metal by origin
    (recycled / mined / unknown) and refiner. A receipt from outside adds its
    declared origin; metal leaving a pool takes the pool's mix as of posting;
    metal coming back from a job brings the job's mix; a reversal undoes the
    rows of the transfer it reverses. Rows are written by posting only, and
    never change: they are the snapshot the passport reads.
    """

    _name = "jewel.metal.provenance"
    _description = "Metal Provenance Share"
    _inherit = ["jewel.number.mixin"]
    _order = "id"

    transfer_id = fields.Many2one(
        "jewel.metal.transfer",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    transfer_line_id = fields.Many2one(
        "jewel.metal.transfer.line", readonly=True, ondelete="restrict"
    )
    transfer_type = fields.Selection(TRANSFER_TYPES, readonly=True, required=True)
    is_receipt = fields.Boolean(
        readonly=True, help="Metal received from outside with its declared origin."
    )
    account_id = fields.Many2one(
        "jewel.metal.account",
        string="Pool",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    source_account_id = fields.Many2one(
        "jewel.metal.account", string="From", readonly=True, ondelete="restrict"
    )
    production_id = fields.Many2one(
        "mrp.production", readonly=True, index="btree_not_null", ondelete="restrict"
    )
    metal_id = fields.Many2one(
        "jewel.metal", required=True, readonly=True, ondelete="restrict"
    )
    origin = fields.Selection(ORIGINS, required=True, readonly=True)
    refiner_id = fields.Many2one(
        "jewel.metal.refiner", readonly=True, ondelete="restrict"
    )
    fine_weight = fields.Float(
        string="Fine (g)",
        digits=SHARE_DIGITS,
        readonly=True,
        jewel_number=numbers.SIGNED_WEIGHT,
        help="Signed: positive when the pool receives the metal.",
    )
    date = fields.Date(readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )

    # ------------------------------------------------------------------ pools
    @api.model
    def _mixes(self, domain, keys):
        """``{key: {(origin, refiner id): fine grams}}`` of the rows in ``domain``
        grouped by ``keys`` (field names) and bucket, in one grouped query."""
        groups = self.sudo()._read_group(
            domain, keys + ["origin", "refiner_id"], ["fine_weight:sum"]
        )
        mixes = defaultdict(lambda: defaultdict(float))
        for *key_values, origin, refiner, fine in groups:
            key = tuple(
                value.id if isinstance(value, models.BaseModel) else value
                for value in key_values
            )
            mixes[key][(origin, refiner.id)] += fine
        return mixes

    @api.model
    def _normalised(self, mix):
        """``{bucket: fraction}`` of the buckets holding metal (sum 1), or the
        metal is unknown when the pool holds none we can trace."""
        held = {bucket: fine for bucket, fine in (mix or {}).items() if fine > 1e-9}
        total = sum(held.values())
        if total <= 1e-9:
            return {("unknown", False): 1.0}
        return {bucket: fine / total for bucket, fine in held.items()}

    @api.model
    def _pool_mixes(self, accounts, metals):
        """``{(account id, metal id): mix}`` of pools now (posted rows so far)."""
        if not accounts or not metals:
            return {}
        self.flush_model()
        return self._mixes(
            [("account_id", "in", accounts.ids), ("metal_id", "in", metals.ids)],
            ["account_id", "metal_id"],
        )

    @api.model
    def _production_mixes(self, productions, metals=None):
        """``{(production id, metal id): mix}``: what was issued to each MO's
        jobs (issues net of their reversals), by fine grams."""
        if not productions:
            return {}
        self.flush_model()
        domain = [
            ("production_id", "in", productions.ids),
            ("transfer_type", "=", "issue"),
        ]
        if metals:
            domain.append(("metal_id", "in", metals.ids))
        return self._mixes(domain, ["production_id", "metal_id"])

    # ------------------------------------------------------------------ posting
    @api.model
    def _record_posting(self, transfer):
        """Write the rows of a transfer being posted (called by ``_post``)."""
        transfer.ensure_one()
        if transfer.reversed_transfer_id:
            vals_list = self._reversal_vals(transfer)
        else:
            vals_list = self._posting_vals(transfer)
        if vals_list:
            self.sudo().create(vals_list)

    @api.model
    def _reversal_vals(self, transfer):
        """The reversed transfer's rows, negated, on this transfer's lines."""
        original = transfer.reversed_transfer_id
        line_map = dict(zip(original.line_ids.ids, transfer.line_ids.ids, strict=False))
        rows = self.sudo().search([("transfer_id", "=", original.id)])
        return [
            {
                "transfer_id": transfer.id,
                "transfer_line_id": line_map.get(row.transfer_line_id.id),
                "transfer_type": transfer.transfer_type,
                "is_receipt": row.is_receipt,
                "account_id": row.account_id.id,
                "source_account_id": row.source_account_id.id,
                "production_id": row.production_id.id,
                "metal_id": row.metal_id.id,
                "origin": row.origin,
                "refiner_id": row.refiner_id.id,
                "fine_weight": -row.fine_weight,
                "date": transfer.date,
                "company_id": transfer.company_id.id,
            }
            for row in rows
        ]

    @api.model
    def _posting_vals(self, transfer):
        source, target = transfer.from_account_id, transfer.to_account_id
        pools = (source | target).filtered(lambda a: a.account_type in HOLDER_TYPES)
        if not pools:
            return []
        holder = transfer._holder_account()
        production = transfer.production_id
        metals = transfer.line_ids.metal_id
        mixes = {}
        if source in pools:
            if production and source == holder:
                produced = self._production_mixes(production, metals)
                mixes = {
                    metal: produced.get((production.id, metal.id)) for metal in metals
                }
            pooled = self._pool_mixes(source, metals)
            for metal in metals:
                mixes[metal] = mixes.get(metal) or pooled.get((source.id, metal.id))
        else:
            declared = transfer._jewel_declared_origin()
            mixes = {metal: {declared: 1.0} for metal in metals}
        vals_list = []
        for line in transfer.line_ids:
            shares = self._normalised(mixes.get(line.metal_id))
            for account, sign in ((source, -1), (target, 1)):
                if account not in pools:
                    continue
                on_job = production and account == holder
                for (origin, refiner_id), share in shares.items():
                    vals_list.append(
                        {
                            "transfer_id": transfer.id,
                            "transfer_line_id": line.id,
                            "transfer_type": transfer.transfer_type,
                            "is_receipt": source not in pools
                            and transfer._jewel_is_receipt(),
                            "account_id": account.id,
                            "source_account_id": source.id,
                            "production_id": production.id if on_job else False,
                            "metal_id": line.metal_id.id,
                            "origin": origin,
                            "refiner_id": refiner_id or False,
                            "fine_weight": sign * line.fine_weight * share,
                            "date": transfer.date,
                            "company_id": transfer.company_id.id,
                        }
                    )
        return vals_list
