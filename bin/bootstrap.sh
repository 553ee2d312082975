#!/usr/bin/env bash
# Puts what the project needs on this machine, once; later runs find it in place.
#
#   bash bin/bootstrap.sh            install (or check) and print where things are
#   source bin/bootstrap.sh && jewel_bootstrap
#                                    the same from another script (tests/run.sh,
#                                    bin/demo.sh): afterwards python3 on PATH is the
#                                    project's virtual environment holding Odoo 18.0
#
# What it installs:
#   - Odoo 18.0 into a virtual environment in the cache folder (never the system
#     Python), from the first of:
#       1. $ODOO_SRC: an Odoo 18.0 source tree (installed in editable mode, so a
#          checkout you already have is used as it is) or a .tar.gz/.tar.xz archive;
#       2. ../shared/odoo/odoo-18.0-*.tar.xz next to the project (offline machines);
#       3. the official nightly source tarball of 18.0 (needs internet);
#     then Odoo's own requirements (with the Python 3.11 care: setuptools<70,
#     cbor2 5.4.6, no python-ldap) and the project's requirements.txt;
#   - Debian packages when missing and running as root: chromium (browser tests),
#     wkhtmltopdf (PDF reports), postgresql (server binaries), libpq-dev (psycopg2).
#
# Environment:
#   ODOO_SRC           Odoo 18.0 source tree or archive to use
#   JEWEL_CACHE_DIR    where the environments live
#                      (default ${XDG_CACHE_HOME:-~/.cache}/jewel-workshop)
#   JEWEL_PYTHON_BASE  the Python that creates the environment (default python3)
#   JEWEL_NO_APT=1     never call apt-get (then missing packages are an error)
#
# A virtual environment is keyed by its Odoo source (the archive's sha256, or a
# source tree's path), so a second clone on the same machine reuses it.

JEWEL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JEWEL_ODOO_NIGHTLY_URL="${JEWEL_ODOO_NIGHTLY_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}"
# bump when the way an environment is built changes: environments are rebuilt
JEWEL_BOOTSTRAP_REV=4

_jb_say() { printf '[bootstrap] %s\n' "$*"; }
_jb_fail() {
    # $1: the step, $2: what to do
    printf '\n[bootstrap] FAILED at step "%s".\n[bootstrap] %s\n' "$1" "$2" >&2
    return 1
}

# pip install, quiet, without the noise of pip.conf's missing local indexes
_jb_pip() {
    local py="$1"
    shift
    "$py" -m pip install -q --disable-pip-version-check "$@" 2> >(grep -v 'is ignored: it is neither a file nor a directory' >&2)
}

_jb_sha256() { sha256sum "$1" | cut -c1-64; }

# Debian packages: installed only when a command is missing, only as root.
_jb_apt_install() {
    local what="$1"
    shift
    if [ "${JEWEL_NO_APT:-}" = 1 ] || [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        _jb_fail "system packages" "$what is missing: install the Debian package(s) '$*' (as root: apt-get install $*), or run this as root so that it installs them."
        return 1
    fi
    _jb_say "installing Debian package(s): $* ($what)"
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "${_JB_APT_UPDATED:-}" ]; then
        apt-get update -qq >/dev/null || {
            _jb_fail "system packages" "apt-get update failed: check the machine's package sources."
            return 1
        }
        _JB_APT_UPDATED=1
    fi
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null || {
        _jb_fail "system packages" "apt-get install $* failed: install it by hand and run again."
        return 1
    }
}

jewel_find_pg_bin() {
    local bin
    bin="${PG_BIN:-}"
    if [ -z "$bin" ]; then
        bin="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n1)"
    fi
    if [ -z "$bin" ] && command -v pg_ctl >/dev/null; then
        bin="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
    fi
    [ -n "$bin" ] && [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && [ -x "$bin/postgres" ] && echo "$bin"
}

_jb_system_packages() {
    local chrome=""
    for c in chromium chromium-browser google-chrome; do
        command -v "$c" >/dev/null && chrome=1 && break
    done
    local pkgs=() whats=()
    [ -n "$chrome" ] || {
        pkgs+=(chromium)
        whats+=("chromium (browser tests)")
    }
    command -v wkhtmltopdf >/dev/null || {
        pkgs+=(wkhtmltopdf)
        whats+=("wkhtmltopdf (PDF reports)")
    }
    jewel_find_pg_bin >/dev/null || {
        pkgs+=(postgresql)
        whats+=("PostgreSQL server")
    }
    command -v pg_config >/dev/null || {
        pkgs+=(libpq-dev)
        whats+=("pg_config (to build psycopg2)")
    }
    [ "${#pkgs[@]}" = 0 ] && return 0
    local IFS=", "
    _jb_apt_install "${whats[*]}" "${pkgs[@]}"
}

# Sets _JB_KIND (tree|archive|nightly), _JB_PATH and _JB_KEY.
_jb_pick_source() {
    if [ -n "${ODOO_SRC:-}" ]; then
        if [ -d "$ODOO_SRC" ]; then
            [ -f "$ODOO_SRC/odoo/release.py" ] || {
                _jb_fail "Odoo source" "ODOO_SRC=$ODOO_SRC is a folder but not an Odoo source tree (no odoo/release.py)."
                return 1
            }
            _JB_KIND=tree
            _JB_PATH="$(cd "$ODOO_SRC" && pwd)"
            _JB_KEY="tree-$(printf '%s' "$_JB_PATH" | sha256sum | cut -c1-12)"
        elif [ -f "$ODOO_SRC" ]; then
            _JB_KIND=archive
            _JB_PATH="$(readlink -f "$ODOO_SRC")"
            _JB_KEY="$(_jb_sha256 "$_JB_PATH" | cut -c1-12)"
        else
            _jb_fail "Odoo source" "ODOO_SRC=$ODOO_SRC does not exist: point it at an Odoo 18.0 source tree or archive, or unset it."
            return 1
        fi
        return 0
    fi
    local shared
    shared="$(find "$JEWEL_ROOT/../shared/odoo" -maxdepth 1 -name 'odoo-18.0*.tar.*' 2>/dev/null | sort | tail -n1)"
    if [ -n "$shared" ]; then
        _JB_KIND=archive
        _JB_PATH="$(readlink -f "$shared")"
        # the checksum is the key: cache it by size and mtime so that a second
        # run does not hash 41 MB again
        local stamp="$_JB_CACHE/.sha-$(stat -c '%s-%Y' "$_JB_PATH")-$(basename "$_JB_PATH")"
        if [ -s "$stamp" ]; then
            _JB_KEY="$(cat "$stamp")"
        else
            _JB_KEY="$(_jb_sha256 "$_JB_PATH" | cut -c1-12)"
            echo "$_JB_KEY" >"$stamp"
        fi
        return 0
    fi
    _JB_KIND=nightly
    _JB_PATH="$JEWEL_ODOO_NIGHTLY_URL"
    _JB_KEY=nightly
}

# Unpacks (or downloads and unpacks) the source into $1/src; prints nothing.
_jb_unpack() {
    local env="$1" archive="$_JB_PATH"
    rm -rf "$env/src" "$env/src.tmp"
    mkdir -p "$env/src.tmp"
    if [ "$_JB_KIND" = nightly ]; then
        _jb_say "downloading $JEWEL_ODOO_NIGHTLY_URL"
        archive="$env/odoo-nightly.tar.gz"
        curl -fsSL --retry 3 -o "$archive" "$JEWEL_ODOO_NIGHTLY_URL" || {
            _jb_fail "download Odoo" "could not download $JEWEL_ODOO_NIGHTLY_URL: this machine has no internet access? Set ODOO_SRC to an Odoo 18.0 source tree or archive."
            return 1
        }
    fi
    _jb_say "unpacking $archive"
    tar -xf "$archive" -C "$env/src.tmp" || {
        _jb_fail "unpack Odoo" "could not unpack $archive (is it a tar archive of the Odoo 18.0 source?)."
        return 1
    }
    local top
    top="$(dirname "$(find "$env/src.tmp" -maxdepth 3 -path '*/odoo/release.py' | head -n1)")"
    [ -n "$top" ] && [ "$top" != . ] || {
        _jb_fail "unpack Odoo" "$archive holds no Odoo source tree (no odoo/release.py)."
        return 1
    }
    mv "$(dirname "$top")" "$env/src"
    rm -rf "$env/src.tmp"
    [ "$_JB_KIND" = nightly ] && rm -f "$archive"
    return 0
}

# Odoo's requirements.txt made installable on this Python (see ../shared/odoo/README.md).
_jb_odoo_requirements() {
    sed -E \
        -e 's/^cbor2==5\.4\.2 /cbor2==5.4.6 /' \
        -e '/^python-ldap/d' \
        "$1"
}

_jb_build_env() {
    local env="$1" src="$2" py="${JEWEL_PYTHON_BASE:-python3}"
    command -v "$py" >/dev/null || {
        _jb_fail "virtual environment" "$py is not on PATH: install Python 3.10-3.12 or set JEWEL_PYTHON_BASE."
        return 1
    }
    "$py" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 12)))' || {
        _jb_fail "virtual environment" "Odoo 18.0 needs Python 3.10 to 3.12; $py is $("$py" --version 2>&1). Set JEWEL_PYTHON_BASE to one of those."
        return 1
    }
    _jb_say "creating the virtual environment $env/venv ($("$py" --version 2>&1))"
    rm -rf "$env/venv"
    "$py" -m venv "$env/venv" || {
        _jb_fail "virtual environment" "'$py -m venv' failed (Debian: apt-get install python3-venv)."
        return 1
    }
    local pip=(_jb_pip "$env/venv/bin/python")
    _jb_say "installing Odoo's Python requirements (about a minute the first time)"
    "${pip[@]}" 'setuptools<70' wheel || {
        _jb_fail "pip: setuptools" "pip cannot install setuptools<70 and wheel: check that PyPI (or a mirror in pip.conf) is reachable."
        return 1
    }
    _jb_odoo_requirements "$src/requirements.txt" >"$env/odoo-requirements.txt"
    "${pip[@]}" --no-build-isolation -r "$env/odoo-requirements.txt" || {
        _jb_fail "pip: Odoo requirements" "pip install -r $env/odoo-requirements.txt failed (see above: a package that must be built needs its headers, e.g. libpq-dev for psycopg2)."
        return 1
    }
    _jb_say "installing Odoo 18.0 from $src"
    "${pip[@]}" --no-deps --no-build-isolation -e "$src" || {
        _jb_fail "pip: Odoo" "pip install -e $src failed."
        return 1
    }
}

jewel_bootstrap() {
    _JB_CACHE="${JEWEL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/jewel-workshop}"
    mkdir -p "$_JB_CACHE" || {
        _jb_fail "cache folder" "cannot create $_JB_CACHE: set JEWEL_CACHE_DIR to a writable folder."
        return 1
    }
    _jb_system_packages || return 1
    _jb_pick_source || return 1
    local env="$_JB_CACHE/odoo-$_JB_KEY"
    mkdir -p "$env"
    # one bootstrap at a time per environment (two clones starting together)
    exec 8>"$env.lock"
    flock 8
    local py_base="${JEWEL_PYTHON_BASE:-python3}"
    local want
    want="$(printf '%s\n' "$JEWEL_BOOTSTRAP_REV" "$_JB_KIND:$_JB_PATH" "$("$py_base" --version 2>&1)" | sha1sum | cut -c1-12)"
    local src="$env/src"
    [ "$_JB_KIND" = tree ] && src="$_JB_PATH"
    if [ "$(cat "$env/.odoo-ready" 2>/dev/null)" != "$want" ] || [ ! -x "$env/venv/bin/python" ]; then
        local t0
        t0=$(date +%s)
        rm -f "$env/.odoo-ready" "$env/.requirements-ready"
        if [ "$_JB_KIND" != tree ]; then
            _jb_unpack "$env" || return 1
            # a trimmed archive lacks modules Odoo's own code refers to
            "${JEWEL_PYTHON_BASE:-python3}" "$JEWEL_ROOT/bin/complete_odoo_archive.py" "$src" || {
                _jb_fail "complete the archive" "$src cannot run as it is (see above)."
                return 1
            }
        fi
        _jb_build_env "$env" "$src" || return 1
        echo "$want" >"$env/.odoo-ready"
        _jb_say "Odoo installed in $(($(date +%s) - t0)) s"
    fi
    # the project's own requirements: re-installed only when requirements.txt changes
    local req_hash
    req_hash="$(sha1sum "$JEWEL_ROOT/requirements.txt" | cut -c1-40)"
    if [ "$(cat "$env/.requirements-ready" 2>/dev/null)" != "$req_hash" ]; then
        _jb_say "installing the project's requirements.txt"
        _jb_pip "$env/venv/bin/python" -r "$JEWEL_ROOT/requirements.txt" || {
            _jb_fail "pip: requirements.txt" "pip install -r requirements.txt failed in $env/venv (see above)."
            return 1
        }
        echo "$req_hash" >"$env/.requirements-ready"
    fi
    flock -u 8
    exec 8>&-
    "$env/venv/bin/python" -c 'import sys, odoo; sys.exit(tuple(odoo.release.version_info[:2]) != (18, 0))' || {
        _jb_fail "check Odoo" "the environment $env/venv does not import Odoo 18.0: delete $env and run again."
        return 1
    }
    export JEWEL_VENV="$env/venv"
    export JEWEL_ODOO_SRC="$src"
    export VIRTUAL_ENV="$JEWEL_VENV"
    case ":$PATH:" in
    *":$JEWEL_VENV/bin:"*) ;;
    *) export PATH="$JEWEL_VENV/bin:$PATH" ;;
    esac
    hash -r
    return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    jewel_bootstrap
    echo "python:   $JEWEL_VENV/bin/python ($("$JEWEL_VENV/bin/python" -m odoo --version))"
    echo "odoo:     $JEWEL_ODOO_SRC"
    echo "postgres: $(jewel_find_pg_bin)"
    echo "browser:  $(command -v chromium || command -v chromium-browser || command -v google-chrome)"
    echo "pdf:      $(command -v wkhtmltopdf) ($(wkhtmltopdf --version 2>/dev/null))"
fi
