#!/usr/bin/env bash
# Load + fault test of the addons on Odoo's multi-process server:
#
#     bash tests/load/run.sh [--no-faults] [--quick] [--clients N]
#
#   1. bootstrap (bin/bootstrap.sh) and a PostgreSQL cluster owned by the test
#      (bin/pg.sh; $JEWEL_LOAD_PG_DIR, default /var/tmp/jewel-load-pg);
#   2. a template database with every addon of addons/ and its demo data, built
#      once per version of the addons' code (~5 min the first time), cloned into
#      a fresh database jewel_load for each run, plus the load fixtures
#      (tests/load/fixtures.py: a vault, goldsmiths, shops holding pieces...);
#   3. tests/load/load_test.py starts Odoo with prefork workers on 127.0.0.1 and
#      drives it over HTTP: 1 worker then 2 workers (scaling), vanilla stock
#      pickings (the platform floor), then the workshop day (goldsmiths at the
#      vault counter, the storekeeper, planners, retail partners in the portal)
#      while a worker is killed and PostgreSQL restarted; then the audit.
#
# Prints throughput and latency per action, the ratios and the audit; exits
# non-zero when the audit finds anything lost, doubled or half-written. Bounded:
# every phase stops on its own clock (~4 min after the template exists).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
LOAD_ARGS=()
while [ $# -gt 0 ]; do
    case "$1" in
    --no-faults | --quick) LOAD_ARGS+=("$1") ;;
    --clients)
        LOAD_ARGS+=("$1" "${2:?--clients needs a number}")
        shift
        ;;
    -h | --help)
        sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "unknown option '$1' (see: bash tests/load/run.sh --help)" >&2
        exit 2
        ;;
    esac
    shift
done

die() {
    printf '\nFAILED: %s\n' "$*" >&2
    exit 1
}
# shellcheck source=bin/bootstrap.sh
source "$ROOT/bin/bootstrap.sh"
# shellcheck source=bin/pg.sh
source "$ROOT/bin/pg.sh"
jewel_bootstrap >/dev/null || die "the bootstrap failed (run: bash bin/bootstrap.sh)"

PGROOT="${JEWEL_LOAD_PG_DIR:-/var/tmp/jewel-load-pg}"
mkdir -p "$PGROOT"
exec 9>"$PGROOT.lock"
flock -n 9 || die "another load test uses $PGROOT"
WORK="$(mktemp -d /tmp/jewel-load.XXXXXX)"
# shellcheck disable=SC2317 # (invoked by the EXIT trap)
cleanup() {
    local rc=$?
    set +e
    jewel_pg_stop
    echo "logs: $WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

jewel_pg_start "$PGROOT" throwaway || die "PostgreSQL did not start (see above)"
echo "postgres on 127.0.0.1:$PGPORT"

ODOO_PKG_DIR="$(python3 -c 'import odoo, os; print(os.path.dirname(odoo.__file__))')"
ADDONS_PATH="$ODOO_PKG_DIR/addons"
[ -d "$(dirname "$ODOO_PKG_DIR")/addons" ] && ADDONS_PATH="$ADDONS_PATH,$(dirname "$ODOO_PKG_DIR")/addons"
ADDONS_PATH="$ADDONS_PATH,$ROOT/addons"
OURS="$(cd addons && for m in */__manifest__.py; do dirname "$m"; done | paste -sd,)"
DATA="$PGROOT/odoo-data"
mkdir -p "$DATA/filestore"
DB_ARGS=(--db_host 127.0.0.1 --db_port "$PGPORT" -r odoo)

# the template follows what the addons put in the database: their data files
# and their model and field declarations (a change inside a method needs none),
# and the load fixtures
HASH="$( (
    python3 -m odoo --version
    sha1sum tests/load/fixtures.py
    find addons -type f \( -name '*.xml' -o -name '*.csv' -o -name '__manifest__.py' \) -print0 |
        sort -z | xargs -0 sha1sum
    find addons -type f -name '*.py' -print0 | sort -z |
        xargs -0 grep -hE '^\s*(_name|_inherit|_sql_constraints|[a-z_0-9]+ = fields\.)' || true
) | sha1sum | cut -c1-12)"
TMPL="jewel_loadtmpl_$HASH"
# JEWEL_LOAD_REBUILD=1: build it again anyway (e.g. after changing a field's options)
if [ "${JEWEL_LOAD_REBUILD:-0}" = 1 ] ||
    [ "$(jewel_psql -c "SELECT 1 FROM pg_database WHERE datname = '$TMPL'")" != 1 ]; then
    for db in $(jewel_psql -c "SELECT datname FROM pg_database WHERE datname LIKE 'jewel\_loadtmpl\_%'"); do
        dropdb -h 127.0.0.1 -p "$PGPORT" -U odoo "$db"
        rm -rf "${DATA:?}/filestore/$db" "$DATA/$db.fixtures.json"
    done
    echo "building the template database $TMPL ($OURS with demo data, a few minutes)"
    t0=$(date +%s)
    python3 -m odoo -d "${TMPL}_build" "${DB_ARGS[@]}" -i "$OURS" --stop-after-init --no-http \
        --workers 0 --max-cron-threads 0 --addons-path "$ADDONS_PATH" --data-dir "$DATA" \
        --log-level warn --logfile "$WORK/template.log" ||
        die "building the template failed (log: $WORK/template.log)"
    jewel_psql -c "ALTER DATABASE \"${TMPL}_build\" RENAME TO \"$TMPL\""
    [ -d "$DATA/filestore/${TMPL}_build" ] && mv "$DATA/filestore/${TMPL}_build" "$DATA/filestore/$TMPL"
    echo "template built in $(($(date +%s) - t0)) s"
fi
# the load fixtures (tests/load/fixtures.py) live in the template too: written
# once, their ids kept next to it
FIXTURES="$DATA/$TMPL.fixtures.json"
if [ ! -s "$FIXTURES" ]; then
    echo "writing the load fixtures into $TMPL"
    python3 tests/load/fixtures.py "$FIXTURES.new" -d "$TMPL" "${DB_ARGS[@]}" \
        --addons-path "$ADDONS_PATH" --data-dir "$DATA" --log-level warn ||
        die "the load fixtures failed (a template holding half of them: JEWEL_LOAD_REBUILD=1)"
    mv "$FIXTURES.new" "$FIXTURES"
fi
cp "$FIXTURES" "$WORK/fixtures.json"

DB=jewel_load
PGOPTIONS="-c client_min_messages=warning" dropdb -h 127.0.0.1 -p "$PGPORT" -U odoo --if-exists "$DB"
createdb -h 127.0.0.1 -p "$PGPORT" -U odoo -T "$TMPL" "$DB"
rm -rf "${DATA:?}/filestore/$DB"
[ -d "$DATA/filestore/$TMPL" ] && cp -a "$DATA/filestore/$TMPL" "$DATA/filestore/$DB"
ODOO_ARGS=(-d "$DB" "${DB_ARGS[@]}" --addons-path "$ADDONS_PATH" --data-dir "$DATA")

# how the test restarts PostgreSQL (a fault): same cluster, port and options
export JEWEL_LOAD_PG_RESTART="${PGRUN[*]} $PG_BIN/pg_ctl -D $PGDATA -l $PGLOG -m fast -w -t 60 restart"
python3 tests/load/load_test.py --fixtures "$WORK/fixtures.json" --work "$WORK" \
    --pg-port "$PGPORT" "${LOAD_ARGS[@]}" -- "${ODOO_ARGS[@]}"
