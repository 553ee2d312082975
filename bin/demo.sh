#!/usr/bin/env bash
# The demo workshop without Docker:   bash bin/demo.sh [options] [-- odoo options]
#
# Bootstraps (bin/bootstrap.sh: Odoo 18.0 in the project's virtual environment,
# PostgreSQL server when missing), starts a PostgreSQL cluster owned by the
# project, creates the database jewel_demo with every addon of addons/ and its
# demo data on the first start (later starts install only addons that are not
# installed yet), then serves the web client and the portal on
# http://localhost:8069. Ctrl-C stops Odoo, then the cluster.
#
# Options:
#   --port N        HTTP port (default 8069)
#   --host ADDR     interface to listen on (default 127.0.0.1; 0.0.0.0 for all)
#   --db NAME       database name (default jewel_demo)
#   --reset         drop the database and its files first: a fresh demo
#   --update        update every jewel addon on start (after changing their code)
#   --data-dir DIR  where the cluster and Odoo's files live (default: as root
#                   /var/lib/jewel-workshop, otherwise ~/.local/share/jewel-workshop;
#                   or $JEWEL_DATA_DIR)
#   --workers N     Odoo's multi-process server: N prefork HTTP workers (default
#                   0: one threaded process), the bus' websocket on a gevent
#                   process (--gevent-port), one cron worker and the limits of
#                   config/odoo-production.conf (sizing: README.md)
#   --gevent-port N the websocket's port with --workers (default: --port + 3);
#                   a reverse proxy routes /websocket there (config/nginx.conf)
#   --proxy-mode    trust the reverse proxy's X-Forwarded-* headers
#   -- ...          anything after -- goes to Odoo (e.g. -- --log-level debug)
#
# Log in as admin / admin, or owner, planner, supervisor, quality, storekeeper,
# goldsmith, setter, accountant, sales (login = password); retail partners in the
# portal: aurelia / aurelia, linnea / linnea.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=8069
HOST=127.0.0.1
DB=jewel_demo
RESET=0
UPDATE=0
if [ "$(id -u)" = 0 ]; then
    DATA_DIR="${JEWEL_DATA_DIR:-/var/lib/jewel-workshop}"
else
    DATA_DIR="${JEWEL_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/jewel-workshop}"
fi
ODOO_EXTRA=()
WORKERS=0
GEVENT_PORT=""
PROXY_MODE=0

die() {
    printf '\nFAILED: %s\n' "$*" >&2
    exit 1
}
while [ $# -gt 0 ]; do
    case "$1" in
    --port) PORT="${2:?--port needs a number}" && shift ;;
    --host) HOST="${2:?--host needs an address}" && shift ;;
    --db) DB="${2:?--db needs a name}" && shift ;;
    --data-dir) DATA_DIR="${2:?--data-dir needs a folder}" && shift ;;
    --reset) RESET=1 ;;
    --update) UPDATE=1 ;;
    --workers) WORKERS="${2:?--workers needs a number}" && shift ;;
    --gevent-port) GEVENT_PORT="${2:?--gevent-port needs a number}" && shift ;;
    --proxy-mode) PROXY_MODE=1 ;;
    --)
        shift
        ODOO_EXTRA=("$@")
        break
        ;;
    -h | --help)
        sed -n '2,31p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) die "unknown option '$1' (see: bash bin/demo.sh --help)" ;;
    esac
    shift
done
[[ "$PORT" =~ ^[0-9]+$ ]] || die "--port: '$PORT' is not a port number"
[[ "$DB" =~ ^[A-Za-z0-9_-]+$ ]] || die "--db: '$DB' is not a valid database name"
[[ "$WORKERS" =~ ^[0-9]+$ ]] || die "--workers: '$WORKERS' is not a number"
GEVENT_PORT="${GEVENT_PORT:-$((PORT + 3))}"
[[ "$GEVENT_PORT" =~ ^[0-9]+$ ]] || die "--gevent-port: '$GEVENT_PORT' is not a port number"
# the server's shape: one threaded process, or prefork workers sized as in
# config/odoo-production.conf (memory per worker, time per request, and
# (workers + 2) x db_maxconn connections below PostgreSQL's 100)
SERVE=(--max-cron-threads 1)
if [ "$WORKERS" -gt 0 ]; then
    SERVE=(--workers "$WORKERS" --max-cron-threads 1 --gevent-port "$GEVENT_PORT"
        --limit-memory-soft 1610612736 --limit-memory-hard 2147483648
        --limit-time-cpu 120 --limit-time-real 240 --db_maxconn 16)
fi
[ "$PROXY_MODE" = 1 ] && SERVE+=(--proxy-mode)

# shellcheck source=bin/bootstrap.sh
source "$ROOT/bin/bootstrap.sh"
# shellcheck source=bin/pg.sh
source "$ROOT/bin/pg.sh"
jewel_bootstrap || die "the bootstrap failed (see above)"

mkdir -p "$DATA_DIR/odoo"
DATA_DIR="$(cd "$DATA_DIR" && pwd)"
# as root the cluster runs as "postgres", which must be able to reach it
[ "$(id -u)" = 0 ] && chmod o+x "$DATA_DIR"
exec 9>"$DATA_DIR/.lock"
flock -n 9 || die "another bin/demo.sh is already using $DATA_DIR"

ODOO_PID=""
# shellcheck disable=SC2317 # (invoked by the EXIT trap)
stop_all() {
    set +e
    if [ -n "$ODOO_PID" ] && kill -0 "$ODOO_PID" 2>/dev/null; then
        echo "stopping Odoo"
        kill -INT "$ODOO_PID"
        for _ in $(seq 1 30); do kill -0 "$ODOO_PID" 2>/dev/null || break; sleep 1; done
        kill -0 "$ODOO_PID" 2>/dev/null && kill -KILL "$ODOO_PID"
        wait "$ODOO_PID" 2>/dev/null
    fi
    if [ "$JEWEL_PG_STARTED" = 1 ]; then
        echo "stopping PostgreSQL"
        jewel_pg_stop
    fi
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

jewel_pg_start "$DATA_DIR/pg" || die "PostgreSQL did not start (see above)"
echo "PostgreSQL on 127.0.0.1:$PGPORT ($PGDATA)"

ODOO_PKG_DIR="$(python3 -c 'import odoo, os; print(os.path.dirname(odoo.__file__))')"
ADDONS_PATH="$ODOO_PKG_DIR/addons"
[ -d "$(dirname "$ODOO_PKG_DIR")/addons" ] && ADDONS_PATH="$ADDONS_PATH,$(dirname "$ODOO_PKG_DIR")/addons"
ADDONS_PATH="$ADDONS_PATH,$ROOT/addons"
JEWEL_ADDONS="$(python3 - "$ROOT/addons" <<'EOF'
import ast, glob, os, sys

names = []
for manifest in sorted(glob.glob(os.path.join(sys.argv[1], "*", "__manifest__.py"))):
    if ast.literal_eval(open(manifest).read()).get("installable", True):
        names.append(os.path.basename(os.path.dirname(manifest)))
print(",".join(names))
EOF
)"
# bin/odoo_server.py, not "python3 -m odoo": with --workers the master spawns
# the bus' gevent process as "python argv[0] gevent", argv[0] must be a script
ODOO=(python3 "$ROOT/bin/odoo_server.py" -d "$DB" --db_host 127.0.0.1 --db_port "$PGPORT" -r odoo
    --addons-path "$ADDONS_PATH" --data-dir "$DATA_DIR/odoo")

if [ "$RESET" = 1 ]; then
    echo "dropping $DB and its files (--reset)"
    PGOPTIONS="-c client_min_messages=warning" dropdb -h 127.0.0.1 -p "$PGPORT" -U odoo --if-exists "$DB"
    rm -rf "${DATA_DIR:?}/odoo/filestore/$DB"
fi

# "-i X" on an installed X reloads its data files in init mode: only the
# addons not installed yet (all of them when the database does not exist)
MISSING="$(PSQL_DB=$DB jewel_psql -c "SELECT string_agg(name, ',') FROM unnest(string_to_array('$JEWEL_ADDONS', ',')) AS name
    WHERE name NOT IN (SELECT name FROM ir_module_module WHERE state = 'installed')" 2>/dev/null || echo "$JEWEL_ADDONS")"
INIT=()
if [ -n "$MISSING" ]; then
    echo "installing $MISSING in $DB with demo data (the first start takes a few minutes)"
    t0=$(date +%s)
    # demo data: Odoo 18 loads it by default (never pass --without-demo)
    "${ODOO[@]}" -i "$MISSING" --stop-after-init --no-http --max-cron-threads 0 --log-level warn ||
        die "installing $MISSING in $DB failed (see above); try again with --reset"
    echo "installed in $(($(date +%s) - t0)) s"
fi
[ "$UPDATE" = 1 ] && INIT=(-u "$JEWEL_ADDONS")

echo "serving $DB on http://localhost:$PORT (listening on $HOST; Ctrl-C stops Odoo and PostgreSQL)"
echo "log in as admin/admin, owner/owner, planner/planner, sales/sales...; portal: aurelia/aurelia, linnea/linnea"
if [ "$WORKERS" -gt 0 ]; then
    echo "$WORKERS HTTP workers; the bus' websocket on port $GEVENT_PORT: put a reverse proxy in front" \
        "routing /websocket there (config/nginx.conf)"
fi
"${ODOO[@]}" "${INIT[@]}" --db-filter "^$DB\$" --no-database-list \
    --http-interface "$HOST" --http-port "$PORT" "${SERVE[@]}" "${ODOO_EXTRA[@]}" 9>&- &
ODOO_PID=$!
set +e
wait "$ODOO_PID"
rc=$?
ODOO_PID=""
exit "$rc"
