#!/usr/bin/env bash
# The project's test command:   bash tests/run.sh [--no-lint] [--addons a,b] [--keep]
#
#   1. bootstrap (bin/bootstrap.sh): Odoo 18.0 in the project's virtual
#      environment, requirements.txt, and the Debian packages chromium,
#      wkhtmltopdf and PostgreSQL when missing; a second run installs nothing;
#   2. lint (fast fail): ruff check, ruff format --check, pylint + pylint_odoo;
#   3. starts a throwaway PostgreSQL cluster on a free port (stopped on exit);
#   4. clones a template database holding the Odoo core dependencies of our
#      addons (with demo data), installs our addons with --test-enable and
#      runs their at_install and post_install tests (browser tests included);
#   5. runs every tests/bench_*.py against the resulting database, then
#      tests/check_uninstall.sh on it (each addon uninstalls without an error),
#      then tests/demo_check.py (the demo command, bin/demo.sh, checked over HTTP);
#   6. parses the Odoo log and prints, as the very last line,
#      "N passed, N failed[, N skipped]". Exit status is non-zero on any failure.
#
# Options:
#   --no-lint        skip the lint step
#   --addons a,b     only install/test these addons of addons/ (quick local
#                    iteration; tests/bench_*.py are then not run)
#   --no-demo-check  do not run tests/demo_check.py
#   --no-uninstall-check  do not run tests/check_uninstall.sh
#   --test-tags T    Odoo --test-tags to run instead of every test of the selected
#                    addons (e.g. /jewel_bom:TestCosting); only with --addons
#   --keep           keep the work directory (logs, filestore) and the test db
#
# Environment (and those of bin/bootstrap.sh: ODOO_SRC, JEWEL_CACHE_DIR):
#   CI=true                    fresh cluster in a temporary dir, template built fresh
#   JEWEL_PG_DIR               persistent cluster dir (default /var/tmp/jewel-test-pg)
#   JEWEL_EXTRA_ADDONS_PATH    comma-separated extra addons dirs; their addons are
#                              treated like ours (installed and tested), not linted
#   JEWEL_TEST_TIMEOUT         seconds allowed for the Odoo test run (default 3600)
#   PG_BIN                     directory of initdb/pg_ctl/postgres (auto-detected)
#
# Skips: any skipped test fails the run, unless its "skipped ..." log line
# matches a regex listed in tests/allowed_skips.txt. Browser-test skips
# (no chromium, no websocket-client, no devtools connection) always fail.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

LINT=1
TAGS_OVERRIDE=""
DEMO_CHECK=1
UNINSTALL_CHECK=1
KEEP=0
ONLY=""
TEMPLATE_REV=1 # bump to force a rebuild of every persistent template

log() { printf '\n==> %s\n' "$*"; }
die() {
    printf '\nFAILED: %s\n' "$*" >&2
    exit 1
}
usage() { sed -n '2,32p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
    --no-lint) LINT=0 ;;
    --no-demo-check) DEMO_CHECK=0 ;;
    --no-uninstall-check) UNINSTALL_CHECK=0 ;;
    --test-tags)
        [ $# -ge 2 ] || die "--test-tags needs Odoo test tags"
        TAGS_OVERRIDE="$2"
        shift
        ;;
    --keep) KEEP=1 ;;
    --addons)
        [ $# -ge 2 ] || die "--addons needs a comma-separated list of addons"
        ONLY="$2"
        shift
        ;;
    --addons=*) ONLY="${1#--addons=}" ;;
    -h | --help)
        usage
        exit 0
        ;;
    *) die "unknown option '$1' (see: bash tests/run.sh --help)" ;;
    esac
    shift
done

T_START=$(date +%s)
T_TMPL=0
T_TEST=0
T_BENCH=0
WORK="$(mktemp -d /tmp/jewel-test.XXXXXX)"
PERSIST=1
PGROOT=""
PG_STARTED=0
# shellcheck disable=SC2317 # (invoked by the EXIT trap)
cleanup() {
    local rc=$?
    set +e
    [ -f "$WORK/odoo-test.log" ] && cat "$WORK/odoo-test.log" "$WORK"/bench.log >"$ROOT/tests/.last-run.log" 2>/dev/null
    local summary="0 passed, 0 failed"
    [ -s "$WORK/summary.txt" ] && summary="$(cat "$WORK/summary.txt")"
    if [ "$PG_STARTED" = 1 ]; then
        if [ "$PERSIST" = 1 ] && [ "$KEEP" = 0 ] && [ -n "${TESTDB:-}" ]; then
            dropdb -h 127.0.0.1 -p "$PGPORT" -U odoo --if-exists "$TESTDB" >/dev/null 2>&1
        fi
        jewel_pg_stop
    fi
    [ "$PERSIST" = 0 ] && [ -n "$PGROOT" ] && rm -rf "$PGROOT"
    if [ "$KEEP" = 1 ]; then
        echo "kept work dir: $WORK"
    else
        rm -rf "$WORK"
    fi
    # the very last line, whatever happened
    echo "$summary"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- environment
# Odoo 18.0 in the project's virtual environment, requirements.txt, chromium,
# wkhtmltopdf and PostgreSQL: installed by the bootstrap when missing.
log "Bootstrap (bin/bootstrap.sh)"
# shellcheck source=bin/bootstrap.sh
source "$ROOT/bin/bootstrap.sh"
# shellcheck source=bin/pg.sh
source "$ROOT/bin/pg.sh"
jewel_bootstrap || die "the bootstrap failed (see above)"
ODOO_PKG_DIR="$(python3 -c 'import odoo, os; print(os.path.dirname(odoo.__file__))')"
ODOO_BIN=(python3 -m odoo)
ODOO_ADDONS_PATHS="$ODOO_PKG_DIR/addons"
[ -d "$(dirname "$ODOO_PKG_DIR")/addons" ] && ODOO_ADDONS_PATHS="$ODOO_ADDONS_PATHS,$(dirname "$ODOO_PKG_DIR")/addons"
echo "odoo: $("${ODOO_BIN[@]}" --version 2>/dev/null) ($ODOO_PKG_DIR, python $(command -v python3))"
CHROME="$(command -v chromium || command -v chromium-browser || command -v google-chrome)" ||
    die "no chromium: browser tests cannot be skipped"
echo "browser: $CHROME"
command -v wkhtmltopdf >/dev/null || die "no wkhtmltopdf: PDF reports cannot be tested"
echo "pdf: $(command -v wkhtmltopdf) ($(wkhtmltopdf --version 2>/dev/null))"

# ---------------------------------------------------------------- addons
# Our addons: addons/*/__manifest__.py (+ JEWEL_EXTRA_ADDONS_PATH). Core
# dependencies: union of their "depends" that are not ours, plus web.
mapfile -t ADDON_INFO < <(python3 - "$ROOT/addons" "${JEWEL_EXTRA_ADDONS_PATH:-}" <<'EOF'
import ast, glob, os, sys

dirs = [sys.argv[1]] + [d for d in sys.argv[2].split(",") if d]
ours, depends = {}, set()
for d in dirs:
    for manifest in sorted(glob.glob(os.path.join(d, "*", "__manifest__.py"))):
        name = os.path.basename(os.path.dirname(manifest))
        try:
            data = ast.literal_eval(open(manifest).read())
        except Exception as e:
            sys.exit(f"cannot parse {manifest}: {e}")
        if not data.get("installable", True):
            continue
        ours[name] = d
        depends.update(data.get("depends", []))
core = sorted((depends - set(ours)) | {"web"})
print(",".join(sorted(ours)))
print(",".join(core))
print(",".join(sorted({os.path.realpath(p) for p in ours.values()})))
EOF
) || die "cannot read the addons manifests"
[ "${#ADDON_INFO[@]}" = 3 ] || die "cannot read the addons manifests"
ALL_OURS="${ADDON_INFO[0]}"
CORE_DEPS="${ADDON_INFO[1]}"
OUR_PATHS="${ADDON_INFO[2]}"
[ -n "$ALL_OURS" ] || die "no installable addon found in addons/"
if [ -n "$ONLY" ]; then
    for a in ${ONLY//,/ }; do
        [[ ",$ALL_OURS," == *",$a,"* ]] || die "--addons: '$a' is not one of our addons ($ALL_OURS)"
    done
    SELECTED="$ONLY"
else
    SELECTED="$ALL_OURS"
fi
TEST_TAGS="$(printf '%s' "$SELECTED" | sed 's#^#/#; s#,#,/#g')" # /a,/b: at_install + post_install
if [ -n "$TAGS_OVERRIDE" ]; then
    [ -n "$ONLY" ] || die "--test-tags needs --addons"
    TEST_TAGS="$TAGS_OVERRIDE"
fi
ADDONS_PATH="$ODOO_ADDONS_PATHS,$OUR_PATHS"
echo "our addons under test: $SELECTED"
echo "core dependencies:     $CORE_DEPS"

# ---------------------------------------------------------------- lint
if [ "$LINT" = 1 ]; then
    log "Lint: ruff check, ruff format --check, pylint (pylint_odoo)"
    LINT_DIRS=(addons)
    [ -n "$(find tests -name '*.py' -print -quit)" ] && LINT_DIRS+=(tests)
    python3 -m ruff check --no-fix "${LINT_DIRS[@]}" ||
        die "lint: 'ruff check addons tests' found problems (fix with: ruff check --fix addons tests)"
    python3 -m ruff format --check "${LINT_DIRS[@]}" ||
        die "lint: files not formatted (fix with: ruff format addons tests)"
    PYLINT_ADDONS=()
    for m in addons/*/__manifest__.py; do PYLINT_ADDONS+=("$(dirname "$m")"); done
    PYLINT_FMT=text
    [ -t 1 ] && PYLINT_FMT=colorized
    python3 -m pylint --rcfile=.pylintrc --output-format="$PYLINT_FMT" "${PYLINT_ADDONS[@]}" ||
        die "lint: pylint (pylint_odoo, .pylintrc) found problems"
    echo "lint: ok"
fi

# ---------------------------------------------------------------- postgres
if [ "${CI:-}" = true ]; then
    PERSIST=0
    PGROOT="$(mktemp -d /tmp/jewel-pg.XXXXXX)"
else
    PERSIST=1
    PGROOT="${JEWEL_PG_DIR:-/var/tmp/jewel-test-pg}"
    mkdir -p "$PGROOT"
    # one run at a time per persistent cluster
    exec 9>"$PGROOT.lock"
    flock -n 9 || {
        echo "waiting for another tests/run.sh using $PGROOT ..."
        flock 9
    }
fi
log "Starting PostgreSQL in $PGROOT/data"
PG_MODE=""
[ "$PERSIST" = 0 ] && PG_MODE=throwaway
jewel_pg_start "$PGROOT" "$PG_MODE" || die "PostgreSQL did not start (see above)"
PG_STARTED=1
echo "postgres on 127.0.0.1:$PGPORT ($PG_BIN)"
psql_odoo() { jewel_psql "$@"; }
DB_ARGS=(--db_host 127.0.0.1 --db_port "$PGPORT" -r odoo)

# ---------------------------------------------------------------- template
TMPL_HASH="$(printf '%s\n' "$CORE_DEPS" "$("${ODOO_BIN[@]}" --version 2>/dev/null)" \
    "$ODOO_PKG_DIR" "$TEMPLATE_REV" | sha1sum | cut -c1-12)"
TMPL="jewel_tmpl_$TMPL_HASH"
if [ "$PERSIST" = 1 ]; then TMPL_DATA="$PGROOT/odoo-data"; else TMPL_DATA="$WORK/data"; fi
DATA="$WORK/data"
mkdir -p "$TMPL_DATA/filestore" "$DATA/filestore"

if [ "$(psql_odoo -c "SELECT 1 FROM pg_database WHERE datname = '$TMPL'")" = 1 ]; then
    echo "reusing template database $TMPL"
    T_TMPL=0
else
    log "Building template database $TMPL ($CORE_DEPS, with demo data)"
    # drop stale templates (other dependency sets / interrupted builds)
    for db in $(psql_odoo -c "SELECT datname FROM pg_database WHERE datname LIKE 'jewel\_tmpl\_%'"); do
        dropdb -h 127.0.0.1 -p "$PGPORT" -U odoo "$db"
        rm -rf "${TMPL_DATA:?}/filestore/$db"
    done
    BUILD="${TMPL}_build"
    t0=$(date +%s)
    # demo data is loaded by default in Odoo 18 (do not pass --without-demo at
    # all: on the command line any value, even "False", disables demo data)
    if ! "${ODOO_BIN[@]}" -d "$BUILD" "${DB_ARGS[@]}" -i "$CORE_DEPS" --stop-after-init --no-http \
        --workers 0 --max-cron-threads 0 --addons-path "$ODOO_ADDONS_PATHS" --data-dir "$TMPL_DATA" \
        --log-level info --logfile "$WORK/template-build.log"; then
        tail -n 40 "$WORK/template-build.log"
        die "building the template database failed (log: $WORK/template-build.log)"
    fi
    if grep -Eq '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) |^Traceback ' "$WORK/template-build.log"; then
        grep -E -A20 '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) |^Traceback ' "$WORK/template-build.log" | head -n 60
        die "errors while building the template database"
    fi
    [ "$(PSQL_DB=$BUILD psql_odoo -c "SELECT demo FROM ir_module_module WHERE name = 'base'")" = t ] ||
        die "template database has no demo data"
    psql_odoo -c "ALTER DATABASE \"$BUILD\" RENAME TO \"$TMPL\""
    rm -rf "${TMPL_DATA:?}/filestore/$TMPL"
    [ -d "$TMPL_DATA/filestore/$BUILD" ] && mv "$TMPL_DATA/filestore/$BUILD" "$TMPL_DATA/filestore/$TMPL"
    T_TMPL=$(($(date +%s) - t0))
    echo "template built in ${T_TMPL}s"
fi

# ---------------------------------------------------------------- test run
TESTDB="jewel_test"
PGOPTIONS="-c client_min_messages=warning" dropdb -h 127.0.0.1 -p "$PGPORT" -U odoo --if-exists "$TESTDB"
createdb -h 127.0.0.1 -p "$PGPORT" -U odoo -T "$TMPL" "$TESTDB" ||
    die "createdb -T $TMPL $TESTDB failed"
# createdb -T does not copy the filestore
rm -rf "${DATA:?}/filestore/$TESTDB"
if [ -d "$TMPL_DATA/filestore/$TMPL" ]; then
    cp -a "$TMPL_DATA/filestore/$TMPL" "$DATA/filestore/$TESTDB"
fi

HTTP_PORT="$(_jpg_free_port)"
LOG="$WORK/odoo-test.log"
log "Installing and testing $SELECTED (log: tests/.last-run.log)"
echo "${ODOO_BIN[*]} -d $TESTDB ${DB_ARGS[*]} -i $SELECTED --test-enable --test-tags $TEST_TAGS" \
    "--stop-after-init --http-port $HTTP_PORT --workers 0 --addons-path $ADDONS_PATH --log-level info"
t0=$(date +%s)
set +e
timeout --foreground --signal=INT --kill-after=60 "${JEWEL_TEST_TIMEOUT:-3600}" \
    "${ODOO_BIN[@]}" -d "$TESTDB" "${DB_ARGS[@]}" -i "$SELECTED" \
    --test-enable --test-tags "$TEST_TAGS" --stop-after-init \
    --http-interface 127.0.0.1 --http-port "$HTTP_PORT" --workers 0 --max-cron-threads 0 \
    --addons-path "$ADDONS_PATH" --data-dir "$DATA" --log-level info 2>&1 | tee "$LOG"
ODOO_RC=${PIPESTATUS[0]}
set -e
T_TEST=$(($(date +%s) - t0))

NOT_INSTALLED="$(PSQL_DB=$TESTDB psql_odoo -c "SELECT string_agg(name, ',') FROM unnest(string_to_array('$SELECTED', ',')) AS name
    WHERE name NOT IN (SELECT name FROM ir_module_module WHERE state = 'installed')" 2>/dev/null || echo '?')"

# ---------------------------------------------------------------- benchmarks
# Calling convention (tests/README.md): tests/bench_*.py receive Odoo
# command-line options, so they can call odoo.tools.config.parse_config(sys.argv[1:]).
BENCH_FAILED=()
BENCHES=()
for b in tests/bench_*.py; do [ -f "$b" ] && BENCHES+=("$b"); done
T_BENCH=0
if [ "${#BENCHES[@]}" -gt 0 ]; then
    if [ -n "$ONLY" ]; then
        log "Benchmarks NOT run (--addons given): ${BENCHES[*]}"
    elif [ -n "$NOT_INSTALLED" ]; then
        log "Benchmarks NOT run: addons not installed"
        BENCH_FAILED+=("${BENCHES[@]}")
    else
        t0=$(date +%s)
        for b in "${BENCHES[@]}"; do
            log "Benchmark $b"
            if ! JEWEL_TEST_DB="$TESTDB" python3 "$b" -d "$TESTDB" "${DB_ARGS[@]}" \
                --addons-path "$ADDONS_PATH" --data-dir "$DATA" 2>&1 | tee -a "$WORK/bench.log"; then
                BENCH_FAILED+=("$b")
            fi
        done
        T_BENCH=$(($(date +%s) - t0))
    fi
fi

# ---------------------------------------------------------------- uninstall check
# each addon uninstalled (with its dependents) from a copy of the test database
T_UNINST=0
if [ "$UNINSTALL_CHECK" = 1 ] && [ -z "$ONLY" ] && [ -z "$NOT_INSTALLED" ]; then
    log "Uninstall check (tests/check_uninstall.sh)"
    t0=$(date +%s)
    if ! JEWEL_UNINSTALL_FROM_DB="$TESTDB" JEWEL_UNINSTALL_DATA="$DATA" \
        JEWEL_UNINSTALL_ADDONS_PATH="$ADDONS_PATH" PGPORT="$PGPORT" \
        bash tests/check_uninstall.sh 2>&1 | tee -a "$WORK/bench.log"; then
        BENCH_FAILED+=("tests/check_uninstall.sh")
    fi
    T_UNINST=$(($(date +%s) - t0))
fi

# ---------------------------------------------------------------- demo command
# bin/demo.sh from a fresh data folder, checked over HTTP, stopped as Ctrl-C does
T_DEMO=0
if [ "$DEMO_CHECK" = 1 ] && [ -z "$ONLY" ]; then
    log "Demo command check (tests/demo_check.py)"
    t0=$(date +%s)
    if ! python3 tests/demo_check.py 2>&1 | tee -a "$WORK/bench.log"; then
        BENCH_FAILED+=("tests/demo_check.py")
    fi
    T_DEMO=$(($(date +%s) - t0))
fi

# ---------------------------------------------------------------- verdict
log "Result"
set +e
JEWEL_SUMMARY_FILE="$WORK/summary.txt" python3 - "$LOG" "$TESTDB" "$ODOO_RC" "$NOT_INSTALLED" "$ROOT/tests/allowed_skips.txt" \
    "${BENCH_FAILED[*]:-}" "$SELECTED" <<'EOF'
import os, re, sys

log_file, db, rc, not_installed, allowed_file, bench_failed, selected = sys.argv[1:]
rc = int(rc)
lines = [l.rstrip() for l in open(log_file, errors="replace").read().splitlines()]
head = r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[\w.]+): "
rec = re.compile(head + r"(?P<msg>.*)$")
summary_re = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database '(.+)'$")
allowed = []
if os.path.exists(allowed_file):
    allowed = [l.strip() for l in open(allowed_file) if l.strip() and not l.startswith("#")]
browser_skip = re.compile(
    r"chrom|websocket|devtools|browser", re.I)

reasons, problems, skips, fails = [], [], [], []
summary = None
started = {}  # addon -> number of "Starting Class.test ..." lines
for i, line in enumerate(lines):
    m = rec.match(line)
    if not m:
        if line.startswith("Traceback (most recent call last)"):
            problems.append(f"line {i + 1}: traceback")
        continue
    level, logger, msg = m["level"], m["logger"], m["msg"]
    if logger == "odoo.tests.result" and (s := summary_re.search(msg)) and s[4] == db:
        summary = tuple(int(x) for x in s.groups()[:3])
    if msg.startswith("Starting ") and msg.endswith(" ..."):
        addon = logger.split(".")[2] if logger.startswith("odoo.addons.") else logger
        started[addon] = started.get(addon, 0) + 1
    if level == "INFO" and msg.startswith("skipped "):
        skips.append(msg)
    if level in ("ERROR", "CRITICAL"):
        problems.append(f"line {i + 1}: {level} {logger}: {msg[:200]}")
        if msg.startswith(("FAIL:", "ERROR:")):
            fails.append(msg.split("\n")[0])
    if "demo data failed to install" in msg:
        problems.append(f"line {i + 1}: {msg[:200]}")

if rc != 0:
    reasons.append(f"odoo exited with status {rc}" + (" (timeout)" if rc == 124 else ""))
if not_installed:
    reasons.append(f"addons not installed after the run: {not_installed}")
if summary is None:
    reasons.append("Odoo's test summary line ('N failed, N error(s) of N tests "
                   "when loading database') is missing")
    failed = errors = total = 0
else:
    failed, errors, total = summary
    if total == 0:
        reasons.append("0 tests were run")
    if failed or errors:
        reasons.append(f"{failed} test(s) failed, {errors} test error(s)")
if problems:
    reasons.append(f"{len(problems)} ERROR/CRITICAL/Traceback log line(s)")
for s in skips:
    if browser_skip.search(s):
        reasons.append(f"browser test skipped (never allowed): {s}")
    elif not any(re.search(a, s) for a in allowed):
        reasons.append(f"test skipped (not listed in tests/allowed_skips.txt): {s}")
if bench_failed:
    reasons.append(f"benchmark(s) failed: {bench_failed}")

print(f"tests started: {sum(started.values())}")
for addon, n in sorted(started.items()):
    print(f"  {addon}: {n}")
missing = [a for a in selected.split(",") if a not in started]
if missing:
    print(f"note: no tests in: {', '.join(missing)}")
if fails:
    print("failing tests:")
    for f in fails:
        print(f"  {f}")
if problems:
    print("error lines (first 20):")
    for p in problems[:20]:
        print(f"  {p}")
if reasons:
    print("FAILED:")
    for r in reasons:
        print(f"  - {r}")
else:
    print("OK")
passed = max(total - failed - errors - len(skips), 0)
line = f"{passed} passed, {failed + errors} failed"
if skips:
    line += f", {len(skips)} skipped"
with open(os.environ["JEWEL_SUMMARY_FILE"], "w") as fh:
    fh.write(line + "\n")
sys.exit(1 if reasons else 0)
EOF
VERDICT=$?
set -e
T_ALL=$(($(date +%s) - T_START))
echo "timings: template ${T_TMPL}s (0 = reused), odoo test run ${T_TEST}s, benchmarks ${T_BENCH}s, uninstall check ${T_UNINST}s, demo check ${T_DEMO}s, total ${T_ALL}s"
echo "full log: tests/.last-run.log"
exit "$VERDICT"
