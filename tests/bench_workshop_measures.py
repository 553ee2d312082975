"""Benchmark of the workshop's five measures (jewel_workshop) on a year of a
30-person workshop.

One real order, work order, time record, metal job, quality check and invoice
are made through the ORM; each is then cloned with INSERT ... SELECT
generate_series into a year of work: 16,000 finished orders (one serial each),
48,000 work orders and time records, 48,000 metal jobs and 208,000 metal ledger
lines, 16,000 quality checks, 10,000 invoices with 20,000 product lines, a
daily gold price. Then each measure over the year by month, as the pivot and
the dashboard ask it (``_read_group`` on the measure's view), is timed against
a hand-written SQL query of the same figure on the source tables, and their
totals compared: each the best of 5 runs, the view's and the query's in turn.
Fails when a measure takes 1 s or more, or more than twice its hand-written
query. Everything is rolled back at the end.
"""

import sys
import time

from metal_fixtures import reviewed_supplier

import odoo
from odoo import Command
from odoo.modules.registry import Registry
from odoo.tools import config

ORDERS = 16_000
WORKERS = 30
WORKCENTERS = 10
INVOICE_LINES = 20_000
# best of 5, in turn: on a shared 2-core machine (load 5-10) the slowest
# measure (margin) took 0.3-0.6 s, its ratio 0.9-1.4
RUNS = 5
MAX_SECONDS = 1.0
MAX_RATIO = 2.0
YEAR = ("2025-01-01", "2025-12-31")
TIMINGS = {}


def best_of_interleaved(funcs, runs=RUNS):
    """Each of ``funcs`` run ``runs`` times, in turn (a, b, a, b...): a burst of
    load from the other processes of a shared machine falls on both, not on one.
    Returns each one's best time and last result."""
    best = [None] * len(funcs)
    results = [None] * len(funcs)
    for _ in range(runs):
        for i, func in enumerate(funcs):
            start = time.perf_counter()
            results[i] = func()
            elapsed = time.perf_counter() - start
            best[i] = elapsed if best[i] is None else min(best[i], elapsed)
    return best, results


def clone(env, table, template_id, count, overrides):
    """``count`` copies of row ``template_id`` of ``table``; ``overrides`` maps
    a column to an SQL expression of ``g`` (1..count) and ``t`` (the template
    row). Returns the new ids in ``g`` order."""
    env.cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = %s AND column_name != 'id'
         ORDER BY ordinal_position
        """,
        [table],
    )
    columns = [name for (name,) in env.cr.fetchall()]
    unknown = set(overrides) - set(columns)
    assert not unknown, (table, unknown)
    values = ", ".join(overrides.get(c, f't."{c}"') for c in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    start = time.perf_counter()
    # no parameters: the expressions' "%" are SQL modulos
    env.cr.execute(
        f"""
        INSERT INTO {table} ({names})
        SELECT {values}
          FROM {table} t CROSS JOIN generate_series(1, {int(count)}) g
         WHERE t.id = {int(template_id)}
         ORDER BY g
        RETURNING id
        """
    )
    ids = [row[0] for row in env.cr.fetchall()]
    # one INSERT of a session: consecutive ids, so row g of a clone is first + g - 1
    assert ids == list(range(ids[0], ids[0] + count)), table
    TIMINGS[table] = TIMINGS.get(table, 0.0) + time.perf_counter() - start
    return ids


def setup_templates(env):
    """The real records cloned into a year: made by the ORM, as users do."""
    gold = env.ref("jewel_bom.jewel_metal_xau")
    alloy = env.ref("jewel_bom.jewel_alloy_au750_yellow")
    users = env["res.users"].create(
        [
            {"name": f"Bench Goldsmith {i:02d}", "login": f"bench_gs_{i:02d}"}
            for i in range(WORKERS)
        ]
    )
    Account = env["jewel.metal.account"]
    accounts = Account.create(
        [
            {"name": user.name, "account_type": "goldsmith", "user_id": user.id}
            for user in users
        ]
    )
    vault = Account.create({"name": "Bench Vault", "account_type": "vault"})
    supplier = reviewed_supplier(env, "Bench Dealer")
    finished = Account._get_company_account("production", env.company)
    workcenters = env["mrp.workcenter"].create(
        [
            {"name": f"Bench WC {i:02d}", "costs_hour": 30.0 + i}
            for i in range(WORKCENTERS)
        ]
    )
    product = env["product.product"].create(
        {
            "name": "Bench ring",
            "type": "consu",
            "is_storable": True,
            "tracking": "serial",
            "jewel_alloy_id": alloy.id,
            "jewel_gross_metal_weight": 4.0,
        }
    )
    bom = env["mrp.bom"].create(
        {
            "product_tmpl_id": product.product_tmpl_id.id,
            "operation_ids": [
                Command.create({"name": name, "workcenter_id": wc.id, "sequence": seq})
                for seq, (name, wc) in enumerate(
                    zip(("Casting", "Filing", "Polishing"), workcenters, strict=False)
                )
            ],
        }
    )
    production = env["mrp.production"].create(
        {"product_id": product.id, "product_qty": 1.0, "bom_id": bom.id}
    )
    production.action_confirm()
    workorder = production.workorder_ids[0]
    productive = env["mrp.workcenter.productivity.loss"].search(
        [("loss_type", "=", "productive")], limit=1
    )
    time_record = env["mrp.workcenter.productivity"].create(
        {
            "workcenter_id": workorder.workcenter_id.id,
            "workorder_id": workorder.id,
            "user_id": users[0].id,
            "loss_id": productive.id,
            "date_start": "2025-01-02 08:00:00",
            "date_end": "2025-01-02 09:00:00",
        }
    )
    Transfer = env["jewel.metal.transfer"]
    Transfer.create(
        {
            "transfer_type": "adjustment",
            "from_account_id": supplier.id,
            "to_account_id": vault.id,
            "line_ids": [Command.create({"alloy_id": alloy.id, "gross_weight": 100})],
        }
    ).action_post()
    issue = Transfer.create(
        {
            "transfer_type": "issue",
            "from_account_id": vault.id,
            "to_account_id": accounts[0].id,
            "production_id": production.id,
            "workorder_id": workorder.id,
            "line_ids": [Command.create({"alloy_id": alloy.id, "gross_weight": 5.0})],
        }
    )
    issue.action_post()
    point = env["jewel.quality.point"].create(
        {
            "name": "Bench finish",
            "kind": "pass_fail",
            "workcenter_id": workcenters[2].id,
        }
    )
    plain = env["product.product"].create({"name": "Bench plain ring", "type": "consu"})
    check = env["jewel.quality.check"].create(
        {"point_id": point.id, "product_id": plain.id, "goldsmith_id": users[0].id}
    )
    check.action_pass()
    customer = env["res.partner"].create({"name": "Bench Customer"})
    retail = env["res.partner"].create(
        {
            "name": "Bench Boutique",
            "jewel_is_retail_partner": True,
            "jewel_pricing": "commission",
            "jewel_commission_percent": 20.0,
        }
    )
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": customer.id,
            "invoice_date": "2025-01-02",
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "quantity": 1.0,
                        "price_unit": 1000.0,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }
    )
    invoice.action_post()
    lot = env["stock.lot"].create({"name": "BENCH-0", "product_id": product.id})
    env.flush_all()
    return {
        "gold": gold,
        "users": users,
        "accounts": accounts,
        "vault": vault,
        "finished": finished,
        "workcenters": workcenters,
        "operations": bom.operation_ids.sorted("sequence"),
        "production": production,
        "workorder": workorder,
        "time": time_record,
        "issue": issue,
        "check": check,
        "invoice": invoice,
        "invoice_line": invoice.invoice_line_ids,
        "lot": lot,
        "customer": customer,
        "retail": retail,
    }


def generate(env, t):
    """A year of the workshop, cloned from the templates.

    The clones are consistent by construction: when the database user may, the
    foreign key triggers are skipped while they are written (rolled back at the
    end in any case).
    """
    env.cr.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if env.cr.fetchone()[0]:
        env.cr.execute("SET LOCAL session_replication_role = replica")
    day = "DATE '2025-01-01' + ((g * 7) % 365)"  # spread over the year
    lots = clone(env, "stock_lot", t["lot"].id, ORDERS, {"name": "'BENCH-' || g"})
    params = {
        "users": t["users"].ids,
        "accounts": t["accounts"].ids,
        "wcs": t["workcenters"].ids,
        "ops": t["operations"].ids,
    }

    def sql(expr):
        return env.cr.mogrify(expr, params).decode()

    def nth(ids, index):
        return f"({ids[0] - 1} + ({index}))"

    orders = clone(
        env,
        "mrp_production",
        t["production"].id,
        ORDERS,
        {
            "name": "'WB/' || g",
            "state": "'done'",
            "qty_producing": "1",
            "date_start": f"{day} + time '08:00'",
            "date_finished": f"{day} + time '16:00'",
            "lot_producing_id": nth(lots, "g"),
            "jewel_fine_in_product": "3.0",
        },
    )
    # three work orders an order: casting, filing, polishing
    workorders = clone(
        env,
        "mrp_workorder",
        t["workorder"].id,
        3 * ORDERS,
        {
            "production_id": nth(orders, "(g - 1) / 3 + 1"),
            "workcenter_id": sql("(%(wcs)s::int[])[1 + (g - 1) %% 3]"),
            "operation_id": sql("(%(ops)s::int[])[1 + (g - 1) %% 3]"),
            "state": "'done'",
            "costs_hour": "0",
        },
    )
    start = "DATE '2025-01-01' + (((g - 1) / 3 * 7) % 365) + time '08:00'"
    clone(
        env,
        "mrp_workcenter_productivity",
        t["time"].id,
        len(workorders),
        {
            "workorder_id": nth(workorders, "g"),
            "workcenter_id": sql("(%(wcs)s::int[])[1 + (g - 1) %% 3]"),
            "user_id": sql("(%(users)s::int[])[1 + g %% 30]"),
            "date_start": start,
            "date_end": f"{start} + (30 + g % 90) * interval '1 minute'",
            "duration": "30 + g % 90",
        },
    )
    jobs = clone(
        env,
        "jewel_metal_job",
        t["issue"].ledger_line_ids.job_id.id,
        len(workorders),
        {
            "name": "'WJ/' || g",
            "production_id": nth(orders, "(g - 1) / 3 + 1"),
            "workorder_id": nth(workorders, "g"),
            "workcenter_id": sql("(%(wcs)s::int[])[1 + (g - 1) %% 3]"),
            "account_id": sql("(%(accounts)s::int[])[1 + g %% 30]"),
            "user_id": sql("(%(users)s::int[])[1 + g %% 30]"),
            "state": "'closed'",
        },
    )
    holder_line = t["issue"].ledger_line_ids.filtered("job_id")
    # issue, return, and scrap for one job in six: both sides of each
    for kind, gross, every, other in (
        ("issue", "4.0 + (g % 10) * 0.1", 1, t["vault"]),
        ("return", "4.0", 1, t["finished"]),
        ("scrap_return", "0.2", 6, t["vault"]),
    ):
        sign = 1 if kind == "issue" else -1
        count = len(jobs) // every
        job = nth(jobs, f"g * {every}")
        order = nth(orders, f"(g * {every} - 1) / 3 + 1")
        workorder = nth(workorders, f"g * {every}")
        holder = sql(f"(%(accounts)s::int[])[1 + (g * {every}) %% 30]")
        date = f"DATE '2025-01-01' + ((((g * {every}) - 1) / 3 * 7) % 365)"
        for side in (sign, -sign):
            on_job = side == sign
            clone(
                env,
                "jewel_metal_ledger_line",
                holder_line.id,
                count,
                {
                    "transfer_type": f"'{kind}'",
                    "account_id": holder if on_job else str(other.id),
                    "account_type": "'goldsmith'"
                    if on_job
                    else f"'{other.account_type}'",
                    "gross_weight": f"{side} * ({gross})",
                    "fine_weight": f"{side} * ({gross}) * 0.75",
                    "date": date,
                    "job_id": job if on_job else "NULL",
                    "production_id": order if on_job else "NULL",
                    "workorder_id": workorder if on_job else "NULL",
                },
            )
    checks = clone(
        env,
        "jewel_quality_check",
        t["check"].id,
        ORDERS,
        {
            "name": "'WQC/' || g",
            "production_id": nth(orders, "g"),
            "workorder_id": nth(workorders, "g * 3"),
            "goldsmith_id": sql("(%(users)s::int[])[1 + g %% 30]"),
            "state": "CASE WHEN g % 10 = 0 THEN 'fail' ELSE 'pass' END",
            "decision": "CASE WHEN g % 10 = 0 THEN 'rework' END",
            "date_checked": f"{day} + time '15:00'",
            "root_id": "t.id",
        },
    )
    env.cr.execute(
        "UPDATE jewel_quality_check SET root_id = id WHERE id = ANY(%s)", [checks]
    )
    # one invoice in four to the retail partner
    partner = f"CASE WHEN g % 4 = 0 THEN {t['retail'].id} ELSE {t['customer'].id} END"
    moves = clone(
        env,
        "account_move",
        t["invoice"].id,
        INVOICE_LINES // 2,
        {
            "name": "'WINV/' || g",
            "invoice_date": "DATE '2025-01-01' + ((g * 11) % 365)",
            "date": "DATE '2025-01-01' + ((g * 11) % 365)",
            "partner_id": partner,
            "commercial_partner_id": partner,
        },
    )
    price = "(1000 + g % 500)"
    clone(
        env,
        "account_move_line",
        t["invoice_line"].id,
        INVOICE_LINES,
        {
            "move_id": nth(moves, "(g - 1) / 2 + 1"),
            "partner_id": "NULL",
            "date": "DATE '2025-01-01' + ((((g - 1) / 2 + 1) * 11) % 365)",
            "price_unit": price,
            "price_subtotal": price,
            "price_total": price,
            "balance": f"-{price}",
            "amount_currency": f"-{price}",
            "credit": price,
            "debit": "0",
            "jewel_lot_id": f"CASE WHEN g <= {ORDERS} THEN {nth(lots, 'g')} END",
        },
    )
    env.cr.execute(
        """
        INSERT INTO jewel_metal_price (metal_id, date, price, currency_id, company_id,
                                       source, create_uid, write_uid, create_date,
                                       write_date)
        SELECT %(gold)s, d::date, 60 + extract(doy FROM d) / 50.0, %(currency)s,
               %(company)s, 'manual', 1, 1, now(), now()
          FROM generate_series(DATE '2024-12-01', DATE '2025-12-31', interval '1 day') d
        ON CONFLICT DO NOTHING
        """,
        {
            "gold": t["gold"].id,
            "currency": env.company.currency_id.id,
            "company": env.company.id,
        },
    )
    env.cr.execute("SET LOCAL session_replication_role = DEFAULT")
    for table in (
        "mrp_production",
        "mrp_workorder",
        "mrp_workcenter_productivity",
        "jewel_metal_job",
        "jewel_metal_ledger_line",
        "jewel_quality_check",
        "account_move",
        "account_move_line",
        "stock_lot",
        "jewel_metal_price",
    ):
        env.cr.execute(f"ANALYZE {table}")
    return {"orders": len(orders), "workorders": len(workorders), "checks": len(checks)}


# The same figures written by hand on the source tables: by month, over the year.
# Output per hour is compared per goldsmith and month (GROUPBY): its total by
# month alone is a different, simpler question than the measure answers.
GROUPBY = {"jewel.workshop.output": ["date:month", "goldsmith_id"]}
HAND_SQL = {
    # per goldsmith and month, as the owner reads it: each time record takes its
    # share of its order's pieces (by minutes), which is what the view does too
    "jewel.workshop.output": (
        "pieces_per_hour",
        """
        WITH t AS (
            SELECT t.user_id, t.duration, wo.production_id,
                   SUM(t.duration) OVER (PARTITION BY wo.production_id)
                       AS order_minutes
              FROM mrp_workcenter_productivity t
              JOIN mrp_workorder wo ON wo.id = t.workorder_id
             WHERE t.loss_type IN ('productive', 'performance')
        )
        SELECT date_trunc('month', mo.date_finished), t.user_id,
               SUM(mo.qty_producing * t.duration / t.order_minutes) * 60.0
               / NULLIF(SUM(t.duration), 0)
          FROM t JOIN mrp_production mo ON mo.id = t.production_id
         WHERE mo.state = 'done' AND t.order_minutes > 0
           AND mo.date_finished::date BETWEEN %(start)s AND %(end)s
         GROUP BY 1, 2
        """,
    ),
    "jewel.workshop.yield": (
        "yield_percent",
        """
        WITH job AS (
            SELECT job_id, MAX(date) AS date,
                   SUM(fine_weight) FILTER (WHERE transfer_type = 'issue') AS issued,
                   -SUM(fine_weight) FILTER (WHERE transfer_type = 'return') AS piece
              FROM jewel_metal_ledger_line
             WHERE job_id IS NOT NULL
             GROUP BY job_id
        )
        SELECT date_trunc('month', date), 100.0 * SUM(piece) / SUM(issued)
          FROM job WHERE date BETWEEN %(start)s AND %(end)s GROUP BY 1
        """,
    ),
    "jewel.workshop.rework": (
        "rework_rate",
        """
        WITH chain AS (
            SELECT root_id, bool_or(decision = 'rework') AS reworked
              FROM jewel_quality_check GROUP BY root_id
        )
        SELECT date_trunc('month', COALESCE(c.date_checked, c.create_date)),
               100.0 * SUM(CASE WHEN chain.reworked THEN 1 ELSE 0 END) / COUNT(*)
          FROM jewel_quality_check c JOIN chain ON chain.root_id = c.id
         WHERE c.retest_of_id IS NULL AND c.state != 'todo'
           AND COALESCE(c.date_checked, c.create_date)::date
               BETWEEN %(start)s AND %(end)s
         GROUP BY 1
        """,
    ),
    "jewel.workshop.utilisation": (
        "utilisation",
        """
        WITH days AS (
            SELECT wc.id, wc.resource_calendar_id, d::date AS day
              FROM mrp_workcenter wc
             CROSS JOIN generate_series(%(start)s::date, %(end)s::date,
                                        interval '1 day') d
             WHERE wc.active
        ),
        available AS (
            SELECT date_trunc('month', days.day) AS month,
                   SUM(a.hour_to - a.hour_from) AS hours
              FROM days
              JOIN resource_calendar_attendance a
                ON a.calendar_id = days.resource_calendar_id
               AND a.dayofweek::int = EXTRACT(ISODOW FROM days.day) - 1
               AND a.display_type IS NULL AND a.day_period != 'lunch'
               AND a.resource_id IS NULL
             GROUP BY 1
        ),
        used AS (
            SELECT date_trunc('month', t.date_start) AS month,
                   SUM(t.duration) / 60.0 AS hours
              FROM mrp_workcenter_productivity t
              JOIN mrp_workcenter wc ON wc.id = t.workcenter_id AND wc.active
             WHERE t.loss_type IN ('productive', 'performance')
               AND t.date_start::date BETWEEN %(start)s AND %(end)s
             GROUP BY 1
        )
        SELECT available.month, 100.0 * COALESCE(used.hours, 0) / available.hours
          FROM available LEFT JOIN used ON used.month = available.month
        """,
    ),
    # a developer's query of the margin: every cost per order in one pass, hash-
    # joined to the year's lines (the price of the very day: the bench's rates
    # are daily)
    "jewel.workshop.margin": (
        "margin",
        """
        WITH metal AS (
            SELECT l.production_id,
                   SUM(l.fine_weight * p.price) FILTER (
                       WHERE l.transfer_type = 'issue')
                   / SUM(l.fine_weight) FILTER (WHERE l.transfer_type = 'issue')
                       AS price,
                   SUM(l.fine_weight) AS loss
              FROM jewel_metal_ledger_line l
              JOIN jewel_metal_price p
                ON p.metal_id = l.metal_id AND p.company_id = l.company_id
               AND p.date = l.date
             WHERE l.job_id IS NOT NULL
               AND l.transfer_type IN ('issue', 'return', 'scrap_return')
             GROUP BY l.production_id
        ),
        labour AS (
            SELECT wo.production_id,
                   SUM(t.duration / 60.0 * wc.costs_hour) AS cost
              FROM mrp_workcenter_productivity t
              JOIN mrp_workorder wo ON wo.id = t.workorder_id
              JOIN mrp_workcenter wc ON wc.id = wo.workcenter_id
             GROUP BY wo.production_id
        )
        SELECT date_trunc('month', am.invoice_date),
               SUM(-aml.balance
                   - COALESCE(ROUND((mo.jewel_fine_in_product * metal.price)::numeric,
                                    2), 0)
                   - COALESCE(ROUND((metal.loss * metal.price)::numeric, 2), 0)
                   - COALESCE(ROUND(labour.cost::numeric, 2), 0))
          FROM account_move_line aml
          JOIN account_move am ON am.id = aml.move_id
          LEFT JOIN mrp_production mo
            ON mo.lot_producing_id = aml.jewel_lot_id AND mo.state = 'done'
          LEFT JOIN metal ON metal.production_id = mo.id
          LEFT JOIN labour ON labour.production_id = mo.id
         WHERE aml.display_type = 'product' AND am.state = 'posted'
           AND am.move_type IN ('out_invoice', 'out_refund')
           AND am.invoice_date BETWEEN %(start)s AND %(end)s
         GROUP BY 1
        """,
    ),
}


def main(argv):
    config.parse_config(argv)
    registry = Registry(config["db_name"])
    failures = []
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        start = time.perf_counter()
        templates = setup_templates(env)
        sizes = generate(env, templates)
        env.cr.execute("SELECT count(*) FROM jewel_metal_ledger_line")
        ledger = env.cr.fetchone()[0]
        print(
            f"bench_workshop_measures: generated {sizes['orders']:,} orders, "
            f"{sizes['workorders']:,} work orders and time records, {ledger:,} "
            f"ledger lines, {sizes['checks']:,} quality checks, "
            f"{INVOICE_LINES:,} invoice lines in {time.perf_counter() - start:.1f} s ("
            + ", ".join(f"{table} {s:.1f} s" for table, s in TIMINGS.items())
            + ")"
        )
        env.invalidate_all()
        domain = [("date", ">=", YEAR[0]), ("date", "<=", YEAR[1])]
        for model, (measure, query) in HAND_SQL.items():
            Measure = env[model]

            groupby = GROUPBY.get(model, ["date:month"])

            def view(Measure=Measure, measure=measure, groupby=groupby):
                return Measure._read_group(domain, groupby, [f"{measure}:sum"])

            def hand(query=query):
                env.cr.execute(query, {"start": YEAR[0], "end": YEAR[1]})
                return env.cr.fetchall()

            (t_view, t_hand), (figures, rows) = best_of_interleaved([view, hand])
            view_total = sum(row[-1] or 0.0 for row in figures)
            hand_total = sum(float(row[-1] or 0.0) for row in rows)
            ratio = t_view / t_hand
            print(
                f"bench_workshop_measures: {model} {measure} by "
                f"{' and '.join(groupby)} ({len(figures)} groups): view "
                f"{t_view * 1000:.0f} ms, hand-written SQL {t_hand * 1000:.0f} ms, "
                f"ratio {ratio:.2f} (target < "
                f"{MAX_SECONDS:.0f} s and <= {MAX_RATIO}); sum of groups "
                f"{view_total:.2f} / {hand_total:.2f}"
            )
            if abs(view_total - hand_total) > 0.01 * max(1.0, abs(hand_total)):
                failures.append(f"{model}: {view_total:.2f} != {hand_total:.2f}")
            if t_view >= MAX_SECONDS:
                failures.append(f"{model}: {t_view:.2f} s")
            if ratio > MAX_RATIO:
                failures.append(f"{model}: ratio {ratio:.2f}")
        cr.rollback()
    if failures:
        print("bench_workshop_measures: FAILED: " + "; ".join(failures))
        return 1
    print("bench_workshop_measures: OK (rolled back)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
