#!/usr/bin/env bash
# Builds and runs the ThreadSanitizer harnesses (tests/tsan/<name>_tsan.c): plain C
# programs that drive a core module (the cache store, ...) from several pthreads at once,
# as the threads of a ZTS PHP process do. Each is built with clang -fsanitize=thread from
# the sources its "/* tsan-sources: ... */" head line names, compiled with its optional
# "/* tsan-cflags: ... */" line and linked with its optional "/* tsan-libs: ... */" line.
# "/* tsan-needs: redis */" runs it with LYGER_TEST_REDIS naming a redis-server (the one
# scripts/test.sh started, else a throwaway one from scripts/redis.sh, stopped at exit).
#
#   bash scripts/tsan.sh                      every harness
#   bash scripts/tsan.sh cache_store_tsan     only these (name or tests/tsan/<name>.c)
#
# A harness passes when it exits 0 and ThreadSanitizer printed no report (a data race,
# a lock-order inversion, a thread leak, a signal-unsafe call in a handler); the first
# report ends the run (halt_on_error) and fails it. Prints one line per harness
# ("PASS name (S s)" / "FAIL name" and the report) and exits with the number that failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
harnesses=()
for t in "$@"; do
    t=$(basename "$t" .c)
    [ -f "tests/tsan/$t.c" ] || { echo "no such harness: tests/tsan/$t.c" >&2; exit 100; }
    harnesses+=("tests/tsan/$t.c")
done
[ ${#harnesses[@]} -gt 0 ] || harnesses=(tests/tsan/*_tsan.c)
out=tests/tsan/build
mkdir -p "$out"

stop_redis=""
trap '[ -z "$stop_redis" ] || eval "$stop_redis" >/dev/null 2>&1' EXIT
needs_redis() {
    [ -z "${LYGER_TEST_REDIS:-}" ] || return 0
    local env
    env=$(bash scripts/redis.sh start) || return 1
    eval "$env"
    stop_redis="bash scripts/redis.sh stop '$LYGER_TEST_REDIS_DIR'"
}

head_line() { sed -n "s|^/\\* tsan-$1: *\\(.*\\) \\*/\$|\\1|p" "$2" | head -n1; }

failed=0
for f in "${harnesses[@]}"; do
    name=$(basename "$f" .c)
    srcs=$(head_line sources "$f")
    libs=$(head_line libs "$f")
    cflags=$(head_line cflags "$f")
    if [ "$(head_line needs "$f")" = redis ] && ! needs_redis; then
        echo "FAIL $name (no redis-server could be started)"; failed=$((failed + 1)); continue
    fi
    bin="$out/$name"
    start=$SECONDS
    # -O1 as the fuzzers: races on values the optimiser keeps in registers still show,
    # since TSan instruments every memory access the compiled code makes
    if ! clang -g -O1 -fsanitize=thread -fno-omit-frame-pointer -Isrc $(pkg-config --cflags jansson) $cflags \
            "$f" $srcs $libs -lpthread -lm -o "$bin" > "$bin.build.log" 2>&1; then
        echo "FAIL $name (build)"; cat "$bin.build.log"; failed=$((failed + 1)); continue
    fi
    # exitcode=66: a report is told apart from the harness's own failure (any other non-zero)
    if TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 history_size=4 suppressions=$root/scripts/tsan.supp" \
            "$bin" > "$bin.log" 2>&1 && ! grep -q "WARNING: ThreadSanitizer" "$bin.log"; then
        echo "PASS $name ($((SECONDS - start)) s)"
    else
        echo "FAIL $name (exit $?)"; tail -n 80 "$bin.log"; failed=$((failed + 1))
    fi
done
exit "$failed"
