from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.jewel_metal_ledger.tests.common import JewelMetalLedgerCommon


class JewelWorkshopCommon(JewelMetalLedgerCommon):
    """A small workshop in May 2026, every figure checked by hand.

    Ring 18K yellow: 4.000 g of metal, 3.000 g fine a piece. Gold at 60.00 a fine
    gram from 2026-05-04, 62.50 from 2026-05-25.

    Order A (2 rings, done 2026-05-08): Filing on the bench (Anna 90 min, Ben
    30 min, Mon 4 May), Polishing on the polisher (Anna 60 min, Tue 5 May, the
    polisher then blocked 120 min). Metal: Filing, Anna: issued 10.000 g
    (7.500 fine), back 8.000 g in the piece (6.000) and 1.600 g scrap (1.200):
    loss 0.300 fine. Polishing, Ben: issued 8.000 g (6.000), back 7.920 g
    (5.940): loss 0.060.

    Order B (1 ring, serial WS-001, done 2026-05-08): Filing, Anna 60 min on the
    bench (Wed 6 May; 30.00 an hour), 5.000 g issued (3.750 fine) on 4 May,
    4.000 g back (3.000) and 0.600 g scrap (0.450): loss 0.300 fine; three
    diamonds at 120.00 issued, two set, one broken.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.anna_user = cls.goldsmith_user
        cls.ben_user = new_test_user(
            env,
            login="jewel_ws_ben",
            name="Ben Goldsmith",
            groups="jewel_bom.group_jewel_goldsmith",
        )
        cls.ben.user_id = cls.ben_user
        cls.owner = new_test_user(
            env, login="jewel_ws_owner", groups="jewel_bom.group_jewel_owner"
        )
        cls.portal_user = new_test_user(
            env, login="jewel_ws_portal", groups="base.group_portal"
        )
        cls.calendar = env["resource.calendar"].create(
            {
                "name": "Workshop 8-12 13-17",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for start, end, period in (
                        (8, 12, "morning"),
                        (13, 17, "afternoon"),
                    )
                ],
            }
        )
        Workcenter = env["mrp.workcenter"]
        cls.bench = Workcenter.create(
            {
                "name": "WS bench",
                "costs_hour": 30.0,
                "resource_calendar_id": cls.calendar.id,
            }
        )
        cls.polisher = Workcenter.create(
            {
                "name": "WS polisher",
                "costs_hour": 45.0,
                "resource_calendar_id": cls.calendar.id,
            }
        )
        cls.ws_ring = cls._product(
            "WS ring 18K yellow",
            jewel_alloy_id=cls.au750y.id,
            jewel_gross_metal_weight=4.0,
            tracking="serial",
        )
        cls.ws_bom = cls._bom(
            cls.ws_ring,
            [],
            operation_ids=[
                Command.create(
                    {"name": "Filing", "workcenter_id": cls.bench.id, "sequence": 1}
                ),
                Command.create(
                    {
                        "name": "Polishing",
                        "workcenter_id": cls.polisher.id,
                        "sequence": 2,
                    }
                ),
            ],
        )
        cls.op_filing, cls.op_polishing = cls.ws_bom.operation_ids.sorted("sequence")
        cls._rate(cls.gold, "2026-05-04", 60.0)
        cls._rate(cls.gold, "2026-05-25", 62.5)
        cls.productive = env["mrp.workcenter.productivity.loss"].search(
            [("loss_type", "=", "productive")], limit=1
        )
        cls.blocked = env["mrp.workcenter.productivity.loss"].search(
            [("loss_type", "=", "availability")], limit=1
        )

        # Order A: two rings
        cls.mo_a = cls._ws_production(2.0)
        filing_a, polishing_a = cls._ws_workorders(cls.mo_a)
        cls._time(filing_a, cls.anna_user, "2026-05-04 08:00:00", "2026-05-04 09:30:00")
        cls._time(filing_a, cls.ben_user, "2026-05-04 10:00:00", "2026-05-04 10:30:00")
        cls._time(
            polishing_a, cls.anna_user, "2026-05-05 08:00:00", "2026-05-05 09:00:00"
        )
        env["mrp.workcenter.productivity"].create(
            {
                "workcenter_id": cls.polisher.id,
                "loss_id": cls.blocked.id,
                "date_start": "2026-05-05 13:00:00",
                "date_end": "2026-05-05 15:00:00",
            }
        )
        cls._metal(cls.mo_a, filing_a, cls.anna, "2026-05-04", 10.0, 8.0, 1.6)
        cls._metal(cls.mo_a, polishing_a, cls.ben, "2026-05-05", 8.0, 7.92, 0.0)

        # Order B: one ring, serial WS-001
        cls.lot = env["stock.lot"].create(
            {"name": "WS-001", "product_id": cls.ws_ring.id}
        )
        cls.mo_b = cls._ws_production(1.0)
        filing_b, _polishing_b = cls._ws_workorders(cls.mo_b)
        cls._time(filing_b, cls.anna_user, "2026-05-06 08:00:00", "2026-05-06 09:00:00")
        cls._metal(cls.mo_b, filing_b, cls.anna, "2026-05-04", 5.0, 4.0, 0.6)
        cls.diamond_050.standard_price = 120.0
        env["jewel.stone.issue"].create(
            {
                "production_id": cls.mo_b.id,
                "account_id": cls.anna.id,
                "product_id": cls.diamond_050.id,
                "qty_issued": 3,
                "qty_set": 2,
                "qty_broken": 1,
            }
        )
        cls._done(cls.mo_a, 2.0)
        cls._done(cls.mo_b, 1.0, cls.lot)

    @classmethod
    def _ws_production(cls, qty):
        production = cls.env["mrp.production"].create(
            {"product_id": cls.ws_ring.id, "product_qty": qty, "bom_id": cls.ws_bom.id}
        )
        production.action_confirm()
        return production

    @classmethod
    def _ws_workorders(cls, production):
        return production.workorder_ids.sorted(lambda wo: wo.operation_id.sequence)

    @classmethod
    def _time(cls, workorder, user, start, end):
        return cls.env["mrp.workcenter.productivity"].create(
            {
                "workcenter_id": workorder.workcenter_id.id,
                "workorder_id": workorder.id,
                "user_id": user.id,
                "loss_id": cls.productive.id,
                "date_start": start,
                "date_end": end,
            }
        )

    @classmethod
    def _metal(cls, production, workorder, holder, date, issued, piece, scrap):
        """Issue ``issued`` g of 18K yellow for a work order, then take back
        ``piece`` g in the piece and ``scrap`` g of scrap."""
        common = {
            "production_id": production.id,
            "workorder_id": workorder.id,
            "date": date,
        }
        cls._transfer(
            "issue", cls.vault, holder, [(cls.au750y, issued)], **common
        ).action_post()
        cls._transfer(
            "return", holder, cls.finished, [(cls.au750y, piece)], **common
        ).action_post()
        if scrap:
            cls._transfer(
                "scrap_return", holder, cls.vault, [(cls.au750y, scrap)], **common
            ).action_post()

    @classmethod
    def _done(cls, production, qty, lot=None):
        """The order finished on 2026-05-08 with ``qty`` pieces.

        The measures read the finished order's columns; the flow that writes
        them (components, serials, metal reconciliation) is Odoo's and the
        metal ledger's, tested there.
        """
        production.qty_producing = qty  # the metal ledger's fine in goods
        production.flush_recordset()
        cls.env.cr.execute(
            """
            UPDATE mrp_production
               SET state = 'done', date_finished = '2026-05-08 16:00:00',
                   lot_producing_id = %s
             WHERE id = %s
            """,
            (lot.id if lot else None, production.id),
        )
        production.invalidate_recordset()
