from odoo.tests import TransactionCase, tagged

from odoo.addons.jewel_bom.tests.number_properties import NumberPropertiesMixin


@tagged("post_install", "-at_install")
class TestNumberProperties(NumberPropertiesMixin, TransactionCase):
    """Generated numbers at every numeric field jewel_metal_ledger defines."""

    _jewel_addon = "jewel_metal_ledger"

    @classmethod
    def _jewel_number_records(cls):
        # a draft transfer and an open stone issue, as the storekeeper has them
        ref = cls.env.ref
        cls.env["jewel.metal.transfer"].create(
            {
                "transfer_type": "issue",
                "from_account_id": ref(
                    "jewel_metal_ledger.jewel_metal_account_vault_demo"
                ).id,
                "to_account_id": ref(
                    "jewel_metal_ledger.jewel_metal_account_sofia_demo"
                ).id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "alloy_id": ref("jewel_bom.jewel_alloy_au750_yellow").id,
                            "gross_weight": 2.0,
                        },
                    )
                ],
            }
        )
        ref("jewel_metal_ledger.jewel_stone_issue_solitaire_demo").copy({"qty_set": 0})
