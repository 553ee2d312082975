from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.jewel_bom.tools.numbers import round_weight


class JewelQualityCheck(models.Model):
    _inherit = "jewel.quality.check"

    jewel_metal_transfer_ids = fields.One2many(
        "jewel.metal.transfer", "jewel_quality_check_id", string="Metal Transfers"
    )

    def _hook_scrap(self, scrap):
        res = super()._hook_scrap(scrap)
        self._jewel_return_scrap_metal()
        return res

    def _jewel_piece_metal(self):
        """Alloy and gross metal grams of the piece: as weighed, else as designed."""
        self.ensure_one()
        lot, product = self.lot_id, self.product_id
        if lot.jewel_alloy_id and lot.jewel_gross_metal_weight:
            return lot.jewel_alloy_id, lot.jewel_gross_metal_weight
        if product.jewel_alloy_id and product.jewel_gross_metal_weight:
            return product.jewel_alloy_id, product.jewel_gross_metal_weight
        bom = self.production_id.bom_id
        if bom.jewel_alloy_id and bom.jewel_gross_metal_weight:
            return bom.jewel_alloy_id, round_weight(
                bom.jewel_gross_metal_weight / (bom.product_qty or 1.0)
            )
        return self.env["jewel.alloy"], 0.0

    def _jewel_scrap_holder(self, metal):
        """Who holds the scrapped piece's metal, and the job it belongs to.

        On an open MO: the holder of the open metal job with the most fine metal
        out (none when no metal was issued to it); otherwise the finished goods.
        :return: ``(account, job)``
        """
        self.ensure_one()
        production = self.production_id
        if production and production.state not in ("done", "cancel"):
            jobs = production.jewel_metal_job_ids.filtered(
                lambda job: job.state != "closed" and job.metal_id == metal
            ).sorted("fine_outstanding", reverse=True)
            if jobs:
                return jobs[0].account_id, jobs[0]
            # No metal of this order went through the ledger: nothing to return.
            return self.env["jewel.metal.account"], None
        Account = self.env["jewel.metal.account"]
        return Account._get_company_account("production", self.company_id), None

    def _jewel_scrap_vault(self, holder):
        """The vault the order's metal came from, else the company's first vault."""
        self.ensure_one()
        issue = self.env["jewel.metal.transfer"]
        if holder and self.production_id:
            issue = issue.search(
                [
                    ("state", "=", "posted"),
                    ("production_id", "=", self.production_id.id),
                    ("to_account_id", "=", holder.id),
                    ("from_account_id.account_type", "=", "vault"),
                ],
                order="id desc",
                limit=1,
            )
        return issue.from_account_id or self.env["jewel.metal.account"].search(
            [("account_type", "=", "vault"), ("company_id", "=", self.company_id.id)],
            order="id",
            limit=1,
        )

    def _jewel_return_scrap_metal(self):
        """The scrapped piece's metal returns to the vault as scrap to re-melt."""
        self.ensure_one()
        alloy, gross = self._jewel_piece_metal()
        if not (alloy and gross):
            self.message_post(
                body=self.env._(
                    "No metal returned to the ledger: the piece has no alloy or metal "
                    "weight."
                )
            )
            return self.env["jewel.metal.transfer"]
        holder, job = self._jewel_scrap_holder(alloy.metal_id)
        vault = self._jewel_scrap_vault(holder)
        if not (vault and holder):
            self.message_post(
                body=self.env._(
                    "No metal returned to the ledger: no vault, or no metal of this "
                    "order was issued through the ledger."
                )
            )
            return self.env["jewel.metal.transfer"]
        # sudo: the inspector decides the scrap; booking its metal back to the vault
        # follows from that decision without giving inspectors the storekeeper's
        # rights on the ledger. The check names who decided and why.
        transfer = (
            self.env["jewel.metal.transfer"]
            .sudo()
            .create(
                {
                    "transfer_type": "scrap_return",
                    "company_id": self.company_id.id,
                    "from_account_id": holder.id,
                    "to_account_id": vault.id,
                    "production_id": job.production_id.id if job else False,
                    "workorder_id": job.workorder_id.id if job else False,
                    "jewel_quality_check_id": self.id,
                    "note": self.env._(
                        "Scrapped piece %(piece)s (%(check)s): %(reason)s",
                        piece=self._piece_label(),
                        check=self.name,
                        reason=self.decision_reason,
                    ),
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "alloy_id": alloy.id,
                                "gross_weight": gross,
                                "description": self.env._("Scrap to re-melt"),
                            },
                        )
                    ],
                }
            )
        )
        try:
            with self.env.cr.savepoint():
                transfer.action_post()
        except UserError as error:
            # The scrap stands; the storekeeper posts the metal once it is sorted.
            transfer.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Post the scrap metal return"),
                note=str(error),
            )
        return transfer

    def action_jewel_issue_rework_metal(self):
        """Issue metal to the rework work order through the metal ledger."""
        self.ensure_one()
        if self.decision != "rework" or not self.rework_workorder_id:
            raise UserError(
                self.env._(
                    "Check %(check)s has no rework work order to issue metal to.",
                    check=self.name,
                )
            )
        action = self.production_id._jewel_metal_transfer_action("issue")
        action["context"] = dict(
            action["context"],
            default_workorder_id=self.rework_workorder_id.id,
            default_jewel_quality_check_id=self.id,
        )
        return action
