from collections import defaultdict

from odoo import models


class StockLot(models.Model):
    _inherit = "stock.lot"

    def _jewel_metal_provenance(self):
        """The origin of each piece's metal, by mass balance (readme/USAGE.md).

        A piece gets the mix of the manufacturing order that produced it: the
        fine-weighted mix of the metal issued to that order's jobs, itself the
        mix of the vault each issue came from at its posting. Batched: a fixed
        number of queries whatever the number of lots.

        :return: ``{lot id: {"fine_weight", "recycled_share", "mined_share",
            "unknown_share", "refiners": [{"refiner_id", "name",
            "accreditation", "share"}], "sources": receipt transfers}}``;
            shares are fractions (0..1) of the piece's traced fine metal.
        """
        Transfer = self.env["jewel.metal.transfer"]
        productions_by_lot = self._jewel_producing_orders()
        productions = self.env["mrp.production"].union(*productions_by_lot.values())
        Provenance = self.env["jewel.metal.provenance"]
        mixes = Provenance._production_mixes(productions)
        lots_per_production = self._jewel_pieces_per_order(productions)
        by_production = defaultdict(lambda: defaultdict(float))
        for (production_id, _metal_id), mix in mixes.items():
            for bucket, fine in mix.items():
                by_production[production_id][bucket] += fine
        refiner_ids = {
            refiner_id
            for mix in by_production.values()
            for (_origin, refiner_id) in mix
            if refiner_id
        }
        refiners = self.env["jewel.metal.refiner"].sudo().browse(refiner_ids)
        sources = self._jewel_provenance_sources(productions, by_production)
        result = {}
        for lot in self:
            mix = defaultdict(float)
            orders = productions_by_lot.get(lot.id, self.env["mrp.production"])
            for order in orders:
                pieces = lots_per_production[order.id]
                for bucket, grams in by_production.get(order.id, {}).items():
                    mix[bucket] += grams / pieces
            held = {bucket: grams for bucket, grams in mix.items() if grams > 1e-9}
            fine = sum(held.values())
            result[lot.id] = self._jewel_provenance_entry(
                fine,
                held,
                refiners,
                Transfer.union(*(sources.get(order.id, Transfer) for order in orders)),
            )
        return result

    def _jewel_provenance_entry(self, fine, held, refiners, sources):
        if fine <= 1e-9:
            return {
                "fine_weight": 0.0,
                "recycled_share": 0.0,
                "mined_share": 0.0,
                "unknown_share": 1.0,
                "refiners": [],
                "sources": sources,
            }
        by_origin = defaultdict(float)
        by_refiner = defaultdict(float)
        for (origin, refiner_id), grams in held.items():
            by_origin[origin] += grams
            if refiner_id:
                by_refiner[refiner_id] += grams
        names = {refiner.id: refiner for refiner in refiners}
        return {
            "fine_weight": round(fine, 3),
            "recycled_share": by_origin["recycled"] / fine,
            "mined_share": by_origin["mined"] / fine,
            "unknown_share": by_origin["unknown"] / fine,
            "refiners": [
                {
                    "refiner_id": refiner_id,
                    "name": names[refiner_id].name,
                    "accreditation": names[refiner_id]._accreditation_label(),
                    "share": grams / fine,
                }
                for refiner_id, grams in sorted(
                    by_refiner.items(), key=lambda item: (-item[1], item[0])
                )
            ],
            "sources": sources,
        }

    def _jewel_producing_orders(self):
        """``{lot id: manufacturing orders}`` that produced each lot, one query."""
        if not self:
            return {}
        lines = (
            self.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", self.ids),
                    ("move_id.production_id", "!=", False),
                    ("state", "=", "done"),
                ]
            )
        )
        result = defaultdict(lambda: self.env["mrp.production"])
        for line in lines:
            result[line.lot_id.id] |= line.move_id.production_id
        producing = (
            self.env["mrp.production"]
            .sudo()
            .search([("lot_producing_id", "in", self.ids), ("state", "!=", "cancel")])
        )
        for production in producing:
            result[production.lot_producing_id.id] |= production
        return {lot_id: orders.sudo(False) for lot_id, orders in result.items()}

    def _jewel_pieces_per_order(self, productions):
        """``{production id: number of serials it produced}`` (one at least):
        the order's metal is shared among all its pieces, asked for or not."""
        if not productions:
            return {}
        lines = (
            self.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("move_id.production_id", "in", productions.ids),
                    ("lot_id", "!=", False),
                    ("state", "=", "done"),
                ]
            )
        )
        lots = defaultdict(set)
        for line in lines:
            lots[line.move_id.production_id.id].add(line.lot_id.id)
        return {
            production.id: max(1, len(lots.get(production.id, ())))
            for production in productions
        }

    def _jewel_provenance_sources(self, productions, by_production):
        """``{production id: receipts}`` behind each order: the receipts into the
        pools its metal was issued from, posted before its last issue, of an
        origin and refiner found in its mix (two queries)."""
        Provenance = self.env["jewel.metal.provenance"].sudo()
        Transfer = self.env["jewel.metal.transfer"]
        if not productions:
            return {}
        issues = Provenance.search(
            [
                ("production_id", "in", productions.ids),
                ("transfer_type", "=", "issue"),
                ("fine_weight", ">", 0),
            ]
        )
        if not issues:
            return {}
        receipts = Provenance.search(
            [
                ("is_receipt", "=", True),
                ("account_id", "in", issues.source_account_id.ids),
                ("metal_id", "in", issues.metal_id.ids),
                ("id", "<", max(issues.ids)),
            ]
        )
        result = {}
        for production in productions:
            own = issues.filtered(lambda row, p=production: row.production_id == p)
            buckets = set(by_production.get(production.id, {}))
            found = receipts.filtered(
                lambda row, own=own, buckets=buckets: (
                    row.id < max(own.ids, default=0)
                    and row.account_id in own.source_account_id
                    and row.metal_id in own.metal_id
                    and (row.origin, row.refiner_id.id or False) in buckets
                )
            )
            result[production.id] = Transfer.browse(found.transfer_id.ids)
        return result
