#!/usr/bin/env bash
# Soak test: LYGER_SOAK_REQUESTS (default 1,000,000) requests through the always-alive
# server (startServer, a PHP router, LYGER_SOAK_WORKERS workers, default 2), each doing a
# cache read, a cache write and a database query (a throwaway PostgreSQL from
# scripts/pg.sh unless LYGER_TEST_DSN is set), driven by wrk in rounds of
# LYGER_SOAK_ROUND seconds (default 10) until the count is reached (at most 500 rounds).
# Reports requests/s, errors (non-2xx responses + socket errors) and the RSS of the master
# and of each worker: before any request, after the first round (warm: caches full,
# connections open) and at the end. Passes when there are no errors and the total RSS
# grew by less than 5% from the warm figure to the end.
#   bash scripts/soak.sh                          the full run (a few minutes)
#   LYGER_SOAK_REQUESTS=50000 bash scripts/soak.sh  a quick one
# Not part of scripts/test.sh (it takes minutes); the README (Hardening) has the last figures.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
total=${LYGER_SOAK_REQUESTS:-1000000}
workers=${LYGER_SOAK_WORKERS:-2}
round=${LYGER_SOAK_ROUND:-10}
conns=${LYGER_SOAK_CONNECTIONS:-32}
command -v wrk >/dev/null || { echo "soak.sh: wrk not installed (scripts/install-deps.sh)" >&2; exit 1; }
bash scripts/build.sh >/dev/null

dir=$(mktemp -d "${TMPDIR:-/tmp}/lyger-soak.XXXXXX")
server_pid=
cleanup() {
    [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
    [ -z "${started_pg:-}" ] || bash scripts/pg.sh stop "$LYGER_TEST_PG_DIR" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT
if [ -z "${LYGER_TEST_DSN:-}" ]; then
    eval "$(bash scripts/pg.sh start)"
    started_pg=1
fi

cat > "$dir/server.php" <<'PHP'
<?php
// Each request: a cache read, a cache write and a query (its result cached under the key).
$e = Lyger\Core\Engine::getInstance();
$dsn = getenv('LYGER_TEST_DSN');
$portFile = $argv[1];
$e->startServer(function (string $uri) use ($e, $dsn) {
    $n = (int) substr($uri, 3);
    $key = 'item:' . ($n % 20000);
    $seen = $e->cacheGet($key);
    $row = $e->dbQueryJson($dsn, 'select $1::int as n, md5($1::text) as h', [$n]);
    $e->cacheSet($key, $row, 60);
    return ['headers' => ['Content-Type' => 'application/json'], 'body' => $row . ($seen === '' ? '' : ',' . strlen($seen))];
}, 0, [
    'workers' => (int) getenv('LYGER_SOAK_WORKERS'),
    'on_start' => function (string $host, int $port) use ($portFile) { file_put_contents($portFile, (string) $port); },
]);
PHP
cat > "$dir/paths.lua" <<'LUA'
-- a different key per request (20,000 cache keys, any number for the query)
local n = 0
request = function()
    n = n + 1
    return wrk.format("GET", "/k/" .. math.random(1, 1000000))
end
LUA

LYGER_SOAK_WORKERS=$workers php -n -d "extension=$root/modules/lyger.so" -d "auto_prepend_file=$root/php/autoload.php" \
    -d memory_limit=256M "$dir/server.php" "$dir/port" >"$dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do [ -s "$dir/port" ] && break; sleep 0.1; done
[ -s "$dir/port" ] || { echo "soak.sh: the server did not start"; cat "$dir/server.log"; exit 1; }
port=$(cat "$dir/port")
url="http://127.0.0.1:$port"
sleep 0.5 # workers up

rss_of() { awk '/^VmRSS:/ {print $2 * 1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
# "master=N worker:PID=N ..." and the total
rss_line() {
    local line total=0 r w
    r=$(rss_of "$server_pid"); total=$r; line="master=$((r / 1024))k"
    for w in $(pgrep -P "$server_pid" | sort -n); do
        r=$(rss_of "$w"); total=$((total + r)); line="$line worker:$w=$((r / 1024))k"
    done
    echo "$total $line"
}
workers_now() { pgrep -P "$server_pid" | sort -n | tr '\n' ' '; }

before=$(rss_line)
initial_workers=$(workers_now)
done_reqs=0; errors=0; seconds=0; rounds=0; warm=
while [ "$done_reqs" -lt "$total" ] && [ "$rounds" -lt 500 ]; do
    out=$(wrk -t2 -c"$conns" -d"${round}s" -s "$dir/paths.lua" "$url/")
    rounds=$((rounds + 1))
    n=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' <<<"$out")
    non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' <<<"$out")
    read -r sc sr sw st <<<"$(sed -n 's/^ *Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' <<<"$out")"
    e=$(( ${non2xx:-0} + ${sc:-0} + ${sr:-0} + ${sw:-0} + ${st:-0} ))
    done_reqs=$((done_reqs + n)); errors=$((errors + e)); seconds=$((seconds + round))
    [ -n "$warm" ] || warm=$(rss_line)
    printf 'round %3d: %8d requests (%6d/s), %d errors; total %d; rss %s\n' "$rounds" "$n" $((n / round)) "$e" "$done_reqs" "$(rss_line | cut -d' ' -f2-)"
done
end=$(rss_line)
end_workers=$(workers_now)
growth=$(awk -v a="${warm%% *}" -v b="${end%% *}" 'BEGIN { printf "%.2f", (b - a) * 100 / a }')
echo
echo "| figure | value |"
echo "|---|---|"
echo "| requests | $done_reqs in $seconds s ($rounds rounds of ${round}s, $conns connections, $workers workers) |"
echo "| requests/s | $((done_reqs / seconds)) |"
echo "| errors (non-2xx + socket) | $errors |"
echo "| RSS before any request | $((${before%% *} / 1024)) KiB (${before#* }) |"
echo "| RSS warm (after round 1) | $((${warm%% *} / 1024)) KiB (${warm#* }) |"
echo "| RSS at the end | $((${end%% *} / 1024)) KiB (${end#* }) |"
echo "| RSS growth warm -> end | $growth % |"
echo "| workers replaced | $([ "$initial_workers" = "$end_workers" ] && echo none || echo "yes: $initial_workers -> $end_workers") |"
ok=1
[ "$errors" -eq 0 ] || ok=0
awk -v g="$growth" 'BEGIN { exit !(g < 5) }' || ok=0
[ "$done_reqs" -ge "$total" ] || ok=0
if [ "$ok" -eq 1 ]; then echo "SOAK PASS"; else echo "SOAK FAIL"; cat "$dir/server.log" | tail -n 20; exit 1; fi
