#!/usr/bin/env bash
# Builds the extension with clang's AddressSanitizer + UndefinedBehaviorSanitizer into
# build-asan/modules/lyger.so, from a copy of the sources in build-asan/ (so the normal
# modules/lyger.so and its Makefile stay as scripts/build.sh made them). Only what
# changed is rebuilt. Prints the `export` lines the asan test pass needs:
#   LYGER_ASAN_ROOT     build-asan/, a tree that looks like the repo (php/, scripts/, tests/
#                       ... are symlinks) but whose modules/lyger.so is the sanitized one, so
#                       tests that start children from $LYGER_ROOT load it too
#   LYGER_ASAN_PRELOAD  what to LD_PRELOAD into the uninstrumented php binary: the
#                       no-deepbind shim, then clang's shared ASan runtime (UBSan included);
#                       build-asan/bin/php and php-cgi are wrappers that do it, and the shim
#                       drops LD_PRELOAD again so non-php programs php runs stay plain
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build-asan"
cd "$root"
runtime=$(clang -print-file-name=libclang_rt.asan-x86_64.so)
[ -f "$runtime" ] || { echo "build-asan.sh: $runtime not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }

bash scripts/mirror-tree.sh "$out"

cd "$out"
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
if [ ! -f Makefile ] || [ config.m4 -nt Makefile ] \
   || [ "$(ls src/*.c | wc -l)" != "$(grep -c '^src/.*\.lo:' Makefile.objects 2>/dev/null || echo 0)" ]; then
    phpize >/dev/null
    CC=clang CFLAGS="-g -O1 $sanitize" ./configure --enable-lyger >/dev/null
fi
# -shared-libasan (at link time only: configure's test programs cannot find the shared
# runtime): the module needs the preloaded shared runtime, not a static copy
make -j"$(nproc)" EXTRA_LDFLAGS="-XCClinker -shared-libasan" >/dev/null
# php dlopen()s extensions with RTLD_DEEPBIND, which the ASan runtime refuses: a shim,
# preloaded first, drops the flag (scripts/asan-no-deepbind.c says why)
if [ ! -f no-deepbind.so ] || [ "$root/scripts/asan-no-deepbind.c" -nt no-deepbind.so ]; then
    clang -O1 -shared -fPIC -o no-deepbind.so "$root/scripts/asan-no-deepbind.c" -ldl
fi
# php and php-cgi wrappers (build-asan/bin goes first in PATH): the preload for php only.
# exec -a keeps argv[0], so PHP_BINARY names the wrapper and php's own children get it too.
mkdir -p bin
for name in php php-cgi; do
    real=$(readlink -f "$(command -v "$name")")
    for alias in "$name" "$(basename "$real")"; do
        printf '#!/bin/bash\n# the asan pass: %s with the sanitizer runtime preloaded (scripts/build-asan.sh)\nLD_PRELOAD="$LYGER_ASAN_PRELOAD" exec -a "$0" %s "$@"\n' "$real" "$real" > "bin/$alias"
        chmod +x "bin/$alias"
    done
done
echo "export LYGER_ASAN_ROOT='$out'"
echo "export LYGER_ASAN_PRELOAD='$out/no-deepbind.so $runtime'"
