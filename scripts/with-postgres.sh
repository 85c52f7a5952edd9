#!/usr/bin/env bash
# Run a command against PostgreSQL.
#
# If DATABASE_URL is set, the command runs against that server unchanged.
# Otherwise a throwaway cluster is created with initdb in a temporary
# directory (UTF-8 encoding, C.UTF-8 locale so that Chinese characters are
# word characters for full-text and trigram search), listening on a unix
# socket only, and it is stopped and removed when the command exits.
# PostgreSQL server binaries are installed with apt when none are found.
set -euo pipefail

if [ -n "${DATABASE_URL:-}" ]; then
    exec "$@"
fi

find_pg_bin() {
    local d
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"
        return 0
    fi
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

PG_BIN=$(find_pg_bin || true)
if [ -z "$PG_BIN" ]; then
    echo "with-postgres: no PostgreSQL server binaries found; installing them with apt" >&2
    if [ "$(id -u)" -ne 0 ]; then
        SUDO=sudo
    else
        SUDO=
    fi
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q postgresql postgresql-contrib
    PG_BIN=$(find_pg_bin)
fi

PGTMP=$(mktemp -d -t shijian-pg.XXXXXX)
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses to run as root: run the server as an unprivileged user.
    if ! id -u postgres >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    fi
    chown postgres "$PGTMP"
    chmod 700 "$PGTMP"
    RUN_AS=(runuser -u postgres --)
fi

cleanup() {
    "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PGTMP/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PGTMP"
}
trap cleanup EXIT INT TERM

"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PGTMP/data" -U shijian --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$PGTMP/initdb.log" 2>&1 || {
    cat "$PGTMP/initdb.log" >&2
    exit 1
}
# Durability is pointless for a throwaway cluster; speed is not.
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 \
    -o "-k $PGTMP -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || {
    cat "$PGTMP/server.log" >&2
    exit 1
}
"$PG_BIN/createdb" -h "$PGTMP" -U shijian shijian 2>/dev/null \
    || "${RUN_AS[@]}" "$PG_BIN/createdb" -h "$PGTMP" -U shijian shijian

export DATABASE_URL="postgres://shijian@/shijian?host=$PGTMP"
echo "with-postgres: throwaway cluster at $PGTMP ($("$PG_BIN/postgres" --version))" >&2
set +e
"$@"
status=$?
set -e
exit $status
