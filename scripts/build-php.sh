#!/usr/bin/env bash
# Builds PHP from Debian's source of the version in bookworm (8.2.32) as a debug,
# thread-safe (ZTS) build: the build extension authors test on, where Zend's allocator
# reports every request-memory leak, ZEND_ASSERTs fire and module globals live per thread.
# Installs into a cache directory named after the source version and a hash of the
# configure options, so a second run (or a second clone on the same machine) skips the
# build; a lock keeps two runs from building it at once. Prints the `export` line the
# zts pass needs:
#   LYGER_ZTS_PHP   the prefix of the build (bin/php, bin/php-cgi, sbin/php-fpm, bin/phpize)
# LYGER_PHP_CACHE chooses the cache directory (default /var/cache/lyger-php when it can
# be written, else ~/.cache/lyger-php). About 3 minutes on 2 cores when not cached.
set -euo pipefail
deb_version=8.2.32-1~deb12u1
upstream=${deb_version%%-*}
# What the suite needs of the PHP under test: the SAPIs the tests start (cli, cgi, fpm),
# the extensions tests and the fallback's peers use; nothing else (--disable-all).
options=(--enable-debug --enable-zts --disable-all
    --enable-cli --enable-cgi --enable-fpm --disable-phpdbg
    --enable-opcache --enable-pcntl --enable-posix --enable-sockets --enable-session
    --enable-ctype --enable-tokenizer --enable-filter --enable-mbstring --disable-mbregex
    --with-libxml --enable-simplexml --enable-dom --enable-xml --with-zlib
    --enable-pdo --with-pgsql --with-pdo-pgsql
    --enable-mysqlnd --with-mysqli=mysqlnd --with-pdo-mysql=mysqlnd
    --with-sqlite3 --with-pdo-sqlite)
hash=$(printf '%s\n' "$deb_version" "${options[@]}" | sha256sum | cut -c1-8)

if [ -n "${LYGER_PHP_CACHE:-}" ]; then
    cache=$LYGER_PHP_CACHE
elif mkdir -p /var/cache/lyger-php 2>/dev/null && [ -w /var/cache/lyger-php ]; then
    cache=/var/cache/lyger-php
else
    cache=${XDG_CACHE_HOME:-$HOME/.cache}/lyger-php
fi
prefix="$cache/$upstream-debug-zts-$hash"
mkdir -p "$cache"

built() { [ -x "$prefix/bin/php" ] && [ "$(cat "$prefix/.lyger-build-complete" 2>/dev/null)" = "$deb_version" ]; }

exec 8>"$cache/.lock"
flock 8
if ! built; then
    start=$SECONDS
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    # Debian's archive serves the source of the version in bookworm main
    list=/etc/apt/sources.list.d/lyger-deb-src.sources
    if ! apt-cache showsrc "php8.2=$deb_version" 2>/dev/null | grep -q "^Version: $deb_version"; then
        printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
            | $sudo tee "$list" >/dev/null
        $sudo apt-get update -qq >&2
    fi
    work="$cache/src-$hash"
    rm -rf "$work" "$prefix"
    mkdir -p "$work"
    cd "$work"
    # Only the upstream tarball is used: its configure is generated already, while
    # Debian's patches change configure.ac (and would need autoconf) for packaging
    # concerns the suite does not test.
    apt-get source --download-only -qq "php8.2=$deb_version" >&2
    tar xf "php8.2_$upstream.orig.tar.xz"
    cd "php-$upstream"
    echo "build-php.sh: configuring PHP $upstream (debug, ZTS) into $prefix" >&2
    ./configure --prefix="$prefix" "${options[@]}" \
        --with-config-file-path="$prefix/etc" --with-config-file-scan-dir="$prefix/etc/conf.d" \
        > "$work/configure.log" 2>&1 || { tail -n 30 "$work/configure.log" >&2; exit 1; }
    make -j"$(nproc)" > "$work/make.log" 2>&1 || { tail -n 40 "$work/make.log" >&2; exit 1; }
    make install > "$work/install.log" 2>&1 || { tail -n 20 "$work/install.log" >&2; exit 1; }
    mkdir -p "$prefix/etc/conf.d"
    echo "$deb_version" > "$prefix/.lyger-build-complete"
    cd "$cache"
    rm -rf "$work"
    echo "build-php.sh: built in $((SECONDS - start)) s" >&2
fi
# ext/redis (PECL; Debian's php-redis source) for the tests that use it as the other Redis
# client, as Debian's php8.2-redis is for the release PHP: built against this PHP, installed
# in its extension dir and loaded by its conf.d, as a package would be. About 10 s.
redis_deb=5.3.7+4.3.0-3
if [ "$(cat "$prefix/.lyger-redis-complete" 2>/dev/null)" != "$redis_deb" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    if ! apt-cache showsrc "php-redis=$redis_deb" 2>/dev/null | grep -q "^Version: $redis_deb"; then
        printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
            | $sudo tee /etc/apt/sources.list.d/lyger-deb-src.sources >/dev/null
        $sudo apt-get update -qq >&2
    fi
    work="$cache/redis-src-$hash"
    rm -rf "$work"
    mkdir -p "$work"
    cd "$work"
    apt-get source --download-only -qq "php-redis=$redis_deb" >&2 2>/dev/null
    tar xf php-redis_*.orig.tar.xz
    cd redis-5.*
    { "$prefix/bin/phpize" && ./configure --with-php-config="$prefix/bin/php-config" && make -j"$(nproc)" && make install; } \
        > "$work/build.log" 2>&1 || { tail -n 30 "$work/build.log" >&2; exit 1; }
    echo "extension=redis" > "$prefix/etc/conf.d/20-redis.ini"
    echo "$redis_deb" > "$prefix/.lyger-redis-complete"
    cd "$cache"
    rm -rf "$work"
    echo "build-php.sh: ext/redis $redis_deb built for it" >&2
fi
flock -u 8
echo "export LYGER_ZTS_PHP='$prefix'"
