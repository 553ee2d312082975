#!/usr/bin/env bash
# A PostgreSQL cluster owned by the project (sourced by tests/run.sh and bin/demo.sh).
#
#   jewel_pg_start DIR [throwaway]
#       creates the cluster in DIR/data when it does not exist yet, starts it on a
#       free port of 127.0.0.1 and creates the superuser role "odoo" (trust auth,
#       loopback only). "throwaway" turns fsync off (tests). Sets PG_BIN, PGDATA,
#       PGPORT, PGSOCK, PGLOG and the array PGRUN (how to run the server tools:
#       as root, the cluster belongs to the unprivileged user "postgres", since
#       initdb refuses root).
#   jewel_pg_stop
#       stops it (fast shutdown); a no-op when it was not started.
#   jewel_psql [psql args]
#       psql as "odoo" on database ${PSQL_DB:-postgres}.
#
# Needs jewel_find_pg_bin from bin/bootstrap.sh.

JEWEL_PG_STARTED=0

_jpg_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

jewel_pg_start() {
    local root="$1" mode="${2:-}"
    PG_BIN="$(jewel_find_pg_bin)" || {
        echo "PostgreSQL server binaries not found (set PG_BIN to the folder holding initdb and pg_ctl)" >&2
        return 1
    }
    # client tools (psql, createdb, dropdb): from PATH, else next to the server
    export PATH="$PATH:$PG_BIN"
    PGDATA="$root/data"
    PGSOCK="$root/sock"
    PGLOG="$root/postgres.log"
    mkdir -p "$root" "$PGSOCK"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /bin/bash postgres
        chown postgres: "$root" "$PGSOCK"
        [ -e "$PGLOG" ] && chown postgres: "$PGLOG"
        PGRUN=(runuser -u postgres --)
    else
        PGRUN=(env)
    fi
    local opts="-c listen_addresses=127.0.0.1 -c synchronous_commit=off"
    [ "$mode" = throwaway ] && opts="$opts -c fsync=off -c full_page_writes=off"
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
        rm -rf "$PGDATA"
        "${PGRUN[@]}" "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C \
            >"$root/initdb.log" 2>&1 || {
            cat "$root/initdb.log" >&2
            echo "initdb failed in $PGDATA" >&2
            return 1
        }
    fi
    if "${PGRUN[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
        echo "stopping a PostgreSQL server left running by an interrupted run"
        "${PGRUN[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
    fi
    PGPORT="$(_jpg_free_port)"
    JEWEL_PG_STARTED=1
    # 8>&- 9>&-: the server must not inherit a caller's lock, or a server left
    # behind by a killed run would make every later run wait for ever.
    "${PGRUN[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGLOG" -w -t 60 \
        -o "-p $PGPORT -k $PGSOCK $opts" start >/dev/null 8>&- 9>&- || {
        tail -n 30 "$PGLOG" >&2
        echo "PostgreSQL did not start (log: $PGLOG)" >&2
        return 1
    }
    "${PGRUN[@]}" psql -h "$PGSOCK" -p "$PGPORT" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 -c \
        "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'odoo') THEN
             CREATE ROLE odoo LOGIN SUPERUSER CREATEDB; END IF; END \$\$;" >/dev/null || {
        echo "cannot create the 'odoo' role" >&2
        return 1
    }
}

jewel_pg_stop() {
    [ "$JEWEL_PG_STARTED" = 1 ] || return 0
    "${PGRUN[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || {
        echo "WARNING: could not stop the PostgreSQL cluster in $PGDATA" >&2
        return 1
    }
    JEWEL_PG_STARTED=0
}

jewel_psql() {
    psql -h 127.0.0.1 -p "$PGPORT" -U odoo -d "${PSQL_DB:-postgres}" -qAt -v ON_ERROR_STOP=1 "$@"
}
