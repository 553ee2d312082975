{
    "name": "Jewel Piece Passport",
    "summary": "One page per serial: design, metal job, stones, checks, hallmark, "
    "memos, sale, changes and metal provenance",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Jewellery",
    "author": "Jewel Workshop",
    "website": "https://github.com/jewel-workshop/jewel-addons",
    "license": "LGPL-3",
    "depends": ["jewel_quality_metal_ledger", "jewel_partner_consignment"],
    "data": [
        "report/jewel_passport_templates.xml",
        "report/jewel_passport_report.xml",
        "views/stock_lot_views.xml",
    ],
    "installable": True,
    "application": False,
}
