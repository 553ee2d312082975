from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.jewel_metal_ledger.tests.common import JewelMetalLedgerCommon


class JewelPassportCommon(JewelMetalLedgerCommon):
    """One 18K yellow ring, serial PP-0001, followed through its life.

    Design: 4.000 g of 18K yellow (3.000 g fine). Job of Anna on its MO: 5.000 g
    issued (3.750 fine), 4.000 g back in the piece (3.000) and 0.612 g of scrap
    (0.459): loss 0.388 g, 0.291 g fine (7.76 %). Three 0.50 ct diamonds of stone
    lot GIA-2141438171 issued, two set (1.000 ct), one broken. Checks: visual
    passed, assay 751.0 ‰. The vault's metal: half old gold (recycled), half
    bought from Test Refinery (mined, LBMA Good Delivery). Hallnote for the UK
    at 750, assay 752.0 ‰, certificate AO-77; HUID AB12CD. The MO's deadline
    moved with a reason.
    Memo to a boutique, out and back; then sold on a sale order at 2,400.00
    (its delivery date moved with a reason), delivered and invoiced.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.uk = env.ref("jewel_quality.jewel_hallmark_market_uk")
        cls.stock_location = (
            cls.env["stock.warehouse"]
            .search([("company_id", "=", cls.company.id)], limit=1)
            .lot_stock_id
        )
        cls.piece = cls._product(
            "PP ring 18K yellow",
            tracking="serial",
            jewel_component_type="piece",
            jewel_alloy_id=cls.au750y.id,
            jewel_gross_metal_weight=4.0,
            list_price=2400.0,
            taxes_id=[Command.clear()],
        )
        cls.piece_bom = cls._bom(cls.piece, [(cls.grain_750y, 5.0)])
        Point = env["jewel.quality.point"]
        cls.point_visual = Point.create(
            {
                "name": "PP visual",
                "kind": "pass_fail",
                "product_tmpl_ids": [Command.set(cls.piece.product_tmpl_id.ids)],
            }
        )
        cls.point_assay = Point.create(
            {
                "name": "PP assay",
                "kind": "assay",
                "product_tmpl_ids": [Command.set(cls.piece.product_tmpl_id.ids)],
            }
        )
        cls.inspector = new_test_user(
            env,
            login="jewel_pp_inspector",
            name="Ines Inspector",
            groups="jewel_quality.group_jewel_quality_user,stock.group_stock_user",
        )
        cls.office = env["res.partner"].create({"name": "PP Assay Office"})
        cls.boutique = env["res.partner"].create(
            {
                "name": "PP Boutique",
                "is_company": True,
                "jewel_is_retail_partner": True,
                "jewel_agreement_memo": True,
                "jewel_commission_percent": 0.0,
            }
        )
        cls.customer = env["res.partner"].create({"name": "PP Customer"})
        cls.diamond_050.tracking = "lot"
        cls.stone_lot = env["stock.lot"].create(
            {"name": "GIA-2141438171", "product_id": cls.diamond_050.id}
        )
        cls.lot = env["stock.lot"].create(
            {"name": "PP-0001", "product_id": cls.piece.id}
        )

        # Old gold in the vault beside the common's 500 g bought from Test
        # Refinery (mined): 375.000 g fine each, so the job's metal is half
        # recycled, half mined.
        cls.old_gold = env["jewel.metal.account"].create(
            {
                "name": "PP Old Gold",
                "account_type": "customer",
                "partner_id": env["res.partner"].create({"name": "PP Old Gold"}).id,
            }
        )
        cls.deposit = cls._transfer(
            "customer_deposit",
            cls.old_gold,
            cls.vault,
            [(cls.au750y, 500.0)],
            date=cls.OPENING_DATE,
        )
        cls.deposit.action_post()

        # the job
        cls.mo = env["mrp.production"].create(
            {
                "product_id": cls.piece.id,
                "bom_id": cls.piece_bom.id,
                "product_qty": 1.0,
                "date_deadline": "2031-06-01 10:00:00",
            }
        )
        cls.mo.action_confirm()
        common = {"production_id": cls.mo.id, "date": "2031-05-04"}
        cls.issue = cls._transfer(
            "issue", cls.vault, cls.anna, [(cls.au750y, 5.0)], **common
        )
        cls.issue.action_post()
        cls.back = cls._transfer(
            "return", cls.anna, cls.finished, [(cls.au750y, 4.0)], **common
        )
        cls.back.action_post()
        cls.scrap = cls._transfer(
            "scrap_return", cls.anna, cls.vault, [(cls.au750y, 0.612)], **common
        )
        cls.scrap.action_post()
        cls.stones = env["jewel.stone.issue"].create(
            {
                "production_id": cls.mo.id,
                "account_id": cls.anna.id,
                "product_id": cls.diamond_050.id,
                "lot_id": cls.stone_lot.id,
                "qty_issued": 3,
                "qty_set": 2,
                "qty_broken": 1,
            }
        )
        checks = cls.mo.jewel_quality_check_ids
        cls.check_visual = checks.filtered(lambda c: c.point_id == cls.point_visual)
        cls.check_assay = checks.filtered(lambda c: c.point_id == cls.point_assay)
        cls.check_visual.with_user(cls.inspector).action_pass()
        cls.check_assay.with_user(cls.inspector).action_record(751.0)
        cls.mo.with_context(jewel_change_reason="Stone supplier late").write(
            {"date_deadline": "2031-06-08 10:00:00"}
        )
        cls._done(cls.mo, cls.lot)
        env["stock.quant"]._update_available_quantity(
            cls.piece, cls.stock_location, 1.0, lot_id=cls.lot
        )

        # the hallmark
        cls.batch = (
            env["jewel.hallmark.batch"]
            .with_user(cls.inspector)
            .create(
                {
                    "assay_office_id": cls.office.id,
                    "market_id": cls.uk.id,
                    "fineness": 750.0,
                    "line_ids": [Command.create({"lot_id": cls.lot.id})],
                }
            )
        )
        cls.batch.action_send()
        cls.batch.line_ids.write({"assay_fineness": 752.0, "certificate_ref": "AO-77"})
        cls.batch.action_return()
        cls.lot.jewel_huid = "ab12cd"

        # memo out and back
        cls.memo = env["jewel.memo"].create(
            {
                "partner_id": cls.boutique.id,
                "line_ids": [Command.create({"lot_id": cls.lot.id})],
            }
        )
        cls.memo.action_send()
        cls.memo_return = cls.memo._return_lines(cls.memo.line_ids)

        # sale, delivery, invoice
        cls.order = env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "commitment_date": "2031-07-01 09:00:00",
                "order_line": [
                    Command.create({"product_id": cls.piece.id, "price_unit": 2400.0})
                ],
            }
        )
        cls.order.action_confirm()
        cls.order.with_context(
            jewel_change_reason="Engraving asked by the customer"
        ).write({"commitment_date": "2031-07-15 09:00:00"})
        cls.delivery = cls.order.picking_ids
        cls.delivery.action_assign()
        cls.delivery.move_ids.picked = True
        cls.delivery.button_validate()
        cls.invoice = cls.order._create_invoices()
        cls.invoice.action_post()

    @classmethod
    def _done(cls, production, lot):
        """The order finished with ``lot`` (as jewel_workshop's tests do: the
        flow that marks it done is Odoo's and the metal ledger's, tested there)."""
        production.flush_recordset()
        cls.env.cr.execute(
            """
            UPDATE mrp_production
               SET state = 'done', date_finished = '2031-06-05 16:00:00',
                   lot_producing_id = %s
             WHERE id = %s
            """,
            (lot.id, production.id),
        )
        production.invalidate_recordset()
