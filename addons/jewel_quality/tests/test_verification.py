from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.jewel_bom.tests.rpc import RpcMixin

from ..models.jewel_verification import TOKEN_PATTERN
from .verification_common import JewelVerificationCommon


@tagged("post_install", "-at_install")
class TestVerification(RpcMixin, JewelVerificationCommon):
    def setUp(self):
        super().setUp()
        self.lot = self._certified_lot()

    def _issue(self, user=None):
        self.rpc(
            user or self.inspector,
            "stock.lot",
            "action_jewel_verify_issue",
            self.lot.ids,
        )
        self.lot.invalidate_recordset()
        return self.lot.jewel_verify_url

    def test_token_is_random_signed_and_not_the_serial(self):
        url = self._issue()
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        self.assertTrue(url.startswith(f"{base}/verify/"))
        token = url.rsplit("/", 1)[1]
        self.assertTrue(TOKEN_PATTERN.fullmatch(token))
        self.assertNotIn(self.lot.name, token)
        Link = self.env["jewel.verification"]
        self.assertEqual(Link._jewel_find(token).lot_id, self.lot)
        key = token.split(".")[0]
        # a right-looking token with a wrong signature names nothing
        self.assertFalse(Link._jewel_find(f"{key}.{'0' * 32}"))
        self.assertFalse(Link._jewel_find(key))
        self.assertFalse(Link._jewel_find(self.lot.name))
        # issuing again keeps the link: printed certificates stay valid
        self.assertEqual(self._issue(), url)
        self.assertEqual(len(self.lot.sudo().jewel_verification_ids), 1)
        self.assertEqual(
            self.lot.sudo().jewel_verification_ids.issued_by_id, self.inspector
        )

    def test_revoke_issues_a_new_link(self):
        old = self._issue()
        self.rpc(
            self.quality_staff, "stock.lot", "action_jewel_verify_revoke", self.lot.ids
        )
        self.lot.invalidate_recordset()
        new = self.lot.jewel_verify_url
        self.assertTrue(new)
        self.assertNotEqual(new, old)
        links = self.lot.sudo().jewel_verification_ids
        self.assertEqual(len(links), 2)
        revoked = links.filtered("revoked")
        self.assertEqual(revoked.url, old)
        self.assertEqual(revoked.revoked_by_id, self.quality_staff)
        self.assertTrue(
            any("link revoked" in body for body in self.lot.message_ids.mapped("body"))
        )

    def test_no_link_for_an_uncertified_piece(self):
        production = self._mo()
        production.action_generate_serial()
        lot = production.lot_producing_id
        self.assertRpcRefused(
            UserError,
            "no quality check of the piece has passed",
            self.inspector,
            "stock.lot",
            "action_jewel_verify_issue",
            lot.ids,
        )
        self.assertFalse(lot.sudo().jewel_verification_ids)

    def test_flag_is_tracked(self):
        # the chatter records it (the tests' context turns tracking off)
        lot = self.lot.with_user(self.inspector).with_context(
            tracking_disable=False, mail_notrack=False
        )
        # the piece was made in this transaction, whose commit mail awaits before
        # it tracks a new record: commit-time work of its making done first
        self.env.flush_all()
        self.env.cr.precommit.run()
        lot.action_jewel_verify_flag("stolen", "Police report 2026/1187")
        self.assertEqual(self.lot.jewel_verify_flag, "stolen")
        self.assertEqual(self.lot.jewel_verify_flag_reason, "Police report 2026/1187")
        lot.env.flush_all()
        lot.env.cr.precommit.run()  # tracking is written at commit
        self.lot.invalidate_recordset(["message_ids"])
        tracked = self.lot.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "jewel_verify_flag"
        )
        self.assertEqual(tracked.new_value_char, "Reported stolen")
        self.assertEqual(tracked.mail_message_id.author_id, self.inspector.partner_id)
        self.assertRpcRefused(
            UserError,
            "the reason is missing",
            self.inspector,
            "stock.lot",
            "action_jewel_verify_flag",
            self.lot.ids,
            "other",
            "  ",
        )
        self.assertRpcRefused(
            UserError,
            "is not a verification flag",
            self.inspector,
            "stock.lot",
            "action_jewel_verify_flag",
            self.lot.ids,
            "melted",
        )
        self.assertEqual(self.lot.jewel_verify_flag, "stolen")
        self.rpc(
            self.inspector,
            "stock.lot",
            "action_jewel_verify_flag",
            self.lot.ids,
            "none",
        )
        self.assertEqual(self.lot.jewel_verify_flag, "none")
        self.assertFalse(self.lot.jewel_verify_flag_reason)

    def test_flag_wizard_goes_through_the_role_check(self):
        wizard = (
            self.env["jewel.verify.flag"]
            .with_user(self.inspector)
            .create(
                {"lot_id": self.lot.id, "flag": "recertified", "reason": "New assay"}
            )
        )
        wizard.action_confirm()
        self.assertEqual(self.lot.jewel_verify_flag, "recertified")

    def test_goldsmith_cannot_issue_revoke_or_flag(self):
        self._issue()
        url = self.lot.jewel_verify_url
        for method, args in (
            ("action_jewel_verify_issue", ()),
            ("action_jewel_verify_revoke", ()),
            ("action_jewel_verify_flag", ("stolen", "I say so")),
        ):
            self.assertRpcRefused(
                AccessError,
                "Only the quality staff",
                self.goldsmith,
                "stock.lot",
                method,
                self.lot.ids,
                *args,
            )
        self.lot.invalidate_recordset()
        self.assertEqual(self.lot.jewel_verify_url, url)
        self.assertEqual(self.lot.jewel_verify_flag, "none")
        # the links themselves are out of a goldsmith's reach
        self.assertRpcRefused(
            AccessError, "", self.goldsmith, "jewel.verification", "search_read", []
        )

    def test_flag_is_never_written_directly(self):
        for user in (self.inspector, self.env.ref("base.user_admin")):
            self.assertRpcRefused(
                UserError,
                "set with the Flag action",
                user,
                "stock.lot",
                "write",
                self.lot.ids,
                {"jewel_verify_flag": "stolen"},
            )
            self.assertRpcRefused(
                UserError,
                "set with the Flag action",
                user,
                "stock.lot",
                "write",
                self.lot.ids,
                {"jewel_verify_flag_reason": "x"},
            )
        self.assertRpcRefused(
            UserError,
            "cannot be created flagged",
            self.inspector,
            "stock.lot",
            "create",
            [
                {
                    "name": "SN-FLAGGED",
                    "product_id": self.ring.id,
                    "jewel_verify_flag": "stolen",
                }
            ],
        )
        # nor are links: no one writes or creates them but the methods
        self.assertRpcRefused(
            AccessError,
            "",
            self.quality_manager,
            "jewel.verification",
            "create",
            [{"lot_id": self.lot.id, "key": "x" * 22}],
        )
        self.assertEqual(self.lot.jewel_verify_flag, "none")

    def test_other_company_inspector(self):
        """An inspector of another company neither sees the links of this
        company's piece nor revokes or flags it."""
        # a serial made by an MO is shared by the companies; this one is not
        self.lot.company_id = self.env.company
        self._issue()
        url = self.lot.jewel_verify_url
        other = self.env["res.company"].create({"name": "Other Workshop"})
        stranger = new_test_user(
            self.env,
            login="jewel_verify_stranger",
            groups="jewel_quality.group_jewel_quality_user,stock.group_stock_user",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        # this piece's links only: the demo's shared serials have theirs
        mine = [("lot_id", "=", self.lot.id)]
        self.assertFalse(
            self.rpc(stranger, "jewel.verification", "search_read", mine, ["key"])
        )
        self.assertTrue(
            self.rpc(self.inspector, "jewel.verification", "search_read", mine, ["key"])
        )
        for method, args in (
            ("action_jewel_verify_revoke", ()),
            ("action_jewel_verify_flag", ("stolen", "not mine")),
        ):
            self.assertRpcRefused(
                AccessError, "", stranger, "stock.lot", method, self.lot.ids, *args
            )
        self.lot.invalidate_recordset()
        self.assertEqual(self.lot.jewel_verify_url, url)
        self.assertEqual(self.lot.jewel_verify_flag, "none")
