#!/usr/bin/env bash
# A throwaway MariaDB server for the tests and benchmarks (as scripts/pg.sh for PostgreSQL).
#
#   eval "$(bash scripts/mysql.sh start)"   mariadb-install-db into a fresh temp dir, start
#                                           mariadbd on a unix socket in that dir AND a free
#                                           loopback TCP port, create a password-protected user
#                                           and a test database; prints ONLY `export` lines
#   bash scripts/mysql.sh stop [DIR]        stop the server and delete its dir (DIR, else
#                                           $LYGER_TEST_MYSQL_DIR, else the state file)
#   bash scripts/mysql.sh server-stop DIR   stop the server only (restart tests)
#   bash scripts/mysql.sh server-start DIR  start it again on the same port
#
# Exports: LYGER_TEST_MYSQL_DSN (mysql://user:password@127.0.0.1:port/lyger_test),
# LYGER_TEST_MYSQL_SOCKET, LYGER_TEST_MYSQL_DIR. As root, the server runs as the `mysql` user.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
svc=mysql
. "$(dirname "$0")/service-lib.sh"
server=$(command -v mariadbd || echo /usr/sbin/mariadbd)
[ -x "$server" ] || server=/usr/sbin/mysqld
installdb=$(command -v mariadb-install-db || command -v mysql_install_db || echo /usr/bin/mariadb-install-db)
client=$(command -v mariadb || command -v mysql || echo /usr/bin/mariadb)

user_opt() { [ "$(id -u)" -eq 0 ] && echo "--user=mysql" || true; }


server_start() {
    local dir=$1 port i
    port=$(cat "$dir/port")
    # --no-defaults: no /etc/mysql settings; small buffers, no fsync: a test server;
    # its temporary tables in its own dir, not the host's /tmp
    "$server" --no-defaults $(user_opt) --datadir="$dir/data" --tmpdir="$dir/tmp" --socket="$dir/mysqld.sock" \
        --port="$port" --bind-address=127.0.0.1 --pid-file="$dir/mysqld.pid" --log-error="$dir/server.log" \
        --innodb-buffer-pool-size=32M --innodb-log-file-size=16M --innodb-flush-log-at-trx-commit=0 \
        --skip-name-resolve --max-connections=200 --character-set-server=utf8mb4 >/dev/null 2>&1 &
    for i in $(seq 1 300); do
        if [ -S "$dir/mysqld.sock" ] && "$client" --no-defaults -uroot --socket="$dir/mysqld.sock" -e 'select 1' >/dev/null 2>&1; then
            return 0
        fi
        if ! kill -0 $! 2>/dev/null; then
            return 1
        fi
        sleep 0.1
    done
    return 1
}

server_stop() { stop_pidfile "$1/mysqld.pid" 300 0.1; }

start() {
    [ -x "$server" ] || { echo "mysql.sh: MariaDB server not found (apt-get install mariadb-server)" >&2; exit 1; }
    local dir pw port tries=0
    dir=$(mktemp -d "${TMPDIR:-/tmp}/lyger-mysql.XXXXXX")
    chmod 755 "$dir"
    pw=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
    mkdir "$dir/tmp"
    [ "$(id -u)" -eq 0 ] && chown -R mysql: "$dir"
    # The bootstrap once failed in CI ("Could not remove temporary table '/tmp/#sql-temptable-…'",
    # then "Unknown table 'mysql.tmp_proxies_priv'") while other servers shared /tmp: it
    # now keeps its temporary tables in the server's own dir, and a failed bootstrap is
    # retried once on an emptied data dir before the start is given up.
    until "$installdb" --no-defaults $(user_opt) --datadir="$dir/data" --tmpdir="$dir/tmp" \
            --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1; do
        tries=$((tries + 1))
        if [ "$tries" -ge 2 ]; then
            cat "$dir/install.log" >&2; rm -rf "$dir"; exit 1
        fi
        rm -rf "$dir/data"
    done
    tries=0
    until port=$(free_port) && echo "$port" > "$dir/port" && server_start "$dir"; do
        tries=$((tries + 1))
        server_stop "$dir" || true
        if [ "$tries" -ge 5 ]; then
            cat "$dir/server.log" >&2 2>/dev/null; rm -rf "$dir"; exit 1
        fi
    done
    "$client" --no-defaults -uroot --socket="$dir/mysqld.sock" <<SQL
CREATE DATABASE lyger_test CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER 'lyger'@'%' IDENTIFIED BY '$pw';
CREATE USER 'lyger'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL ON lyger_test.* TO 'lyger'@'%';
GRANT ALL ON lyger_test.* TO 'lyger'@'localhost';
SQL
    echo "$dir" >> "$state"
    cat <<EOF2
export LYGER_TEST_MYSQL_DSN='mysql://lyger:$pw@127.0.0.1:$port/lyger_test'
export LYGER_TEST_MYSQL_SOCKET='$dir/mysqld.sock'
export LYGER_TEST_MYSQL_DIR='$dir'
export LYGER_TEST_MYSQL_STOP='bash $root/scripts/mysql.sh server-stop $dir'
export LYGER_TEST_MYSQL_START='bash $root/scripts/mysql.sh server-start $dir'
EOF2
}

stop() {
    local dirs=("$@") d
    [ ${#dirs[@]} -gt 0 ] || { [ -n "${LYGER_TEST_MYSQL_DIR:-}" ] && dirs=("$LYGER_TEST_MYSQL_DIR"); }
    if [ ${#dirs[@]} -eq 0 ] && [ -f "$state" ]; then
        mapfile -t dirs < "$state"
        rm -f "$state"
    fi
    for d in "${dirs[@]}"; do
        [ -d "$d" ] || continue
        server_stop "$d" || true
        rm -rf "$d"
        [ -f "$state" ] && sed -i "\\#^$d\$#d" "$state"
    done
    return 0
}

svc_main "$@"
