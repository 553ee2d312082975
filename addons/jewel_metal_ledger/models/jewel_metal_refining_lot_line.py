from odoo import api, fields, models

from odoo.addons.jewel_bom.tools import numbers


class JewelMetalRefiningLotLine(models.Model):
    """Scrap of one alloy in a refining lot; the refiner's assay says what came back.

    Lines change while the lot is collected; at the refiner only the recovered
    fine grams are entered; once assayed nothing changes.
    """

    _name = "jewel.metal.refining.lot.line"
    _inherit = ["jewel.metal.weight.mixin", "jewel.lifecycle.mixin"]
    _description = "Refining Lot Line"

    _jewel_transition_fields = ()
    _jewel_lifecycle_parent = "lot_id"

    lot_id = fields.Many2one(
        "jewel.metal.refining.lot", required=True, ondelete="cascade"
    )
    scrap_class = fields.Selection(
        [
            ("bullion", "Bullion / solid scrap"),
            ("stone_removal", "Stone removal"),
            ("sweeps", "Sweeps and filings"),
            ("solutions", "Solutions"),
        ],
        required=True,
        default="sweeps",
    )
    description = fields.Char()
    fine_recovered = fields.Float(
        string="Recovered Fine (g)",
        digits="Jewel Weight",
        jewel_number=numbers.WEIGHT,
        help="From the refiner's assay.",
    )
    fine_unrecovered = fields.Float(
        string="Unrecovered (g)", digits="Jewel Weight", compute="_compute_unrecovered"
    )

    @api.depends("fine_weight", "fine_recovered")
    def _compute_unrecovered(self):
        for line in self:
            line.fine_unrecovered = numbers.round_weight(
                line.fine_weight - line.fine_recovered
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self._jewel_in_transition():
            for lot in lines.lot_id.filtered(lambda lot: lot.state != "draft"):
                self._jewel_refuse_frozen(
                    lot, lot.state, self.env._("no line can be added")
                )
        return lines

    def _jewel_check_write(self, vals):
        super()._jewel_check_write(vals)
        target = self.env["jewel.metal.refining.lot"].browse(vals.get("lot_id"))
        if target and target.state != "draft":
            # a line moved to another lot is a line added to that one
            self._jewel_refuse_frozen(
                target, target.state, self.env._("no line can be added")
            )
        fixed = [
            name
            for name in vals
            if name in self._fields
            and name != "fine_recovered"
            and not self._jewel_is_free_field(name)
        ]
        if not fixed:
            return
        for lot in self.lot_id.filtered(lambda lot: lot.state == "sent"):
            self._jewel_refuse_frozen(
                lot,
                lot.state,
                self.env._(
                    "%s can no longer be changed: only the recovered fine grams are "
                    "entered",
                    self._jewel_field_labels(fixed),
                ),
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_while_collecting(self):
        if self._jewel_in_transition():
            return
        for lot in self.lot_id.filtered(lambda lot: lot.state != "draft"):
            self._jewel_refuse_frozen(
                lot, lot.state, self.env._("no line can be deleted")
            )
