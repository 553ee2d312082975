"""Metal ledger fixtures shared by the benchmarks and the load test.

A receipt from a supplier posts only with the supplier's due diligence current
and its origin and refiner stated (jewel_metal_ledger provenance rules).
"""

import base64

from odoo import fields


def reviewed_supplier(env, name):
    """A supplier metal account of newly mined, refined grain whose due
    diligence is current: its receipts post like a real dealer's."""
    partner = env["res.partner"].create({"name": name})
    refiner = env["jewel.metal.refiner"].create(
        {"name": f"{name} Refinery", "accreditation": "lbma_gd"}
    )
    evidence = env["jewel.metal.due.diligence"].create(
        {
            "name": "KYC and OECD questionnaire",
            "partner_id": partner.id,
            "date": "2000-01-01",
            "valid_until": "2099-12-31",
            "document": base64.b64encode(b"%PDF-1.4 due diligence"),
            "document_name": "kyc.pdf",
        }
    )
    # fixture: recorded by the superuser, reviewed by the administrator (the
    # review itself, four eyes and roles, is tested in jewel_metal_ledger)
    evidence._jewel_transition().write(
        {
            "state": "reviewed",
            "reviewer_id": env.ref("base.user_admin").id,
            "date_reviewed": fields.Datetime.now(),
        }
    )
    return env["jewel.metal.account"].create(
        {
            "name": name,
            "account_type": "supplier",
            "partner_id": partner.id,
            "metal_origin": "mined",
            "refiner_id": refiner.id,
        }
    )
