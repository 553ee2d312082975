from datetime import timedelta

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoWorkshop(TransactionCase):
    """The demo workshop in mid-flight: the five measures' key numbers, each
    checked by hand from the demo's records (jewel_workshop_demo.py).

    The demo is dated from this week's Monday: week 4 is four weeks before it.
    CI installs the demo data, as every test of this project reads it.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.owner = env.ref("jewel_bom.user_owner_demo")
        cls.marco = env.ref("jewel_bom.user_goldsmith_demo")
        demo = env["jewel.workshop.demo"]
        cls.monday = {k: demo._jewel_demo_monday(k) for k in range(5)}
        lots = env["stock.lot"].search(
            [
                (
                    "name",
                    "in",
                    ["BND-26-0101", "SOL-26-0101", "CHN-26-0101", "BND-26-0102"],
                )
            ]
        )
        cls.lot = {lot.name: lot for lot in lots}
        productions = env["mrp.production"].search(
            [("lot_producing_id", "in", lots.ids), ("state", "=", "done")]
        )
        cls.mo = {mo.lot_producing_id.name: mo for mo in productions}
        cls.demo_mos = productions

    def _figures(self, model, domain, groupby=()):
        return self.env[model].with_user(self.owner)._jewel_figures(domain, groupby)

    def _week(self, weeks_ago):
        return [
            ("date", ">=", self.monday[weeks_ago]),
            ("date", "<", self.monday[weeks_ago] + timedelta(days=7)),
        ]

    def test_demo_pieces_made(self):
        self.assertEqual(len(self.demo_mos), 4, "four pieces finished in the demo")
        band = self.mo["BND-26-0101"]
        # finished on Wednesday of week 4
        self.assertEqual(band.date_finished.date(), self.monday[4] + timedelta(days=2))

    def test_output_per_hour(self):
        """Band BND-26-0101: 1 piece (4.650 g fine) in 15 + 40 + 25 + 10 = 90
        minutes: 0.667 pieces and 3.100 g fine per hour. Marco's week 4: 80 of
        its 90 minutes, so 80/90 = 0.889 of the band in 1.333 h."""
        band = self.mo["BND-26-0101"]
        order = self._figures(
            "jewel.workshop.output", [("production_id", "=", band.id)]
        )[()]
        self.assertAlmostEqual(order["labour_hours"], 1.5, places=6)
        self.assertAlmostEqual(order["pieces"], 1.0, places=6)
        self.assertAlmostEqual(order["fine_grams"], 4.65, places=3)
        self.assertAlmostEqual(order["pieces_per_hour"], 0.6667, places=4)
        self.assertAlmostEqual(order["grams_per_hour"], 3.1, places=4)
        marco = self._figures(
            "jewel.workshop.output",
            [("goldsmith_id", "=", self.marco.id), *self._week(4)],
        )[()]
        self.assertAlmostEqual(marco["labour_hours"], 80 / 60, places=6)
        self.assertAlmostEqual(marco["pieces"], 80 / 90, places=6)
        self.assertAlmostEqual(marco["pieces_per_hour"], 0.6667, places=4)
        # the four demo pieces: 578 minutes, 17.093 g fine
        total = self._figures(
            "jewel.workshop.output", [("production_id", "in", self.demo_mos.ids)]
        )[()]
        self.assertAlmostEqual(total["labour_hours"], 578 / 60, places=6)
        self.assertAlmostEqual(total["pieces"], 4.0, places=6)
        self.assertAlmostEqual(total["fine_grams"], 17.093, places=3)
        self.assertAlmostEqual(total["pieces_per_hour"], 0.4152, places=4)

    def test_material_yield_and_loss_by_stage(self):
        """Band BND-26-0102, Marco's bench job: 8.000 g of 18K issued (6.000 g
        fine), 6.300 g back in the piece (4.725) and 1.500 g of filings
        (1.125): 0.150 g fine lost, 2.50 % over his 1.50 %, approved by the
        owner. Band BND-26-0101: bench 0.075 + polishing 0.045 = 0.120 g."""
        band = self.mo["BND-26-0102"]
        bench = self.env.ref("jewel_bom.mrp_workcenter_bench_demo")
        job = band.jewel_metal_job_ids.filtered(lambda j: j.workcenter_id == bench)
        self.assertEqual(job.decision, "approved")
        self.assertEqual(job.decided_by_id, self.owner)
        row = self._figures("jewel.workshop.yield", [("job_id", "=", job.id)])[()]
        self.assertAlmostEqual(row["fine_issued"], 6.0, places=3)
        self.assertAlmostEqual(row["fine_in_piece"], 4.725, places=3)
        self.assertAlmostEqual(row["fine_scrap"], 1.125, places=3)
        self.assertAlmostEqual(row["fine_loss"], 0.15, places=3)
        self.assertAlmostEqual(row["yield_percent"], 78.75, places=2)
        self.assertAlmostEqual(row["loss_percent"], 2.5, places=2)
        stages = self._figures(
            "jewel.workshop.yield",
            [("production_id", "=", self.mo["BND-26-0101"].id)],
            ["workcenter_id"],
        )
        loss = {wc.code: values["fine_loss"] for wc, values in stages.items()}
        self.assertEqual(
            {code: round(grams, 3) for code, grams in loss.items()},
            {"BENCH": 0.075, "POL": 0.045},
        )

    def test_rework_rate(self):
        """The four demo pieces: 19 workshop checks and the assay office's
        assays of the two hallmarked pieces, 21 in all, 19 passed first time;
        the solitaire's finish and the second band's ring size were reworked:
        2/21 = 9.52 % rework, 90.48 % first-pass yield."""
        total = self._figures(
            "jewel.workshop.rework", [("production_id", "in", self.demo_mos.ids)]
        )[()]
        self.assertEqual(total["checked"], 21)
        self.assertEqual(total["first_pass"], 19)
        self.assertEqual(total["reworked"], 2)
        self.assertAlmostEqual(total["rework_rate"], 9.52, places=2)
        self.assertAlmostEqual(total["first_pass_yield"], 90.48, places=2)
        by_defect = self._figures(
            "jewel.workshop.rework",
            [("production_id", "in", self.demo_mos.ids), ("reworked", "=", 1)],
            ["defect_id"],
        )
        self.assertEqual(sorted(defect.code for defect in by_defect), ["FIN", "SIZE"])

    def test_machine_utilisation(self):
        """Weeks 4 to 1, 20 working days of 8 h = 160 h a workcenter. Polishing:
        90 min a day on the bridal bands (30 h) + the pieces' 120 min = 32 h:
        20.00 %; its motor broke last week's Tuesday, 3.5 h lost."""
        polishing = self.env.ref("jewel_bom.mrp_workcenter_polishing_demo")
        bench = self.env.ref("jewel_bom.mrp_workcenter_bench_demo")
        period = [
            ("date", ">=", self.monday[4]),
            ("date", "<", self.monday[0]),
            ("workcenter_id", "in", (polishing | bench).ids),
        ]
        rows = self._figures("jewel.workshop.utilisation", period, ["workcenter_id"])
        pol = rows[polishing]
        self.assertAlmostEqual(pol["available_hours"], 160.0, places=2)
        self.assertAlmostEqual(pol["productive_hours"], 32.0, places=2)
        self.assertAlmostEqual(pol["utilisation"], 20.0, places=2)
        self.assertAlmostEqual(pol["breakdown_hours"], 3.5, places=2)
        self.assertEqual(pol["breakdowns"], 1)
        # the bench: 70 h of batches, 2 h on the started orders, 340 min of pieces
        self.assertAlmostEqual(rows[bench]["productive_hours"], 77.6667, places=4)
        self.assertAlmostEqual(rows[bench]["utilisation"], 48.54, places=2)
        tuesday = self._figures(
            "jewel.workshop.utilisation",
            [
                ("workcenter_id", "=", polishing.id),
                ("date", "=", self.monday[1] + timedelta(days=1)),
            ],
        )[()]
        self.assertEqual(tuesday["breakdowns"], 1)
        self.assertAlmostEqual(tuesday["breakdown_hours"], 3.5, places=2)

    def test_gross_margin(self):
        """BND-26-0101 sold by Maison Aurelia: 1,290.00 less her 35 % = 838.50;
        metal 4.665 g fine (6.212 g weighed at 751 ‰) x 141.20 = 658.70; labour
        15 min x 60 + 40 x 45 + 25 x 35 + 10 x 40 an hour = 66.25; loss
        0.120 g x 141.20 = 16.94: margin 96.61. SOL-26-0101 at the counter:
        3,450.00 - 401.11 - 1,850.00 - 121.25 - 9.39 = 1,068.25."""
        rows = self._figures(
            "jewel.workshop.margin",
            [("lot_id", "in", (self.lot["BND-26-0101"] | self.lot["SOL-26-0101"]).ids)],
            ["lot_id"],
        )
        band = rows[self.lot["BND-26-0101"]]
        expected_band = {
            "revenue": 838.5,
            "commission": 451.5,
            "metal_cost": 658.7,
            "stone_cost": 0.0,
            "labour_cost": 66.25,
            "loss_cost": 16.94,
            "cost": 741.89,
            "margin": 96.61,
            "metal_price_effect": 7.7,
        }
        for name, value in expected_band.items():
            self.assertAlmostEqual(band[name], value, places=2, msg=name)
        self.assertAlmostEqual(band["margin_percent"], 11.52, places=2)
        solitaire = rows[self.lot["SOL-26-0101"]]
        expected_solitaire = {
            "revenue": 3450.0,
            "commission": 0.0,
            "metal_cost": 401.11,
            "stone_cost": 1850.0,
            "labour_cost": 121.25,
            "loss_cost": 9.39,
            "margin": 1068.25,
            "metal_price_effect": 7.87,
        }
        for name, value in expected_solitaire.items():
            self.assertAlmostEqual(solitaire[name], value, places=2, msg=name)
        # the revenue is what the invoices posted, untaxed
        invoices = (
            self.env["account.move.line"]
            .search(
                [
                    ("jewel_lot_id", "=", self.lot["BND-26-0101"].id),
                    ("display_type", "=", "product"),
                ]
            )
            .move_id
        )
        invoices |= (
            self.env["sale.order.line"]
            .search([("order_id.partner_id.name", "=", "Margaret Holloway")])
            .invoice_lines.move_id
        )
        self.assertAlmostEqual(
            sum(invoices.mapped("amount_untaxed_signed")), 838.5 + 3450.0, places=2
        )

    def test_demo_pieces_certified(self):
        """SOL-26-0101 and BND-26-0101 carry a full passport: hallmarked for the
        UK by the City Assay Office (751 ‰ found), on the story's day, and a
        verification link issued by Priya, the inspector."""
        priya = self.env.ref("jewel_bom.user_quality_demo")
        office = self.env.ref("jewel_quality.res_partner_assay_office_demo")
        uk = self.env.ref("jewel_quality.jewel_hallmark_market_uk")
        for serial, certificate, day in (
            ("BND-26-0101", "UK-26-41730", self.monday[4] + timedelta(days=3)),
            ("SOL-26-0101", "UK-26-52218", self.monday[2]),
        ):
            lot = self.lot[serial]
            line = self.env["jewel.hallmark.batch.line"].search(
                [("lot_id", "=", lot.id)]
            )
            self.assertEqual(line.batch_id.state, "returned", serial)
            self.assertEqual(line.batch_id.market_id, uk)
            self.assertEqual(line.batch_id.date_returned, day)
            self.assertEqual(line.result, "pass")
            self.assertEqual(
                (line.check_id.kind, line.check_id.state, line.check_id.measured_value),
                ("assay", "pass", 751.0),
            )
            self.assertEqual(line.check_id.date_checked.date(), day)
            self.assertEqual(
                (
                    lot.jewel_hallmark_mark,
                    lot.jewel_hallmark_date,
                    lot.jewel_hallmark_office_id,
                    lot.jewel_hallmark_certificate,
                    lot.jewel_market_id,
                    lot.jewel_assay_fineness,
                ),
                ("750", day, office, certificate, uk, 751.0),
            )
            self.assertFalse(lot.jewel_huid, "a UK piece carries no HUID")
            link = lot.jewel_verification_ids.filtered(lambda v: not v.revoked)
            self.assertEqual(len(link), 1, serial)
            self.assertEqual(link.issued_by_id, priya)
            self.assertEqual(link.issue_date.date(), day)
            self.assertEqual(lot.jewel_verify_url, link.url)
