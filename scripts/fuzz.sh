#!/usr/bin/env bash
# Builds and runs the libFuzzer targets (fuzz/<name>_fuzz.c), each with ASan + UBSan.
#
#   bash scripts/fuzz.sh                       every target, LYGER_FUZZ_SECONDS each (default 20)
#   bash scripts/fuzz.sh http_split_fuzz ...   only these (name or fuzz/<name>.c)
#   LYGER_FUZZ_SECONDS=3600 bash scripts/fuzz.sh json_result_fuzz    the long run
#   LYGER_FUZZ_JOBS=2     targets run side by side (default: the number of cores, at most 2)
#
# A target's "// fuzz-sources:" and "// fuzz-libs:" head lines say what it links. Each run
# starts from fuzz/seeds/<name>/ (committed: the seed corpus, and every input that ever
# crashed, as a regression) and fuzz/corpus/<name>/ (gitignored: what earlier runs found;
# new inputs go there). A crash, leak, timeout or UB report fails the target; the input is
# saved as fuzz/build/<name>-crash-* (reproduce: fuzz/build/<name> <file>). Once fixed, copy
# it into fuzz/seeds/<name>/ so every later run replays it.
# Prints one line per target ("PASS name (N runs in S s)" / "FAIL name ...") and exits
# with the number of failed targets.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${LYGER_FUZZ_SECONDS:-20}
jobs=${LYGER_FUZZ_JOBS:-$(( $(nproc) < 2 ? 1 : 2 ))}
targets=()
for t in "$@"; do
    t=$(basename "$t" .c)
    [ -f "fuzz/$t.c" ] || { echo "no such target: fuzz/$t.c" >&2; exit 100; }
    targets+=("fuzz/$t.c")
done
[ ${#targets[@]} -gt 0 ] || targets=(fuzz/*_fuzz.c)
mkdir -p fuzz/build

# One target: build, run, write its result line to fuzz/build/<name>.result.
run_one() {
    local f=$1 name srcs libs bin
    name=$(basename "$f" .c)
    srcs=$(sed -n 's|^// fuzz-sources: *||p' "$f" | head -n1)
    libs=$(sed -n 's|^// fuzz-libs: *||p' "$f" | head -n1)
    bin="fuzz/build/$name"
    mkdir -p "fuzz/corpus/$name" "fuzz/seeds/$name"
    rm -f "fuzz/build/$name.result"
    if ! clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
            -Isrc $(pkg-config --cflags libpq jansson libuv) "$f" $srcs $libs -lm -o "$bin" 2>"$bin.build.log"; then
        { echo "FAIL $name (build)"; cat "$bin.build.log"; } > "fuzz/build/$name.result"
        return
    fi
    local start=$SECONDS
    if UBSAN_OPTIONS=print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 "$bin" -max_total_time="$seconds" \
            -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="fuzz/build/$name-" \
            "fuzz/corpus/$name" "fuzz/seeds/$name" >"$bin.log" 2>&1; then
        local runs
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$bin.log" | tail -n1)
        echo "PASS $name (${runs:-?} runs in $((SECONDS - start)) s, corpus $(ls "fuzz/corpus/$name" | wc -l) + $(ls "fuzz/seeds/$name" | wc -l) seeds)" > "fuzz/build/$name.result"
    else
        { echo "FAIL $name"; grep -v '^#[0-9]' "$bin.log" | tail -n 60
          ls fuzz/build/"$name"-* 2>/dev/null | sed 's/^/saved input: /'; } > "fuzz/build/$name.result"
    fi
}

running=0
for f in "${targets[@]}"; do
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
    run_one "$f" &
    running=$((running + 1))
done
wait
failed=0
for f in "${targets[@]}"; do
    r="fuzz/build/$(basename "$f" .c).result"
    if [ -f "$r" ]; then cat "$r"; else echo "FAIL $(basename "$f" .c) (no result)"; fi
    grep -q '^PASS' "$r" 2>/dev/null || failed=$((failed + 1))
done
exit "$failed"
