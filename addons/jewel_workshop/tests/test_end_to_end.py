import base64
from datetime import timedelta

from odoo import Command, fields, http
from odoo.tests import HttpCase, new_test_user, tagged

ROLES = ("owner", "planner", "supervisor", "quality", "storekeeper", "accountant")


@tagged("post_install", "-at_install")
class TestBriefEndToEnd(HttpCase):
    """The brief's own test: a retail partner's bespoke ring, from the lead to the
    invoice, each step done by the role that does it in the workshop.

    Week of Monday M (three weeks ago): gold at 60.00 a fine gram.
    - M: the owner sells WS Shop (a retail partner, 25 % commission) a bespoke
      18K ring; the planner designs its BOM (5.000 g of 18K grain = 3.750 g
      fine) and makes the MO; the storekeeper issues 5.000 g to Anna for Filing;
      Anna files 90 min on the bench (30.00 an hour).
    - M+1: Anna polishes 45 min (polisher, 45.00 an hour) and hands back the
      ring, 4.000 g (3.000 fine), and 0.800 g of scrap (0.600 fine): 0.150 g
      fine lost, 4 % of the issue, over the 2 % tolerance.
    - M+2: gold jumps to 75.00; the finish check fails (porosity), the piece
      goes back to the polisher for 20 min, and the planner moves the promise
      by a week, with the reason.
    - M+3: Anna re-polishes 20 min; the re-check passes; the piece is hallmarked.
    - Today: the MO is done, the ring goes to WS Shop on memo at 2,000.00, the
      shop reports it sold on the portal, the accountant invoices 1,500.00.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.today = fields.Date.context_today(env["res.partner"])
        start = cls.today - timedelta(days=21)
        cls.monday = start - timedelta(days=start.weekday())
        cls.company = env.company
        cls.company.jewel_metal_loss_tolerance = 2.0

        # One person per role: next actions go to "the first user holding the
        # role", so the demo's and other tests' role holders step aside.
        roles = env["res.groups"].search(
            [("category_id", "=", env.ref("jewel_bom.module_category_jewellery").id)]
        )
        env["res.users"].search(
            [
                ("share", "=", False),
                ("groups_id", "in", roles.ids),
                (
                    "id",
                    "not in",
                    (env.ref("base.user_admin") | env.ref("base.user_root")).ids,
                ),
            ]
        ).active = False

        def user(role, name):
            return new_test_user(
                env,
                login=f"e2e_{role}",
                name=name,
                groups=f"base.group_user,jewel_bom.group_jewel_{role}",
            )

        # created in this order: the planner and the quality staff before the
        # supervisor, whose role implies theirs
        cls.owner = user("owner", "Olga Owner")
        cls.planner = user("planner", "Paul Planner")
        cls.quality = user("quality", "Quinn Quality")
        cls.storekeeper = user("storekeeper", "Sam Storekeeper")
        cls.accountant = user("accountant", "Ada Accountant")
        cls.goldsmith = user("goldsmith", "Anna Goldsmith")
        cls.supervisor = user("supervisor", "Sue Supervisor")

        # the retail partner and its clerk on the portal; the accountant manages
        # its account (its reported sales are confirmed and invoiced by her)
        cls.shop = env["res.partner"].create(
            {
                "name": "WS Shop",
                "is_company": True,
                "jewel_is_retail_partner": True,
                "jewel_agreement_consignment": True,
                "jewel_pricing": "commission",
                "jewel_commission_percent": 25.0,
                "jewel_settlement_days": 30,
                "jewel_memo_term_days": 90,
                "user_id": cls.accountant.id,
            }
        )
        cls.clerk = new_test_user(
            env,
            login="e2e_shop_clerk",
            groups="base.group_portal",
            partner_id=env["res.partner"]
            .create({"name": "Shop Clerk", "parent_id": cls.shop.id})
            .id,
        )

        # the metal: 18K yellow grain, gold at 60.00 from the week before M (the
        # test's own market: later rates of the database are not its)
        cls.gold = env.ref("jewel_bom.jewel_metal_xau")
        cls.au750y = env.ref("jewel_bom.jewel_alloy_au750_yellow")
        gram = env.ref("uom.product_uom_gram")
        cls.grain = env["product.product"].create(
            {
                "name": "E2E grain 18K yellow",
                "is_storable": True,
                "uom_id": gram.id,
                "uom_po_id": gram.id,
                "jewel_component_type": "metal",
                "jewel_alloy_id": cls.au750y.id,
            }
        )
        env["jewel.metal.price"].search(
            [
                ("metal_id", "=", cls.gold.id),
                ("company_id", "=", cls.company.id),
                ("date", ">", cls.monday - timedelta(days=7)),
            ]
        ).unlink()
        env["jewel.metal.price"].create(
            {
                "metal_id": cls.gold.id,
                "date": cls.monday - timedelta(days=7),
                "price": 60.0,
            }
        )
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        env["stock.quant"]._update_available_quantity(
            cls.grain, warehouse.lot_stock_id, 10.0
        )
        vault_location = env["stock.location"].create(
            {
                "name": "E2E vault",
                "usage": "internal",
                "location_id": warehouse.view_location_id.id,
            }
        )
        Account = env["jewel.metal.account"]
        cls.vault = Account.create(
            {
                "name": "E2E vault",
                "account_type": "vault",
                "location_id": vault_location.id,
            }
        )
        # The dealer sells a refiner's newly mined grain; its due diligence is
        # recorded by the storekeeper and reviewed by the supervisor.
        dealer_partner = env["res.partner"].create({"name": "E2E dealer"})
        dealer = Account.create(
            {
                "name": "E2E bullion dealer",
                "account_type": "supplier",
                "partner_id": dealer_partner.id,
                "metal_origin": "mined",
                "refiner_id": env["jewel.metal.refiner"]
                .create({"name": "E2E Refinery", "accreditation": "lbma_gd"})
                .id,
            }
        )
        evidence = (
            env["jewel.metal.due.diligence"]
            .with_user(cls.storekeeper)
            .create(
                {
                    "name": "KYC and OECD questionnaire",
                    "partner_id": dealer_partner.id,
                    "date": cls.monday - timedelta(days=60),
                    "valid_until": cls.monday + timedelta(days=300),
                    "document": base64.b64encode(b"%PDF-1.4 due diligence"),
                    "document_name": "kyc.pdf",
                }
            )
        )
        evidence.with_user(cls.supervisor).action_review()
        cls.anna = Account.create(
            {
                "name": "Anna Goldsmith",
                "account_type": "goldsmith",
                "user_id": cls.goldsmith.id,
                "metal_ids": [Command.set(cls.gold.ids)],
            }
        )
        cls.finished = Account._get_company_account("production", cls.company)
        env["jewel.metal.transfer"].create(
            {
                "transfer_type": "adjustment",
                "from_account_id": dealer.id,
                "to_account_id": cls.vault.id,
                "date": cls.monday - timedelta(days=30),
                "line_ids": [
                    Command.create({"alloy_id": cls.au750y.id, "gross_weight": 100.0})
                ],
            }
        ).action_post()

        # the bench and the polisher, 8 hours a day from Monday to Friday
        calendar = env["resource.calendar"].create(
            {
                "name": "E2E 8-12 13-17",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for hour_from, hour_to, period in (
                        (8, 12, "morning"),
                        (13, 17, "afternoon"),
                    )
                ],
            }
        )
        Workcenter = env["mrp.workcenter"]
        cls.bench = Workcenter.create(
            {
                "name": "E2E bench",
                "costs_hour": 30.0,
                "resource_calendar_id": calendar.id,
            }
        )
        cls.polisher = Workcenter.create(
            {
                "name": "E2E polisher",
                "costs_hour": 45.0,
                "resource_calendar_id": calendar.id,
            }
        )
        # the design: a ring of 4.000 g of 18K (3.000 g fine), one serial a piece
        cls.ring = env["product.product"].create(
            {
                "name": "E2E bespoke ring 18K",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": env["product.category"].create({"name": "E2E rings"}).id,
                "jewel_component_type": "piece",
                "jewel_alloy_id": cls.au750y.id,
                "jewel_gross_metal_weight": 4.0,
                "list_price": 2000.0,
                "taxes_id": [Command.clear()],
            }
        )
        # the checkpoints: the finish after polishing, the hallmark of the piece
        cls.finish_point = env["jewel.quality.point"].create(
            {
                "name": "E2E finish",
                "kind": "pass_fail",
                "workcenter_id": cls.polisher.id,
            }
        )
        cls.hallmark_point = env["jewel.quality.point"].create(
            {
                "name": "E2E hallmark",
                "kind": "hallmark",
                "product_tmpl_ids": [Command.set(cls.ring.product_tmpl_id.ids)],
            }
        )
        # the test's checkpoints only: others (the demo's) may check any piece
        env["jewel.quality.point"].search(
            [("id", "not in", (cls.finish_point | cls.hallmark_point).ids)]
        ).active = False
        cls.assay_office = env["res.partner"].create({"name": "E2E Assay Office"})
        cls.porosity = env.ref("jewel_quality.jewel_quality_defect_por")

    # ------------------------------------------------------------------ helpers
    def _day(self, offset, hour=0, minute=0):
        day = self.monday + timedelta(days=offset)
        return fields.Datetime.to_datetime(day).replace(hour=hour, minute=minute)

    def _figures(self, model, domain):
        """The measure's totals over ``domain``, as the owner reads them."""
        [total] = self.env[model].with_user(self.owner)._jewel_figures(
            domain
        ).values() or [{}]
        return total

    def _measures(self):
        period = [("date", ">=", self.monday), ("date", "<=", self.today)]
        week = [
            ("date", ">=", self.monday),
            ("date", "<=", self.monday + timedelta(days=4)),
        ]
        return {
            "output": self._figures("jewel.workshop.output", period),
            "yield": self._figures("jewel.workshop.yield", period),
            "rework": self._figures("jewel.workshop.rework", period),
            "bench": self._figures(
                "jewel.workshop.utilisation",
                week + [("workcenter_id", "=", self.bench.id)],
            ),
            "polisher": self._figures(
                "jewel.workshop.utilisation",
                week + [("workcenter_id", "=", self.polisher.id)],
            ),
            # WS Shop's sales only: the gold price the test records re-costs
            # every piece whose metal was issued after it (the demo's too)
            "margin": self._figures(
                "jewel.workshop.margin",
                period + [("retail_partner_id", "=", self.shop.id)],
            ),
        }

    def _delta(self, before, after, key, name, digits):
        return round(after[key].get(name, 0.0) - before[key].get(name, 0.0), digits)

    def _time(self, workorder, day, hour, minutes):
        """Anna's time on ``workorder``: ``minutes`` from ``hour`` on day M+``day``."""
        start = self._day(day, hour)
        return (
            self.env["mrp.workcenter.productivity"]
            .with_user(self.goldsmith)
            .create(
                {
                    "workcenter_id": workorder.workcenter_id.id,
                    "workorder_id": workorder.id,
                    "user_id": self.goldsmith.id,
                    "loss_id": self.env["mrp.workcenter.productivity.loss"]
                    .search([("loss_type", "=", "productive")], limit=1)
                    .id,
                    "date_start": start,
                    "date_end": start + timedelta(minutes=minutes),
                }
            )
        )

    def _metal(self, transfer_type, source, destination, gross, day, production, wo):
        transfer = (
            self.env["jewel.metal.transfer"]
            .with_user(self.storekeeper)
            .create(
                {
                    "transfer_type": transfer_type,
                    "from_account_id": source.id,
                    "to_account_id": destination.id,
                    "date": self.monday + timedelta(days=day),
                    "production_id": production.id,
                    "workorder_id": wo.id,
                    "line_ids": [
                        Command.create(
                            {"alloy_id": self.au750y.id, "gross_weight": gross}
                        )
                    ],
                }
            )
        )
        transfer.action_post()
        return transfer

    def _next_actions(self, user, records):
        """What ``user`` has to do next on the scenario's records (as they see it)."""
        domain = []
        for record in records:
            domain = (
                (["|"] if domain else [])
                + domain
                + [
                    "&",
                    ("res_model", "=", record._name),
                    ("res_id", "in", record.ids),
                ]
            )
        activities = (
            self.env["mail.activity"]
            .with_user(user)
            .search([("user_id", "=", user.id)] + domain)
        )
        return sorted(activities.mapped("summary"))

    # -------------------------------------------------------------------- test
    def test_bespoke_ring_from_lead_to_invoice(self):
        env = self.env
        before = self._measures()

        # M: the owner, the shop's salesperson here, takes the bespoke order
        lead = (
            env["crm.lead"]
            .with_user(self.owner)
            .create(
                {
                    "name": "WS Shop: bespoke signet ring",
                    "type": "opportunity",
                    "partner_id": self.shop.id,
                    "expected_revenue": 2000.0,
                    "jewel_is_bespoke": True,
                    "jewel_product_id": self.ring.id,
                    "jewel_alloy_id": self.au750y.id,
                    "jewel_estimated_metal_weight": 4.0,
                    "jewel_promised_date": self.monday + timedelta(days=7),
                }
            )
        )
        order = env["sale.order"].browse(lead.action_jewel_create_quotation()["res_id"])
        self.assertEqual(order.user_id, self.owner)
        self.assertEqual(order.jewel_estimated_fine_weight, 3.0)
        order.with_user(self.owner).action_confirm()
        old_promise = order.commitment_date
        self.assertEqual(old_promise.date(), self.monday + timedelta(days=7))

        # the planner designs the karat-aware BOM and makes the order
        bom = (
            env["mrp.bom"]
            .with_user(self.planner)
            .create(
                {
                    "product_tmpl_id": self.ring.product_tmpl_id.id,
                    "bom_line_ids": [
                        Command.create(
                            {"product_id": self.grain.id, "product_qty": 5.0}
                        )
                    ],
                    "operation_ids": [
                        Command.create(
                            {"name": "Filing", "workcenter_id": self.bench.id}
                        ),
                        Command.create(
                            {
                                "name": "Polishing",
                                "workcenter_id": self.polisher.id,
                                "sequence": 200,
                            }
                        ),
                    ],
                }
            )
        )
        self.assertEqual(bom.jewel_alloy_id, self.au750y)
        self.assertEqual(bom.jewel_gross_metal_weight, 5.0)
        self.assertEqual(bom.bom_line_ids.jewel_fine_weight, 3.75)
        self.assertEqual(bom.jewel_fine_gold, 3.75)
        order.with_user(self.planner).action_jewel_create_production()
        production = order.jewel_production_ids
        self.assertEqual(production.state, "confirmed")
        self.assertEqual(production.date_deadline, old_promise)
        filing, polishing = production.workorder_ids.sorted("id")
        self.assertEqual(
            (filing.workcenter_id, polishing.workcenter_id), (self.bench, self.polisher)
        )
        production.with_user(self.supervisor).action_generate_serial()
        lot = production.lot_producing_id
        finish_check = production.jewel_quality_check_ids.filtered(
            lambda c: c.point_id == self.finish_point
        )
        hallmark_check = production.jewel_quality_check_ids.filtered(
            lambda c: c.point_id == self.hallmark_point
        )
        self.assertEqual(finish_check.workorder_id, polishing)

        # the storekeeper issues the metal of the BOM to Anna for filing
        self.assertEqual(production._jewel_metal_to_issue(), {self.au750y: 5.0})
        self._metal("issue", self.vault, self.anna, 5.0, 0, production, filing)
        self._time(filing, 0, 8, 90)
        # M+1: polishing, then the ring and the scrap come back
        self._time(polishing, 1, 8, 45)
        self._metal("return", self.anna, self.finished, 4.0, 1, production, filing)
        self._metal("scrap_return", self.anna, self.vault, 0.8, 1, production, filing)
        job = production.jewel_metal_job_ids
        self.assertEqual(
            (job.fine_issued, job.fine_returned_piece, job.fine_returned_scrap),
            (3.75, 3.0, 0.6),
        )
        self.assertEqual(job.fine_loss, 0.15)
        self.assertEqual(job.loss_percent, 4.0)
        job.with_user(self.storekeeper).action_close()
        self.assertEqual(job.state, "exception")
        loss = job.jewel_exception_ids.filtered(lambda e: e.kind == "metal_loss")
        self.assertEqual(loss.user_id, self.supervisor)
        # the supervisor asks the storekeeper to weigh the bench sweeps first
        loss.with_user(self.supervisor)._assign(
            self.storekeeper,
            env.ref("jewel_bom.group_jewel_storekeeper"),
            "Weigh Anna's bench sweeps before I decide.",
        )

        # M+2: gold jumps to 75.00 (the owner records the fixing) ...
        env["jewel.metal.price"].with_user(self.owner).create(
            {
                "metal_id": self.gold.id,
                "date": self.monday + timedelta(days=2),
                "price": 75.0,
            }
        )
        # ... the finish check fails: porosity, back to the polisher for 20 min
        finish_check.with_user(self.quality).action_fail()
        recheck = finish_check.with_user(self.quality).action_decide_rework(
            self.polisher,
            20.0,
            "Porosity on the shank: re-polish",
            defect=self.porosity,
        )
        rework = finish_check.rework_workorder_id
        self.assertEqual(rework.workcenter_id, self.polisher)
        # ... and the planner says the promise slips by a week, with the reason
        reason = f"Porosity found at the finish check {finish_check.name}: re-polish"
        delay = (
            env["jewel.exception"]
            .with_user(self.planner)
            .create(
                {
                    "kind": "delay",
                    "summary": "Ring re-polished: delivery one week later",
                    "description": f"<p>{reason}</p>",
                    "closure_condition": "The new date is confirmed to the shop",
                    "res_model": "mrp.production",
                    "res_id": production.id,
                    "user_id": self.planner.id,
                    "approver_id": self.supervisor.id,
                }
            )
        )
        delay.with_user(self.planner).action_open()
        # the promise at risk: the MO and, through it, the shop's bespoke order
        self.assertEqual(
            {(p.res_model, p.res_id, p.promised_date) for p in delay.promise_ids},
            {
                ("mrp.production", production.id, old_promise),
                ("sale.order", order.id, old_promise),
            },
        )
        delay.with_user(self.planner).action_submit()
        self.assertEqual(
            self._next_actions(self.supervisor, delay),
            ["Approve Ring re-polished: delivery one week later"],
        )
        delay.with_user(self.supervisor).action_approve()
        new_promise = old_promise + timedelta(days=7)
        production.with_user(self.planner).with_context(
            jewel_change_reason=reason
        ).date_deadline = new_promise
        order.with_user(self.owner).with_context(
            jewel_change_reason=reason
        ).commitment_date = new_promise
        env.cr.precommit.run()  # the tracking values

        # Everyone sees the same explanation, the promise moved, and their own
        # next action.
        stories = {
            role: production.with_user(getattr(self, role)).jewel_story_html
            for role in ROLES
        }
        self.assertEqual(len(set(stories.values())), 1, stories)
        story = stories["owner"]
        for expected in (
            reason,
            delay.name,
            str(old_promise.date()),
            str(new_promise.date()),
            "The new date is confirmed to the shop",
        ):
            self.assertIn(expected, story)
        for role in ROLES:
            promises = delay.with_user(getattr(self, role)).promise_ids
            self.assertEqual(
                set(promises.mapped("name")), {production.name, order.name}, role
            )
        records = [
            production,
            order,
            delay,
            loss,
            job,
            finish_check,
            recheck,
            finish_check.jewel_exception_ids,
        ]
        rework_exception = finish_check.jewel_exception_ids.filtered(
            lambda e: e.kind == "rework"
        )
        rejection = finish_check.jewel_exception_ids.filtered(
            lambda e: e.kind == "quality_rejection"
        )
        expected_actions = {
            "owner": [f"Tell WS Shop about {delay.name}"],
            "planner": ["Close Ring re-polished: delivery one week later"],
            "supervisor": [f"Resolve {rework_exception.summary}"],
            "quality": [f"Resolve {rejection.summary}"],
            "storekeeper": [f"Resolve {loss.summary}"],
            # nothing routed to accounting yet: its next action is the sale
            "accountant": [],
        }
        for role, actions in expected_actions.items():
            self.assertEqual(
                self._next_actions(getattr(self, role), records), actions, role
            )
        self.assertIn(lot.name, rework_exception.summary)
        self.assertIn(lot.name, rejection.summary)

        # M+3: Anna re-polishes; the re-check passes, the piece is hallmarked
        self._time(rework, 3, 8, 20)
        rework.with_user(self.goldsmith).button_finish()
        recheck.with_user(self.quality).action_pass()
        self.assertEqual(rejection.state, "closed")
        self.assertEqual(rework_exception.state, "closed")
        hallmark_check.with_user(self.quality).write(
            {"hallmark_mark": "750 E2E", "assay_office_id": self.assay_office.id}
        )
        hallmark_check.with_user(self.quality).action_pass()
        self.assertEqual(lot.jewel_hallmark_mark, "750 E2E")
        # the supervisor accepts the loss, the planner closes the delay
        env["jewel.metal.job.decide"].with_user(self.supervisor).create(
            {
                "job_id": job.id,
                "decision": "approve",
                "reason": "Sweeps weighed: casting porosity, normal for the alloy",
            }
        ).action_confirm()
        self.assertEqual(loss.state, "closed")
        delay.with_user(self.planner).write(
            {"closure_note": "Shop told: new date accepted"}
        )
        delay.with_user(self.planner).action_close()

        # the supervisor finishes the order
        production = production.with_user(self.supervisor)
        production.qty_producing = 1.0
        production._set_quantities()
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(
            [(wo.duration) for wo in (filing, polishing, rework)], [90.0, 45.0, 20.0]
        )

        # the owner sends the ring to the shop on memo
        memo = (
            env["jewel.memo"]
            .with_user(self.owner)
            .create(
                {
                    "partner_id": self.shop.id,
                    "line_ids": [Command.create({"lot_id": lot.id})],
                }
            )
        )
        self.assertEqual(memo.line_ids.price, 2000.0)
        memo.action_send()
        self.assertEqual(memo.line_ids.state, "out")

        # the shop's clerk reports the sale on the portal
        self.authenticate("e2e_shop_clerk", "e2e_shop_clerk")
        response = self.url_open(
            "/my/pieces/report_sale",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "line_ids": memo.line_ids.ids,
            },
        )
        self.assertEqual(response.status_code, 200)
        env.invalidate_all()
        report = env["jewel.consignment.report"].search(
            [("partner_id", "=", self.shop.id)]
        )
        self.assertTrue(report.submitted_from_portal)
        self.assertEqual(
            self._next_actions(self.accountant, [report]), ["Confirm reported sales"]
        )
        # the accountant confirms it: the shop is invoiced the net price
        report.with_user(self.accountant).action_confirm()
        invoice = report.invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.invoice_date, self.today)
        self.assertEqual(invoice.amount_untaxed, 1500.0)
        self.assertEqual(invoice.invoice_line_ids.jewel_lot_id, lot)

        after = self._measures()
        self._assert_measures(before, after, production, invoice)

    def _assert_measures(self, before, after, production, invoice):
        # Output per hour: 1 ring, 3.000 g fine, in 90 + 45 + 20 = 155 minutes
        self.assertEqual(
            round(self._delta(before, after, "output", "labour_hours", 6) * 60, 3),
            155.0,
        )
        self.assertEqual(self._delta(before, after, "output", "pieces", 3), 1.0)
        self.assertEqual(self._delta(before, after, "output", "fine_grams", 3), 3.0)
        ours = self._figures(
            "jewel.workshop.output", [("production_id", "=", production.id)]
        )
        self.assertEqual(ours["grams_per_hour"], round(3.0 / (155 / 60), 4))  # 1.1613
        self.assertEqual(ours["pieces_per_hour"], round(1.0 / (155 / 60), 4))  # 0.3871

        # Material yield: 3.750 g fine issued, 3.000 in the ring, 0.600 in scrap
        for name, grams in (
            ("fine_issued", 3.75),
            ("fine_in_piece", 3.0),
            ("fine_scrap", 0.6),
            ("fine_loss", 0.15),
        ):
            self.assertEqual(self._delta(before, after, "yield", name, 3), grams, name)
        ours = self._figures(
            "jewel.workshop.yield", [("production_id", "=", production.id)]
        )
        self.assertEqual((ours["yield_percent"], ours["loss_percent"]), (80.0, 4.0))
        by_stage = (
            self.env["jewel.workshop.yield"]
            .with_user(self.owner)
            ._jewel_figures([("production_id", "=", production.id)], ["operation_id"])
        )
        filing = production.workorder_ids.filtered(lambda wo: wo.name == "Filing")
        self.assertEqual(list(by_stage), [filing.operation_id])
        self.assertEqual(round(by_stage[filing.operation_id]["fine_loss"], 3), 0.15)

        # Rework: two pieces checked (finish, hallmark), one passed first time,
        # one reworked
        for name, count in (
            ("checked", 2),
            ("first_pass", 1),
            ("reworked", 1),
            ("scrapped", 0),
        ):
            self.assertEqual(self._delta(before, after, "rework", name, 0), count, name)
        ours = self._figures(
            "jewel.workshop.rework", [("production_id", "=", production.id)]
        )
        self.assertEqual((ours["first_pass_yield"], ours["rework_rate"]), (50.0, 50.0))
        by_defect = (
            self.env["jewel.workshop.rework"]
            .with_user(self.owner)
            ._jewel_figures(
                [("production_id", "=", production.id), ("reworked", "=", 1)],
                ["defect_id"],
            )
        )
        self.assertEqual(list(by_defect), [self.porosity])

        # Utilisation, week of M (40 hours available on each): bench 90 minutes,
        # polisher 45 + 20 = 65 minutes
        for key, minutes in (("bench", 90.0), ("polisher", 65.0)):
            self.assertEqual(
                round(self._delta(before, after, key, "productive_hours", 6) * 60, 3),
                minutes,
                key,
            )
            self.assertEqual(after[key]["available_hours"], 40.0, key)
        self.assertEqual(after["bench"]["utilisation"], 3.75)  # 1.5 h / 40 h
        self.assertEqual(after["polisher"]["utilisation"], 2.7083)  # 65 min / 40 h

        # Gross margin, computed here from the inputs: invoiced 2,000.00 less
        # 25 % commission; metal 3.000 g fine at 60.00 (the day it was issued);
        # loss 0.150 g fine at 60.00; labour 90 min at 30.00 + 65 min at 45.00
        revenue = 2000.0 * (1 - 0.25)
        metal = 3.0 * 60.0
        loss = 0.15 * 60.0
        labour = round(90 / 60 * 30.0 + 65 / 60 * 45.0, 2)
        cost = metal + loss + labour
        expected = {
            "revenue": revenue,  # 1,500.00
            "commission": 2000.0 - revenue,  # 500.00
            "metal_cost": metal,  # 180.00
            "loss_cost": loss,  # 9.00
            "labour_cost": labour,  # 93.75
            "stone_cost": 0.0,
            "cost": cost,  # 282.75
            "margin": revenue - cost,  # 1,217.25
            "metal_price_effect": 3.0 * (75.0 - 60.0),  # 45.00
        }
        for name, amount in expected.items():
            self.assertEqual(
                self._delta(before, after, "margin", name, 2), round(amount, 2), name
            )
        self.assertEqual(
            invoice.currency_id.compare_amounts(
                invoice.amount_untaxed_signed, expected["revenue"]
            ),
            0,
        )
