import base64
import binascii
import csv
import io

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.stock_lot import HUID_PATTERN, normalize_huid


class JewelHuidImport(models.TransientModel):
    """Record the HUIDs of the hallmarking centre's file (serial, HUID per row):
    all rows or none, every refused row reported."""

    _name = "jewel.huid.import"
    _description = "Import HUIDs"

    file = fields.Binary(string="CSV File", required=True)
    filename = fields.Char()

    def _rows(self):
        try:
            text = base64.b64decode(self.file or b"").decode("utf-8-sig")
        except (binascii.Error, UnicodeDecodeError) as error:
            raise UserError(
                self.env._("The file is not a UTF-8 CSV file (serial, HUID).")
            ) from error
        rows = [
            (number, row)
            for number, row in enumerate(csv.reader(io.StringIO(text)), start=1)
            if any(cell.strip() for cell in row)
        ]
        if rows and [c.strip().lower() for c in rows[0][1][1:2]] == ["huid"]:
            rows = rows[1:]  # header
        return rows

    def action_import(self):
        """Write every row's HUID on its piece, or refuse the whole file."""
        self.ensure_one()
        rows = self._rows()
        if not rows:
            raise UserError(self.env._("The file has no rows (serial, HUID)."))
        company = self.env.company
        Lot = self.env["stock.lot"]
        serials = [row[0].strip() for _number, row in rows if row]
        in_company = [("company_id", "in", [company.id, False])]
        lots = Lot.search([("name", "in", serials), *in_company])
        lot_by_serial = {lot.name: lot for lot in lots}
        huids = [normalize_huid(row[1]) for _n, row in rows if len(row) > 1]
        taken = {
            lot.jewel_huid: lot
            for lot in Lot.search(
                [
                    ("jewel_huid", "in", [h for h in huids if h]),
                    *in_company,
                ]
            )
        }
        errors, todo, seen_serials, seen_huids = [], [], set(), set()
        for number, row in rows:
            if len(row) != 2:
                errors.append(
                    self.env._(
                        "row %(row)s: two columns expected, serial and HUID.",
                        row=number,
                    )
                )
                continue
            serial, huid = row[0].strip(), normalize_huid(row[1])
            lot = lot_by_serial.get(serial)
            if not lot:
                reason = self.env._("no piece has serial %(serial)s", serial=serial)
            elif not huid or not HUID_PATTERN.fullmatch(huid):
                reason = self.env._(
                    "%(huid)s is not 6 letters or digits", huid=row[1].strip() or "''"
                )
            elif serial in seen_serials:
                reason = self.env._("serial %(serial)s is listed twice", serial=serial)
            elif huid in seen_huids:
                reason = self.env._("HUID %(huid)s is listed twice", huid=huid)
            elif taken.get(huid, lot) != lot:
                reason = self.env._(
                    "HUID %(huid)s is already on %(other)s",
                    huid=huid,
                    other=taken[huid].name,
                )
            elif lot.jewel_huid and lot.jewel_huid != huid:
                reason = self.env._(
                    "%(serial)s already has HUID %(huid)s",
                    serial=serial,
                    huid=lot.jewel_huid,
                )
            else:
                seen_serials.add(serial)
                seen_huids.add(huid)
                todo.append((lot, huid))
                continue
            errors.append(
                self.env._("row %(row)s: %(reason)s.", row=number, reason=reason)
            )
        if errors:
            raise UserError(
                self.env._(
                    "No HUID was recorded; %(count)s row(s) refused:\n%(rows)s",
                    count=len(errors),
                    rows="\n".join(errors),
                )
            )
        for lot, huid in todo:
            lot.jewel_huid = huid
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s HUID(s) recorded.", count=len(todo)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
