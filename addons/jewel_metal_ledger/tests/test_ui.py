from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.company.jewel_metal_loss_tolerance = 2.0
        gram = env.ref("uom.product_uom_gram")
        au750y = env.ref("jewel_bom.jewel_alloy_au750_yellow")
        grain = env["product.product"].create(
            {
                "name": "Tour grain 18K yellow",
                "is_storable": True,
                "uom_id": gram.id,
                "uom_po_id": gram.id,
                "jewel_component_type": "metal",
                "jewel_alloy_id": au750y.id,
            }
        )
        au750y.raw_material_product_id = grain
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        location = env["stock.location"].create(
            {
                "name": "Tour Vault",
                "usage": "internal",
                "location_id": warehouse.view_location_id.id,
            }
        )
        Account = env["jewel.metal.account"]
        cls.vault = Account.create(
            {"name": "Tour Vault", "account_type": "vault", "location_id": location.id}
        )
        cls.goldsmith = Account.create(
            {"name": "Tour Goldsmith", "account_type": "goldsmith"}
        )
        dealer = env["res.partner"].create({"name": "Tour Dealer"})
        supplier = Account.create(
            {"name": "Tour Dealer", "account_type": "supplier", "partner_id": dealer.id}
        )
        refiner = env["jewel.metal.refiner"].create({"name": "Tour Refinery"})
        env["jewel.metal.due.diligence"].with_context(tracking_disable=True).create(
            {
                "name": "Tour KYC",
                "partner_id": dealer.id,
                "date": "2000-01-01",
                "valid_until": "2099-12-31",
                "document": "JVBERi0xLjQ=",
            }
        ).sudo()._jewel_transition().write({"state": "reviewed"})
        env["jewel.metal.transfer"].create(
            {
                "transfer_type": "adjustment",
                "from_account_id": supplier.id,
                "to_account_id": cls.vault.id,
                "metal_origin": "mined",
                "refiner_id": refiner.id,
                "line_ids": [(0, 0, {"alloy_id": au750y.id, "gross_weight": 300.0})],
            }
        ).action_post()
        ring = env["product.product"].create(
            {"name": "Tour Ring 18K", "is_storable": True, "jewel_alloy_id": au750y.id}
        )
        env["mrp.bom"].create(
            {
                "product_tmpl_id": ring.product_tmpl_id.id,
                "bom_line_ids": [(0, 0, {"product_id": grain.id, "product_qty": 6.2})],
            }
        )
        cls.production = env["mrp.production"].create({"product_id": ring.id})
        cls.production.action_confirm()
        env.ref("base.user_admin").groups_id += env.ref("jewel_bom.group_jewel_owner")

    def test_issue_return_loss_tour(self):
        """In the web client: issue metal from an MO, return it, approve the loss."""
        self.start_tour(
            f"/odoo/action-mrp.mrp_production_action/{self.production.id}",
            "jewel_metal_ledger_issue_return",
            login="admin",
        )
        job = self.production.jewel_metal_job_ids
        self.assertEqual(job.state, "closed")
        self.assertEqual(job.decision, "approved")
        self.assertEqual(job.fine_loss, 1.875)
        self.assertEqual(job.loss_percent, 2.5)
        self.assertEqual(job.decision_reason, "Thin claws, heavy filing: accepted")
        self.assertEqual(self.goldsmith._get_balance(job.metal_id), 0.0)
