#!/usr/bin/env bash
# What a PECL user does, checked end to end on this machine, without touching the
# system's PHP:
#   1. `pecl package` on a scratch copy of the tracked tree (package.xml's <date> set
#      to today, as scripts/package-xml.sh --release does): must print no warning and
#      make lyger-<PHP_LYGER_VERSION>.tgz;
#   2. `pecl install` of that tarball, non-interactively (stdin is /dev/null, so every
#      <configureoption> takes its default), with a scratch PEAR configuration
#      (registry, temp and build dirs) and a scratch extension directory: pecl
#      installs the .so where `make install` puts it, php-config's --extension-dir
#      under php-config's --prefix (its own ext_dir setting is not used for that), so
#      a php-config first in PATH answers a scratch prefix and extension directory
#      and passes every other question to the real one. (pecl's --packagingroot would do it too, but PEAR 1.10.13 then extracts
#      the sources under the root and builds from outside it: "could not chdir".)
#   3. `php -n -d extension=<scratch ext_dir>/lyger.so` loads it: the native Engine
#      answers (an internal class of extension lyger, phpinfo version), and every public
#      method of the API is called once (scripts/package-smoke.php).
#   4. what `pie install lyger/lyger` runs on the repository (composer.json, type php-ext):
#      phpize, a bare ./configure (PIE passes only options the user names), make; the
#      module must load and answer natively;
#   5. the tarball's own `make test` (what a packager runs after building from it) on the
#      tests that read files beside them (build files, stubs, README, examples, php/):
#      a file they need but package.xml does not ship fails here;
#   6. the configure options honour a prefix: libraries symlinked into scratch prefixes
#      (headers + library for libpq in Debian's include/postgresql layout and jansson, a
#      .pc file for libuv) must end up in the configured include and link flags.
# Needs php-pear; the database methods need PostgreSQL: LYGER_TEST_DSN, else a
# throwaway cluster from scripts/pg.sh. Prints "PASS package ..." or "FAIL package ...".
#   LYGER_PACKAGE_KEEP=1   keep the scratch directory (printed) for inspection
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
fail() { echo "FAIL package: $*"; exit 1; }
command -v pecl >/dev/null && command -v pear >/dev/null || fail "pecl not found (apt-get install php-pear)"
version=$(sed -n 's/^#define PHP_LYGER_VERSION "\(.*\)"$/\1/p' php_lyger.h)
[ -n "$version" ] || fail "no PHP_LYGER_VERSION in php_lyger.h"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/lyger-package.XXXXXX")
pg_started=""
cleanup() {
    [ -n "$pg_started" ] && bash "$root/scripts/pg.sh" stop "$LYGER_TEST_PG_DIR" >/dev/null 2>&1
    if [ -n "${LYGER_PACKAGE_KEEP:-}" ]; then echo "scratch kept: $scratch"; else rm -rf "$scratch"; fi
}
trap cleanup EXIT

# 1. package: a copy of the tracked files as they are in the working tree
mkdir -p "$scratch/src"
git ls-files -z | xargs -0 -I{} cp --parents {} "$scratch/src/" 2>/dev/null \
    || fail "could not copy the tracked tree"
(cd "$scratch/src" && php -r '$x = file_get_contents("package.xml");
    file_put_contents("package.xml", preg_replace("#<date>[^<]*</date>#", "<date>" . date("Y-m-d") . "</date>", $x, 1));')
(cd "$scratch/src" && pecl package package.xml) >"$scratch/package.log" 2>&1
rc=$?
cat "$scratch/package.log" | sed 's/^/  pecl package: /'
[ $rc -eq 0 ] || fail "pecl package exited $rc"
if grep -qiE "^(warning|error)" "$scratch/package.log"; then fail "pecl package printed a warning or error"; fi
tgz="$scratch/src/lyger-$version.tgz"
[ -f "$tgz" ] || fail "pecl package did not make lyger-$version.tgz"
grep -q "^Package lyger-$version.tgz done" "$scratch/package.log" || fail "no 'Package lyger-$version.tgz done' line"

# 2. install into a scratch PEAR tree, no questions asked
pear config-create "$scratch/pear" "$scratch/pear.conf" >/dev/null || fail "pear config-create failed"
real_php_config=$(command -v php-config) || fail "php-config not found (apt-get install php8.2-dev)"
ext_dir="$scratch/prefix/ext"
mkdir -p "$scratch/bin" "$ext_dir"
cat >"$scratch/bin/php-config" <<WRAP
#!/bin/sh
[ "\$1" = "--prefix" ] && { echo "$scratch/prefix"; exit 0; }
[ "\$1" = "--extension-dir" ] && { echo "$ext_dir"; exit 0; }
exec "$real_php_config" "\$@"
WRAP
chmod +x "$scratch/bin/php-config"
PATH="$scratch/bin:$PATH" MAKE="make -j$(nproc)" pecl -c "$scratch/pear.conf" install "$tgz" </dev/null >"$scratch/install.log" 2>&1
rc=$?
grep -E "^running: .*configure|^install ok|^Installing|^Build process completed|^ERROR" "$scratch/install.log" | sed 's/^/  pecl install: /'
[ $rc -eq 0 ] || { tail -n 40 "$scratch/install.log"; fail "pecl install exited $rc"; }
# PEAR's own PHP warnings (a broken install step) and compiler warnings in our sources fail
if grep -E "^(PHP )?(Warning|Notice|Deprecated):|(lyger\.c|src/[a-z_]+\.[ch]):[0-9]+:[0-9]+: warning:" "$scratch/install.log"; then
    fail "pecl install printed warnings (above)"
fi
grep -q "^install ok: channel://pecl.php.net/lyger-$version" "$scratch/install.log" || { tail -n 20 "$scratch/install.log"; fail "no 'install ok' line"; }
so="$ext_dir/lyger.so"
[ -f "$so" ] || fail "$so not installed"
# the configure line pecl ran: every <configureoption> took its default
grep -q -- "--with-lyger-libpq-dir --with-lyger-jansson-dir --with-lyger-libuv-dir --with-lyger-http-parser-dir" "$scratch/install.log" \
    || fail "pecl did not pass the configure options' defaults"

# 3. load it and call the whole API
if [ -z "${LYGER_TEST_DSN:-}" ]; then
    pg_env=$(bash scripts/pg.sh start) || fail "could not start a throwaway PostgreSQL"
    eval "$pg_env"
    pg_started=1
fi
ri=$(php -n -d "extension=$so" --ri lyger 2>&1)
echo "$ri" | grep -q "^Version => $version\$" || { echo "$ri"; fail "php --ri lyger does not show Version => $version"; }
ext_opts=(-n -d "extension=$so")
LYGER_EXPECT_VERSION=$version timeout 120 php "${ext_opts[@]}" scripts/package-smoke.php >"$scratch/smoke.log" 2>&1
rc=$?
sed 's/^/  smoke: /' "$scratch/smoke.log"
[ $rc -eq 0 ] || fail "the installed extension failed the smoke script (exit $rc)"
grep -q "^every method called: [0-9]* of [0-9]*, native$" "$scratch/smoke.log" || fail "smoke script did not finish"

# 4. the PIE build: phpize, ./configure without options, make
mkdir -p "$scratch/pie"
git ls-files -z | xargs -0 -I{} cp --parents {} "$scratch/pie/" 2>/dev/null || fail "could not copy the tracked tree"
(cd "$scratch/pie" && phpize && ./configure && make -j"$(nproc)") >"$scratch/pie.log" 2>&1 \
    || { tail -n 30 "$scratch/pie.log"; fail "phpize, bare ./configure, make (PIE's steps) failed"; }
hello=$(php -n -d "extension=$scratch/pie/modules/lyger.so" -r 'echo Lyger\Core\Engine::getInstance()->helloWorld();' 2>&1)
[ "$hello" = "Hello from Lyger $version (native extension)" ] || fail "PIE-style build does not answer natively: $hello"
echo "  pie build: phpize, ./configure (no options), make: $hello"
# 5. make test from the unpacked tarball
mkdir -p "$scratch/tgz"
tar -xzf "$tgz" -C "$scratch/tgz" || fail "cannot unpack $tgz"
pkg="$scratch/tgz/lyger-$version"
(cd "$pkg" && phpize && ./configure && make -j"$(nproc)") >"$scratch/tgz.log" 2>&1 \
    || { tail -n 30 "$scratch/tgz.log"; fail "the unpacked tarball does not build"; }
pkg_tests=$(cd "$pkg" && ls tests/0*.phpt tests/090-*.phpt | tr '\n' ' ')
(cd "$pkg" && LYGER_TEST_MODE=native LYGER_ROOT="$pkg" NO_INTERACTION=1 \
    make test TESTS="-q $pkg_tests") >"$scratch/maketest.log" 2>&1
grep -E "^(FAIL|BORK|LEAK|SKIP) " "$scratch/maketest.log" | sed 's/^/  make test: /'
passed=$(sed -n 's/^Tests passed *: *\([0-9]*\).*/\1/p' "$scratch/maketest.log")
failed=$(sed -n 's/^Tests failed *: *\([0-9]*\).*/\1/p' "$scratch/maketest.log")
echo "  make test (unpacked tarball): ${passed:-0} passed, ${failed:-?} failed"
[ "${failed:-1}" = 0 ] && [ "${passed:-0}" -gt 0 ] || { tail -n 40 "$scratch/maketest.log"; fail "make test from the tarball failed"; }

# 6. --with-lyger-*-dir prefixes (configure only, in the PIE copy)
multiarch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
libdir=/usr/lib/$multiarch
p="$scratch/prefixes"
mkdir -p "$p/pq/include/postgresql" "$p/pq/lib" "$p/jansson/include" "$p/jansson/lib" "$p/uv/lib/pkgconfig"
ln -s /usr/include/postgresql/libpq-fe.h /usr/include/postgresql/postgres_ext.h /usr/include/postgresql/pg_config_ext.h "$p/pq/include/postgresql/"
ln -s "$libdir/libpq.so" "$p/pq/lib/"
ln -s /usr/include/jansson.h /usr/include/jansson_config.h "$p/jansson/include/"
ln -s "$libdir/libjansson.so" "$p/jansson/lib/"
mkdir -p "$p/uv/include"
ln -s /usr/include/uv.h /usr/include/uv "$p/uv/include/"
ln -s "$libdir/libuv.so" "$p/uv/lib/"
printf 'prefix=%s\nlibdir=${prefix}/lib\nincludedir=${prefix}/include\nName: libuv\nDescription: libuv in a scratch prefix\nVersion: %s\nLibs: -L${libdir} -luv\nCflags: -I${includedir}\n' \
    "$p/uv" "$(pkg-config --modversion libuv)" >"$p/uv/lib/pkgconfig/libuv.pc"
(cd "$scratch/pie" && ./configure --with-lyger-libpq-dir="$p/pq" --with-lyger-jansson-dir="$p/jansson" \
    --with-lyger-libuv-dir="$p/uv" --with-lyger-http-parser-dir=/usr) >"$scratch/prefix.log" 2>&1 \
    || { tail -n 20 "$scratch/prefix.log"; fail "./configure with --with-lyger-*-dir prefixes failed"; }
for want in "-I$p/pq/include/postgresql" "-I$p/jansson/include" "-I$p/uv/include" "-L$p/pq/lib" "-L$p/jansson/lib" "-L$p/uv/lib"; do
    grep -q -- "$want" "$scratch/pie/Makefile" || fail "configured with prefixes, but the Makefile has no $want"
done
echo "  configure options: libpq, jansson (include/lib) and libuv (.pc) prefixes honoured"

echo "PASS package (lyger-$version.tgz: pecl package without warnings; pecl install into a scratch ext_dir, whole API called; PIE-style build; make test from the tarball; prefixes honoured)"
