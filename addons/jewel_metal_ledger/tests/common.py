import base64

from odoo.tests import new_test_user

from odoo.addons.jewel_bom.tests.common import JewelBomCommon


class JewelMetalLedgerCommon(JewelBomCommon):
    """A vault stocked with 18K yellow grain, two goldsmiths and an open order."""

    OPENING_DATE = "2020-01-02"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        cls.company.jewel_metal_loss_tolerance = 2.0
        cls.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.vault_location = env["stock.location"].create(
            {
                "name": "Test Vault",
                "usage": "internal",
                "location_id": cls.warehouse.view_location_id.id,
            }
        )
        Account = env["jewel.metal.account"]
        cls.vault = Account.create(
            {
                "name": "Test Vault",
                "account_type": "vault",
                "location_id": cls.vault_location.id,
            }
        )
        cls.supplier_partner = env["res.partner"].create(
            {"name": "Test Bullion Dealer"}
        )
        cls.supplier = Account.create(
            {
                "name": "Test Bullion Dealer",
                "account_type": "supplier",
                "partner_id": cls.supplier_partner.id,
            }
        )
        cls.goldsmith_user = new_test_user(
            env,
            login="jewel_goldsmith_anna",
            name="Anna Goldsmith",
            groups="jewel_bom.group_jewel_goldsmith",
        )
        cls.anna = Account.create(
            {
                "name": "Anna Goldsmith",
                "account_type": "goldsmith",
                "user_id": cls.goldsmith_user.id,
                "metal_ids": [(6, 0, cls.gold.ids)],
            }
        )
        cls.ben = Account.create({"name": "Ben Goldsmith", "account_type": "goldsmith"})
        cls.finished = Account._get_company_account("production", cls.company)
        cls.loss = Account._get_company_account("loss", cls.company)
        cls.storekeeper = new_test_user(
            env,
            login="jewel_storekeeper",
            groups="jewel_bom.group_jewel_storekeeper",
        )
        cls.supervisor = new_test_user(
            env,
            login="jewel_supervisor",
            groups="jewel_bom.group_jewel_supervisor",
        )
        cls.supervisor_2 = new_test_user(
            env, login="jewel_supervisor_2", groups="jewel_bom.group_jewel_supervisor"
        )
        cls.accountant = new_test_user(
            env, login="jewel_accountant", groups="jewel_bom.group_jewel_accountant"
        )
        # The dealer's bars come from a refiner; its due diligence was reviewed
        # (receipts from a supplier without it are refused: test_provenance).
        cls.refiner = env["jewel.metal.refiner"].create(
            {"name": "Test Refinery", "accreditation": "lbma_gd"}
        )
        cls.supplier_diligence = cls._due_diligence(
            cls.supplier_partner, "2000-01-01", "2099-12-31"
        )
        # 500 g of 18K yellow grain bought into the vault (stock and ledger),
        # before any test's movement: balances are checked at every date.
        cls._transfer(
            "adjustment",
            cls.supplier,
            cls.vault,
            [(cls.au750y, 500.0)],
            date=cls.OPENING_DATE,
        ).action_post()
        cls.ring = cls._product("Test ring 18K yellow", jewel_alloy_id=cls.au750y.id)
        cls.ring_bom = cls._bom(cls.ring, [(cls.grain_750y, 6.2)])
        cls.production = cls._production(cls.ring)

    @classmethod
    def _metal_accounting(cls):
        """Metal losses valued in a metal journal, at 60.00 then 62.50 a fine gram."""
        Account = cls.env["account.account"]
        cls.expense = Account.create(
            {"code": "JML600", "name": "Metal loss", "account_type": "expense"}
        )
        cls.metal_stock = Account.create(
            {
                "code": "JML140",
                "name": "Metal in process",
                "account_type": "asset_current",
            }
        )
        cls.journal = cls.env["account.journal"].create(
            {"name": "Metal", "code": "JMET", "type": "general"}
        )
        cls.company.write(
            {
                "jewel_metal_journal_id": cls.journal.id,
                "jewel_metal_loss_account_id": cls.expense.id,
                "jewel_metal_stock_account_id": cls.metal_stock.id,
            }
        )
        # 60.00 per fine gram until 2031-03-31, then 62.50.
        cls._rate(cls.gold, "2031-03-01", 60.0)
        cls._rate(cls.gold, "2031-04-01", 62.5)

    @classmethod
    def _production(cls, product):
        production = cls.env["mrp.production"].create(
            {"product_id": product.id, "product_qty": 1.0}
        )
        production.action_confirm()
        return production

    @classmethod
    def _due_diligence(cls, partner, date, valid_until, review=True, **vals):
        """Evidence recorded by a storekeeper and (by default) reviewed by a
        supervisor."""
        evidence = (
            cls.env["jewel.metal.due.diligence"]
            .with_user(cls.storekeeper)
            .create(
                dict(
                    {
                        "name": "KYC and OECD questionnaire",
                        "partner_id": partner.id,
                        "date": date,
                        "valid_until": valid_until,
                        "document": base64.b64encode(b"%PDF-1.4 due diligence"),
                        "document_name": "kyc.pdf",
                    },
                    **vals,
                )
            )
        )
        if review:
            evidence.with_user(cls.supervisor).action_review()
        return evidence.with_env(cls.env)

    @classmethod
    def _transfer(cls, transfer_type, source, destination, lines, **vals):
        """A draft transfer; ``lines`` hold ``(alloy, gross[, vals])``."""
        line_cmds = []
        for line in lines:
            alloy, gross = line[0], line[1]
            extra = line[2] if len(line) > 2 else {}
            line_cmds.append(
                (0, 0, dict({"alloy_id": alloy.id, "gross_weight": gross}, **extra))
            )
        if (
            destination.account_type == "vault"
            and source.account_type == "supplier"
            and "metal_origin" not in vals
        ):
            # a purchase states its origin and refiner (test_provenance tests it)
            vals = dict({"metal_origin": "mined", "refiner_id": cls.refiner.id}, **vals)
        return cls.env["jewel.metal.transfer"].create(
            dict(
                {
                    "transfer_type": transfer_type,
                    "from_account_id": source.id,
                    "to_account_id": destination.id,
                    "line_ids": line_cmds,
                },
                **vals,
            )
        )

    def _post(self, *args, **kwargs):
        transfer = self._transfer(*args, **kwargs)
        transfer.action_post()
        return transfer

    def _write_off(self, source, lines, reason="Test write-off", **vals):
        """Metal written off to the loss account: the storekeeper asks, with the
        reason; a supervisor approves and it is posted."""
        transfer = self._transfer("loss", source, self.loss, lines, note=reason, **vals)
        transfer.with_user(self.storekeeper).action_request_writeoff()
        transfer.with_user(self.supervisor).action_approve_writeoff()
        return transfer

    def _on_hand(self, product, location):
        return product.with_context(location=location.id).qty_available
