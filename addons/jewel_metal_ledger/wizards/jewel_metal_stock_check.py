from collections import defaultdict

from odoo import api, fields, models

from odoo.addons.jewel_bom.tools.numbers import round_weight


class JewelMetalStockCheck(models.TransientModel):
    """Vault ledger against on-hand stock, per alloy: any difference shows here."""

    _name = "jewel.metal.stock.check"
    _description = "Vault / Stock Reconciliation"
    _order = "account_id, alloy_id"

    account_id = fields.Many2one("jewel.metal.account", string="Vault", readonly=True)
    alloy_id = fields.Many2one("jewel.alloy", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    ledger_gross = fields.Float(
        string="Ledger (g)", digits="Jewel Weight", readonly=True
    )
    ledger_fine = fields.Float(
        string="Ledger Fine (g)", digits="Jewel Weight", readonly=True
    )
    stock_gross = fields.Float(
        string="On Hand (g)", digits="Jewel Weight", readonly=True
    )
    difference = fields.Float(
        string="Difference (g)", digits="Jewel Weight", readonly=True
    )

    @api.model
    def _compute_rows(self, vaults):
        """Ledger gross/fine and on-hand grams per vault and alloy (two queries)."""
        vaults = vaults.filtered(lambda a: a.account_type == "vault" and a.location_id)
        rows = defaultdict(
            lambda: {"ledger_gross": 0.0, "ledger_fine": 0.0, "stock": 0.0}
        )
        groups = (
            self.env["jewel.metal.ledger.line"]
            .sudo()
            ._read_group(
                [("account_id", "in", vaults.ids)],
                ["account_id", "alloy_id"],
                ["gross_weight:sum", "fine_weight:sum"],
            )
        )
        for account, alloy, gross, fine in groups:
            rows[(account, alloy)]["ledger_gross"] += gross
            rows[(account, alloy)]["ledger_fine"] += fine
        alloys = self.env["jewel.alloy"].search(
            [("raw_material_product_id", "!=", False)]
        )
        products = alloys.raw_material_product_id
        gram = self.env.ref("uom.product_uom_gram")
        for vault in vaults:
            quants = self.env["stock.quant"]._read_group(
                [
                    ("product_id", "in", products.ids),
                    ("location_id", "child_of", vault.location_id.id),
                ],
                ["product_id"],
                ["quantity:sum"],
            )
            for product, quantity in quants:
                alloy = alloys.filtered(
                    lambda a, p=product: a.raw_material_product_id == p
                )[:1]
                rows[(vault, alloy)]["stock"] += product.uom_id._compute_quantity(
                    quantity, gram
                )
        return [
            {
                "account_id": vault.id,
                "alloy_id": alloy.id,
                "product_id": alloy.raw_material_product_id.id,
                "ledger_gross": round_weight(values["ledger_gross"]),
                "ledger_fine": round_weight(values["ledger_fine"]),
                "stock_gross": round_weight(values["stock"]),
                "difference": round_weight(values["stock"] - values["ledger_gross"]),
            }
            for (vault, alloy), values in rows.items()
        ]

    @api.model
    def _open_for(self, vaults):
        records = self.create(self._compute_rows(vaults))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Vault / Stock Reconciliation"),
            "res_model": self._name,
            "view_mode": "list",
            "domain": [("id", "in", records.ids)],
        }
