#!/usr/bin/env bash
# HTTP server benchmark: wrk on loopback, every peer measured side by side in one run.
#   hello world (examples/hello.php) through startServer, workers=1 and workers=2
#   the same router through the pure-PHP fallback server (no extension)
#   the same script under `php -S`
#   GET /health (answered in C) vs nginx (Debian's, own temp config) serving a static file
# then 1,000,000 requests against workers=1: errors and RSS before/after.
#   DURATION=5 CONNECTIONS=64 THREADS=2 TOTAL=1000000 bash bench/server.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
TOTAL=${TOTAL:-1000000}
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)"; exit 1; }
bash scripts/build.sh >/dev/null

tmp=$(mktemp -d /tmp/lyger-bench-server.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
    [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
    sleep 0.3
    rm -rf "$tmp"
}
trap cleanup EXIT

svc=bench-server
. "$root/scripts/service-lib.sh" # free_port
wait_port() {
    for _ in $(seq 1 100); do
        curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
        sleep 0.1
    done
    echo "server on port $1 did not start"; exit 1
}
native=(php -d "extension=$root/modules/lyger.so" -d "auto_prepend_file=$root/php/autoload.php")
fallback=(php -n -d "auto_prepend_file=$root/php/autoload.php")

start() { # name, command...
    local name=$1; shift
    "$@" >"$tmp/$name.log" 2>&1 &
    pids+=($!)
    echo $! >"$tmp/$name.pid"
}

p_w1=$(free_port); start native1 "${native[@]}" examples/hello.php "$p_w1" 1; wait_port "$p_w1"
p_w2=$(free_port); start native2 "${native[@]}" examples/hello.php "$p_w2" 2; wait_port "$p_w2"
p_fb=$(free_port); start fallback "${fallback[@]}" examples/hello.php "$p_fb"; wait_port "$p_fb"
p_cs=$(free_port); start cliserver php -S "127.0.0.1:$p_cs" examples/hello.php; wait_port "$p_cs"

p_ng=$(free_port)
mkdir -p "$tmp/www" "$tmp/nginx"
printf 'Hello, World!' >"$tmp/www/index.html"
chmod 755 "$tmp" "$tmp/www"; chmod 644 "$tmp/www/index.html"   # nginx workers run as www-data
cat >"$tmp/nginx.conf" <<EOF
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/nginx/error.log;
daemon on;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $tmp/nginx; proxy_temp_path $tmp/nginx; fastcgi_temp_path $tmp/nginx;
    uwsgi_temp_path $tmp/nginx; scgi_temp_path $tmp/nginx;
    keepalive_requests 1000000;
    server { listen 127.0.0.1:$p_ng; root $tmp/www; location / { default_type text/html; } }
}
EOF
nginx -c "$tmp/nginx.conf" -p "$tmp" 2>/dev/null || { echo "nginx did not start"; cat "$tmp/nginx/error.log"; exit 1; }
wait_port "$p_ng"

# socket errors (connect/read/write/timeout) + non-2xx responses of one wrk output
count_errors() {
    local sock non
    sock=$( (grep 'Socket errors:' <<<"$1" || true) | grep -Eo '[0-9]+' | awk '{s += $1} END {print s + 0}')
    non=$( (grep 'Non-2xx or 3xx responses:' <<<"$1" || true) | grep -Eo '[0-9]+' | awk '{s += $1} END {print s + 0}')
    echo $((sock + non))
}

# wrk run -> "req/s p50 p99 errors"
measure() {
    local out
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$1")
    echo "$out" >>"$tmp/wrk.log"
    local rps p50 p99 errs
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errs=$(count_errors "$out")
    echo "$rps $p50 $p99 $errs"
}

echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on 127.0.0.1, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
declare -A R
run() { R[$1]=$(measure "$2"); }
run native1 "http://127.0.0.1:$p_w1/"
run native2 "http://127.0.0.1:$p_w2/"
run fallback "http://127.0.0.1:$p_fb/"
run cliserver "http://127.0.0.1:$p_cs/"
run health "http://127.0.0.1:$p_w1/health"
run nginx "http://127.0.0.1:$p_ng/index.html"

rps() { awk '{print $1}' <<<"${R[$1]}"; }
printf '\n| %-44s | %10s | %8s | %8s | %6s |\n' "server (same hello-world router)" "req/s" "p50" "p99" "errors"
printf '|%s|%s|%s|%s|%s|\n' "----------------------------------------------" "------------" "----------" "----------" "--------"
row() { read -r a b c d <<<"${R[$1]}"; printf '| %-44s | %10.0f | %8s | %8s | %6s |\n' "$2" "$a" "$b" "$c" "$d"; }
row native1 "Lyger startServer, workers=1"
row native2 "Lyger startServer, workers=2"
row fallback "Lyger PHP fallback server (no extension)"
row cliserver "php -S (built-in server)"
row health "Lyger GET /health (C, no PHP), workers=1"
row nginx "nginx 1 worker, static file"
ratio() { awk -v a="$(rps "$1")" -v b="$(rps "$2")" 'BEGIN {printf "%.2f", a / b}'; }
echo
printf '| %-52s | %7s | %s |\n' "ratio" "value" "target"
printf '|%s|%s|%s|\n' "------------------------------------------------------" "---------" "------------------"
printf '| %-52s | %6sx | >= 5x |\n' "hello workers=1 / php -S" "$(ratio native1 cliserver)"
printf '| %-52s | %6sx | (info) |\n' "hello workers=2 / php -S" "$(ratio native2 cliserver)"
printf '| %-52s | %6sx | (info) |\n' "hello fallback / php -S" "$(ratio fallback cliserver)"
printf '| %-52s | %6sx | same range (~1x) |\n' "/health / nginx static (one process each)" "$(ratio health nginx)"

# 1,000,000 requests against workers=1: errors and RSS before/after (bounded: 120 s)
pid_w1=$(cat "$tmp/native1.pid")
rss() { awk '/^VmRSS/ {print $2 * 1024}' "/proc/$1/status"; }
cat >"$tmp/count.lua" <<EOF
local n = 0
local limit = math.ceil($TOTAL / $THREADS)
function response(status, headers, body)
    n = n + 1
    if status ~= 200 then bad = (bad or 0) + 1 end
    if n >= limit then wrk.thread:stop() end
end
EOF
before=$(rss "$pid_w1")
out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d120s -s "$tmp/count.lua" "http://127.0.0.1:$p_w1/")
after=$(rss "$pid_w1")
total=$(awk '/requests in/ {print $1}' <<<"$out")
errs=$(count_errors "$out")
served=$(curl -s "http://127.0.0.1:$p_w1/health" | php -r 'echo json_decode(stream_get_contents(STDIN), true)["requests"];')
echo
echo "| long run (workers=1, hello) | value |"
echo "|---|---|"
echo "| requests sent by wrk | $total |"
echo "| requests counted by the server (/health) | $served |"
echo "| socket errors + non-2xx | $errs |"
echo "| RSS before | $((before / 1024)) KiB |"
echo "| RSS after | $((after / 1024)) KiB |"
echo "| RSS growth | $(( (after - before) / 1024 )) KiB |"
