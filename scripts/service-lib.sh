# Sourced by the throwaway-service scripts (pg.sh, mysql.sh, redis.sh): what they share.
# nginx-fpm.sh and the benchmarks (bench/server.sh, bench/worker.sh) source it for free_port.
# Each sets, before sourcing: svc (its name in messages and temp dirs: pg, mysql, redis)
# and defines server_stop DIR. state is the file listing the dirs of started servers.
state="${TMPDIR:-/tmp}/lyger-$svc-$(id -u).state"

# A free loopback TCP port, from the kernel (bind to :0), never a fixed one.
free_port() {
    php -n -r '$s = stream_socket_server("tcp://127.0.0.1:0", $e, $m) or exit(1);
            $n = stream_socket_get_name($s, false); echo substr($n, strrpos($n, ":") + 1);'
}

# stop_pidfile FILE TRIES PAUSE: SIGTERM to the pid in FILE, waiting up to TRIES x PAUSE
# seconds for it to go, then SIGKILL; FILE is removed.
stop_pidfile() {
    local file=$1 tries=$2 pause=$3 pid i
    [ -f "$file" ] || return 0
    pid=$(cat "$file")
    kill "$pid" 2>/dev/null || { rm -f "$file"; return 0; }
    for i in $(seq 1 "$tries"); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$file"; return 0; }
        sleep "$pause"
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$file"
}

# stop [DIR]: stops the server of DIR (else $2, the dir variable's value, else the last
# started) and deletes DIR; only dirs this script makes are ever removed.
stop_dir() {
    local dir=${1:-$2}
    if [ -z "$dir" ] && [ -f "$state" ]; then
        dir=$(tail -n1 "$state")
    fi
    [ -n "$dir" ] || { echo "$svc.sh: no server to stop" >&2; return 0; }
    case "$dir" in "${TMPDIR:-/tmp}"/lyger-$svc.*) ;; *) echo "$svc.sh: refusing to remove $dir" >&2; return 1 ;; esac
    [ -d "$dir" ] && { server_stop "$dir" || true; rm -rf "$dir"; }
    if [ -f "$state" ]; then
        grep -vxF "$dir" "$state" > "$state.tmp" || true
        mv "$state.tmp" "$state"
        [ -s "$state" ] || rm -f "$state"
    fi
}

# The command line every service script takes (its start, stop, server_start and
# server_stop functions do the work).
svc_main() {
    case "${1:-}" in
        start) start ;;
        stop) shift; stop "$@" ;;
        server-stop) server_stop "${2:?dir}" ;;
        server-start) server_start "${2:?dir}" ;;
        *) echo "usage: $0 start|stop [DIR]|server-stop DIR|server-start DIR" >&2; exit 2 ;;
    esac
}
