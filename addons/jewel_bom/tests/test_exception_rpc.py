from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .accountability_common import AccountabilityCommon
from .rpc import RpcMixin

EXCEPTION = "jewel.exception"
PROMISE = "jewel.exception.promise"


@tagged("post_install", "-at_install")
class TestExceptionRpc(RpcMixin, AccountabilityCommon):
    """What the web client can send (``write``, ``create``, public methods), as
    the role that would try it: approvals, closures and owners change only
    through the exception's actions."""

    def _raise(self, user, **vals):
        """An exception raised from the web client by ``user``, opened."""
        production = self._production()
        exception_id = self.rpc(
            user,
            EXCEPTION,
            "create",
            dict(
                {
                    "kind": "scrap",
                    "summary": "Casting porosity on the shank",
                    "res_model": "mrp.production",
                    "res_id": production.id,
                    "closure_condition": "A new shank is cast and passes",
                },
                **vals,
            ),
        )
        self.rpc(user, EXCEPTION, "action_open", [exception_id])
        return self.env[EXCEPTION].browse(exception_id)

    def _assertUnchanged(self, exception, values):
        exception.invalidate_recordset()
        for name, value in values.items():
            self.assertEqual(exception[name], value, name)

    # ------------------------------------------------------------------ positive
    def test_supervisor_approves_an_exception_raised_by_someone_else(self):
        exception = self._raise(self.goldsmith)
        self.assertEqual(exception.raised_by_id, self.goldsmith)
        owner = exception.user_id
        self.rpc(self.goldsmith, EXCEPTION, "action_submit", exception.ids)
        approver = (self.supervisor | self.supervisor_2) - owner
        approver = approver[:1]
        # the approver's note, written before approving (as the form saves it)
        self.rpc(
            approver,
            EXCEPTION,
            "write",
            exception.ids,
            {"approval_note": "Re-cast, the flask was too cold"},
        )
        self.rpc(approver, EXCEPTION, "action_approve", exception.ids)
        self.assertEqual(exception.state, "approved")
        self.assertEqual(exception.approved_by_id, approver)
        self.assertEqual(exception.approval_note, "Re-cast, the flask was too cold")
        self.rpc(
            owner,
            EXCEPTION,
            "write",
            exception.ids,
            {"closure_note": "New shank cast on Tuesday, passed"},
        )
        self.rpc(owner, EXCEPTION, "action_close", exception.ids)
        self.assertEqual((exception.state, exception.closed_by_id), ("closed", owner))
        self.assertRpcRefused(
            UserError,
            "closure note can no longer be changed",
            owner,
            EXCEPTION,
            "write",
            exception.ids,
            {"closure_note": "Never mind"},
        )
        self._assertUnchanged(
            exception, {"closure_note": "New shank cast on Tuesday, passed"}
        )

    def test_owner_is_reassigned_through_reassign(self):
        exception = self._raise(self.goldsmith, user_id=self.planner.id)
        self.assertEqual(exception.user_id, self.planner)

        def reassign(user, new_owner, note="Planner is on leave"):
            wizard_id = self.rpc(
                user,
                "jewel.exception.assign",
                "create",
                {"exception_id": exception.id, "user_id": new_owner.id, "note": note},
            )
            return self.rpc(
                user, "jewel.exception.assign", "action_confirm", [wizard_id]
            )

        # the raiser no longer owns it: he cannot hand it to himself
        with self.assertRaises(AccessError) as caught:
            reassign(self.goldsmith, self.goldsmith)
        self.assertRegex(str(caught.exception), "only its owner, a supervisor")
        self._assertUnchanged(exception, {"user_id": self.planner})
        # its owner hands it over; the new owner gets the next action
        reassign(self.planner, self.supervisor)
        self.assertEqual(exception.user_id, self.supervisor)
        self.assertEqual(exception.activity_ids.user_id, self.supervisor)
        self.env.cr.precommit.run()  # the tracking of the owner
        self.assertTrue(
            exception.message_ids.filtered(
                lambda m: "Planner is on leave" in (m.body or "")
            )
        )
        tracked = exception.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "user_id"
        )
        self.assertIn(self.supervisor.id, tracked.mapped("new_value_integer"))
        # not while it awaits approval: the owner decides who may approve
        self.rpc(self.supervisor, EXCEPTION, "action_submit", exception.ids)
        with self.assertRaises(UserError) as caught:
            reassign(self.supervisor, self.planner)
        self.assertRegex(str(caught.exception), "cannot be reassigned")
        self.assertRpcRefused(
            AccessError,
            "Private methods",
            self.supervisor,
            EXCEPTION,
            "_assign",
            exception.ids,
            self.planner.id,
        )
        self._assertUnchanged(exception, {"user_id": self.supervisor})

    # ------------------------------------------------------------------ bypasses
    def test_goldsmith_cannot_approve_or_close_his_own_exception(self):
        exception = self._raise(self.goldsmith)
        self.rpc(self.goldsmith, EXCEPTION, "action_submit", exception.ids)
        goldsmith = self.goldsmith
        for vals in (
            {"state": "approved"},
            {"state": "closed"},
            {"approved_by_id": goldsmith.id},
            {"date_approved": "2031-01-01 10:00:00"},
            {"closed_by_id": goldsmith.id},
            {"date_closed": "2031-01-01 10:00:00"},
            {"raised_by_id": self.planner.id},
            {"state": "approved", "approved_by_id": self.supervisor.id},
        ):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    UserError,
                    "cannot be written directly",
                    goldsmith,
                    EXCEPTION,
                    "write",
                    exception.ids,
                    vals,
                )
        self.assertRpcRefused(
            UserError,
            "use Reassign",
            goldsmith,
            EXCEPTION,
            "write",
            exception.ids,
            {"user_id": goldsmith.id},
        )
        self.assertRpcRefused(
            AccessError,
            "Only a supervisor or the owner",
            goldsmith,
            EXCEPTION,
            "write",
            exception.ids,
            {"approval_note": "Approved by me"},
        )
        self.assertRpcRefused(
            AccessError,
            "Only a supervisor or the owner",
            goldsmith,
            EXCEPTION,
            "action_approve",
            exception.ids,
        )
        self._assertUnchanged(
            exception,
            {
                "state": "to_approve",
                "approved_by_id": self.env["res.users"],
                "closed_by_id": self.env["res.users"],
                "raised_by_id": goldsmith,
                "approval_note": False,
            },
        )

    def test_a_new_exception_cannot_be_born_approved(self):
        production = self._production()
        for vals in (
            {"state": "approved"},
            {"approved_by_id": self.goldsmith.id},
            {"raised_by_id": self.planner.id},
            {"approval_note": "Fine"},
        ):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    UserError,
                    "cannot be set directly",
                    self.goldsmith,
                    EXCEPTION,
                    "create",
                    dict(
                        {
                            "kind": "scrap",
                            "summary": "Born approved",
                            "res_model": "mrp.production",
                            "res_id": production.id,
                        },
                        **vals,
                    ),
                )
        self.assertFalse(
            self.env[EXCEPTION].search([("summary", "=", "Born approved")])
        )

    def test_supervisor_cannot_approve_his_own_through_the_note_or_a_write(self):
        exception = self._raise(self.supervisor)
        self.rpc(self.supervisor, EXCEPTION, "action_submit", exception.ids)
        self.assertRpcRefused(
            AccessError,
            "another supervisor or the owner",
            self.supervisor,
            EXCEPTION,
            "write",
            exception.ids,
            {"approval_note": "Looks fine to me"},
        )
        self.assertRpcRefused(
            UserError,
            "cannot be written directly",
            self.supervisor,
            EXCEPTION,
            "write",
            exception.ids,
            {"state": "approved", "approved_by_id": self.supervisor_2.id},
        )
        # nor can the resolution change under the approver's eyes
        self.assertRpcRefused(
            UserError,
            "can no longer be changed",
            self.supervisor,
            EXCEPTION,
            "write",
            exception.ids,
            {"closure_condition": "Nothing to do"},
        )
        self._assertUnchanged(
            exception,
            {
                "state": "to_approve",
                "approval_note": False,
                "closure_condition": "A new shank is cast and passes",
            },
        )

    def test_raise_and_close_are_private(self):
        production = self._production()
        self.assertRpcRefused(
            AccessError,
            "Private methods",
            self.goldsmith,
            EXCEPTION,
            "raise_exception",
            ["mrp.production", production.id],
            "scrap",
            "Raised over RPC",
        )
        exception = self._raise(self.goldsmith)
        self.assertRpcRefused(
            AccessError,
            "Private methods",
            self.goldsmith,
            EXCEPTION,
            "close_for",
            ["mrp.production", exception.res_id],
            "scrap",
            "Closed over RPC",
        )
        self._assertUnchanged(exception, {"state": "open", "closure_note": False})
        self.assertFalse(
            self.env[EXCEPTION].search([("summary", "=", "Raised over RPC")])
        )

    def test_only_the_exception_changes_its_promises(self):
        order, production = self._made_to_order()
        shortage = self.env[EXCEPTION].search(
            [("res_model", "=", "mrp.production"), ("res_id", "=", production.id)]
        )
        promises = shortage.promise_ids
        self.assertEqual(len(promises), 2)
        other = self._raise(self.goldsmith)
        sale_promise = promises.filtered(lambda p: p.res_model == "sale.order")
        for method, args, message in (
            ("unlink", [promises.ids], "use Refresh Promises"),
            (
                "write",
                [sale_promise.ids, {"promised_date": "2031-12-31 10:00:00"}],
                "cannot be written directly",
            ),
            (
                "write",
                [sale_promise.ids, {"exception_id": other.id}],
                "cannot be written directly",
            ),
            (
                "create",
                [
                    {
                        "exception_id": other.id,
                        "res_model": "sale.order",
                        "res_id": order.id,
                        "name": "Fake promise",
                    }
                ],
                "cannot be set directly",
            ),
        ):
            with self.subTest(method=method):
                self.assertRpcRefused(
                    UserError, message, self.goldsmith, PROMISE, method, *args
                )
        shortage.invalidate_recordset()
        self.assertEqual(shortage.promise_ids, promises)
        self.assertEqual(str(sale_promise.promised_date), "2031-03-20 16:00:00")
        self.assertFalse(other.promise_ids.filtered(lambda p: p.name == "Fake promise"))
        # the exception's own action rewrites them, even awaiting approval
        self.rpc(self.planner, EXCEPTION, "action_submit", shortage.ids)
        self.rpc(self.goldsmith, EXCEPTION, "action_refresh_promises", shortage.ids)
        self.assertEqual(
            {(p.res_model, p.res_id) for p in shortage.promise_ids},
            {("mrp.production", production.id), ("sale.order", order.id)},
        )
