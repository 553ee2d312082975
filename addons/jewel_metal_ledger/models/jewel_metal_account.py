from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.query import Query

from odoo.addons.jewel_bom.tools import numbers
from odoo.addons.jewel_bom.tools.numbers import round_weight

ACCOUNT_TYPES = [
    ("vault", "Vault"),
    ("workstation", "Workstation"),
    ("goldsmith", "Goldsmith"),
    ("production", "Finished Goods"),
    ("customer", "Customer"),
    ("supplier", "Supplier (pool / loan)"),
    ("refiner", "Refiner"),
    ("loss", "Loss"),
]
# Accounts holding metal the workshop is accountable for: never below zero.
HOLDER_TYPES = ("vault", "workstation", "goldsmith")


class JewelMetalAccount(models.Model):
    """A place or a party holding or owing precious metal, counted in fine grams.

    In the ledger a positive balance is metal the account holds; a negative one
    is metal it has given (a customer's deposit is a negative ledger balance).
    Everything shown to a person (list, form, statement PDF and XLSX) reads a
    customer's, supplier's or refiner's balance from their side instead:
    positive = metal the workshop holds for them, and says it in words
    (``_jewel_display_sign``, ``_jewel_balance_phrase``).
    """

    _name = "jewel.metal.account"
    _description = "Metal Account"
    _inherit = ["mail.thread", "jewel.number.mixin"]
    _order = "account_type, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(tracking=True)
    account_type = fields.Selection(
        ACCOUNT_TYPES, string="Type", required=True, default="goldsmith", tracking=True
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    location_id = fields.Many2one(
        "stock.location",
        string="Stock Location",
        check_company=True,
        domain="[('usage', '=', 'internal')]",
        tracking=True,
        help="Vault only: metal in this vault is the on-hand stock of the alloys' "
        "raw material products in this location.",
    )
    workcenter_id = fields.Many2one("mrp.workcenter", check_company=True, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Goldsmith",
        tracking=True,
        help="The person this account belongs to: they see it and its movements.",
    )
    partner_id = fields.Many2one("res.partner", tracking=True)
    metal_ids = fields.Many2many(
        "jewel.metal",
        string="Accepted Metals",
        help="Leave empty to accept every metal.",
    )
    loss_tolerance = fields.Float(
        string="Loss Tolerance (%)",
        digits=(5, 2),
        tracking=True,
        jewel_number=numbers.PERCENT,
        help="Goldsmith or workstation only: overrides the workcenter's and the "
        "company's tolerance for jobs held by this account (0 = no override).",
    )
    ledger_line_ids = fields.One2many(
        "jewel.metal.ledger.line", "account_id", string="Ledger Lines"
    )
    balance_text = fields.Char(
        string="Balance (fine g)",
        compute="_compute_balance_text",
        help="Customers, suppliers and refiners: positive = fine metal the "
        "workshop holds for them, negative = fine metal they owe the workshop. "
        "Other accounts: fine metal the account holds.",
    )
    balance_label = fields.Char(
        string="Who Owes Whom",
        compute="_compute_balance_text",
        help="The balance in words.",
    )
    ledger_version = fields.Integer(
        readonly=True,
        copy=False,
        help="Bumped by every posting that checks this account's balance: two "
        "postings taking metal from the same account serialize.",
    )

    _sql_constraints = [
        (
            "loss_tolerance_range",
            "CHECK(loss_tolerance >= 0 AND loss_tolerance <= 100)",
            "A loss tolerance is a percentage between 0 and 100.",
        ),
    ]

    def _compute_balance_text(self):
        balances = self._get_balances()
        for account in self:
            sign = account._jewel_display_sign()
            held = [
                (metal, fine)
                for (acc, metal), fine in balances.items()
                if acc == account and fine
            ]
            account.balance_text = (
                ", ".join(
                    f"{sign * fine + 0.0:.3f} g {metal.code}" for metal, fine in held
                )
                or "0.000 g"
            )
            account.balance_label = "; ".join(
                account._jewel_balance_phrase(metal, fine) for metal, fine in held
            ) or self.env._("Nothing owed either way")

    @api.constrains(
        "account_type", "location_id", "workcenter_id", "user_id", "partner_id"
    )
    def _check_link(self):
        for account in self:
            if account.account_type == "vault" and account.workcenter_id:
                raise ValidationError(
                    self.env._(
                        "A vault is linked to a stock location, not a workcenter."
                    )
                )
            if account.location_id and account.account_type != "vault":
                raise ValidationError(
                    self.env._(
                        "Only a vault account can be linked to a stock location "
                        "(%(account)s is not a vault).",
                        account=account.name,
                    )
                )
            if account.account_type in ("customer", "supplier", "refiner") and (
                not account.partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(account)s: a customer, supplier or refiner account needs "
                        "a partner.",
                        account=account.name,
                    )
                )

    def write(self, vals):
        if {"account_type", "company_id"} & set(vals) and self.env[
            "jewel.metal.ledger.line"
        ].sudo().search_count([("account_id", "in", self.ids)], limit=1):
            raise UserError(
                self.env._(
                    "The type and company of an account with posted metal movements "
                    "cannot change: create a new account."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        if (
            self.env["jewel.metal.ledger.line"]
            .sudo()
            .search_count([("account_id", "in", self.ids)], limit=1)
        ):
            raise UserError(
                self.env._(
                    "An account with posted metal movements cannot be deleted: "
                    "archive it."
                )
            )

    # ------------------------------------------------------------------ business
    def _get_balances(self, date=None, metals=None, production=None):
        """Fine-gram balance per account and metal, at the end of ``date``.

        One query for any number of accounts.

        :return: ``{(account, metal): fine_grams}``
        """
        domain = [("account_id", "in", self.ids)]
        if date:
            domain.append(("date", "<=", date))
        if metals:
            domain.append(("metal_id", "in", metals.ids))
        if production is not None:
            domain.append(("production_id", "=", production.id))
        groups = (
            self.env["jewel.metal.ledger.line"]
            .sudo()
            ._read_group(domain, ["account_id", "metal_id"], ["fine_weight:sum"])
        )
        return {
            (account.with_env(self.env), metal.with_env(self.env)): round_weight(fine)
            for account, metal, fine in groups
        }

    def _get_first_shortfall(self, metals, date, production=None):
        """The first day on or after ``date`` that one of these accounts ends
        below zero in one of ``metals``, or None.

        A back-dated posting changes every balance from its date on: it must
        leave the balance on its own date and on every later day >= 0. One
        query for all the accounts and metals: end-of-day running balances per
        account and metal, then the first negative one from ``date`` on.
        Customers' ledger balances are negative (metal they deposited): for
        them, the balance must stay <= 0.

        :return: ``(account, metal, day, balance)`` with the balance signed as
            checked (>= 0 when fine), or None.
        """
        if not self or not metals:
            return None
        production_sql = SQL("")
        if production is not None:
            production_sql = SQL("AND line.production_id = %s", production.id)
        customers = self.filtered(lambda a: a.account_type == "customer").ids or [0]
        self.env["jewel.metal.ledger.line"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT account_id, metal_id, day, balance FROM (
                    SELECT line.account_id, line.metal_id, line.date AS day,
                           CASE WHEN line.account_id IN %(customers)s THEN -1
                                ELSE 1 END
                           * SUM(SUM(line.fine_weight)) OVER (
                               PARTITION BY line.account_id, line.metal_id
                               ORDER BY line.date
                           ) AS balance
                      FROM jewel_metal_ledger_line line
                     WHERE line.account_id IN %(accounts)s
                       AND line.metal_id IN %(metals)s
                       %(production)s
                  GROUP BY line.account_id, line.metal_id, line.date
                ) days
                WHERE day >= %(date)s AND ROUND(balance::numeric, 3) < 0
                ORDER BY day, account_id, metal_id
                LIMIT 1
                """,
                customers=tuple(customers),
                accounts=tuple(self.ids),
                metals=tuple(metals.ids),
                production=production_sql,
                date=date,
            )
        )
        row = self.env.cr.fetchone()
        if not row:
            return None
        account_id, metal_id, day, balance = row
        return (
            self.browse(account_id),
            metals.browse(metal_id),
            day,
            round(balance, 3),
        )

    def _get_balance(self, metal, date=None):
        """Fine grams of ``metal`` this account holds at the end of ``date``."""
        self.ensure_one()
        return self._get_balances(date, metal).get((self, metal), 0.0)

    def _get_statement(self, metal, date_from=None, date_to=None):
        """Every movement of ``metal`` on this account with the running balance.

        Like a bank statement: the opening balance at ``date_from``, then one row
        per ledger line in date order with the balance after it. The lines are
        searched through the ORM (access rules apply); the opening balance and
        the running balance are computed in the same single query, over the
        index on (account, metal, date, id).

        :return: ``(opening_balance, rows)``; rows are dicts with ``id``, ``date``,
            ``transfer_id``, ``transfer_type``, ``counterpart_account_id``,
            ``alloy_id``, ``gross_weight``, ``fine_weight``, ``balance``.
        """
        self.ensure_one()
        Line = self.env["jewel.metal.ledger.line"]
        # the ORM's access checks and record rules on one condition shared by
        # the opening sum and the lines (what _search does, without parsing a
        # domain): the statement runs within 1.2x of the same query by hand
        Line.browse().check_access("read")
        query = Query(self.env, Line._table, Line._table_sql)
        table = query.table
        query.add_where(
            SQL(
                "%s = %s AND %s = %s",
                SQL.identifier(table, "account_id"),
                self.id,
                SQL.identifier(table, "metal_id"),
                metal.id,
            )
        )
        Line._apply_ir_rules(query, "read")
        date = SQL.identifier(table, "date")
        fine = SQL.identifier(table, "fine_weight")
        opening_sql = SQL("0.0")
        if date_from:
            date_from = fields.Date.to_date(date_from)
            # the opening balance: one row joined to every line, summed once
            query.add_join(
                "JOIN",
                "jewel_statement_opening",
                SQL(
                    "(SELECT COALESCE(SUM(%s), 0.0) AS fine FROM %s "
                    "WHERE %s AND %s < %s)",
                    fine,
                    query.from_clause,
                    query.where_clause,
                    date,
                    date_from,
                ),
                SQL("TRUE"),
            )
            opening_sql = SQL.identifier("jewel_statement_opening", "fine")
            query.add_where(SQL("%s >= %s", date, date_from))
        if date_to:
            query.add_where(SQL("%s <= %s", date, fields.Date.to_date(date_to)))
        query.order = SQL("%s, %s", date, SQL.identifier(table, "id"))
        keys = [
            "id",
            "date",
            "transfer_id",
            "transfer_type",
            "counterpart_account_id",
            "alloy_id",
            "gross_weight",
            "fine_weight",
        ]
        self.env.cr.execute(
            query.select(
                *(SQL.identifier(table, key) for key in keys),
                SQL(
                    "%s + SUM(%s) OVER (ORDER BY %s) AS balance",
                    opening_sql,
                    fine,
                    query.order,
                ),
                # last, past the keys: zip() below leaves it out of the rows
                SQL("%s AS opening", opening_sql),
            )
        )
        rows = self.env.cr.fetchall()
        if rows:
            opening = rows[0][-1]
        elif date_from:
            # no line in the period: the opening balance alone, read under the
            # same access rules as the lines (no sudo)
            [(opening,)] = Line._read_group(
                [
                    ("account_id", "=", self.id),
                    ("metal_id", "=", metal.id),
                    ("date", "<", date_from),
                ],
                aggregates=["fine_weight:sum"],
            )
            opening = opening or 0.0
        else:
            opening = 0.0
        keys.append("balance")
        return round_weight(opening), [dict(zip(keys, row)) for row in rows]  # noqa: B905

    def _jewel_display_sign(self):
        """-1 for the accounts of outside parties (customer, supplier, refiner),
        whose balances are shown from their side (positive = metal the workshop
        holds for them), 1 for the workshop's own accounts. Meant to be
        extended by new account types."""
        self.ensure_one()
        return -1 if self.account_type in ("customer", "supplier", "refiner") else 1

    def _jewel_balance_phrase(self, metal, fine):
        """``fine`` (a ledger balance of ``metal``) in words: who owes whom."""
        self.ensure_one()
        grams = f"{abs(fine):.3f}"
        if self._jewel_display_sign() < 0:
            party = self.partner_id.display_name or self.name
            if fine < 0:
                return self.env._(
                    "We hold %(grams)s g fine %(metal)s for %(party)s",
                    grams=grams,
                    metal=metal.name,
                    party=party,
                )
            return self.env._(
                "%(party)s owes us %(grams)s g fine %(metal)s",
                grams=grams,
                metal=metal.name,
                party=party,
            )
        if fine < 0:
            return self.env._(
                "%(account)s has given out %(grams)s g fine %(metal)s more than "
                "it received",
                account=self.name,
                grams=grams,
                metal=metal.name,
            )
        return self.env._(
            "%(account)s holds %(grams)s g fine %(metal)s",
            account=self.name,
            grams=grams,
            metal=metal.name,
        )

    def _accepts(self, metal):
        self.ensure_one()
        return not self.metal_ids or metal in self.metal_ids

    def _lock_for_posting(self):
        """Lock these accounts' rows until the end of the transaction.

        NOWAIT: a concurrent posting from the same account makes this one fail
        at once with a concurrency error (the web client retries the request);
        ``_bump_ledger_version`` then makes a transaction that started before the
        other one committed fail too instead of reading a stale balance.
        """
        if not self:
            return
        self.env.cr.execute(
            "SELECT id FROM jewel_metal_account WHERE id IN %s "
            "ORDER BY id FOR NO KEY UPDATE NOWAIT",
            [tuple(self.ids)],
        )

    def _bump_ledger_version(self):
        if not self:
            return
        self.env.cr.execute(
            "UPDATE jewel_metal_account SET ledger_version = ledger_version + 1 "
            "WHERE id IN %s",
            [tuple(self.ids)],
        )
        self.invalidate_recordset(["ledger_version"])

    @api.model
    def _get_company_account(self, account_type, company=None):
        """The company's loss or finished-goods account, created on first use."""
        company = company or self.env.company
        account = self.search(
            [("account_type", "=", account_type), ("company_id", "=", company.id)],
            limit=1,
        )
        if not account:
            names = dict(self._fields["account_type"]._description_selection(self.env))
            account = self.create(
                {
                    "name": names[account_type],
                    "account_type": account_type,
                    "company_id": company.id,
                }
            )
        return account

    def _stock_location(self):
        """Where the metal of this account sits in Odoo stock (for vault moves)."""
        self.ensure_one()
        if self.account_type == "vault":
            return self.location_id
        if self.account_type == "customer":
            return self.env.ref("stock.stock_location_customers")
        if self.account_type in ("supplier", "refiner"):
            return self.env.ref("stock.stock_location_suppliers")
        if self.account_type == "loss":
            return self.env["stock.location"].search(
                [
                    ("usage", "=", "inventory"),
                    ("company_id", "in", [self.company_id.id, False]),
                    ("scrap_location", "=", False),
                ],
                limit=1,
            )
        return self.company_id._jewel_metal_process_location()

    # ------------------------------------------------------------------ actions
    def action_view_ledger(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jewel_metal_ledger.jewel_metal_ledger_line_action"
        )
        action["domain"] = [("account_id", "=", self.id)]
        action["context"] = {"search_default_group_metal": 1}
        return action

    def action_stock_check(self):
        return self.env["jewel.metal.stock.check"]._open_for(self)
