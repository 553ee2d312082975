import re
from collections import defaultdict
from datetime import date, datetime

import pytz
from lxml import html as lxml_html

from odoo import api, models
from odoo.tools.misc import get_lang

from odoo.addons.jewel_bom.tools.numbers import round_weight
from odoo.addons.jewel_quality.models.jewel_quality_point import MEASURED_KINDS

COSTING = "jewel_bom.group_jewel_costing"
# the order the passport tells a piece's life in
SECTIONS = (
    "design",
    "weights",
    "metal",
    "stones",
    "quality",
    "hallmark",
    "movements",
    "sale",
    "repairs",
    "promises",
    "provenance",
)
# tells a promise change (jewel.promise.mixin) from other notes
PROMISE_MARK = "Promise changed"
REASON = re.compile(r"Reason:\s*(.*)$", re.S)


def link(record, label=None):
    """A reference to a record: what the form links to and the PDF prints."""
    if not record:
        return False
    return {
        "model": record._name,
        "id": record.id,
        "label": label or record.display_name,
    }


class JewelPassport(models.AbstractModel):
    """Builds the piece passport of a batch of serials.

    Each ``_section_<name>`` reads its records for every lot of the batch at
    once (a search and the ORM's batched prefetch: a fixed number of queries,
    whatever the number of events) and gives plain dicts that the form tab and
    the PDF render. Records are read as superuser: who may see a passport is
    decided once by ``stock.lot._jewel_passport_check_access``; money is left
    out unless the user is in the costing group.
    """

    _name = "jewel.passport"
    _description = "Piece Passport Builder"

    @api.model
    def _build(self, lots):
        """``{lot_id: {section: value}}`` for ``lots`` (a ``stock.lot`` recordset)."""
        lots = lots.sudo()
        context = {
            "money": self.env.user.has_group(COSTING),
            "productions": self.env["mrp.production"]
            .sudo()
            .search([("lot_producing_id", "in", lots.ids)], order="id"),
        }
        context["production_lots"] = {
            production.id: production.lot_producing_id.id
            for production in context["productions"]
        }
        passports = {lot.id: {"lot": lot, "money": context["money"]} for lot in lots}
        for name in SECTIONS:
            values = getattr(self, f"_section_{name}")(lots, context)
            for lot in lots:
                passports[lot.id][name] = self._format_dates(values.get(lot.id))
        return passports

    @api.model
    def _format_dates(self, value, formats=None):
        """Dates and datetimes of ``value`` (dicts and lists walked) as the
        user's language writes them, datetimes in the user's time zone: once
        here rather than by a QWeb widget per cell."""
        if formats is None:
            tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
            formats = (get_lang(self.env).date_format, pytz.timezone(tz))
        if isinstance(value, dict):
            return {
                key: self._format_dates(item, formats) for key, item in value.items()
            }
        if isinstance(value, list):
            return [self._format_dates(item, formats) for item in value]
        if isinstance(value, datetime):
            value = pytz.utc.localize(value).astimezone(formats[1]).date()
        if isinstance(value, date):
            return value.strftime(formats[0])
        return value

    # ------------------------------------------------------------ helpers
    @api.model
    def _by_lot(self, records, lot_of):
        """Group ``records`` by the lot id ``lot_of(record)`` returns."""
        grouped = defaultdict(list)
        for record in records:
            lot_id = lot_of(record)
            if lot_id:
                grouped[lot_id].append(record)
        return grouped

    @api.model
    def _production_lot(self, context, production):
        return context["production_lots"].get(production.id)

    @api.model
    def _selection(self, record, name):
        return dict(record._fields[name]._description_selection(self.env)).get(
            record[name], record[name] or ""
        )

    # ------------------------------------------------------------ sections
    @api.model
    def _section_design(self, lots, context):
        productions = context["productions"]
        made_with = {}
        for production in productions:  # the last order that made it
            made_with[production.lot_producing_id.id] = production
        products = lots.product_id
        boms = self.env["mrp.bom"].sudo()._bom_find(products)
        result = {}
        for lot in lots:
            production = made_with.get(lot.id)
            bom = production.bom_id if production else boms.get(lot.product_id)
            template = lot.product_id.product_tmpl_id
            result[lot.id] = {
                "product": link(template),
                "bom": link(bom, bom and bom.display_name),
                "production": link(production),
                "alloy": link(lot.jewel_alloy_id),
                "fineness": lot.jewel_alloy_id.fineness,
                "design_weight": template.jewel_gross_metal_weight,
            }
        return result

    @api.model
    def _section_weights(self, lots, context):
        return {
            lot.id: {
                "metal": lot.jewel_gross_metal_weight,
                "fine": lot.jewel_fine_weight,
                "stones_ct": lot.jewel_stone_weight,
                "stone_count": lot.jewel_stone_count,
                "gross": lot.jewel_gross_weight,
            }
            for lot in lots
        }

    @api.model
    def _section_metal(self, lots, context):
        """Every issue and return of the jobs of the orders that made the piece,
        from the holder's side of the ledger, and each job's loss."""
        productions = context["productions"]
        jobs = (
            self.env["jewel.metal.job"]
            .sudo()
            .search([("production_id", "in", productions.ids)], order="id")
        )
        lines = (
            self.env["jewel.metal.ledger.line"]
            .sudo()
            .search([("job_id", "in", jobs.ids)], order="date, id")
        )
        rows = self._by_lot(
            lines.filtered(lambda line: line.account_id == line.job_id.account_id),
            lambda line: self._production_lot(context, line.production_id),
        )
        by_job = self._by_lot(
            jobs, lambda job: self._production_lot(context, job.production_id)
        )
        result = {}
        for lot in lots:
            result[lot.id] = {
                "lines": [
                    {
                        "date": line.date,
                        "ref": link(line.transfer_id),
                        "type": self._selection(line, "transfer_type"),
                        "goldsmith": line.job_id.user_id.name
                        or line.job_id.account_id.name,
                        # as the holder gives it back: issued positive, returns negative
                        "gross": line.gross_weight,
                        "fine": line.fine_weight,
                    }
                    for line in rows.get(lot.id, [])
                ],
                "jobs": [
                    {
                        "ref": link(job),
                        "goldsmith": job.user_id.name or job.account_id.name,
                        "alloy": job.metal_id.name,
                        "gross_issued": job.gross_issued,
                        "fine_issued": job.fine_issued,
                        "gross_returned": round_weight(
                            job.gross_returned_piece + job.gross_returned_scrap
                        ),
                        "fine_returned": round_weight(
                            job.fine_returned_piece + job.fine_returned_scrap
                        ),
                        "gross_loss": job.gross_loss,
                        "fine_loss": job.fine_loss,
                        "loss_percent": job.loss_percent,
                        "state": self._selection(job, "state"),
                    }
                    for job in by_job.get(lot.id, [])
                ],
            }
        return result

    @api.model
    def _section_stones(self, lots, context):
        issues = (
            self.env["jewel.stone.issue"]
            .sudo()
            .search([("production_id", "in", context["productions"].ids)], order="id")
        )
        grouped = self._by_lot(
            issues, lambda issue: self._production_lot(context, issue.production_id)
        )
        result = {}
        for lot in lots:
            rows = [
                {
                    "ref": link(issue, issue.production_id.name),
                    "stone": issue.product_id.display_name,
                    "set": issue.qty_set,
                    "carats": round(issue.qty_set * issue.carat_per_stone, 3),
                    "broken": issue.qty_broken,
                    "lost": issue.qty_lost,
                    "certificate": ", ".join(
                        filter(None, [issue.lot_id.name, issue.lot_id.ref])
                    ),
                    "certificate_ref": link(issue.lot_id),
                }
                for issue in grouped.get(lot.id, [])
            ]
            result[lot.id] = {
                "lines": rows,
                "count": sum(row["set"] for row in rows),
                "carats": round(sum(row["carats"] for row in rows), 3),
            }
        return result

    @api.model
    def _checks(self, lots, context):
        """Checks of the pieces or of the orders that made them (read once for
        the quality and the rework sections)."""
        if "checks" not in context:
            context["checks"] = (
                self.env["jewel.quality.check"]
                .sudo()
                .search(
                    [
                        "|",
                        ("lot_id", "in", lots.ids),
                        ("production_id", "in", context["productions"].ids),
                    ],
                    order="date_checked, id",
                )
            )
        return self._by_lot(
            context["checks"],
            lambda check: (
                check.lot_id.id or self._production_lot(context, check.production_id)
            ),
        )

    @api.model
    def _section_quality(self, lots, context):
        grouped = self._checks(lots, context)
        result = {}
        for lot in lots:
            rows = [
                {
                    "ref": link(check),
                    "title": check.title or check.point_id.name,
                    "kind": check.kind,
                    "kind_label": self._selection(check, "kind"),
                    "state": self._selection(check, "state"),
                    "measured": check.measured_value
                    if check.state != "todo" and check.kind in MEASURED_KINDS
                    else False,
                    "unit": check.unit_label or "",
                    "reading": self._reading(check),
                    "inspector": check.inspector_id.name or "",
                    "date": check.date_checked,
                }
                for check in grouped.get(lot.id, [])
            ]
            result[lot.id] = {
                "lines": rows,
                "assays": [
                    row
                    for row in rows
                    if row["kind"] == "assay" and row["measured"] is not False
                ],
                "assay_fineness": lot.jewel_assay_fineness,
            }
        return result

    @api.model
    def _reading(self, check):
        """A check's reading as the jeweller writes it (count, ‰, grams)."""
        if check.state == "todo" or check.kind not in MEASURED_KINDS:
            return ""
        if check.kind == "stone_count":
            return f"{check.measured_value:.0f}"
        if check.kind == "assay":
            return f"{check.measured_value:.1f} ‰"
        if check.kind == "weight":
            return f"{check.measured_value:.3f} g"
        return f"{check.measured_value:g} {check.unit_label or ''}".strip()

    @api.model
    def _section_hallmark(self, lots, context):
        lines = (
            self.env["jewel.hallmark.batch.line"]
            .sudo()
            .search([("lot_id", "in", lots.ids)], order="id")
        )
        grouped = self._by_lot(lines, lambda line: line.lot_id.id)
        result = {}
        for lot in lots:
            result[lot.id] = {
                "mark": lot.jewel_hallmark_mark or "",
                "date": lot.jewel_hallmark_date,
                "office": lot.jewel_hallmark_office_id.name or "",
                "market": lot.jewel_market_id.name or "",
                "certificate": lot.jewel_hallmark_certificate or "",
                "huid": lot.jewel_huid or "",
                "batches": [
                    {
                        "ref": link(line.batch_id),
                        "mark": line.batch_id.mark or "",
                        "market": line.batch_id.market_id.name or "",
                        "office": line.batch_id.assay_office_id.name or "",
                        "assay": line.assay_fineness,
                        "certificate": line.certificate_ref or "",
                        "result": self._selection(line, "result")
                        if line.result
                        else self._selection(line.batch_id, "state"),
                        "refusal": line.refusal or "",
                        "date": line.batch_id.date_returned or line.batch_id.date_sent,
                    }
                    for line in grouped.get(lot.id, [])
                ],
            }
        return result

    @api.model
    def _move_lines(self, lots, context):
        """Done stock move lines of the pieces (movements, sale, repairs)."""
        if "move_lines" not in context:
            context["move_lines"] = (
                self.env["stock.move.line"]
                .sudo()
                .search(
                    [("lot_id", "in", lots.ids), ("state", "=", "done")],
                    order="date, id",
                )
            )
        return context["move_lines"]

    @api.model
    def _memo_lines(self, lots, context):
        if "memo_lines" not in context:
            context["memo_lines"] = (
                self.env["jewel.memo.line"]
                .sudo()
                .search([("lot_id", "in", lots.ids)], order="id")
            )
        return context["memo_lines"]

    @api.model
    def _section_movements(self, lots, context):
        move_lines = self._move_lines(lots, context)
        moves = self._by_lot(move_lines, lambda line: line.lot_id.id)
        memo_lines = self._by_lot(
            self._memo_lines(lots, context), lambda line: line.lot_id.id
        )
        quants = (
            self.env["stock.quant"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", lots.ids),
                    ("quantity", ">", 0),
                    ("location_id.usage", "in", ("internal", "transit")),
                ]
            )
        )
        here = {quant.lot_id.id: quant.location_id for quant in quants}
        result = {}
        for lot in lots:
            lines = moves.get(lot.id, [])
            location = here.get(lot.id) or (lines and lines[-1].location_dest_id)
            result[lot.id] = {
                "lines": [
                    {
                        "date": line.date,
                        "ref": link(line.picking_id)
                        or link(line.move_id, line.reference or line.move_id.name),
                        "from": line.location_id.display_name,
                        "to": line.location_dest_id.display_name,
                        "memo": link(line.picking_id.jewel_memo_id),
                    }
                    for line in lines
                ],
                "memos": [
                    {
                        "ref": link(line.memo_id),
                        "partner": line.memo_id.partner_id.display_name,
                        "type": self._selection(line.memo_id, "agreement_type"),
                        "state": self._selection(line, "state"),
                        "sent": line.date_sent,
                        "returned": line.date_returned,
                        "sold": line.date_sold,
                        "price": line.price,
                        "currency": line.currency_id,
                    }
                    for line in memo_lines.get(lot.id, [])
                ],
                "location": link(location) if location else False,
            }
        return result

    @api.model
    def _section_sale(self, lots, context):
        """Sale order lines that delivered the piece, their posted invoices, and
        invoices of memo sales."""
        move_lines = self._move_lines(lots, context)
        result = {lot.id: {"orders": [], "invoices": []} for lot in lots}
        seen = set()
        for line in move_lines:
            sale_line = line.move_id.sale_line_id
            if not sale_line or (line.lot_id.id, sale_line.id) in seen:
                continue
            seen.add((line.lot_id.id, sale_line.id))
            order = sale_line.order_id
            result[line.lot_id.id]["orders"].append(
                {
                    "ref": link(order),
                    "customer": order.partner_id.display_name,
                    "date": order.date_order,
                    "commitment": order.commitment_date,
                    "price": sale_line.price_unit,
                    "currency": order.currency_id,
                }
            )
            for invoice_line in sale_line.invoice_lines:
                invoice = invoice_line.move_id
                if invoice.state != "posted":
                    continue
                result[line.lot_id.id]["invoices"].append(
                    {
                        "ref": link(invoice, invoice.name),
                        "type": self._selection(invoice, "move_type"),
                        "date": invoice.invoice_date,
                        "state": self._selection(invoice, "payment_state"),
                        "price": invoice_line.price_subtotal,
                        "currency": invoice.currency_id,
                    }
                )
        for memo_line in self._memo_lines(lots, context):
            invoice = memo_line.invoice_id
            if invoice and invoice.state == "posted":
                result[memo_line.lot_id.id]["invoices"].append(
                    {
                        "ref": link(invoice, invoice.name),
                        "type": self._selection(invoice, "move_type"),
                        "date": invoice.invoice_date,
                        "state": self._selection(invoice, "payment_state"),
                        "price": memo_line.invoiced_price,
                        "currency": invoice.currency_id,
                    }
                )
        return result

    @api.model
    def _section_repairs(self, lots, context):
        """Checks decided rework, scrap or deviation; orders that took the piece
        back in as a component (repairs) or made it again."""
        grouped = self._checks(lots, context)
        result = {lot.id: {"decisions": [], "orders": []} for lot in lots}
        for lot in lots:
            for check in grouped.get(lot.id, []):
                if not check.decision:
                    continue
                result[lot.id]["decisions"].append(
                    {
                        "ref": link(check),
                        "decision": self._selection(check, "decision"),
                        "reason": check.decision_reason or "",
                        "date": check.decision_date,
                        "workorder": link(check.rework_workorder_id),
                    }
                )
        for line in self._move_lines(lots, context):
            production = line.move_id.raw_material_production_id
            if production:
                result[line.lot_id.id]["orders"].append(
                    {
                        "ref": link(production),
                        "kind": self.env._("Repair (piece taken in)"),
                        "date": line.date,
                    }
                )
        made = defaultdict(list)
        for production in context["productions"]:
            made[production.lot_producing_id.id].append(production)
        for lot_id, productions in made.items():
            for production in productions[1:]:
                result[lot_id]["orders"].append(
                    {
                        "ref": link(production),
                        "kind": self.env._("Made again"),
                        "date": production.date_finished or production.date_start,
                    }
                )
        return result

    @api.model
    def _section_promises(self, lots, context):
        """Promise changes with their reasons posted on the orders and memos of
        the piece (jewel.promise.mixin), oldest first."""
        documents = defaultdict(set)  # (model, res_id) -> lot ids
        for production in context["productions"]:
            documents[(production._name, production.id)].add(
                production.lot_producing_id.id
            )
        for line in self._move_lines(lots, context):
            order = line.move_id.sale_line_id.order_id
            if order:
                documents[(order._name, order.id)].add(line.lot_id.id)
        for memo_line in self._memo_lines(lots, context):
            documents[(memo_line.memo_id._name, memo_line.memo_id.id)].add(
                memo_line.lot_id.id
            )
        result = {lot.id: [] for lot in lots}
        if not documents:
            return result
        ids_by_model = defaultdict(list)
        for model, res_id in documents:
            ids_by_model[model].append(res_id)
        domain = []
        for model, ids in ids_by_model.items():
            domain = (["|"] if domain else []) + domain
            domain += ["&", ("model", "=", model), ("res_id", "in", ids)]
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [("body", "ilike", PROMISE_MARK), *domain],
                order="date, id",
            )
        )
        records = {}
        for model, ids in ids_by_model.items():
            for record in self.env[model].sudo().browse(ids):
                records[(model, record.id)] = record
        hidden = () if context["money"] else self._money_promise_labels()
        for message in messages:
            changes, reason = self._parse_promise(message.body)
            # a price promise (a line's unit price) is money: left out
            changes = [
                change
                for change in changes
                if not any(f"{label}:" in change for label in hidden)
            ]
            if not changes and hidden:
                continue
            record = records[(message.model, message.res_id)]
            for lot_id in documents[(message.model, message.res_id)]:
                result[lot_id].append(
                    {
                        "ref": link(record),
                        "date": message.date,
                        "author": message.author_id.name or "",
                        "changes": changes,
                        "reason": reason,
                    }
                )
        return result

    @api.model
    def _money_promise_labels(self):
        """Labels of the promise fields that are money (prices, amounts), as
        the promise notes write them (jewel.promise.mixin)."""
        labels = set()
        for model in ("mrp.production", "sale.order", "sale.order.line", "jewel.memo"):
            Model = self.env[model]
            for name in getattr(Model, "_jewel_promise_fields", []):
                field = Model._fields[name]
                if field.type == "monetary" or "price" in name or "amount" in name:
                    labels.add(field._description_string(self.env))
        return tuple(labels)

    @api.model
    def _parse_promise(self, body):
        """The changed values (one per list item) and the reason of a promise
        change note, as ``jewel.promise.mixin`` writes it."""
        tree = lxml_html.fromstring(f"<div>{body or ''}</div>")
        changes = [" ".join(item.text_content().split()) for item in tree.iter("li")]
        match = REASON.search(tree.text_content())
        reason = " ".join(match.group(1).split()) if match else ""
        return changes, reason

    @api.model
    def _section_provenance(self, lots, context):
        """Through jewel_metal_ledger's provenance interface when it has one."""
        Lot = self.env["stock.lot"].sudo()
        if not hasattr(Lot, "_jewel_metal_provenance"):
            return {}
        provenance = lots._jewel_metal_provenance()
        result = {}
        for lot in lots:
            values = provenance.get(lot.id)
            if not values:
                continue
            result[lot.id] = {
                "fine_weight": values.get("fine_weight", 0.0),
                "recycled": values.get("recycled_share", 0.0),
                "mined": values.get("mined_share", 0.0),
                "unknown": values.get("unknown_share", 1.0),
                "refiners": [
                    {
                        "name": refiner.get("name") or "",
                        "accreditation": refiner.get("accreditation") or "",
                        "share": refiner.get("share", 0.0),
                    }
                    for refiner in values.get("refiners") or []
                ],
                "sources": [link(source) for source in values.get("sources") or []],
            }
        return result
