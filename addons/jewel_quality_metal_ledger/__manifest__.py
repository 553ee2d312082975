{
    "name": "Jewel Quality - Metal Ledger",
    "summary": "Rework metal issue/return and scrapped pieces back to the metal ledger",
    "version": "18.0.1.1.0",
    "category": "Manufacturing/Jewellery",
    "author": "Jewel Workshop",
    "website": "https://github.com/jewel-workshop/jewel-addons",
    "license": "LGPL-3",
    "depends": ["jewel_quality", "jewel_metal_ledger"],
    "data": [
        "views/jewel_quality_check_views.xml",
    ],
    "installable": True,
    "auto_install": True,
    "application": False,
}
