#!/usr/bin/env bash
# A throwaway redis-server for the tests and benchmarks (Debian's redis-server).
#
#   eval "$(bash scripts/redis.sh start)"   a fresh temp dir holding the config, the data
#                                           dir and a unix socket; a free loopback TCP port;
#                                           no persistence; prints ONLY `export` lines
#   bash scripts/redis.sh stop [DIR]        stop it and delete its dir (DIR, else
#                                           $LYGER_TEST_REDIS_DIR, else the state file)
#   bash scripts/redis.sh server-stop DIR   stop the server only (restart tests)
#   bash scripts/redis.sh server-start DIR  start it again on the same port
#
# Exports: LYGER_TEST_REDIS (redis://127.0.0.1:PORT/0), LYGER_TEST_REDIS_SOCKET (unix:PATH),
# LYGER_TEST_REDIS_PORT, LYGER_TEST_REDIS_DIR.
# LYGER_REDIS_PASSWORD=... start: the server requires that password (requirepass).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
self="$root/scripts/redis.sh"
server=${LYGER_REDIS_SERVER:-$(command -v redis-server || echo /usr/bin/redis-server)}
svc=redis
. "$(dirname "$0")/service-lib.sh"


server_start() {
    local dir=$1 i
    rm -f "$dir/redis.pid"
    "$server" "$dir/redis.conf" >/dev/null 2>&1 || return 1
    # daemonized: ready once it answers on the socket (bounded wait)
    for i in $(seq 1 100); do
        [ -S "$dir/redis.sock" ] && [ -f "$dir/redis.pid" ] && return 0
        sleep 0.05
    done
    return 1
}

server_stop() { stop_pidfile "$1/redis.pid" 100 0.05; }

start() {
    [ -x "$server" ] || { echo "redis.sh: redis-server not found (apt-get install redis-server)" >&2; exit 1; }
    local dir port tries=0
    dir=$(mktemp -d "${TMPDIR:-/tmp}/lyger-redis.XXXXXX")
    until port=$(free_port) && write_conf "$dir" "$port" && server_start "$dir"; do
        tries=$((tries + 1))
        if [ "$tries" -ge 5 ]; then
            cat "$dir/redis.log" >&2 2>/dev/null; rm -rf "$dir"; exit 1
        fi
    done
    echo "$dir" >> "$state"
    cat <<EOT
export LYGER_TEST_REDIS='redis://127.0.0.1:$port/0'
export LYGER_TEST_REDIS_SOCKET='unix:$dir/redis.sock'
export LYGER_TEST_REDIS_PORT=$port
export LYGER_TEST_REDIS_DIR='$dir'
EOT
}

write_conf() {
    local dir=$1 port=$2
    {
        echo "port $port"
        echo "bind 127.0.0.1"
        echo "unixsocket $dir/redis.sock"
        echo "unixsocketperm 700"
        echo "dir $dir"
        echo "pidfile $dir/redis.pid"
        echo "logfile $dir/redis.log"
        echo "daemonize yes"
        echo "save \"\""
        echo "appendonly no"
        echo "databases 16"
        [ -z "${LYGER_REDIS_PASSWORD:-}" ] || echo "requirepass $LYGER_REDIS_PASSWORD"
    } > "$dir/redis.conf"
    chmod 600 "$dir/redis.conf"
}

stop() { stop_dir "${1:-}" "${LYGER_TEST_REDIS_DIR:-}"; }

svc_main "$@"
