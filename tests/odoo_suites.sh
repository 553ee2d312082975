#!/usr/bin/env bash
# Odoo's own test suites with and without our addons: bash tests/odoo_suites.sh [--tags T] [--serial]
#
# Runs Odoo's own tests of the core modules our addons extend twice, in two
# databases that differ only by our addons:
#   plain  the Odoo modules below installed with demo data,
#   jewel  the same database plus every addon of addons/ (demo data too),
# with "--test-enable --test-tags /mrp,/stock,..." and no -i/-u, through
# tests/odoo_suites_server.py: every selected test (at_install ones included)
# runs once all modules are loaded, on the registry a running server has. It prints the tests that fail only in
# "jewel", each with its cause from the table of known causes below (the
# documented configuration of our addons, see README.md "Configuration
# notes"); a failure with no known cause is printed as UNEXPECTED and makes the
# script exit non-zero. Tests failing in both databases are Odoo's own (or the
# environment's) and only counted.
#
# Slow: about 30-60 minutes on two busy cores, so it is not part of
# tests/run.sh nor of CI. The two test runs go in parallel (--serial: one
# after the other).
#
# Options:
#   --tags T     Odoo test tags (default: /mrp,/stock,/sale_stock,/mrp_account,
#                /stock_account,/sale_mrp,/crm,/portal; account is installed but
#                its tests import test_mimetypes, which the trimmed Odoo archive
#                of ../shared/odoo lacks: with a full Odoo source add /account)
#   --serial     run the two suites one after the other
#   --keep       keep the work directory (logs) and the two databases
#   --reuse-dbs  run on the two databases kept by an earlier --keep run (only
#                when addons/ did not change since)
# Environment: JEWEL_SUITES_PG_DIR  persistent cluster (default
#   /var/tmp/jewel-suites-pg; its own, so that tests/run.sh can run meanwhile),
#   JEWEL_SUITES_TIMEOUT seconds per suite run (default 7200).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MODULES="mrp,stock,account,sale_stock,mrp_account,stock_account,sale_mrp,crm,portal"
# not /account: its tests import test_mimetypes, absent from the trimmed Odoo archive
TAGS="/mrp,/stock,/sale_stock,/mrp_account,/stock_account,/sale_mrp,/crm,/portal"
PARALLEL=1
KEEP=0
REUSE=0
die() {
    printf '\nFAILED: %s\n' "$*" >&2
    exit 1
}
log() { printf '\n==> %s\n' "$*"; }
while [ $# -gt 0 ]; do
    case "$1" in
    --tags)
        [ $# -ge 2 ] || die "--tags needs Odoo test tags"
        TAGS="$2"
        shift
        ;;
    --serial) PARALLEL=0 ;;
    --keep) KEEP=1 ;;
    --reuse-dbs) REUSE=1 ;;
    -h | --help)
        sed -n '2,33p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) die "unknown option '$1' (see: bash tests/odoo_suites.sh --help)" ;;
    esac
    shift
done

# shellcheck source=bin/bootstrap.sh
source "$ROOT/bin/bootstrap.sh"
# shellcheck source=bin/pg.sh
source "$ROOT/bin/pg.sh"
jewel_bootstrap || die "the bootstrap failed (see above)"
ODOO_PKG_DIR="$(python3 -c 'import odoo, os; print(os.path.dirname(odoo.__file__))')"
ODOO_ADDONS="$ODOO_PKG_DIR/addons"
[ -d "$(dirname "$ODOO_PKG_DIR")/addons" ] && ODOO_ADDONS="$ODOO_ADDONS,$(dirname "$ODOO_PKG_DIR")/addons"
ODOO=(python3 -m odoo)
OURS="$(cd addons && for m in */__manifest__.py; do printf '%s,' "${m%%/*}"; done)"
OURS="${OURS%,}"
# the Odoo modules our addons depend on, so that both databases hold the same ones
CORE="$(python3 - "$ROOT/addons" <<'EOF'
import ast, glob, os, sys
ours, deps = set(), set()
for m in glob.glob(os.path.join(sys.argv[1], "*", "__manifest__.py")):
    ours.add(os.path.basename(os.path.dirname(m)))
    deps.update(ast.literal_eval(open(m).read()).get("depends", []))
print(",".join(sorted(deps - ours)))
EOF
)"
ADDONS_PATH="$ODOO_ADDONS,$ROOT/addons"

WORK="$(mktemp -d /tmp/jewel-suites.XXXXXX)"
PGROOT="${JEWEL_SUITES_PG_DIR:-/var/tmp/jewel-suites-pg}"
mkdir -p "$PGROOT"
exec 9>"$PGROOT.lock"
flock -n 9 || {
    echo "waiting for another tests/odoo_suites.sh using $PGROOT ..."
    flock 9
}
PG_STARTED=0
PIDS=()
cleanup() {
    local rc=$?
    set +e
    for p in "${PIDS[@]}"; do kill -INT "$p" 2>/dev/null; done
    wait 2>/dev/null
    if [ "$PG_STARTED" = 1 ]; then
        if [ "$KEEP" = 0 ]; then
            for db in suites_plain suites_jewel; do
                dropdb -h 127.0.0.1 -p "$PGPORT" -U odoo --if-exists "$db" >/dev/null 2>&1
            done
        fi
        jewel_pg_stop
    fi
    if [ "$KEEP" = 1 ]; then echo "kept work dir: $WORK"; else rm -rf "$WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "Starting PostgreSQL in $PGROOT/data"
jewel_pg_start "$PGROOT" throwaway || die "PostgreSQL did not start"
PG_STARTED=1
DB_ARGS=(--db_host 127.0.0.1 --db_port "$PGPORT" -r odoo)
DATA="$PGROOT/odoo-data"
mkdir -p "$DATA/filestore"

no_errors() { # log file: fails on ERROR/CRITICAL/Traceback
    if grep -Eq '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) |^Traceback ' "$1"; then
        grep -E -A20 '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) |^Traceback ' "$1" | head -n 40
        return 1
    fi
}
clone_db() { # template target
    dropdb -h 127.0.0.1 -p "$PGPORT" -U odoo --if-exists "$2" >/dev/null 2>&1
    createdb -h 127.0.0.1 -p "$PGPORT" -U odoo -T "$1" "$2"
    rm -rf "${DATA:?}/filestore/$2"
    [ -d "$DATA/filestore/$1" ] && cp -a "$DATA/filestore/$1" "$DATA/filestore/$2"
    return 0
}

# ------------------------------------------------ the base: Odoo modules only
HASH="$(printf '%s\n' "$MODULES,$CORE" "$("${ODOO[@]}" --version)" "$ODOO_PKG_DIR" | sha1sum | cut -c1-10)"
BASE="suites_base_$HASH"
if [ "$(jewel_psql -c "SELECT 1 FROM pg_database WHERE datname = '$BASE'")" = 1 ]; then
    echo "reusing $BASE"
else
    log "Building $BASE: $MODULES,$CORE with demo data (once)"
    for db in $(jewel_psql -c "SELECT datname FROM pg_database WHERE datname LIKE 'suites\_base\_%'"); do
        dropdb -h 127.0.0.1 -p "$PGPORT" -U odoo "$db"
    done
    "${ODOO[@]}" -d "${BASE}_build" "${DB_ARGS[@]}" -i "$MODULES,$CORE" --stop-after-init --no-http \
        --workers 0 --max-cron-threads 0 --addons-path "$ODOO_ADDONS" --data-dir "$DATA" \
        --log-level warn --logfile "$WORK/base.log" || die "building $BASE failed ($WORK/base.log)"
    no_errors "$WORK/base.log" || die "errors while building $BASE"
    jewel_psql -c "ALTER DATABASE \"${BASE}_build\" RENAME TO \"$BASE\""
    rm -rf "${DATA:?}/filestore/$BASE"
    [ -d "$DATA/filestore/${BASE}_build" ] && mv "$DATA/filestore/${BASE}_build" "$DATA/filestore/$BASE"
fi

if [ "$REUSE" = 1 ] && [ "$(jewel_psql -c "SELECT count(*) FROM pg_database
        WHERE datname IN ('suites_plain', 'suites_jewel')")" = 2 ]; then
    echo "reusing the databases suites_plain and suites_jewel"
else
    log "Database suites_plain (Odoo only) and suites_jewel (+ $OURS)"
    clone_db "$BASE" suites_plain
    clone_db "$BASE" suites_jewel
    t0=$(date +%s)
    "${ODOO[@]}" -d suites_jewel "${DB_ARGS[@]}" -i "$OURS" --stop-after-init --no-http --workers 0 \
        --max-cron-threads 0 --addons-path "$ADDONS_PATH" --data-dir "$DATA" --log-level warn \
        --logfile "$WORK/install.log" || die "installing $OURS failed ($WORK/install.log)"
    no_errors "$WORK/install.log" || die "errors while installing $OURS"
    echo "our addons installed in $(($(date +%s) - t0))s"
fi

# ------------------------------------------------ the two runs
run_suite() { # db -> $WORK/<db>.log
    local rc=0
    timeout --signal=INT --kill-after=60 "${JEWEL_SUITES_TIMEOUT:-7200}" \
        python3 tests/odoo_suites_server.py -d "$1" "${DB_ARGS[@]}" --test-enable --test-tags "$TAGS" --stop-after-init \
        --http-interface 127.0.0.1 --http-port "$(_jpg_free_port)" --workers 0 --max-cron-threads 0 \
        --addons-path "$ADDONS_PATH" --data-dir "$DATA" --log-level info >"$WORK/$1.log" 2>&1 || rc=$?
    echo "$rc" >"$WORK/$1.rc"
}
log "Running $TAGS in both databases ($([ "$PARALLEL" = 1 ] && echo parallel || echo serial); logs in $WORK)"
t0=$(date +%s)
if [ "$PARALLEL" = 1 ]; then
    run_suite suites_plain &
    PIDS+=($!)
    run_suite suites_jewel &
    PIDS+=($!)
    wait "${PIDS[@]}" || true
    PIDS=()
else
    run_suite suites_plain
    run_suite suites_jewel
fi
echo "suites run in $(($(date +%s) - t0))s"

# ------------------------------------------------ the verdict
log "Result"
set +e
python3 - "$WORK/suites_plain.log" "$WORK/suites_jewel.log" <<'EOF'
import re, sys

# Known causes of failures with our addons, matched on the test id or on the
# error text. Each is a documented choice of ours (README "Configuration notes").
KNOWN = [
    # a quantity with 3 decimals in the assertion message: the test expected 2
    ("product-uom precision 3 (jewel_bom: grams to the milligram; the test hard-codes 2 decimals)",
     re.compile(r"Product Unit of Measure|AssertionError:.*(?<!\d)\d+\.\d{3}(?![\d/])")),
    ("reason-required promise (jewel_bom: moving a committed date needs a reason)",
     re.compile(r"PromiseReasonRequired|is a promise already made")),
    # no 3-decimal figure in its message: the backordered 0.999 Unit the test
    # expects unreservable is 1.000 at 3 decimals (passes with the precision
    # set back to 2 on the same database)
    ("product-uom precision 3 (jewel_bom: grams to the milligram; the test hard-codes 2 decimals)",
     re.compile(r"StockMove\.test_link_assign_9\b")),
]
head = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[\w.]+): (?P<msg>.*)$")
summary_re = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")


def parse(path):
    fails, summary, cur = {}, None, None
    for line in open(path, errors="replace"):
        line = line.rstrip("\n")
        m = head.match(line)
        if not m:
            if cur:
                fails[cur].append(line)
            continue
        cur = None
        msg = m["msg"]
        if s := summary_re.search(msg):
            summary = tuple(int(x) for x in s.groups())
        if m["level"] in ("ERROR", "CRITICAL") and msg.startswith(("FAIL:", "ERROR:")):
            t = re.search(r"\(([\w.]+)\)", msg)
            cur = t[1] if t else msg.split(":", 1)[1].strip()
            fails.setdefault(cur, []).append(msg)
    return fails, summary


plain, s_plain = parse(sys.argv[1])
jewel, s_jewel = parse(sys.argv[2])
bad = False
for name, s in (("plain (Odoo only)", s_plain), ("jewel (+ our addons)", s_jewel)):
    if s is None:
        print(f"{name}: no test summary line: the run did not finish")
        bad = True
    else:
        print(f"{name}: {s[2]} tests, {s[0]} failed, {s[1]} error(s)")
only = sorted(set(jewel) - set(plain))
both = set(jewel) & set(plain)
fixed = sorted(set(plain) - set(jewel))
print(f"failing in both: {len(both)}; only without our addons: {len(fixed)}; "
      f"only with our addons: {len(only)}")
for t in fixed:
    print(f"  only without ours (check the logs): {t}")
counts = {}
for t in only:
    text = "\n".join(jewel[t])
    found = next(((c, m) for c, rx in KNOWN if (m := rx.search(text))), None)
    short = ".".join(t.split(".")[-2:])
    if found:
        cause, m = found
        counts[cause] = counts.get(cause, 0) + 1
        evidence = text[max(m.end() - 70, m.start()) : m.end()].strip()
        print(f"  known   {short}: {cause}\n          (... {evidence})")
    else:
        bad = True
        last = next((l.strip() for l in reversed(jewel[t]) if l.strip()), "")
        print(f"  UNEXPECTED {t}: {last[:300]}")
for c, n in counts.items():
    print(f"{n} x {c}")
print("FAILED: failures with no known cause (see above)" if bad else "OK: every difference has a known cause")
sys.exit(1 if bad else 0)
EOF
VERDICT=$?
exit "$VERDICT"
