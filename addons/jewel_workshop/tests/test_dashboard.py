import base64
import json
import re

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDashboard(TransactionCase):
    def test_dashboard_loads_and_references_existing_fields(self):
        dashboard = self.env.ref("jewel_workshop.spreadsheet_dashboard_workshop")
        self.assertEqual(
            dashboard.group_ids,
            self.env.ref("jewel_bom.group_jewel_owner")
            | self.env.ref("jewel_bom.group_jewel_supervisor"),
        )
        data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
        pivots = data["pivots"]
        self.assertEqual(len(pivots), 5)
        for pivot_id, pivot in pivots.items():
            Model = self.env[pivot["model"]]
            self.assertEqual(pivot["formulaId"], pivot_id)
            for measure in pivot["measures"]:
                self.assertIn(measure["fieldName"], Model._fields)
            for dimension in pivot["columns"] + pivot["rows"]:
                self.assertIn(dimension["fieldName"], Model._fields)
            self.env.ref(pivot["actionXmlId"])
            # what the spreadsheet asks the server: each measure by month
            Model.read_group(
                [],
                [f"{m['fieldName']}:{m['aggregator']}" for m in pivot["measures"]],
                ["date:month"],
            )
        cells = data["sheets"][0]["cells"]
        used = set()
        for cell in cells.values():
            for pivot_id, measure in re.findall(
                r'PIVOT\.VALUE\((\d+),"(\w+)"', cell["content"]
            ):
                self.assertIn(pivot_id, pivots)
                self.assertIn(measure, [m["id"] for m in pivots[pivot_id]["measures"]])
                used.add(pivot_id)
            for xmlid in re.findall(r"odoo://ir_menu_xml_id/([\w.]+)", cell["content"]):
                self.assertEqual(self.env.ref(xmlid)._name, "ir.ui.menu")
        self.assertEqual(used, set(pivots))

    def test_dashboard_visible_to_owner_not_goldsmith(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        owner = self.env.ref("base.user_admin").copy(
            {
                "login": "jewel_ws_dash_owner",
                "groups_id": [(6, 0, [self.env.ref("jewel_bom.group_jewel_owner").id])],
            }
        )
        goldsmith = self.env["res.users"].create(
            {
                "name": "Dash Goldsmith",
                "login": "jewel_ws_dash_gs",
                "groups_id": [
                    (6, 0, [self.env.ref("jewel_bom.group_jewel_goldsmith").id])
                ],
            }
        )
        dashboard = self.env.ref("jewel_workshop.spreadsheet_dashboard_workshop")
        self.assertIn(dashboard, Dashboard.with_user(owner).search([]))
        self.assertNotIn(dashboard, Dashboard.with_user(goldsmith).search([]))
