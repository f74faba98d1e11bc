#!/usr/bin/env bash
# Regenerates stubs/lyger_arginfo.h from stubs/lyger.stub.php with the gen_stub.php
# that php-dev ships. gen_stub.php wants to download nikic/PHP-Parser; Debian's
# php-parser package serves instead, through a symlink in a scratch copy.
#   scripts/gen-arginfo.sh            regenerate the committed header
#   scripts/gen-arginfo.sh --check    exit 1 if the committed header is stale
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
php_config=${PHP_CONFIG:-php-config}
build=$("$php_config" --prefix >/dev/null 2>&1 && ls -d /usr/lib/php/*/build 2>/dev/null | head -n1 || true)
gen="$build/gen_stub.php"
[ -r "$gen" ] || { echo "gen_stub.php not found (apt-get install php8.2-dev)" >&2; exit 2; }
[ -d /usr/share/php/PhpParser ] || { echo "PHP-Parser not found (apt-get install php-parser)" >&2; exit 2; }
version=$(sed -n 's/.*\$version = "\([0-9.]*\)".*/\1/p' "$gen" | head -n1)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$gen" "$scratch/gen_stub.php"
mkdir -p "$scratch/PHP-Parser-$version/lib"
ln -s /usr/share/php/PhpParser "$scratch/PHP-Parser-$version/lib/PhpParser"
cp "$root/stubs/lyger.stub.php" "$scratch/lyger.stub.php"
php "$scratch/gen_stub.php" "$scratch/lyger.stub.php" >/dev/null
if [ "${1:-}" = "--check" ]; then
    if cmp -s "$scratch/lyger_arginfo.h" "$root/stubs/lyger_arginfo.h"; then
        echo "stubs/lyger_arginfo.h is up to date"
    else
        diff -u "$root/stubs/lyger_arginfo.h" "$scratch/lyger_arginfo.h" || true
        echo "stubs/lyger_arginfo.h is stale: run scripts/gen-arginfo.sh" >&2
        exit 1
    fi
else
    cp "$scratch/lyger_arginfo.h" "$root/stubs/lyger_arginfo.h"
    echo "wrote stubs/lyger_arginfo.h"
fi
