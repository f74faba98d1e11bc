#!/usr/bin/env bash
# Builds modules/lyger.so (phpize + configure + make), only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f Makefile ] || [ config.m4 -nt Makefile ] || ! grep -q "src/" Makefile.objects 2>/dev/null \
   || [ "$(ls src/*.c | wc -l)" != "$(grep -c '^src/.*\.lo:' Makefile.objects 2>/dev/null || echo 0)" ]; then
    phpize >/dev/null
    ./configure --enable-lyger ${LYGER_CONFIGURE_FLAGS:-} >/dev/null
fi
make -j"$(nproc)" >/dev/null
echo "built modules/lyger.so"
