#!/usr/bin/env bash
# Builds bench/build/liblyger_core.so: the plain-C modules of src/ (every src/*.c but
# the Zend bindings src/engine*.c) behind their C ABI, for the FFI comparisons.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/bench/build"
sources=()
for f in "$root"/src/*.c; do
    case "$(basename "$f")" in engine*.c) continue ;; esac
    sources+=("$f")
done
cc -O2 -g -fPIC -shared -ffp-contract=off -Wall -Wextra -I"$root/src" \
    $(pkg-config --cflags libpq jansson libuv) \
    -o "$root/bench/build/liblyger_core.so" "${sources[@]}" \
    $(pkg-config --libs libpq jansson libuv) -lhttp_parser -lm
echo "$root/bench/build/liblyger_core.so"
