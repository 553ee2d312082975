#!/usr/bin/env bash
# Uninstall check: bash tests/check_uninstall.sh [--addons a,b] [--keep]
#
# Installs every addon of addons/ with demo data in a database cloned from the
# template of tests/run.sh (built here when missing), then, for each addon in
# turn, from a fresh copy of that database, uninstalls it as the Apps menu does
# (Odoo removes the installed addons depending on it first, in one go). Each
# uninstall must end with the addon and its dependents uninstalled and log no
# ERROR/CRITICAL line nor traceback. Prints one verdict per addon; exits
# non-zero on any failure.
#
# Options:
#   --addons a,b   only check the uninstall of these addons (all start installed)
#   --keep         keep the work directory (one log per addon) and the databases
# Environment: JEWEL_PG_DIR (cluster, as tests/run.sh). tests/run.sh runs this
# check on its own test database: it then sets JEWEL_UNINSTALL_FROM_DB, PGPORT,
# JEWEL_UNINSTALL_DATA (data dir) and JEWEL_UNINSTALL_ADDONS_PATH, and the
# bootstrap, cluster and install steps are skipped.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
die() {
    printf '\nFAILED: %s\n' "$*" >&2
    exit 1
}
log() { printf '\n==> %s\n' "$*"; }

ONLY=""
KEEP=0
while [ $# -gt 0 ]; do
    case "$1" in
    --addons)
        [ $# -ge 2 ] || die "--addons needs a comma-separated list of addons"
        ONLY="$2"
        shift
        ;;
    --keep) KEEP=1 ;;
    -h | --help)
        sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) die "unknown option '$1' (see: bash tests/check_uninstall.sh --help)" ;;
    esac
    shift
done

OURS="$(cd addons && for m in */__manifest__.py; do printf '%s,' "${m%%/*}"; done)"
OURS="${OURS%,}"
CHECK="${ONLY:-$OURS}"
for a in ${CHECK//,/ }; do
    [[ ",$OURS," == *",$a,"* ]] || die "--addons: '$a' is not one of our addons ($OURS)"
done

WORK="$(mktemp -d /tmp/jewel-uninstall.XXXXXX)"
PG_STARTED=0
DBS=()
cleanup() {
    local rc=$?
    set +e
    if [ -n "${PGPORT:-}" ] && [ "$KEEP" = 0 ]; then
        for db in "${DBS[@]}"; do
            dropdb -h 127.0.0.1 -p "$PGPORT" -U odoo --if-exists "$db" >/dev/null 2>&1
            rm -rf "${DATA:?}/filestore/$db"
        done
    fi
    [ "$PG_STARTED" = 1 ] && jewel_pg_stop
    if [ "$KEEP" = 1 ]; then echo "kept work dir: $WORK"; else rm -rf "$WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

has_errors() { # log file: prints the ERROR/CRITICAL/Traceback lines, true when any
    grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) |^Traceback ' "$1"
}
clone_db() { # source target (the filestore too)
    dropdb -h 127.0.0.1 -p "$PGPORT" -U odoo --if-exists "$2" >/dev/null 2>&1
    createdb -h 127.0.0.1 -p "$PGPORT" -U odoo -T "$1" "$2" || die "createdb -T $1 $2 failed"
    rm -rf "${DATA:?}/filestore/$2"
    [ -d "$DATA/filestore/$1" ] && cp -a "$DATA/filestore/$1" "$DATA/filestore/$2"
    return 0
}

T0=$(date +%s)
if [ -n "${JEWEL_UNINSTALL_FROM_DB:-}" ]; then
    # called by tests/run.sh: its cluster runs, its test db has everything installed
    : "${PGPORT:?}" "${JEWEL_UNINSTALL_DATA:?}" "${JEWEL_UNINSTALL_ADDONS_PATH:?}"
    SOURCE="$JEWEL_UNINSTALL_FROM_DB"
    DATA="$JEWEL_UNINSTALL_DATA"
    ADDONS_PATH="$JEWEL_UNINSTALL_ADDONS_PATH"
else
    # shellcheck source=bin/bootstrap.sh
    source "$ROOT/bin/bootstrap.sh"
    # shellcheck source=bin/pg.sh
    source "$ROOT/bin/pg.sh"
    jewel_bootstrap || die "the bootstrap failed (see above)"
    ODOO_PKG_DIR="$(python3 -c 'import odoo, os; print(os.path.dirname(odoo.__file__))')"
    ODOO_ADDONS="$ODOO_PKG_DIR/addons"
    [ -d "$(dirname "$ODOO_PKG_DIR")/addons" ] && ODOO_ADDONS="$ODOO_ADDONS,$(dirname "$ODOO_PKG_DIR")/addons"
    ADDONS_PATH="$ODOO_ADDONS,$ROOT/addons"
    # the template of tests/run.sh: same name (hash of the same inputs), same recipe
    CORE_DEPS="$(python3 - "$ROOT/addons" <<'EOF'
import ast, glob, os, sys
ours, deps = set(), set()
for m in glob.glob(os.path.join(sys.argv[1], "*", "__manifest__.py")):
    data = ast.literal_eval(open(m).read())
    if data.get("installable", True):
        ours.add(os.path.basename(os.path.dirname(m)))
        deps.update(data.get("depends", []))
print(",".join(sorted((deps - ours) | {"web"})))
EOF
)"
    TEMPLATE_REV="$(sed -n 's/^TEMPLATE_REV=\([0-9]*\).*/\1/p' tests/run.sh)"
    TMPL="jewel_tmpl_$(printf '%s\n' "$CORE_DEPS" "$(python3 -m odoo --version 2>/dev/null)" \
        "$ODOO_PKG_DIR" "$TEMPLATE_REV" | sha1sum | cut -c1-12)"
    PGROOT="${JEWEL_PG_DIR:-/var/tmp/jewel-test-pg}"
    mkdir -p "$PGROOT"
    exec 9>"$PGROOT.lock"
    flock -n 9 || {
        echo "waiting for another run using $PGROOT ..."
        flock 9
    }
    log "Starting PostgreSQL in $PGROOT/data"
    jewel_pg_start "$PGROOT" || die "PostgreSQL did not start (see above)"
    PG_STARTED=1
    DATA="$PGROOT/odoo-data"
    mkdir -p "$DATA/filestore"
    if [ "$(jewel_psql -c "SELECT 1 FROM pg_database WHERE datname = '$TMPL'")" != 1 ]; then
        log "Building template database $TMPL ($CORE_DEPS, with demo data)"
        python3 -m odoo -d "${TMPL}_build" --db_host 127.0.0.1 --db_port "$PGPORT" -r odoo \
            -i "$CORE_DEPS" --stop-after-init --no-http --workers 0 --max-cron-threads 0 \
            --addons-path "$ODOO_ADDONS" --data-dir "$DATA" --log-level warn \
            --logfile "$WORK/template.log" || die "building the template failed ($WORK/template.log)"
        ! has_errors "$WORK/template.log" || die "errors while building the template"
        jewel_psql -c "ALTER DATABASE \"${TMPL}_build\" RENAME TO \"$TMPL\""
        [ -d "$DATA/filestore/${TMPL}_build" ] && mv "$DATA/filestore/${TMPL}_build" "$DATA/filestore/$TMPL"
    fi
    SOURCE="jewel_uninstall_all"
    DBS+=("$SOURCE")
    log "Installing $OURS with demo data"
    clone_db "$TMPL" "$SOURCE"
    t0=$(date +%s)
    python3 -m odoo -d "$SOURCE" --db_host 127.0.0.1 --db_port "$PGPORT" -r odoo -i "$OURS" \
        --stop-after-init --no-http --workers 0 --max-cron-threads 0 --addons-path "$ADDONS_PATH" \
        --data-dir "$DATA" --log-level warn --logfile "$WORK/install.log" ||
        die "installing $OURS failed ($WORK/install.log)"
    ! has_errors "$WORK/install.log" || die "errors while installing $OURS"
    echo "installed in $(($(date +%s) - t0))s"
fi

FAILED=()
for addon in ${CHECK//,/ }; do
    log "Uninstalling $addon"
    db="jewel_uninstall_$addon"
    DBS+=("$db")
    clone_db "$SOURCE" "$db"
    t0=$(date +%s)
    rc=0
    python3 tests/uninstall_addon.py "$addon" -d "$db" --db_host 127.0.0.1 --db_port "$PGPORT" \
        -r odoo --addons-path "$ADDONS_PATH" --data-dir "$DATA" --workers 0 --max-cron-threads 0 \
        --log-level info --logfile "$WORK/$addon.log" >"$WORK/$addon.out" 2>&1 || rc=$?
    cat "$WORK/$addon.out"
    errors="$(has_errors "$WORK/$addon.log"; has_errors "$WORK/$addon.out" || true)"
    n="$(printf '%s' "$errors" | grep -c . || true)"
    if [ "$rc" != 0 ] || [ "$n" != 0 ]; then
        FAILED+=("$addon")
        echo "$addon: FAILED (exit $rc, $n ERROR/CRITICAL/Traceback line(s), $(($(date +%s) - t0))s)"
        printf '%s\n' "$errors" | head -n 15 | sed 's/^/    /'
    else
        echo "$addon: OK, uninstalled without error ($(($(date +%s) - t0))s)"
    fi
    if [ "$KEEP" = 0 ]; then
        dropdb -h 127.0.0.1 -p "$PGPORT" -U odoo --if-exists "$db" >/dev/null 2>&1 || true
        rm -rf "${DATA:?}/filestore/$db"
    fi
done

echo
echo "uninstall check: $(($(date +%s) - T0))s"
if [ "${#FAILED[@]}" -gt 0 ]; then
    echo "uninstall check FAILED for: ${FAILED[*]}"
    exit 1
fi
echo "uninstall check OK: ${CHECK//,/, }"
