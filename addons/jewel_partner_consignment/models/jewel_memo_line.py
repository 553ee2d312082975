from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.jewel_bom.tools import numbers

from .res_partner import AGING_BUCKETS, aging_bucket


class JewelMemoLine(models.Model):
    """One serial-numbered piece on a memo: where it is and what became of it.

    Its own state, dates and transfers change only through the memo's actions
    (send, return, sell, cancel) and the partner's return request; the memo's
    state freezes the other fields and the list of pieces once it is sent.
    """

    _name = "jewel.memo.line"
    _description = "Piece on memo"
    _inherit = ["jewel.lifecycle.mixin", "jewel.number.mixin"]
    _jewel_lifecycle_parent = "memo_id"
    _jewel_transition_fields = (
        "state",
        "date_sent",
        "date_returned",
        "date_sold",
        "return_requested",
        "return_picking_id",
        "sale_picking_id",
        "invoice_id",
        "invoiced_price",
    )
    _jewel_editable_states = ("draft",)
    _order = "memo_id desc, id"
    _rec_name = "lot_id"
    _check_company_auto = True

    memo_id = fields.Many2one(
        "jewel.memo", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        related="memo_id.partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Partner",
    )
    agreement_type = fields.Selection(related="memo_id.agreement_type", store=True)
    company_id = fields.Many2one(related="memo_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="memo_id.currency_id")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        required=True,
        index=True,
        check_company=True,
        domain="[('product_id.tracking', '=', 'serial')]",
    )
    serial = fields.Char(related="lot_id.name", store=True, index="trigram")
    product_id = fields.Many2one(
        related="lot_id.product_id", store=True, index=True, string="Product"
    )
    alloy_id = fields.Many2one(related="lot_id.jewel_alloy_id", string="Alloy")
    gross_weight = fields.Float(
        related="lot_id.jewel_gross_weight", string="Piece Weight (g)"
    )
    metal_weight = fields.Float(
        related="lot_id.jewel_gross_metal_weight", string="Metal (g)"
    )
    fine_weight = fields.Float(related="lot_id.jewel_fine_weight", string="Fine (g)")
    stone_weight = fields.Float(
        related="lot_id.jewel_stone_weight", string="Stones (ct)"
    )
    price = fields.Monetary(
        compute="_compute_price",
        store=True,
        readonly=False,
        precompute=True,
        jewel_number=numbers.MONEY,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("out", "At Partner"),
            ("returned", "Returned"),
            ("sold", "Sold"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        index=True,
        copy=False,
    )
    date_sent = fields.Date(copy=False, readonly=True, index=True)
    date_returned = fields.Date(copy=False, readonly=True)
    date_sold = fields.Date(copy=False, readonly=True, index=True)
    date_due = fields.Date(related="memo_id.date_due")
    return_requested = fields.Boolean(copy=False, readonly=True)
    return_picking_id = fields.Many2one("stock.picking", copy=False, readonly=True)
    sale_picking_id = fields.Many2one("stock.picking", copy=False, readonly=True)
    invoice_id = fields.Many2one("account.move", copy=False, readonly=True, index=True)
    invoiced_price = fields.Monetary(
        copy=False, readonly=True, jewel_number=numbers.MONEY
    )
    report_line_ids = fields.One2many(
        "jewel.consignment.report.line", "memo_line_id", string="Reported Sold"
    )
    partner_status = fields.Selection(
        [
            ("draft", "Draft"),
            ("out", "At Partner"),
            ("return_requested", "Return Requested"),
            ("sale_reported", "Sale Reported"),
            ("returned", "Returned"),
            ("sold", "Sold"),
            ("cancel", "Cancelled"),
        ],
        string="Status at Partner",
        compute="_compute_partner_status",
        help="The state of the piece as its partner sees it: a piece still out "
        "shows the return it asked for or the sale it reported.",
    )
    days_out = fields.Integer(compute="_compute_days_out")
    aging_bucket = fields.Selection(
        [(key, label) for key, label, *_rest in AGING_BUCKETS],
        compute="_compute_days_out",
    )

    _sql_constraints = [
        ("lot_memo_uniq", "unique(memo_id, lot_id)", "A piece appears twice on a memo.")
    ]

    def _jewel_hold_for_report(self):
        """Hold these pieces until the end of the transaction that reports them.

        Two assistants of a shop reporting the same piece at the same moment
        would both see it unreported and report it twice. Writing the rows (a
        new row version, values unchanged) makes the second transaction wait for
        the first and then fail with a concurrency error, or fail at once if it
        started before the first committed; Odoo retries it on fresh data, where
        the piece shows as reported and is refused.
        """
        if self:
            self.env.cr.execute(
                "UPDATE jewel_memo_line SET write_date = write_date WHERE id IN %s",
                [tuple(self.ids)],
            )

    @api.depends("lot_id")
    def _compute_price(self):
        for line in self:
            partner = line.memo_id.partner_id.commercial_partner_id
            if line.lot_id and not line.price:
                line.price = (
                    partner._jewel_unit_price(line.lot_id.product_id)
                    if partner
                    else line.lot_id.product_id.lst_price
                )

    @api.depends("state", "return_requested", "report_line_ids.report_id.state")
    def _compute_partner_status(self):
        # one query for the pieces on a draft sales report (the partner may not
        # read the report lines of the workshop: sudo counts them only)
        reported = {
            line
            for (line,) in self.env["jewel.consignment.report.line"]
            .sudo()
            ._read_group(
                [
                    ("memo_line_id", "in", self.ids),
                    ("report_id.state", "=", "draft"),
                ],
                ["memo_line_id"],
            )
        }
        for line in self:
            status = line.state
            if status == "out" and line in reported:
                status = "sale_reported"
            elif status == "out" and line.return_requested:
                status = "return_requested"
            line.partner_status = status

    @api.depends("date_sent", "date_returned", "date_sold", "state")
    def _compute_days_out(self):
        today = fields.Date.context_today(self)
        for line in self:
            end = line.date_returned or line.date_sold or today
            days = (end - line.date_sent).days if line.date_sent else 0
            line.days_out = days
            line.aging_bucket = aging_bucket(days) if line.date_sent else False

    @api.constrains("date_sent", "date_returned", "date_sold")
    def _check_dates(self):
        # a piece comes back or is sold after it left, never before
        for line in self.filtered("date_sent"):
            for date, refusal in (
                (line.date_returned, self.env._("returned")),
                (line.date_sold, self.env._("sold")),
            ):
                if date and date < line.date_sent:
                    raise ValidationError(
                        self.env._(
                            "%(piece)s cannot be %(refusal)s on %(date)s: it was sent "
                            "on %(sent)s.",
                            piece=line.lot_id.name,
                            refusal=refusal,
                            date=date,
                            sent=line.date_sent,
                        )
                    )

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        if any(line.state not in ("draft", "cancel") for line in self):
            raise UserError(self.env._("A piece that was sent cannot be deleted."))

    def write(self, vals):
        locked = {"lot_id", "price"} & set(vals)
        if locked and any(line.state not in ("draft", "cancel") for line in self):
            raise UserError(
                self.env._("The serial and price of a sent piece cannot be changed.")
            )
        return super().write(vals)

    def action_return(self):
        """Button: take the selected pieces back into stock (memo by memo)."""
        for memo, lines in self.grouped("memo_id").items():
            memo._return_lines(lines)
        return True

    def action_sell(self):
        """Button: invoice the selected pieces to their partner (memo by memo)."""
        for memo, lines in self.grouped("memo_id").items():
            memo._sell_lines(lines)
        return True

    def _jewel_request_return(self):
        """The partner asks the workshop to collect these pieces.

        Called by the portal for the pieces its user may read; only pieces still
        out are flagged.
        """
        lines = self.filtered(
            lambda line: line.state == "out" and not line.return_requested
        )
        # the partner's request, on its own pieces (see above)
        lines._jewel_transition().write({"return_requested": True})
        for memo, memo_lines in lines.grouped("memo_id").items():
            memo.activity_schedule(
                act_type_xmlid="mail.mail_activity_data_todo",
                summary=self.env._("Return requested"),
                note=self.env._(
                    "%(partner)s asks to return: %(serials)s",
                    partner=memo.partner_id.display_name,
                    serials=", ".join(memo_lines.mapped("serial")),
                ),
                user_id=(memo.user_id or self.env.user).id,
            )
        return lines

    def _jewel_create_picking(self, source, destination, picking_type, return_of=None):
        """Create and validate one transfer of these pieces (one move per product).

        Each move carries the serials as move lines, so what is validated is
        exactly what the memo lists.
        """
        if not self:
            return self.env["stock.picking"]
        memo = self.memo_id[:1]
        by_product = defaultdict(list)
        for line in self:
            by_product[line.product_id].append(line)
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "partner_id": memo.partner_id.id,
                "origin": memo.name,
                "jewel_memo_id": memo.id,
                "return_id": return_of.id if return_of else False,
                "company_id": memo.company_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.display_name,
                            "product_id": product.id,
                            "product_uom": product.uom_id.id,
                            "product_uom_qty": len(lines),
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                            "company_id": memo.company_id.id,
                            "picked": True,
                        }
                    )
                    for product, lines in by_product.items()
                ],
            }
        )
        picking.action_confirm()
        moves = {move.product_id: move for move in picking.move_ids}
        self.env["stock.move.line"].create(
            [
                {
                    "move_id": moves[line.product_id].id,
                    "picking_id": picking.id,
                    "product_id": line.product_id.id,
                    "product_uom_id": line.product_id.uom_id.id,
                    "lot_id": line.lot_id.id,
                    "quantity": 1.0,
                    "location_id": quant_location.id,
                    "location_dest_id": destination.id,
                    "picked": True,
                }
                for line, quant_location in self._jewel_quant_locations(source).items()
            ]
        )
        picking.with_context(skip_sms=True, cancel_backorder=True)._action_done()
        if picking.state != "done":
            raise UserError(
                self.env._(
                    "Transfer %(picking)s could not be validated.", picking=picking.name
                )
            )
        return picking

    def _jewel_quant_locations(self, source):
        """Where each piece lies under ``source`` (one query for all pieces)."""
        quants = self.env["stock.quant"].search(
            [
                ("lot_id", "in", self.lot_id.ids),
                ("location_id", "child_of", source.id),
                ("quantity", ">", 0),
            ]
        )
        # every column of these quants (read of one field prefetches them all)
        # and their lots' properties in two queries: the move lines created
        # next reserve the quants one by one, from the cache
        quants.mapped("lot_properties")
        where = {quant.lot_id: quant.location_id for quant in quants}
        missing = self.filtered(lambda line: line.lot_id not in where)
        if missing:
            raise UserError(
                self.env._(
                    "Not found at %(location)s: %(serials)s.",
                    location=source.complete_name,
                    serials=", ".join(missing.lot_id.mapped("name")),
                )
            )
        return {line: where[line.lot_id] for line in self}

    def _jewel_commission_percent(self):
        """Commission (%) the partner keeps on this piece when it sells it.

        A partner on "price minus commission" keeps its commission on every piece
        it sells (memo or consignment); a partner price list is already net.
        Meant to be extended.
        """
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        if partner.jewel_pricing == "commission":
            return partner.jewel_commission_percent
        return 0.0

    def _jewel_net_price(self):
        """What the partner owes for this piece: its price less the commission."""
        self.ensure_one()
        return self.partner_id.commercial_partner_id._jewel_net_price(self.price)

    def _jewel_prepare_invoice_line(self):
        """Invoice line values of this piece: the agreed price, the partner's
        commission as the discount (and in the description), so that the line
        amounts to the net price."""
        self.ensure_one()
        commission = self._jewel_commission_percent()
        name = self.env._(
            "%(product)s - serial %(serial)s",
            product=self.product_id.display_name,
            serial=self.lot_id.name,
        )
        if commission:
            name = self.env._(
                "%(name)s (agreed price %(price)s less your commission of "
                "%(percent)s %%: %(commission)s)",
                name=name,
                price=self.currency_id.format(self.price),
                percent=f"{commission:g}",
                commission=self.currency_id.format(
                    self.price - self._jewel_net_price()
                ),
            )
        return {
            "product_id": self.product_id.id,
            "name": name,
            "quantity": 1.0,
            "price_unit": self.price,
            "discount": commission,
        }

    def _jewel_sell(self, partner, date, origin):
        """Deliver these pieces from the partner to its customer and invoice them.

        Each piece is invoiced at its net price (agreed price less the partner's
        commission, see ``_jewel_prepare_invoice_line``). Returns the posted
        customer invoice (due after the partner's settlement days). The callers
        check the role; the pieces and their memo are written as a transition.
        """
        date = fields.Date.to_date(date or fields.Date.context_today(self))
        memo = self.memo_id[:1]
        picking = self._jewel_create_picking(
            partner.jewel_location_id,
            self.env.ref("stock.stock_location_customers"),
            memo._jewel_picking_type("out_type_id"),
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": date,
                "invoice_payment_term_id": False,
                "invoice_date_due": date
                + timedelta(days=partner.jewel_settlement_days),
                "invoice_origin": origin,
                "invoice_user_id": (memo.user_id or self.env.user).id,
                "company_id": memo.company_id.id,
                "invoice_line_ids": [
                    Command.create(line._jewel_prepare_invoice_line()) for line in self
                ],
            }
        )
        invoice.action_post()
        by_price = defaultdict(lambda: self.browse())
        for line in self:
            by_price[line._jewel_net_price()] |= line
        # sold with the delivery and the invoice just posted; the callers checked
        # the role (an accountant confirming a sales report reads pieces only)
        for price, lines in by_price.items():
            lines.sudo()._jewel_transition().write(
                {
                    "state": "sold",
                    "date_sold": date,
                    "sale_picking_id": picking.id,
                    "invoice_id": invoice.id,
                    "invoiced_price": price,
                    "return_requested": False,
                }
            )
        self.memo_id.sudo()._update_state()
        return invoice
