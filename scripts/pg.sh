#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests and benchmarks.
#
#   eval "$(bash scripts/pg.sh start)"   initdb into a fresh temp dir, start the server on a
#                                        unix socket in that dir AND a free loopback TCP port,
#                                        create a password-protected role (scram-sha-256 over
#                                        TCP) and a test database; prints ONLY `export` lines
#   bash scripts/pg.sh stop [DIR]         stop the cluster and delete its dir (DIR, else
#                                        $LYGER_TEST_PG_DIR, else the state file)
#   bash scripts/pg.sh server-stop DIR    stop the server only (restart tests)
#   bash scripts/pg.sh server-start DIR   start it again on the same port
#
# Exports: LYGER_TEST_DSN (keyword form, TCP + password), LYGER_TEST_DSN_URL (the same as a
# URL), LYGER_TEST_DSN_SOCKET (unix socket), LYGER_TEST_PG_HOST/PORT/USER/PASSWORD/DB,
# LYGER_TEST_PG_DIR, LYGER_TEST_PGDATA, LYGER_TEST_PG_STOP / LYGER_TEST_PG_START (commands).
# As root, the server binaries run as the `postgres` user (runuser) and the dir is chowned.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
self="$root/scripts/pg.sh"
bindir=${LYGER_PG_BINDIR:-}
if [ -z "$bindir" ]; then
    for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && { bindir=$d; break; }
    done
fi
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] || bindir=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
svc=pg
. "$(dirname "$0")/service-lib.sh"

as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}


server_start() {
    local dir=$1 port
    port=$(cat "$dir/port")
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null
}

server_stop() {
    local dir=$1
    [ -f "$dir/data/postmaster.pid" ] || return 0
    as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null
}

start() {
    [ -x "$bindir/initdb" ] || { echo "pg.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
    local dir pw port tries=0
    dir=$(mktemp -d "${TMPDIR:-/tmp}/lyger-pg.XXXXXX")
    chmod 755 "$dir"
    pw=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
    printf '%s\n' "$pw" > "$dir/pwfile"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$dir"
    as_pg "$bindir/initdb" -D "$dir/data" -U postgres -E UTF8 --no-locale \
        --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
    # The port is free when asked but could be taken before the server binds it: retry.
    until port=$(free_port) && echo "$port" > "$dir/port" && server_start "$dir"; do
        tries=$((tries + 1))
        if [ "$tries" -ge 5 ]; then
            cat "$dir/server.log" >&2 2>/dev/null; rm -rf "$dir"; exit 1
        fi
    done
    as_pg "$bindir/psql" -X -q -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<SQL
CREATE ROLE lyger LOGIN PASSWORD '$pw';
CREATE DATABASE lyger_test OWNER lyger ENCODING 'UTF8' TEMPLATE template0;
SQL
    echo "$dir" >> "$state"
    cat <<EOF
export LYGER_TEST_DSN='host=127.0.0.1 port=$port dbname=lyger_test user=lyger password=$pw'
export LYGER_TEST_DSN_URL='postgresql://lyger:$pw@127.0.0.1:$port/lyger_test'
export LYGER_TEST_DSN_SOCKET='host=$dir port=$port dbname=lyger_test user=lyger'
export LYGER_TEST_PG_HOST=127.0.0.1
export LYGER_TEST_PG_PORT=$port
export LYGER_TEST_PG_USER=lyger
export LYGER_TEST_PG_PASSWORD=$pw
export LYGER_TEST_PG_DB=lyger_test
export LYGER_TEST_PG_DIR='$dir'
export LYGER_TEST_PGDATA='$dir/data'
export LYGER_TEST_PG_STOP='bash $self server-stop $dir'
export LYGER_TEST_PG_START='bash $self server-start $dir'
EOF
}

stop() { stop_dir "${1:-}" "${LYGER_TEST_PG_DIR:-}"; }

svc_main "$@"
