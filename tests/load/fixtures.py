"""Load-test fixtures, committed in the load database (never in a test database).

    python3 tests/load/fixtures.py OUT.json [odoo options: -d DB --db_host ...]

A vault of its own stocked with 18K yellow grain, a bullion dealer, N goldsmiths
(users and accounts) each with a confirmed manufacturing order for their jobs, M
retail partners each holding a sent memo of serial-numbered pieces and a portal
login, the BOMs the planners re-cost, and two stock locations for the vanilla
Odoo pickings. Writes their ids (and the logins) to OUT.json.
"""

import json
import os
import sys

import odoo
from odoo import Command
from odoo.modules.registry import Registry
from odoo.tools import config

# tests/metal_fixtures.py, shared with the benchmarks
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from metal_fixtures import reviewed_supplier  # noqa: E402

GOLDSMITHS = 6
PARTNERS = 2
PIECES_PER_PARTNER = 16
VAULT_GRAMS = 40_000.0  # 18K yellow grain in the load vault (30 kg fine)
VANILLA_GRAMS = 40_000.0  # the same grain in the vanilla pickings' source


def main(argv):
    out = argv[0]
    config.parse_config(argv[1:])
    registry = Registry(config["db_name"])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        data = build(env)
        cr.commit()
    with open(out, "w") as handle:
        json.dump(data, handle, indent=1)
    print(f"fixtures written to {out}")


def build(env):
    company = env.company
    alloy = env.ref("jewel_bom.jewel_alloy_au750_yellow")
    grain = alloy.raw_material_product_id
    assert grain, "18K yellow has no raw material product"
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    Location = env["stock.location"]

    def location(name):
        return Location.create(
            {
                "name": name,
                "usage": "internal",
                "location_id": warehouse.view_location_id.id,
            }
        )

    Account = env["jewel.metal.account"]
    vault = Account.create(
        {
            "name": "Load Vault",
            "account_type": "vault",
            "location_id": location("Load Vault").id,
        }
    )
    dealer = reviewed_supplier(env, "Load Bullion Dealer")
    finished = Account._get_company_account("production", company)
    opening = env["jewel.metal.transfer"].create(
        {
            "transfer_type": "adjustment",
            "from_account_id": dealer.id,
            "to_account_id": vault.id,
            "note": "Load test opening stock",
            "line_ids": [
                Command.create({"alloy_id": alloy.id, "gross_weight": VAULT_GRAMS})
            ],
        }
    )
    opening.action_post()

    group_goldsmith = env.ref("jewel_bom.group_jewel_goldsmith")
    goldsmiths = []
    product = env.ref("jewel_bom.product_solitaire_au750y_demo")
    # each goldsmith on a manufacturing order of their own, as at the bench
    productions = env["mrp.production"].create(
        [
            {
                "product_id": product.id,
                "bom_id": env.ref("jewel_bom.mrp_bom_solitaire_demo").id,
                "product_qty": 1000,
            }
            for _index in range(GOLDSMITHS)
        ]
    )
    productions.action_confirm()
    for index, production in enumerate(productions):
        login = f"load_goldsmith_{index}"
        user = env["res.users"].create(
            {
                "name": f"Load Goldsmith {index}",
                "login": login,
                "password": login,
                "groups_id": [
                    Command.set([env.ref("base.group_user").id, group_goldsmith.id])
                ],
            }
        )
        account = Account.create(
            {
                "name": f"Load Goldsmith {index}",
                "account_type": "goldsmith",
                "user_id": user.id,
            }
        )
        goldsmiths.append(
            {"login": login, "account_id": account.id, "production_id": production.id}
        )

    vanilla_source = location("Load Vanilla Source")
    vanilla_dest = location("Load Vanilla Bench")
    env["stock.quant"]._update_available_quantity(grain, vanilla_source, VANILLA_GRAMS)

    partners = build_partners(env, warehouse)
    boms = env["mrp.bom"].search(
        [("product_tmpl_id.jewel_alloy_id", "!=", False)], limit=4
    ) or env["mrp.bom"].search([], limit=4)
    env.flush_all()
    return {
        "company_id": company.id,
        "alloy_id": alloy.id,
        "fineness": alloy.fineness,
        "metal_id": alloy.metal_id.id,
        "product_id": grain.id,
        "uom_id": grain.uom_id.id,
        "vault_id": vault.id,
        "vault_location_id": vault.location_id.id,
        "dealer_id": dealer.id,
        "finished_id": finished.id,
        "goldsmiths": goldsmiths,
        "storekeeper": "storekeeper",
        "planner": "planner",
        "bom_ids": boms.ids,
        "partners": partners,
        "vanilla": {
            "picking_type_id": warehouse.int_type_id.id,
            "source_id": vanilla_source.id,
            "dest_id": vanilla_dest.id,
        },
    }


def build_partners(env, warehouse):
    """Retail partners, each with a sent memo of pieces and a portal login."""
    ring = env["product.product"].create(
        {
            "name": "Load ring",
            "type": "consu",
            "is_storable": True,
            "tracking": "serial",
            "list_price": 900.0,
            "taxes_id": [Command.clear()],
        }
    )
    partners = []
    for index in range(PARTNERS):
        partner = env["res.partner"].create(
            {
                "name": f"Load Shop {index}",
                "is_company": True,
                "jewel_is_retail_partner": True,
                "jewel_agreement_memo": True,
                "jewel_commission_percent": 0.0,
            }
        )
        lots = env["stock.lot"].create(
            [
                {"name": f"LOAD-{index}-{piece:03d}", "product_id": ring.id}
                for piece in range(PIECES_PER_PARTNER)
            ]
        )
        for lot in lots:
            env["stock.quant"]._update_available_quantity(
                ring, warehouse.lot_stock_id, 1.0, lot_id=lot
            )
        memo = env["jewel.memo"].create(
            {
                "partner_id": partner.id,
                "line_ids": [Command.create({"lot_id": lot.id}) for lot in lots],
            }
        )
        memo.action_send()
        login = f"load_shop_{index}"
        clerk = env["res.partner"].create(
            {"name": f"Load Shop {index} clerk", "parent_id": partner.id}
        )
        env["res.users"].create(
            {
                "name": f"Load Shop {index} clerk",
                "login": login,
                "password": login,
                "partner_id": clerk.id,
                "groups_id": [Command.set([env.ref("base.group_portal").id])],
            }
        )
        partners.append({"login": login, "partner_id": partner.id, "memo_id": memo.id})
    return partners


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
