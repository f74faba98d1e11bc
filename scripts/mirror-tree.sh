#!/usr/bin/env bash
# mirror-tree.sh OUT: makes OUT a tree that looks like the repo for an out-of-tree build
# of the extension (scripts/build-asan.sh, scripts/build-zts.sh): the build's inputs are
# copied (so its configure and objects never touch the in-tree build), everything else
# (php/, scripts/, tests/ ...) is a symlink, so tests that start children from
# $LYGER_ROOT find the same files and OUT's own modules/lyger.so.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$1
cd "$root"
mkdir -p "$out/src" "$out/stubs"
# cp -p keeps the source's mtime: a changed file is newer than its object and is rebuilt
for f in config.m4 config.w32 lyger.c php_lyger.h; do
    cmp -s "$f" "$out/$f" || cp -p "$f" "$out/$f"
done
# sources only: src/ also holds the in-tree build's objects (.lo, .o, .dep), which would
# pass for up-to-date objects of this build and name files its .libs/ does not have
for f in src/*.[ch] stubs/*; do
    cmp -s "$f" "$out/$f" || cp -p "$f" "$out/$f"
done
for f in "$out"/src/*.[ch]; do   # a source removed from the repo leaves the copy too
    [ -e "src/$(basename "$f")" ] && continue
    rm -f "$f"
    # and so do the dependency files naming it, which would stop make ("No rule to make target")
    grep -lF "$(basename "$f")" "$out"/src/*.dep "$out"/*.dep 2>/dev/null | xargs -r rm -f
done
for d in php scripts tests fuzz bench examples package.xml README.md composer.json; do
    [ -e "$d" ] && ln -sfn "../$d" "$out/$d"
done
exit 0
