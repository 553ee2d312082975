from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.jewel_bom.tests.common import JewelBomCommon


class JewelConsignmentCommon(JewelBomCommon):
    """Two retail partners, serial-numbered pieces in stock, least-privileged users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.today = fields.Date.context_today(env["jewel.memo"])
        cls.company = env.company
        cls.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customers = env.ref("stock.stock_location_customers")

        cls.ring = cls._product(
            "Test solitaire 18K",
            tracking="serial",
            list_price=3450.0,
            jewel_component_type="piece",
            jewel_alloy_id=cls.au750y.id,
            jewel_gross_metal_weight=3.8,
            jewel_stone_weight=0.5,
            jewel_stone_count=1,
            taxes_id=[Command.clear()],
        )
        cls.band = cls._product(
            "Test band 18K",
            tracking="serial",
            list_price=1290.0,
            jewel_component_type="piece",
            jewel_alloy_id=cls.au750y.id,
            jewel_gross_metal_weight=6.2,
            taxes_id=[Command.clear()],
        )

        cls.salesman = new_test_user(
            env,
            login="jewel_consign_salesman",
            groups="sales_team.group_sale_salesman,stock.group_stock_user,"
            "account.group_account_invoice",
        )
        cls.sales_manager = new_test_user(
            env,
            login="jewel_consign_manager",
            groups="sales_team.group_sale_manager,stock.group_stock_user,"
            "account.group_account_invoice",
        )
        cls.shop = env["res.partner"].create(
            {
                "name": "Test Goldsmith Shop",
                "is_company": True,
                "jewel_is_retail_partner": True,
                "jewel_agreement_consignment": True,
                "jewel_agreement_memo": False,
                "jewel_pricing": "commission",
                "jewel_commission_percent": 40.0,
                "jewel_settlement_days": 30,
                "jewel_memo_term_days": 90,
                "user_id": cls.salesman.id,
            }
        )
        cls.boutique = env["res.partner"].create(
            {
                "name": "Test Boutique",
                "is_company": True,
                "jewel_is_retail_partner": True,
                "jewel_agreement_memo": True,
                "jewel_pricing": "commission",
                "jewel_commission_percent": 0.0,
                "jewel_settlement_days": 15,
                "user_id": cls.salesman.id,
            }
        )

    @classmethod
    def _pieces(cls, product, count, prefix, **lot_vals):
        """``count`` serials of ``product`` put in stock."""
        lots = cls.env["stock.lot"].create(
            [
                dict(
                    {
                        "name": f"{prefix}-{index:03d}",
                        "product_id": product.id,
                        "company_id": cls.company.id,
                    },
                    **lot_vals,
                )
                for index in range(1, count + 1)
            ]
        )
        for lot in lots:
            cls.env["stock.quant"]._update_available_quantity(
                product, cls.stock_location, 1.0, lot_id=lot
            )
        return lots

    @classmethod
    def _memo(cls, partner, lots, days_ago=0, **vals):
        date = cls.today - timedelta(days=days_ago)
        return cls.env["jewel.memo"].create(
            dict(
                {
                    "partner_id": partner.id,
                    "date": date,
                    "line_ids": [Command.create({"lot_id": lot.id}) for lot in lots],
                },
                **vals,
            )
        )

    def _quant_location(self, lot):
        quant = self.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("quantity", ">", 0)]
        )
        return quant.location_id
