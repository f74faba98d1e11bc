#!/usr/bin/env bash
# Runs the benchmarks: bash bench/run.sh [foundation|cache|db|db_engines|server ...] (default: all).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh
bash scripts/build.sh >/dev/null
bash bench/build-core.sh >/dev/null
ext="-d extension=$root/modules/lyger.so"
for b in ${@:-foundation cache db db_engines server}; do
    echo "### $b"
    if [ -f "bench/$b.sh" ]; then
        bash "bench/$b.sh"
    else
        php $ext -d opcache.enable_cli=0 "bench/$b.php"
    fi
    echo
done
