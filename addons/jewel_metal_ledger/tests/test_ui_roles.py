from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestUiRoles(HttpCase):
    """Role tours on the demo workshop, logged in as the demo users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.vault = env.ref("jewel_metal_ledger.jewel_metal_account_vault_demo")
        cls.marco = env.ref("jewel_metal_ledger.jewel_metal_account_marco_demo")
        cls.gold = env.ref("jewel_bom.jewel_metal_xau")
        cls.production = env["mrp.production"].create(
            {
                "product_id": env.ref("jewel_bom.product_solitaire_au750y_demo").id,
                "bom_id": env.ref("jewel_bom.mrp_bom_solitaire_demo").id,
                "product_qty": 1.0,
            }
        )
        cls.production.action_confirm()

    def test_storekeeper_issue_return_loss(self):
        vault_before = self.vault._get_balance(self.gold)
        self.start_tour(
            f"/odoo/action-mrp.mrp_production_action/{self.production.id}",
            "jewel_metal_ledger_storekeeper",
            login="storekeeper",
        )
        storekeeper = self.env.ref("jewel_bom.user_storekeeper_demo")
        transfers = self.production.jewel_metal_transfer_ids.sorted("id")
        self.assertEqual(
            [(t.transfer_type, t.state) for t in transfers],
            [
                ("issue", "posted"),
                ("return", "posted"),
                ("scrap_return", "posted"),
                ("loss", "posted"),
            ],
        )
        self.assertEqual(set(transfers[:3].create_uid.ids), set(storekeeper.ids))
        issue, piece, scrap = transfers[:3]
        self.assertEqual(issue.total_gross_weight, 3.2)
        self.assertEqual(piece.to_account_id.account_type, "production")
        self.assertEqual(scrap.to_account_id, self.vault)
        job = self.production.jewel_metal_job_ids
        self.assertEqual(job.state, "closed")
        self.assertEqual(job.gross_loss, 0.04)
        self.assertEqual(job.fine_loss, 0.03)
        self.assertEqual(self.marco._get_balance(self.gold), 0.0)
        # 2.400 g fine out, 0.120 g of filings back
        self.assertAlmostEqual(
            self.vault._get_balance(self.gold), vault_before - 2.4 + 0.12, places=3
        )

    def test_goldsmith_own_job_and_balance(self):
        issue = self.env["jewel.metal.transfer"].create(
            {
                "transfer_type": "issue",
                "from_account_id": self.vault.id,
                "to_account_id": self.marco.id,
                "production_id": self.production.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "alloy_id": self.env.ref(
                                "jewel_bom.jewel_alloy_au750_yellow"
                            ).id,
                            "gross_weight": 5.0,
                        },
                    )
                ],
            }
        )
        issue.action_post()
        self.start_tour(
            "/odoo/action-jewel_metal_ledger.jewel_metal_account_action",
            "jewel_metal_ledger_goldsmith",
            login="goldsmith",
        )
        goldsmith = self.env.ref("jewel_bom.user_goldsmith_demo")
        accounts = self.env["jewel.metal.account"].with_user(goldsmith).search([])
        self.assertEqual(accounts, self.marco)
        self.assertEqual(self.marco._get_balance(self.gold), 3.75)
