"""Benchmark: jewellery cost breakdown vs Odoo's own BOM overview, same BOM.

A generated 200-line, 3-level bill of materials (a root design with 10
sub-assemblies, each with 3 sub-sub-assemblies) is costed by
``mrp.bom._jewel_cost_breakdown`` and laid out by Odoo's BOM overview report
(``report.mrp.report_bom_structure._get_report_data``). Both run cold (caches
cleared) several times; the median time, the query count and their ratio are
printed. Target: the breakdown takes at most 1.2 x the overview's time.

Run by tests/run.sh with Odoo's server options; everything is rolled back.
"""

import statistics
import sys
import time

import odoo
from odoo.modules.registry import Registry
from odoo.tools import config

ROUNDS = 5
TARGET_RATIO = 1.2


def build_bom(env):
    gram = env.ref("uom.product_uom_gram")
    alloys = [
        env.ref("jewel_bom.jewel_alloy_au750_yellow"),
        env.ref("jewel_bom.jewel_alloy_au750_white"),
        env.ref("jewel_bom.jewel_alloy_pt950"),
    ]
    Product = env["product.product"]
    grains = Product.create(
        [
            {
                "name": f"Bench grain {alloy.name}",
                "is_storable": True,
                "uom_id": gram.id,
                "uom_po_id": gram.id,
                "jewel_component_type": "metal",
                "jewel_alloy_id": alloy.id,
                "standard_price": 50.0,
            }
            for alloy in alloys
        ]
    )
    stones = Product.create(
        [
            {
                "name": f"Bench stone {i}",
                "is_storable": True,
                "jewel_component_type": "stone",
                "jewel_stone_weight": 0.01 * (i + 1),
                "jewel_stone_count": 1,
                "standard_price": 10.0 * (i + 1),
            }
            for i in range(20)
        ]
    )
    workcenter = env["mrp.workcenter"].create({"name": "Bench WC", "costs_hour": 45.0})
    for metal in env["jewel.metal"].search([]):
        env["jewel.metal.price"].create(
            {"metal_id": metal.id, "date": "2035-01-01", "price": 50.0}
        )

    def leaves(count, seed):
        lines = []
        for i in range(count):
            if i % 2:
                lines.append((stones[(seed + i) % len(stones)], 2))
            else:
                lines.append((grains[(seed + i) % len(grains)], 0.25 + i / 100))
        return lines

    def bom(name, lines):
        product = Product.create({"name": name, "is_storable": True})
        env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "bom_line_ids": [
                    (0, 0, {"product_id": p.id, "product_qty": q}) for p, q in lines
                ],
                "operation_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Work",
                            "workcenter_id": workcenter.id,
                            "time_cycle_manual": 10,
                        },
                    )
                ],
            }
        )
        return product

    subs = []
    for s in range(10):
        subsubs = [bom(f"Bench sub {s}.{t}", leaves(3, s * 10 + t)) for t in range(3)]
        subs.append(bom(f"Bench sub {s}", leaves(6, s) + [(p, 1) for p in subsubs]))
    root = bom("Bench design", leaves(10, 99) + [(p, 1) for p in subs])
    root_bom = env["mrp.bom"]._bom_find(root)[root]
    line_count = (
        len(root_bom.bom_line_ids)
        + sum(len(env["mrp.bom"]._bom_find(p)[p].bom_line_ids) for p in subs)
        + sum(
            len(b.bom_line_ids)
            for b in env["mrp.bom"].search(
                [("product_tmpl_id.name", "like", "Bench sub %.%")]
            )
        )
    )
    return root_bom, line_count


def measure(env, func):
    times, queries = [], []
    for _round in range(ROUNDS):
        env.flush_all()
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
        queries.append(env.cr.sql_log_count - before)
    return statistics.median(times), statistics.median(queries)


def main(argv):
    config.parse_config(argv)
    registry = Registry(config["db_name"])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        bom, line_count = build_bom(env)
        breakdown = bom._jewel_cost_breakdown("2035-01-02")[bom]
        overview = env["report.mrp.report_bom_structure"]
        ours_time, ours_queries = measure(
            env, lambda: bom._jewel_cost_breakdown("2035-01-02")
        )
        odoo_time, odoo_queries = measure(
            env, lambda: overview._get_report_data(bom.id, searchQty=1)
        )
        ratio = ours_time / odoo_time
        boms = len(breakdown["rollup"]["boms"])
        print(f"BOM: {line_count} lines in {boms} BOMs on 3 levels")
        print(f"total cost {breakdown['total']:.2f}")
        for label, seconds, queries in (
            ("jewel cost breakdown", ours_time, ours_queries),
            ("Odoo BOM overview", odoo_time, odoo_queries),
        ):
            print(f"{label:21}: {seconds * 1000:7.1f} ms {queries:5.0f} queries")
        print(f"ratio ours / Odoo:    {ratio:7.2f}  (target <= {TARGET_RATIO})")
        cr.rollback()
    if line_count != 200:
        print(f"FAILED: the generated BOM has {line_count} lines, not 200")
        return 1
    if ratio > TARGET_RATIO:
        print("FAILED: the cost breakdown is slower than the target")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
