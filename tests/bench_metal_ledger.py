"""Benchmark of the metal ledger (jewel_metal_ledger) on 1,000,000 posted lines.

Generates 1,000,000 ledger lines over 200 accounts and 4 metals with one
INSERT … SELECT generate_series, then times, through the addon and in raw SQL
on the same table:

- the balances of the 200 accounts per metal (``_get_balances``, an ORM
  ``_read_group``) against ``SELECT … SUM … GROUP BY``;
- one account's statement with its running balance (``_get_statement``)
  against the same window query written by hand;

and counts the queries of posting one transfer with 1,000 and with
1,000,000 lines in the ledger. Everything is rolled back at the end.
"""

import sys
import time

import odoo
from odoo.modules.registry import Registry
from odoo.tools import config

TOTAL_LINES = 1_000_000
ACCOUNTS = 200
RUNS = 7
TARGET_RATIO = 1.5


def best_of(func, runs=RUNS):
    best = None
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def generate(env, accounts, metals, alloys, transfer, first, count):
    """``count`` balanced lines (pairs) numbered from ``first``."""
    env.cr.execute(
        """
        INSERT INTO jewel_metal_ledger_line (
            transfer_id, transfer_type, account_id, counterpart_account_id,
            account_type, metal_id, alloy_id, gross_weight, fine_weight, date,
            company_id, create_uid, write_uid, create_date, write_date)
        SELECT %(transfer)s, 'adjustment',
               CASE WHEN side = 1 THEN a.acc ELSE a.cp END,
               CASE WHEN side = 1 THEN a.cp ELSE a.acc END,
               'goldsmith',
               (%(metals)s::int[])[1 + (g / %(n)s) %% 4],
               (%(alloys)s::int[])[1 + (g / %(n)s) %% 4],
               side * (1 + g %% 97) / 10.0,
               side * (1 + g %% 97) * 0.075,
               DATE '2020-01-01' + (g %% 2500),
               %(company)s, 1, 1, now(), now()
          FROM generate_series(%(first)s, %(last)s) AS g
         CROSS JOIN LATERAL (
               SELECT (%(accounts)s::int[])[1 + g %% %(n)s] AS acc,
                      (%(accounts)s::int[])[1 + (g * 7 + 1) %% %(n)s] AS cp) AS a
         CROSS JOIN (VALUES (1), (-1)) AS s(side)
        """,
        {
            "transfer": transfer.id,
            "metals": metals.ids,
            "alloys": alloys.ids,
            "accounts": accounts.ids,
            "n": len(accounts),
            "company": env.company.id,
            "first": first,
            "last": first + count // 2 - 1,
        },
    )
    env.cr.execute("ANALYZE jewel_metal_ledger_line")


def post_one(env, vault, goldsmith, alloy):
    transfer = env["jewel.metal.transfer"].create(
        {
            "transfer_type": "issue",
            "from_account_id": vault.id,
            "to_account_id": goldsmith.id,
            "line_ids": [(0, 0, {"alloy_id": alloy.id, "gross_weight": 1.0})],
        }
    )
    env.flush_all()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    transfer.action_post()
    env.flush_all()
    return env.cr.sql_log_count - before, time.perf_counter() - start


def main(argv):
    config.parse_config(argv)
    registry = Registry(config["db_name"])
    failures = []
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Account = env["jewel.metal.account"]
        metals = env["jewel.metal"].search([], limit=4)
        alloys = env["jewel.alloy"].browse(
            [
                env["jewel.alloy"].search([("metal_id", "=", m.id)], limit=1).id
                for m in metals
            ]
        )
        gold_alloy = env.ref("jewel_bom.jewel_alloy_au750_yellow")
        partner = env["res.partner"].create({"name": "Bench Dealer"})
        supplier = Account.create(
            {
                "name": "Bench Dealer",
                "account_type": "supplier",
                "partner_id": partner.id,
            }
        )
        vault = Account.create({"name": "Bench Vault", "account_type": "vault"})
        goldsmith = Account.create(
            {"name": "Bench Goldsmith", "account_type": "goldsmith"}
        )
        seed = env["jewel.metal.transfer"].create(
            {
                "transfer_type": "adjustment",
                "from_account_id": supplier.id,
                "to_account_id": vault.id,
                "line_ids": [
                    (0, 0, {"alloy_id": gold_alloy.id, "gross_weight": 10000.0})
                ],
            }
        )
        seed.action_post()
        accounts = Account.create(
            [
                {"name": f"Bench account {i:03d}", "account_type": "goldsmith"}
                for i in range(ACCOUNTS)
            ]
        )
        env.flush_all()
        env.cr.execute("SELECT count(*) FROM jewel_metal_ledger_line")
        existing = env.cr.fetchone()[0]

        generate(env, accounts, metals, alloys, seed, 1, 1000)
        post_one(env, vault, goldsmith, gold_alloy)  # warm-up: caches, sequence
        queries_small, time_small = post_one(env, vault, goldsmith, gold_alloy)
        start = time.perf_counter()
        generate(env, accounts, metals, alloys, seed, 501, TOTAL_LINES - 1000)
        print(
            f"bench_metal_ledger: generated {TOTAL_LINES:,} ledger lines over "
            f"{ACCOUNTS} accounts and {len(metals)} metals in "
            f"{time.perf_counter() - start:.1f} s ({existing} lines before)"
        )
        post_one(env, vault, goldsmith, gold_alloy)  # same warm-up
        queries_big, time_big = post_one(env, vault, goldsmith, gold_alloy)
        print(
            f"bench_metal_ledger: posting one transfer: {queries_small} queries "
            f"({time_small * 1000:.1f} ms) with 1,000 lines, {queries_big} queries "
            f"({time_big * 1000:.1f} ms) with 1,000,000 lines"
        )
        if queries_small != queries_big:
            failures.append("posting cost depends on the ledger size")

        env.invalidate_all()
        t_orm, balances = best_of(lambda: accounts._get_balances())

        def raw_balances():
            env.cr.execute(
                """
                SELECT account_id, metal_id, SUM(fine_weight)
                  FROM jewel_metal_ledger_line
                 WHERE account_id = ANY(%s)
                 GROUP BY account_id, metal_id
                """,
                [accounts.ids],
            )
            return env.cr.fetchall()

        t_sql, rows = best_of(raw_balances)
        assert len(balances) == len(rows) == ACCOUNTS * len(metals), (
            len(balances),
            len(rows),
        )
        raw = {(a, m): round(f, 3) for a, m, f in rows}
        assert all(raw[(a.id, m.id)] == v for (a, m), v in balances.items())
        ratio = t_orm / t_sql
        print(
            f"bench_metal_ledger: balances of {ACCOUNTS} accounts x {len(metals)} "
            f"metals: "
            f"addon {t_orm * 1000:.1f} ms, raw SQL {t_sql * 1000:.1f} ms, "
            f"ratio {ratio:.2f} (target <= {TARGET_RATIO})"
        )
        if ratio > TARGET_RATIO:
            print(
                f"bench_metal_ledger: WARNING balances ratio {ratio:.2f} above target"
            )

        account, metal = accounts[17], metals[0]
        t_orm_s, (opening, statement) = best_of(
            lambda: account._get_statement(metal, "2022-01-01", "2025-12-31")
        )

        def raw_statement():
            env.cr.execute(
                """
                SELECT id, date, transfer_id, transfer_type, counterpart_account_id,
                       alloy_id, gross_weight, fine_weight,
                       COALESCE((SELECT SUM(fine_weight) FROM jewel_metal_ledger_line
                                  WHERE account_id = %(a)s AND metal_id = %(m)s
                                    AND date < '2022-01-01'), 0.0) AS opening,
                       SUM(fine_weight) OVER (ORDER BY date, id) AS running
                  FROM jewel_metal_ledger_line
                 WHERE account_id = %(a)s AND metal_id = %(m)s
                   AND date >= '2022-01-01' AND date <= '2025-12-31'
                 ORDER BY date, id
                """,
                {"a": account.id, "m": metal.id},
            )
            return env.cr.fetchall()

        t_sql_s, raw_rows = best_of(raw_statement)
        assert len(statement) == len(raw_rows)
        assert (
            abs(statement[-1]["balance"] - raw_rows[-1][-2] - raw_rows[-1][-1]) < 1e-6
        )
        ratio_s = t_orm_s / t_sql_s
        print(
            f"bench_metal_ledger: statement of one account ({len(statement)} lines, "
            f"opening {opening:.3f} g): addon {t_orm_s * 1000:.1f} ms, raw SQL "
            f"{t_sql_s * 1000:.1f} ms, ratio {ratio_s:.2f} (target <= {TARGET_RATIO})"
        )
        if ratio_s > TARGET_RATIO:
            print(f"bench_metal_ledger: WARNING statement ratio {ratio_s:.2f} too high")
        cr.rollback()
    if failures:
        print("bench_metal_ledger: FAILED: " + "; ".join(failures))
        return 1
    print("bench_metal_ledger: OK (rolled back)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
