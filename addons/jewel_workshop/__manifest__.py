{
    "name": "Jewel Workshop Measures",
    "summary": "The workshop's five measures (output per hour, material yield, "
    "rework rate, machine utilisation, gross margin), their causes and the "
    "owner's Workshop dashboard",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Jewellery",
    "author": "Jewel Workshop",
    "website": "https://github.com/jewel-workshop/jewel-addons",
    "license": "LGPL-3",
    "depends": [
        "jewel_quality_metal_ledger",
        "jewel_partner_consignment",
        "spreadsheet_dashboard",
    ],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/jewel_workshop_security.xml",
        "views/jewel_workshop_output_views.xml",
        "views/jewel_workshop_yield_views.xml",
        "views/jewel_workshop_rework_views.xml",
        "views/jewel_workshop_utilisation_views.xml",
        "views/jewel_workshop_margin_views.xml",
        "views/jewel_workshop_cause_views.xml",
        "views/jewel_workshop_menus.xml",
        "data/spreadsheet_dashboard_data.xml",
    ],
    "demo": ["demo/jewel_workshop_demo.xml"],
    "installable": True,
    "application": False,
}
