#!/usr/bin/env bash
# Worker-mode benchmark, every peer up at once and measured side by side in one run:
#   the front-controller application tests/apps/front (written for php-fpm), routes /hello
#   and /json, served by
#     Lyger's worker mode (worker/index.php: superglobals mode, 1 worker, opcache on)
#     nginx + php-fpm (scripts/nginx-fpm.sh: opcache on, pm = static with 2 children, nginx 1 worker)
#     php -S (public/index.php as the router script, opcache on)
#   hello world in superglobals mode (bench/hello_superglobals.php) vs the argument mode
#   (examples/hello.php), and the argument mode vs Swoole and Workerman (one worker each;
#   built by ../shared/peers/build.sh into PEERS, default /tmp/lyger-peers)
# Every server runs on core SERVER_CPU and wrk on core WRK_CPU (taskset), so each figure is
# what one core serves. Each ratio is the median of ROUNDS paired runs (both sides back to
# back, the order alternating), so load that moves over minutes cancels out.
#   ROUNDS=7 DURATION=3 CONNECTIONS=32 bash bench/worker.sh     (WRK_LOG=FILE keeps wrk's outputs)
# On a shared machine: flock /tmp/lyger-bench.lock bash bench/worker.sh (PERF=0: no perf split)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
ROUNDS=${ROUNDS:-7}
DURATION=${DURATION:-3}
CONNECTIONS=${CONNECTIONS:-32}
SERVER_CPU=${SERVER_CPU:-0}
WRK_CPU=${WRK_CPU:-1}
PEERS=${PEERS:-/tmp/lyger-peers}
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)"; exit 1; }
command -v taskset >/dev/null || { echo "taskset is needed (util-linux)"; exit 1; }
bash scripts/build.sh >/dev/null
if [ ! -f "$PEERS/swoole/modules/swoole.so" ] || [ ! -d "$PEERS/workerman/src" ]; then
    peers_build=$(cd "$root/.." && pwd)/shared/peers/build.sh
    [ -f "$peers_build" ] || { echo "no peers in $PEERS and no $peers_build: build Swoole/Workerman into PEERS"; exit 1; }
    bash "$peers_build" "$PEERS"
fi

tmp=$(mktemp -d /tmp/lyger-bench-worker.XXXXXX)
pids=()
cleanup() {
    [ -n "${WRK_LOG:-}" ] && cp "$tmp/wrk.log" "$WRK_LOG" 2>/dev/null || true
    for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
    bash scripts/nginx-fpm.sh stop "$tmp/nginx-fpm" 2>/dev/null || true
    sleep 0.5
    for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT

svc=bench-worker
. "$root/scripts/service-lib.sh" # free_port
wait_url() {
    for _ in $(seq 1 150); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ] && return 0
        sleep 0.1
    done
    echo "no 200 from $1"; tail -5 "$tmp"/*.log 2>/dev/null; exit 1
}
on_core() { taskset -c "$SERVER_CPU" "$@"; }
declare -A PID
start() { # name, command... (taskset execs the command: $! is the server's own pid)
    local name=$1; shift
    taskset -c "$SERVER_CPU" "$@" >"$tmp/$name.log" 2>&1 &
    pids+=($!)
    PID[$name]=$!
}
opcache=(-d zend_extension=opcache -d opcache.enable=1 -d opcache.enable_cli=1 -d opcache.validate_timestamps=0)
lyger=(php -n -d "extension=$root/modules/lyger.so" -d "auto_prepend_file=$root/php/autoload.php")
app=tests/apps/front

p_wk=$(free_port); start worker "${lyger[@]}" "${opcache[@]}" -d expose_php=0 "$app/worker/index.php" "$p_wk" 1
mkdir "$tmp/nginx-fpm"
p_fpm=$(on_core bash scripts/nginx-fpm.sh start "$tmp/nginx-fpm" "$app/public" 2 -d expose_php=0 | awk '/^port/ {print $2}')
p_cs=$(free_port); start cliserver php -n "${opcache[@]}" -d expose_php=0 -S "127.0.0.1:$p_cs" -t "$app/public" "$app/public/index.php"
p_arg=$(free_port); start arg "${lyger[@]}" examples/hello.php "$p_arg" 1
p_sg=$(free_port); start sg "${lyger[@]}" bench/hello_superglobals.php "$p_sg" 1
p_sw=$(free_port); start swoole php -n -d "extension=$PEERS/swoole/modules/swoole.so" bench/peers/swoole_hello.php "$p_sw"
p_wm=$(free_port)
WORKERMAN_SRC="$PEERS/workerman/src" PORT=$p_wm RUNDIR=$tmp start workerman php -n -d extension=posix bench/peers/workerman_hello.php start
PID[wk]=${PID[worker]} PID[cs]=${PID[cliserver]}
for u in "$p_wk/hello" "$p_fpm/hello" "$p_cs/hello" "$p_arg/" "$p_sg/" "$p_sw/" "$p_wm/"; do wait_url "http://127.0.0.1:$u"; done
# every body is the same bytes
for u in "$p_wk/hello" "$p_fpm/hello" "$p_cs/hello" "$p_arg/" "$p_sg/" "$p_sw/" "$p_wm/"; do
    [ "$(curl -s "http://127.0.0.1:$u")" = "Hello, World!" ] || { echo "unexpected body from $u"; exit 1; }
done
[ "$(curl -s "http://127.0.0.1:$p_wk/json")" = "$(curl -s "http://127.0.0.1:$p_fpm/json")" ] || { echo "the /json bodies differ"; exit 1; }

declare -A URL=(
    [wk_hello]="http://127.0.0.1:$p_wk/hello" [wk_json]="http://127.0.0.1:$p_wk/json"
    [fpm_hello]="http://127.0.0.1:$p_fpm/hello" [fpm_json]="http://127.0.0.1:$p_fpm/json"
    [cs_hello]="http://127.0.0.1:$p_cs/hello" [cs_json]="http://127.0.0.1:$p_cs/json"
    [arg]="http://127.0.0.1:$p_arg/" [sg]="http://127.0.0.1:$p_sg/"
    [swoole]="http://127.0.0.1:$p_sw/" [workerman]="http://127.0.0.1:$p_wm/"
)
# Each ratio is measured as a pair, back to back (which one goes first alternates by
# round), and the ratio of each pair is taken before the median: on a machine whose load
# moves, two runs seconds apart see the same load, runs minutes apart do not.
pairs=(wk_hello:fpm_hello wk_json:fpm_json wk_hello:cs_hello wk_json:cs_json arg:sg arg:swoole arg:workerman)

# CPU time (clock ticks) of a server's process and its children: "user sys"
cpu_ticks() {
    local p u=0 s=0 a b
    [ -n "$1" ] || { echo "0 0"; return; }
    for p in $1 $(pgrep -P "$1" || true); do
        read -r a b < <(awk '{print $14, $15}' "/proc/$p/stat" 2>/dev/null || echo "0 0")
        u=$((u + a)) s=$((s + b))
    done
    echo "$u $s"
}
# wrk on its own core -> "req/s errors user-ticks sys-ticks requests" (errors: socket errors +
# non-2xx; the ticks are the server's own CPU time during the run, 0 for nginx + php-fpm)
measure() {
    local out rps sock non u0 s0 u1 s1 n
    read -r u0 s0 <<<"$(cpu_ticks "${PID[$2]:-}")"
    out=$(taskset -c "$WRK_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$1")
    read -r u1 s1 <<<"$(cpu_ticks "${PID[$2]:-}")"
    n=$(awk '/ requests in / {print $1}' <<<"$out")
    echo "$out" >>"$tmp/wrk.log"
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    sock=$( (grep 'Socket errors:' <<<"$out" || true) | grep -Eo '[0-9]+' | awk '{s += $1} END {print s + 0}')
    non=$( (grep 'Non-2xx or 3xx responses:' <<<"$out" || true) | grep -Eo '[0-9]+' | awk '{s += $1} END {print s + 0}')
    echo "$rps $((sock + non)) $((u1 - u0)) $((s1 - s0)) $n"
}
declare -A ALL ERR RATIO UT ST NREQ
load_before=$(uptime | sed 's/.*load average: //')
echo "wrk -t1 -c$CONNECTIONS -d${DURATION}s, server on core $SERVER_CPU, wrk on core $WRK_CPU, $ROUNDS rounds of ${#pairs[@]} pairs, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "load average before: $load_before"
for r in $(seq 1 "$ROUNDS"); do
    for i in "${!pairs[@]}"; do
        pair=${pairs[$(( (i + r) % ${#pairs[@]} ))]}
        a=${pair%%:*} b=${pair##*:}
        if (( r % 2 )); then first=$a second=$b; else first=$b second=$a; fi
        read -r rps1 e1 u1 s1 n1 <<<"$(measure "${URL[$first]}" "${first%_*}")"
        read -r rps2 e2 u2 s2 n2 <<<"$(measure "${URL[$second]}" "${second%_*}")"
        UT[$first]=$(( ${UT[$first]:-0} + u1 )) ST[$first]=$(( ${ST[$first]:-0} + s1 )) NREQ[$first]=$(( ${NREQ[$first]:-0} + n1 ))
        UT[$second]=$(( ${UT[$second]:-0} + u2 )) ST[$second]=$(( ${ST[$second]:-0} + s2 )) NREQ[$second]=$(( ${NREQ[$second]:-0} + n2 ))
        ALL[$first]="${ALL[$first]:-} $rps1"; ERR[$first]=$(( ${ERR[$first]:-0} + e1 ))
        ALL[$second]="${ALL[$second]:-} $rps2"; ERR[$second]=$(( ${ERR[$second]:-0} + e2 ))
        if [ "$first" = "$a" ]; then ra=$rps1 rb=$rps2; else ra=$rps2 rb=$rps1; fi
        RATIO[$pair]="${RATIO[$pair]:-} $(awk -v x="$ra" -v y="$rb" 'BEGIN {printf "%.4f", x / y}')"
    done
    echo "round $r done, load average: $(uptime | sed 's/.*load average: //')"
done
load_after=$(uptime | sed 's/.*load average: //')
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
minmax() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.0f–%.0f", lo, hi}'; }
declare -A MED
for k in "${!ALL[@]}"; do MED[$k]=$(median "${ALL[$k]}"); done

echo
printf '| %-58s | %10s | %15s | %6s |\n' "server, one core (median of all its runs)" "req/s" "range" "errors"
printf '|%s|%s|%s|%s|\n' "------------------------------------------------------------" "------------" "-----------------" "--------"
row() { printf '| %-58s | %10.0f | %15s | %6s |\n' "$2" "${MED[$1]}" "$(minmax "${ALL[$1]}")" "${ERR[$1]}"; }
row wk_hello "front app /hello, Lyger worker mode (1 worker)"
row fpm_hello "front app /hello, nginx + php-fpm (static pool of 2)"
row cs_hello "front app /hello, php -S"
row wk_json "front app /json, Lyger worker mode (1 worker)"
row fpm_json "front app /json, nginx + php-fpm (static pool of 2)"
row cs_json "front app /json, php -S"
row arg "hello world, Lyger argument mode (1 worker)"
row sg "hello world, Lyger superglobals mode (1 worker)"
row swoole "hello world, Swoole SWOOLE_BASE (1 worker)"
row workerman "hello world, Workerman (1 worker)"

pratio() { median "${RATIO[$1]}"; }
prange() { tr ' ' '\n' <<<"${RATIO[$1]}" | grep -v '^$' | sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.2f–%.2f", lo, hi}'; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN {print (v >= t) ? "met" : "missed"}'; }
echo
printf '| %-50s | %8s | %11s | %-8s | %s |\n' "ratio (median of the $ROUNDS paired runs)" "value" "range" "target" "verdict"
printf '|%s|%s|%s|%s|%s|\n' "----------------------------------------------------" "----------" "-------------" "----------" "---------"
rr() {
    local v; v=$(pratio "$1")
    printf '| %-50s | %7.2fx | %11s | %-8s | %s |\n' "$2" "$v" "$(prange "$1")" "${3:+>= ${3}x}" "${3:+$(verdict "$v" "$3")}"
}
rr wk_hello:fpm_hello "worker mode / nginx + php-fpm, /hello" 4
rr wk_json:fpm_json "worker mode / nginx + php-fpm, /json" 4
rr wk_hello:cs_hello "worker mode / php -S, /hello" ""
rr wk_json:cs_json "worker mode / php -S, /json" ""
v=$(pratio arg:sg)
cost=$(awk -v v="$v" 'BEGIN {printf "%.1f", (1 - 1 / v) * 100}')
printf '| %-50s | %8s | %11s | %-8s | %s |\n' "superglobals mode cost over argument mode, hello" "$cost%" "" "<= 15%" "$(awk -v c="$cost" 'BEGIN {print (c <= 15) ? "met" : "missed"}')"
rr arg:swoole "argument mode / Swoole, hello" 1.2
rr arg:workerman "argument mode / Workerman, hello" 1.2

# Server CPU time per request (user and kernel, summed over all its runs; its own process and
# children, so php -S and nginx + php-fpm, whose work spans processes, are left out). On one
# core a server's throughput is 1 / this time, and wrk's load on its own core does not enter it:
# the kernel column is what loopback TCP costs the server whatever it runs, the floor under
# every per-core ratio.
tck=$(getconf CLK_TCK)
us() { awk -v t="$1" -v n="$2" -v k="$tck" 'BEGIN {printf "%.2f", n ? t / k * 1e6 / n : 0}'; }
echo
printf '| %-50s | %9s | %9s | %9s |\n' "server CPU per request, us (all runs)" "user" "kernel" "total"
printf '|%s|%s|%s|%s|\n' "----------------------------------------------------" "-----------" "-----------" "-----------"
for k in wk_hello wk_json arg sg swoole workerman; do
    printf '| %-50s | %9s | %9s | %9s |\n' "$k" "$(us "${UT[$k]}" "${NREQ[$k]}")" "$(us "${ST[$k]}" "${NREQ[$k]}")" "$(us $(( ${UT[$k]} + ${ST[$k]} )) "${NREQ[$k]}")"
done
tot() { us $(( ${UT[$1]} + ${ST[$1]} )) "${NREQ[$1]}"; }
sg_cost=$(awk -v a="$(tot arg)" -v b="$(tot sg)" 'BEGIN {printf "%+.1f", (b / a - 1) * 100}')
echo
echo "superglobals mode, CPU per request over argument mode: $sg_cost% (target <= 15%: $(awk -v c="$sg_cost" 'BEGIN {print (c <= 15) ? "met" : "missed"}'))"
# The kernel's part of a request is the same work in both modes (one read, one write of about
# the same bytes), so its run-to-run noise (tenths of a microsecond) is taken out here:
sg_user=$(awk -v ua="$(us "${UT[arg]}" "${NREQ[arg]}")" -v us_="$(us "${UT[sg]}" "${NREQ[sg]}")" -v a="$(tot arg)" 'BEGIN {printf "%+.1f", (us_ - ua) / a * 100}')
echo "superglobals mode, its extra user-space time over the argument mode's CPU per request: $sg_user% (target <= 15%: $(awk -v c="$sg_user" 'BEGIN {print (c <= 15) ? "met" : "missed"}'))"
for peer in swoole workerman; do
    awk -v p="$peer" -v a="$(tot arg)" -v pk="$(tot "$peer")" -v ak="$(us "${ST[arg]}" "${NREQ[arg]}")" 'BEGIN {
        printf "argument mode / %s by CPU per request: %.2fx; with no user-space time at all (kernel only) it would be %.2fx\n", p, pk / a, pk / ak }'
done

# Where the argument mode's time goes (perf, when it is installed: PERF=0 skips it): the share
# of the kernel, of PHP itself (making the router's arguments and calling it), of libuv and
# http-parser (the libraries the project uses for the loop and the parser), of libc and of
# lyger.so. The first four are not ours to cut, so with lyger.so and libc at zero a request
# would still cost their sum: the ceiling of "argument mode / peer" per core. perf samples at
# 999 Hz; its shares are applied to the CPU per request measured without it.
if [ "${PERF:-1}" != 0 ] && command -v perf >/dev/null; then
    perf record -q -F 999 -o "$tmp/perf.data" -p "${PID[arg]}" -- sleep "$DURATION" >/dev/null 2>&1 &
    perf_pid=$!
    sleep 0.2
    read -r pu0 ps0 <<<"$(cpu_ticks "${PID[arg]}")"
    out=$(taskset -c "$WRK_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "${URL[arg]}")
    read -r pu1 ps1 <<<"$(cpu_ticks "${PID[arg]}")"
    wait "$perf_pid" || true
    pn=$(awk '/ requests in / {print $1}' <<<"$out")
    per=$(us $(( pu1 - pu0 + ps1 - ps0 )) "$pn")
    perf report -i "$tmp/perf.data" --no-children --sort dso -g none 2>/dev/null | awk '$1 ~ /%$/ {sub(/%/, "", $1); print $1, $2}' >"$tmp/dso.txt"
    share() { awk -v d="$1" 'index($2, d) {s += $1} END {printf "%.2f", s + 0}' "$tmp/dso.txt"; }
    k=$(share kernel) php=$(share php) uv=$(share libuv) hp=$(share libhttp_parser) c=$(share libc) ly=$(share lyger)
    echo
    echo "argument mode under perf: $per us per request; kernel $k%, PHP $php%, libuv $uv%, http-parser $hp%, libc $c%, lyger.so $ly%"
    # the shares applied to the argument mode's CPU per request measured without perf above
    fixed=$(awk -v t="$(tot arg)" -v a="$k" -v b="$php" -v c="$uv" -v d="$hp" 'BEGIN {printf "%.2f", t * (a + b + c + d) / 100}')
    for peer in swoole workerman; do
        awk -v p="$peer" -v pk="$(tot "$peer")" -v f="$fixed" 'BEGIN {
            printf "ceiling of argument mode / %s with lyger.so and libc costing nothing: %.2f / %.2f us = %.2fx\n", p, pk, f, pk / f }'
    done
fi
echo
echo "load average after: $load_after"
