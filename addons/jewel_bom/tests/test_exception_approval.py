from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .accountability_common import AccountabilityCommon


@tagged("post_install", "-at_install")
class TestExceptionApproval(AccountabilityCommon):
    def _exception(self, raised_by, **vals):
        production = self._production()
        exception = (
            self.env["jewel.exception"]
            .with_user(raised_by)
            .create(
                dict(
                    {
                        "kind": "scrap",
                        "summary": "Casting porosity on the shank",
                        "res_model": "mrp.production",
                        "res_id": production.id,
                        "closure_condition": "A new shank is cast and passes",
                    },
                    **vals,
                )
            )
        )
        exception.action_open()
        return exception

    def test_approval_flow_and_next_actions(self):
        exception = self._exception(self.goldsmith, user_id=self.planner.id)
        self.assertEqual(exception.activity_ids.user_id, self.planner)
        exception.with_user(self.planner).action_submit()
        self.assertEqual(exception.state, "to_approve")
        # an approver is asked: a supervisor who did not raise it
        approver = exception.activity_ids.user_id
        self.assertTrue(approver.has_group("jewel_bom.group_jewel_supervisor"))
        self.assertNotIn(approver, self.goldsmith | self.planner)
        # the wrong roles are refused and nothing changes
        for user in (self.planner, self.goldsmith):
            with self.assertRaises(AccessError):
                exception.with_user(user).action_approve()
        self.assertEqual(exception.state, "to_approve")
        exception.with_user(self.supervisor).action_approve()
        self.assertEqual(exception.state, "approved")
        self.assertEqual(exception.approved_by_id, self.supervisor)
        self.assertTrue(exception.date_approved)
        self.assertEqual(exception.activity_ids.user_id, self.planner)
        self.assertIn("Close", exception.activity_ids.summary)

    def test_supervisor_cannot_approve_own_exception_owner_can(self):
        exception = self._exception(self.supervisor)
        exception.with_user(self.supervisor).action_submit()
        with self.assertRaises(AccessError) as caught:
            exception.with_user(self.supervisor).action_approve()
        self.assertIn("another supervisor or the owner", str(caught.exception))
        self.assertEqual(exception.state, "to_approve")
        exception.with_user(self.supervisor_2).action_approve()
        self.assertEqual(exception.state, "approved")

        own = self._exception(self.owner)
        own.with_user(self.owner).action_submit()
        own.with_user(self.owner).action_approve()
        self.assertEqual(own.approved_by_id, self.owner)

    def test_reject_needs_a_reason(self):
        exception = self._exception(self.goldsmith)
        exception.action_submit()
        wizard = Form(
            self.env["jewel.exception.reject"]
            .with_user(self.supervisor)
            .with_context(default_exception_ids=exception.ids)
        )
        wizard.reason = "Re-melt the shank instead of scrapping the piece"
        wizard.save().action_reject()
        self.assertEqual(exception.state, "rejected")
        self.assertEqual(
            exception.approval_note, "Re-melt the shank instead of scrapping the piece"
        )
        exception.action_submit()
        with self.assertRaises(UserError):
            exception.with_user(self.supervisor)._reject("  ")
        self.assertEqual(exception.state, "to_approve")

    def test_closing_needs_the_condition_met_and_recorded(self):
        exception = self._exception(self.goldsmith, closure_condition=False)
        with self.assertRaises(UserError) as caught:
            exception.action_close()
        self.assertIn("no closure condition", str(caught.exception))
        exception.closure_condition = "A new shank is cast and passes inspection"
        with self.assertRaises(UserError) as caught:
            exception.action_close()
        self.assertIn("record how the closure condition", str(caught.exception))
        self.assertEqual(exception.state, "open")
        exception.action_submit()
        exception.closure_note = "New shank cast on Tuesday, passed"
        with self.assertRaises(UserError):
            exception.action_close()  # still awaiting approval
        exception.with_user(self.supervisor).action_approve()
        exception.with_user(self.planner).action_close()
        self.assertEqual(exception.state, "closed")
        self.assertEqual(exception.closed_by_id, self.planner)
        self.assertTrue(exception.date_closed)
        self.assertFalse(exception.activity_ids)

    def test_only_drafts_can_be_deleted(self):
        exception = self._exception(self.goldsmith)
        with self.assertRaises(UserError):
            exception.unlink()
        self.assertTrue(exception.exists())

    def test_exceptions_stay_in_their_company(self):
        exception = self._exception(self.goldsmith)
        other = self.env["res.company"].create({"name": "Other Atelier"})
        stranger = new_test_user(
            self.env,
            login="acc_stranger",
            groups="base.group_user,jewel_bom.group_jewel_supervisor",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertFalse(
            self.env["jewel.exception"]
            .with_user(stranger)
            .search([("id", "=", exception.id)])
        )
        with self.assertRaises(AccessError):
            exception.with_user(stranger).read(["summary"])
