from odoo import Command
from odoo.tests import tagged

from .common import JewelWorkshopCommon


@tagged("post_install", "-at_install")
class TestMargin(JewelWorkshopCommon):
    """May 2026: ring WS-001 sold by a retail partner (agreed 1,000.00 less its
    20 % commission), a ring without serial sold to Claire (500.00), and a
    100.00 credit note to Claire.

    Cost of WS-001 (order B): metal 3.000 g fine x 60.00 = 180.00; stones
    2 x 120.00 = 240.00; labour 1 h x 30.00 = 30.00; loss 0.300 g fine x 60.00
    + one broken diamond 120.00 = 138.00. Total 588.00.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.boutique = env["res.partner"].create(
            {
                "name": "WS Boutique",
                "jewel_is_retail_partner": True,
                "jewel_pricing": "commission",
                "jewel_commission_percent": 20.0,
            }
        )
        cls.claire = env["res.partner"].create({"name": "WS Claire"})
        cls.inv_boutique = cls._invoice(
            cls.boutique, 1000.0, discount=20.0, jewel_lot_id=cls.lot.id
        )
        cls.inv_claire = cls._invoice(cls.claire, 500.0)
        cls.refund_claire = cls._invoice(cls.claire, 100.0, move_type="out_refund")
        cls.moves = cls.inv_boutique | cls.inv_claire | cls.refund_claire

    @classmethod
    def _invoice(cls, partner, price, move_type="out_invoice", **line_vals):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": "2026-05-25",
                "invoice_line_ids": [
                    Command.create(
                        dict(
                            {
                                "product_id": cls.ws_ring.id,
                                "quantity": 1.0,
                                "price_unit": price,
                                "tax_ids": [Command.clear()],
                            },
                            **line_vals,
                        )
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _margin(self, user=None):
        return self.env["jewel.workshop.margin"].with_user(user or self.owner)

    def test_piece_cost_and_margin(self):
        Margin = self._margin()
        [row] = Margin.search([("invoice_id", "=", self.inv_boutique.id)])
        self.assertEqual(row.lot_id, self.lot)
        self.assertEqual(row.production_id, self.mo_b)
        self.assertEqual(row.channel, "retail")
        self.assertEqual(row.retail_partner_id, self.boutique)
        self.assertEqual(
            [
                row.revenue,
                row.commission,
                row.metal_cost,
                row.stone_cost,
                row.labour_cost,
                row.loss_cost,
                row.cost,
                row.margin,
                row.metal_price_effect,
            ],
            [800.0, 200.0, 180.0, 240.0, 30.0, 138.0, 588.0, 212.0, 7.5],
        )
        self.assertEqual(round(row.margin_percent, 2), 26.5)
        [claire] = Margin.search([("invoice_id", "=", self.inv_claire.id)])
        self.assertEqual(
            (claire.channel, claire.costed, claire.cost), ("own", False, 0.0)
        )
        by_channel = Margin._jewel_figures(
            [("invoice_id", "in", self.moves.ids)], ["channel"]
        )
        self.assertEqual(by_channel["own"]["revenue"], 400.0)
        self.assertEqual(by_channel["retail"]["margin_percent"], 26.5)

    def test_revenue_reconciles_with_the_books(self):
        """The rule: the revenue of a period is what its customer invoices and
        credit notes posted to income, i.e. the sum of their untaxed amounts."""
        Margin = self._margin(self.accountant)
        domain = [("date", ">=", "2026-05-01"), ("date", "<=", "2026-05-31")]
        [total] = Margin._jewel_figures(domain).values()
        moves = self.env["account.move"].search(
            [
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("invoice_date", ">=", "2026-05-01"),
                ("invoice_date", "<=", "2026-05-31"),
            ]
        )
        self.assertIn(self.inv_boutique, moves)
        untaxed = sum(moves.mapped("amount_untaxed_signed"))
        income = -sum(
            moves.line_ids.filtered(lambda line: line.display_type == "product").mapped(
                "balance"
            )
        )
        self.assertEqual(self.currency.compare_amounts(total["revenue"], untaxed), 0)
        self.assertEqual(self.currency.compare_amounts(total["revenue"], income), 0)
        # ours alone: 800.00 + 500.00 - 100.00
        [ours] = Margin._jewel_figures([("invoice_id", "in", self.moves.ids)]).values()
        self.assertEqual(ours["revenue"], 1200.0)
        self.assertEqual(ours["margin"], 612.0)

    def test_credit_note_of_the_piece_takes_its_cost_back(self):
        refund = self.inv_boutique._reverse_moves(
            [{"invoice_date": "2026-05-26"}], cancel=True
        )
        [row] = self._margin().search([("invoice_id", "=", refund.id)])
        self.assertEqual((row.revenue, row.cost, row.margin), (-800.0, -588.0, -212.0))

    def test_memo_sale_names_the_piece(self):
        memo = self.env["jewel.memo"].create(
            {
                "partner_id": self.boutique.id,
                "line_ids": [Command.create({"lot_id": self.lot.id, "price": 1000.0})],
            }
        )
        vals = memo.line_ids._jewel_prepare_invoice_line()
        self.assertEqual((vals["jewel_lot_id"], vals["discount"]), (self.lot.id, 20.0))

    def test_metal_price_erosion_action(self):
        rows = self._margin().search([("invoice_id", "in", self.moves.ids)])
        action = rows.action_jewel_causes_margin()
        self.assertEqual(action["res_model"], "jewel.workshop.margin")
        self.assertEqual(
            sum(self._margin().search(action["domain"]).mapped("metal_price_effect")),
            7.5,
        )
