from odoo import fields, models, tools

KINDS = [("issued", "Issued"), ("received", "Received")]
DOCUMENTS = [
    ("invoice", "Customer Invoice"),
    ("refund", "Credit Note"),
    ("bill", "Vendor Bill"),
    ("bill_refund", "Vendor Refund"),
    ("receipt", "Purchase Receipt"),
    ("memo", "Memo"),
]


class JewelSowRegister(models.Model):
    """System of Warranties register: the warranties received on supplier
    bills and issued on invoices and memos, for the yearly reconciliation."""

    _name = "jewel.sow.register"
    _description = "System of Warranties Register"
    _auto = False
    _order = "date desc, id desc"
    # what the view reads, flushed before it is searched
    _depends = {
        "account.move": [
            "jewel_sow_warranty",
            "state",
            "move_type",
            "name",
            "ref",
            "invoice_date",
            "commercial_partner_id",
            "company_id",
            "currency_id",
            "amount_total",
        ],
        "jewel.memo": [
            "jewel_sow_warranty",
            "state",
            "name",
            "date",
            "partner_id",
            "company_id",
            "amount_total",
        ],
    }

    kind = fields.Selection(KINDS, readonly=True)
    document = fields.Selection(DOCUMENTS, readonly=True)
    name = fields.Char(string="Number", readonly=True)
    ref = fields.Char(string="Partner Reference", readonly=True)
    date = fields.Date(readonly=True)
    partner_id = fields.Many2one("res.partner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount = fields.Monetary(readonly=True, help="Total of the document.")
    move_id = fields.Many2one("account.move", readonly=True)
    memo_id = fields.Many2one("jewel.memo", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # ids: even for invoices and bills, odd for memos
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT m.id * 2 AS id,
                       CASE WHEN m.move_type IN ('out_invoice', 'out_refund',
                                                 'out_receipt')
                            THEN 'issued' ELSE 'received' END AS kind,
                       CASE m.move_type
                            WHEN 'out_invoice' THEN 'invoice'
                            WHEN 'out_receipt' THEN 'invoice'
                            WHEN 'out_refund' THEN 'refund'
                            WHEN 'in_invoice' THEN 'bill'
                            WHEN 'in_refund' THEN 'bill_refund'
                            ELSE 'receipt' END AS document,
                       m.name AS name,
                       m.ref AS ref,
                       m.invoice_date AS date,
                       m.commercial_partner_id AS partner_id,
                       m.company_id,
                       m.currency_id,
                       m.amount_total AS amount,
                       m.id AS move_id,
                       NULL::integer AS memo_id
                  FROM account_move m
                 WHERE m.jewel_sow_warranty AND m.state = 'posted'
                UNION ALL
                SELECT memo.id * 2 + 1, 'issued', 'memo', memo.name, NULL, memo.date,
                       memo.partner_id, memo.company_id, c.currency_id,
                       memo.amount_total, NULL, memo.id
                  FROM jewel_memo memo
                  JOIN res_company c ON c.id = memo.company_id
                 WHERE memo.jewel_sow_warranty
                   AND memo.state NOT IN ('draft', 'cancel')
            )
            """
        )
