#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what is missing, builds,
# starts a throwaway PostgreSQL when LYGER_TEST_DSN is not set, and runs tests/
# with PHP's run-tests.php in three passes:
#   native    against modules/lyger.so
#   php       against the pure-PHP fallback (extension absent)
#   valgrind  the native pass again under valgrind (leaks and memory errors fail)
#   fuzz      each fuzz/*_fuzz.c built with libFuzzer + ASan + UBSan and run for
#             LYGER_FUZZ_SECONDS (default 20) seconds; a crash, leak or UB report fails
#   package   scripts/package-check.sh: pecl package, pecl install into a scratch
#             extension dir, load it and call the whole API (one check)
# Ends with one line "N passed, N failed".
#   LYGER_TEST_MODES="native php"   choose passes (default: native php valgrind fuzz package)
#   scripts/test.sh tests/1*.phpt   run only some tests
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh || exit 1
bash scripts/build.sh || exit 1

modes=${LYGER_TEST_MODES:-native php valgrind fuzz package}
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(tests)
run_tests=$(ls /usr/lib/php/*/build/run-tests.php | head -n1)
php_bin=$(command -v php)

# Services the tests use; each script prints "export VAR=..." lines.
# A database test that skips for want of a server is no test: start one, or fail.
if [ -f scripts/pg.sh ] && [ -z "${LYGER_TEST_DSN:-}" ]; then
    pg_env=$(bash scripts/pg.sh start) || { echo "could not start the throwaway PostgreSQL"; exit 1; }
    eval "$pg_env"
    trap 'bash scripts/pg.sh stop >/dev/null 2>&1' EXIT
fi

total_pass=0
total_fail=0
total_skip=0
# One fuzz target: "// fuzz-sources:" and "// fuzz-libs:" lines in its head say what it links.
run_fuzzer() {
    local f=$1 name srcs libs bin
    name=$(basename "$f" .c)
    srcs=$(sed -n 's|^// fuzz-sources: *||p' "$f" | head -n1)
    libs=$(sed -n 's|^// fuzz-libs: *||p' "$f" | head -n1)
    bin="$root/fuzz/build/$name"
    mkdir -p "$root/fuzz/build" "$root/fuzz/corpus/$name"
    if ! clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
            -I"$root/src" $(pkg-config --cflags libpq jansson libuv) "$f" $srcs $libs -lm -o "$bin" 2>"$bin.build.log"; then
        echo "FAIL $name (build)"; cat "$bin.build.log"; return 1
    fi
    if UBSAN_OPTIONS=print_stacktrace=1 "$bin" -max_total_time="${LYGER_FUZZ_SECONDS:-20}" \
            -rss_limit_mb=2048 -timeout=10 "$root/fuzz/corpus/$name" >"$bin.log" 2>&1; then
        echo "PASS $name ($(grep -o 'Done [0-9]* runs' "$bin.log" || echo 'ran'))"
    else
        echo "FAIL $name"; tail -n 40 "$bin.log"; return 1
    fi
}

for mode in $modes; do
    if [ "$mode" = package ]; then
        echo "=== package ==="
        if bash scripts/package-check.sh; then p=1; f=0; else p=0; f=1; fi
        echo "--- package: $p passed, $f failed"
        total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
        continue
    fi
    if [ "$mode" = fuzz ]; then
        echo "=== fuzz ==="
        p=0; f=0
        for fz in fuzz/*_fuzz.c; do
            [ -e "$fz" ] || continue
            if run_fuzzer "$fz"; then p=$((p + 1)); else f=$((f + 1)); fi
        done
        echo "--- fuzz: $p passed, $f failed"
        total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
        continue
    fi
    args=(-q --show-diff -p "$php_bin" -j"$(nproc)"
          -d "auto_prepend_file=$root/php/autoload.php")
    case "$mode" in
        native)   args+=(-d "extension=$root/modules/lyger.so") ;;
        php)      ;;
        # run-tests.php's own valgrind line reports memory errors only; ask for
        # definite and indirect leaks too (a leak report makes the test LEAK).
        # It also traces children: PHP children (servers, php-cgi) stay checked, but
        # tools the tests exec (curl, shells, PostgreSQL) are not ours to check, and a
        # fork()ed worker's exit would report the parent's whole heap as its own.
        # Everything runs 20-50x slower, so connecting gets more time; PCRE's JIT code
        # trips valgrind's uninitialised-value check (php-src runs valgrind without it).
        valgrind) args+=(-m -d "extension=$root/modules/lyger.so" -d lyger.db_connect_timeout=60 -d pcre.jit=0)
                  export VALGRIND_OPTS="--leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --num-callers=30 --child-silent-after-fork=yes --trace-children-skip=*/curl,*/sh,*/dash,*/bash,*/env,*/sleep,*/kill,*/timeout,*/runuser,*/pg_ctl,*/postgres,*/psql,*/initdb,*/nginx,*/wrk,*/git,*/valgrind" ;;
        *) echo "unknown mode $mode"; exit 2 ;;
    esac
    echo "=== $mode ==="
    log=$(mktemp)
    LYGER_TEST_MODE=$mode LYGER_ROOT=$root NO_INTERACTION=1 \
        "$php_bin" "$run_tests" "${args[@]}" "${tests[@]}" 2>&1 \
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
    if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
        echo "no test ran in mode $mode"; f=1
    fi
    echo "--- $mode: $p passed, $f failed, $s skipped"
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + s))
    rm -f "$log"
done
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
