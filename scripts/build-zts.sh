#!/usr/bin/env bash
# Builds the extension against the debug ZTS PHP of scripts/build-php.sh (building that
# PHP first when it is not cached) into build-zts/modules/lyger.so, from a copy of the
# sources (scripts/mirror-tree.sh), so modules/lyger.so stays the Debian PHP's. Only what
# changed is rebuilt. Prints the `export` lines the zts pass needs:
#   LYGER_ZTS_PHP    the PHP build's prefix (bin/php is the tests' PHP_BINARY)
#   LYGER_ZTS_ROOT   build-zts/, the repo-like tree whose modules/lyger.so is this build
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build-zts"
cd "$root"
php_env=$(bash scripts/build-php.sh)
eval "$php_env"
php_config="$LYGER_ZTS_PHP/bin/php-config"

bash scripts/mirror-tree.sh "$out"

cd "$out"
# configure again when the sources list or the PHP build changed
if [ ! -f Makefile ] || [ config.m4 -nt Makefile ] || [ "$(cat .php-config 2>/dev/null)" != "$php_config" ] \
   || [ "$(ls src/*.c | wc -l)" != "$(grep -c '^src/.*\.lo:' Makefile.objects 2>/dev/null || echo 0)" ]; then
    "$LYGER_ZTS_PHP/bin/phpize" >/dev/null
    ./configure --with-php-config="$php_config" --enable-lyger >/dev/null
    echo "$php_config" > .php-config
fi
make -j"$(nproc)" >/dev/null
echo "export LYGER_ZTS_PHP='$LYGER_ZTS_PHP'"
echo "export LYGER_ZTS_ROOT='$out'"
