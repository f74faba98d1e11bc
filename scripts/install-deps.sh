#!/usr/bin/env bash
# Installs what lyger needs to build, test, benchmark and run its demo, from
# Debian's package archive. Does nothing when everything is already installed.
set -euo pipefail
packages=(
    # build
    build-essential pkg-config php8.2-dev php8.2-cli php-parser
    libpq-dev libjansson-dev libuv1-dev libhttp-parser-dev libsqlite3-dev libmariadb-dev libhiredis-dev
    # tests: real request boundaries, a throwaway PostgreSQL, MariaDB and Redis, memory checking, clients
    php8.2-cgi postgresql mariadb-server redis-server valgrind clang libclang-rt-14-dev curl
    # the shared cache's pool tests: a FastCGI client for php-cgi and php-fpm pools
    libfcgi-bin
    # fallback and benchmark peers
    php8.2-pgsql php8.2-sqlite3 php8.2-mysql php8.2-apcu php8.2-redis php8.2-fpm php8.2-opcache nginx wrk
    # distribution checks: pecl package/install (scripts/package-check.sh), composer validate
    php-pear composer
    # the debug ZTS PHP built from Debian's source (scripts/build-php.sh): apt-get source,
    # and the headers of what it is configured with (libpq-dev above)
    dpkg-dev xz-utils libxml2-dev libsqlite3-dev zlib1g-dev
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# The packaged nginx/postgresql/php-fpm services are not used:
# tests and benchmarks start their own throwaway instances.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
