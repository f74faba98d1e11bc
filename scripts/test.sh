#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what is missing, builds,
# starts a throwaway PostgreSQL when LYGER_TEST_DSN is not set, and runs tests/
# with PHP's run-tests.php in three passes:
#   native    against modules/lyger.so
#   php       against the pure-PHP fallback (extension absent)
#   valgrind  the native pass again under valgrind (leaks and memory errors fail)
#   asan      the native pass against an ASan + UBSan build (scripts/build-asan.sh);
#             any report from a php process (the test's, a server, a worker) fails
#   zts       the native pass on a debug, thread-safe PHP 8.2.32 built from Debian's
#             source (scripts/build-php.sh, cached) with the module built against it
#             (scripts/build-zts.sh): any Zend leak report or failed assertion fails,
#             from the test's php or a server it started (tests/inc/server.inc)
#   tsan      each ThreadSanitizer harness tests/tsan/*_tsan.c (scripts/tsan.sh): a core
#             module driven from several threads, as a ZTS process's threads do
#   fuzz      each fuzz/*_fuzz.c built with libFuzzer + ASan + UBSan and run for
#             LYGER_FUZZ_SECONDS (default 60) seconds, two at a time (scripts/fuzz.sh,
#             which also documents the long run); a crash, leak or UB report fails
#   package   scripts/package-check.sh: pecl package, pecl install into a scratch
#             extension dir, load it and call the whole API (one check)
# Ends with one line "N passed, N failed".
#   LYGER_TEST_MODES="native php"   choose passes (default: native php valgrind asan zts tsan fuzz package)
#   scripts/test.sh tests/1*.phpt   run only some tests
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh || exit 1
bash scripts/build.sh || exit 1

modes=${LYGER_TEST_MODES:-native php valgrind asan zts tsan fuzz package}
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(tests)
run_tests=$(ls /usr/lib/php/*/build/run-tests.php | head -n1)
php_bin=$(command -v php)

# Services the tests use; each script prints "export VAR=..." lines.
# A database test that skips for want of a server is no test: start one, or fail.
# Each started service adds its stop command to one list, run by one EXIT trap.
stop_cmds=()
trap 'for c in "${stop_cmds[@]}"; do eval "$c" >/dev/null 2>&1; done' EXIT
if [ -f scripts/pg.sh ] && [ -z "${LYGER_TEST_DSN:-}" ]; then
    pg_env=$(bash scripts/pg.sh start) || { echo "could not start the throwaway PostgreSQL"; exit 1; }
    eval "$pg_env"
    stop_cmds+=("bash scripts/pg.sh stop")
fi
if [ -f scripts/mysql.sh ] && [ -z "${LYGER_TEST_MYSQL_DSN:-}" ]; then
    my_env=$(bash scripts/mysql.sh start) || { echo "could not start the throwaway MariaDB"; exit 1; }
    eval "$my_env"
    stop_cmds+=("bash scripts/mysql.sh stop $LYGER_TEST_MYSQL_DIR")
fi
# The cache's Redis tier (tests 150-179): a throwaway redis-server unless one is given.
if [ -f scripts/redis.sh ] && [ -z "${LYGER_TEST_REDIS:-}" ]; then
    redis_env=$(bash scripts/redis.sh start) || { echo "could not start the throwaway redis-server"; exit 1; }
    eval "$redis_env"
    stop_cmds+=("bash scripts/redis.sh stop '$LYGER_TEST_REDIS_DIR'")
fi

total_pass=0
total_fail=0
total_skip=0
# The asan pass: Debian's php is not instrumented, so the sanitizer runtime is preloaded
# (after a shim that drops php's RTLD_DEEPBIND, see scripts/asan-no-deepbind.c), and
# USE_ZEND_ALLOC=0 puts every PHP allocation through it. USE_TRACKED_ALLOC=1 (as php-src's
# own ASan CI) frees what a request left at its end, as the Zend allocator does: without
# it every fatal error (a bailout) shows as PHP's own leaks. So this pass checks malloc'd
# memory for leaks and all memory for overflows and use after free; a forgotten efree()
# is the valgrind pass's to find (it runs without tracked allocation).
# Only php is preloaded: tests run build-asan/bin/php (a wrapper), php children find the
# wrappers first in PATH (or as PHP_BINARY), other programs run plain (the shim says why).
# Reports go to files (log_path), one per process, so those of servers, workers and php
# children whose stderr no test reads count too: after the pass, each report fails the
# pass and is printed. exitcode=0: a report does not change a process's exit status (tests
# check exit statuses; an error still ends the process early, which its test sees).
# LeakSanitizer's own tracer crashed at exit in about one process per pass ("Tracer caught
# signal 11" reading a null DTV, google/sanitizers#1353) while it scanned dynamic TLS;
# intercept_tls_get_addr=0 stops that scan (NTS PHP and the module keep nothing in
# dynamic TLS; a root missed there could only add a false report, never hide a leak).
# Should the tracer still crash, that report holds no finding: it is listed as a tool
# failure and not counted.
# A smaller quarantine keeps RSS near normal (tests check servers' RSS).
asan_setup() {
    local env
    env=$(bash scripts/build-asan.sh) || return 1
    eval "$env"
    asan_logs=$(mktemp -d)
    local common="log_path=$asan_logs/report:log_exe_name=1:exitcode=0"
    asan_env=(LYGER_ASAN_PRELOAD="$LYGER_ASAN_PRELOAD" PATH="$LYGER_ASAN_ROOT/bin:$PATH" USE_ZEND_ALLOC=0 USE_TRACKED_ALLOC=1 ZEND_DONT_UNLOAD_MODULES=1
        ASAN_OPTIONS="$common:detect_leaks=1:verify_asan_link_order=0:malloc_context_size=30:quarantine_size_mb=32:intercept_tls_get_addr=0:suppressions=$root/scripts/lsan.supp"
        LSAN_OPTIONS="suppressions=$root/scripts/lsan.supp:print_suppressions=0"
        UBSAN_OPTIONS="$common:print_stacktrace=1:halt_on_error=1")
}
# The zts pass: the tests' php (PHP_BINARY, so children too), run-tests.php and php-cgi
# are the debug ZTS build's. A debug PHP reports each request-memory leak to stderr with
# the file and line that allocated it, and a failed ZEND_ASSERT aborts with glibc's
# message: in the test's own output that fails the test; servers' output goes to files,
# which tests/inc/server.inc scans when it cleans up and copies any such line into
# $LYGER_ZEND_REPORTS, one file per server, each failing the pass.
zts_setup() {
    local env
    env=$(bash scripts/build-zts.sh) || return 1
    eval "$env"
    zend_logs=$(mktemp -d)
}
# Prints the Zend reports of servers in the pass; returns how many there were.
zend_reports() {
    local n=0 f
    for f in "$zend_logs"/*; do
        [ -e "$f" ] || continue
        n=$((n + 1)); echo "ZEND REPORT $(basename "$f"):"; cat "$f"
    done
    return $(( n > 255 ? 255 : n ))
}
# Prints the sanitizer reports of the pass; returns how many there were.
asan_reports() {
    local n=0 f
    for f in "$asan_logs"/*; do
        [ -e "$f" ] || continue
        if grep -q "LeakSanitizer has encountered a fatal error" "$f" && ! grep -q "ERROR: \|runtime error" "$f"; then
            echo "LSan tool failure in $(basename "$f") (no finding; not counted): $(head -n1 "$f")"
            continue
        fi
        n=$((n + 1)); echo "ASAN REPORT $(basename "$f"):"; cat "$f"
    done
    # an exit status is taken modulo 256: never let 256 reports read as none
    return $(( n > 255 ? 255 : n ))
}

for mode in $modes; do
    pass_start=$SECONDS
    if [ "$mode" = package ]; then
        echo "=== package ==="
        if bash scripts/package-check.sh; then p=1; f=0; else p=0; f=1; fi
        echo "--- package: $p passed, $f failed ($((SECONDS - pass_start)) s)"
        total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
        continue
    fi
    # passes that are a script printing one PASS/FAIL line per check
    if [ "$mode" = tsan ] || [ "$mode" = fuzz ]; then
        echo "=== $mode ==="
        script_log=$(mktemp)
        if [ "$mode" = tsan ]; then
            # scripts/tsan.sh: each harness built with clang -fsanitize=thread and run
            bash scripts/tsan.sh > "$script_log" 2>&1
        else
            # scripts/fuzz.sh: every target for LYGER_FUZZ_SECONDS, two side by side
            LYGER_FUZZ_SECONDS=${LYGER_FUZZ_SECONDS:-60} bash scripts/fuzz.sh > "$script_log"
        fi
        cat "$script_log"
        p=$(grep -c '^PASS' "$script_log"); f=$(grep -c '^FAIL' "$script_log")
        [ "$p" -gt 0 ] || [ "$f" -gt 0 ] || f=1
        rm -f "$script_log"
        echo "--- $mode: $p passed, $f failed ($((SECONDS - pass_start)) s)"
        total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
        continue
    fi
    args=(-q --show-diff -p "$php_bin" -j"$(nproc)"
          -d "auto_prepend_file=$root/php/autoload.php")
    case "$mode" in
        native)   args+=(-d "extension=$root/modules/lyger.so") ;;
        php)      ;;
        asan)     asan_setup || { echo "FAIL asan (build)"; total_fail=$((total_fail + 1)); continue; }
                  args[3]="$LYGER_ASAN_ROOT/bin/php"   # -p: the tests' php
                  args+=(-d "extension=$LYGER_ASAN_ROOT/modules/lyger.so") ;;
        zts)      zts_setup || { echo "FAIL zts (build)"; total_fail=$((total_fail + 1)); continue; }
                  args[3]="$LYGER_ZTS_PHP/bin/php"
                  args+=(-d "extension=$LYGER_ZTS_ROOT/modules/lyger.so") ;;
        # run-tests.php's own valgrind line reports memory errors only; ask for
        # definite and indirect leaks too (a leak report makes the test LEAK).
        # It also traces children: PHP children (servers, php-cgi) stay checked, but
        # tools the tests exec (curl, shells, PostgreSQL) are not ours to check, and a
        # fork()ed worker's exit would report the parent's whole heap as its own.
        # Everything runs 20-50x slower, so connecting gets more time; PCRE's JIT code
        # trips valgrind's uninitialised-value check (php-src runs valgrind without it).
        valgrind) args+=(-m -d "extension=$root/modules/lyger.so" -d lyger.db_connect_timeout=60 -d pcre.jit=0)
                  export VALGRIND_OPTS="--leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --num-callers=30 --child-silent-after-fork=yes --trace-children-skip=*/curl,*/sh,*/dash,*/bash,*/env,*/sleep,*/kill,*/timeout,*/runuser,*/pg_ctl,*/postgres,*/psql,*/initdb,*/mariadbd,*/mysqld,*/mariadb,*/mysql,*/mariadb-install-db,*/nginx,*/wrk,*/git,*/valgrind,*/redis-server,*/redis-cli" ;;
        *) echo "unknown mode $mode"; exit 2 ;;
    esac
    echo "=== $mode ==="
    log=$(mktemp)
    mode_root=$root; mode_env=(); runner=("$php_bin" "$run_tests")
    [ "$mode" != asan ] || { mode_root=$LYGER_ASAN_ROOT; mode_env=("${asan_env[@]}"); }
    # run-tests.php of the PHP under test, run by it
    [ "$mode" != zts ] || { mode_root=$LYGER_ZTS_ROOT; mode_env=(LYGER_ZEND_REPORTS="$zend_logs")
                            runner=("$LYGER_ZTS_PHP/bin/php" "$LYGER_ZTS_PHP/lib/php/build/run-tests.php"); }
    env "${mode_env[@]}" LYGER_TEST_MODE=$mode LYGER_ROOT=$mode_root NO_INTERACTION=1 \
        "${runner[@]}" "${args[@]}" "${tests[@]}" 2>&1 \
        | tr '\r' '\n' | sed -e 's/\x1b\[[0-9;]*m//g' -e 's/^TEST [0-9]*\/[0-9]* \[[^]]*\] *//' > "$log"
    # failures with their diffs, then the counts
    sed -n '/^========DIFF========$/,/^========DONE========$/p; /^\(FAIL\|LEAK\|BORK\|WARN\) /p' "$log"
    grep -E "^Tests (passed|failed|skipped|leaked|warned)" "$log" || tail -n 20 "$log"
    count() { sed -n "s/^Tests $1 *: *\([0-9]*\).*/\1/p" "$log" | head -n1; }
    p=$(count passed); f=$(count failed); s=$(count skipped); l=$(count leaked); w=$(count warned)
    # run-tests.php retries a failed test that uses sleep/microtime once; one that passes
    # on that retry is reported WARN. It is counted as passed but listed as flaky here;
    # any other WARN is a failure.
    flaky=$(grep -c "^WARN .*passed on retry" "$log" || true)
    p=$(( ${p:-0} + flaky )); f=$(( ${f:-0} + ${l:-0} + ${w:-0} - flaky )); s=${s:-0}
    [ "$flaky" -eq 0 ] || echo "FLAKY ($mode): $flaky test(s) passed only on run-tests.php's retry, listed above"
    if [ "$mode" = asan ]; then
        asan_reports; r=$?
        [ "$r" -eq 0 ] || echo "FAIL asan: $r sanitizer report(s), above"
        f=$((f + r)); rm -rf "$asan_logs"
    fi
    if [ "$mode" = zts ]; then
        zend_reports; r=$?
        [ "$r" -eq 0 ] || echo "FAIL zts: $r server(s) with Zend leak or assertion reports, above"
        f=$((f + r)); rm -rf "$zend_logs"
    fi
    if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
        echo "no test ran in mode $mode"; f=1
    fi
    echo "--- $mode: $p passed, $f failed, $s skipped ($((SECONDS - pass_start)) s)"
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + s))
    rm -f "$log"
done
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
