from odoo import api, fields, models
from odoo.exceptions import UserError


class JewelExceptionPromise(models.Model):
    """A committed date (sale order, MO, memo…) an exception puts at risk.

    The exception's own lines: only its methods (``_refresh_promises``) create,
    change or delete them, whoever may edit the exception.
    """

    _name = "jewel.exception.promise"
    _description = "Promise Affected by an Exception"
    _inherit = ["jewel.lifecycle.mixin"]
    _order = "promised_date, id"
    _jewel_lifecycle_parent = "exception_id"
    _jewel_transition_fields = (
        "exception_id",
        "res_model",
        "res_id",
        "name",
        "promised_date",
        "customer_id",
    )

    exception_id = fields.Many2one(
        "jewel.exception", required=True, ondelete="cascade", index=True
    )
    res_model = fields.Char(required=True)
    res_id = fields.Many2oneReference(model_field="res_model", required=True)
    name = fields.Char(string="Promise", required=True)
    promised_date = fields.Datetime(string="Promised For")
    customer_id = fields.Many2one("res.partner")
    record_ref = fields.Reference(
        selection="_selection_record_ref",
        compute="_compute_record_ref",
        string="Document",
    )

    @api.model
    def _selection_record_ref(self):
        return self.env["jewel.exception"]._selection_source_ref()

    @api.depends("res_model", "res_id")
    def _compute_record_ref(self):
        for promise in self:
            promise.record_ref = (
                f"{promise.res_model},{promise.res_id}"
                if promise.res_model in self.env
                else False
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_by_the_exception(self):
        if self._jewel_in_transition():
            return
        raise UserError(
            self.env._(
                "The promises an exception puts at risk are read from its source: "
                "use Refresh Promises on %s instead of deleting them.",
                ", ".join(self.exception_id.mapped("name")),
            )
        )
