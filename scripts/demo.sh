#!/usr/bin/env bash
# The newcomer's first command: installs what is missing, builds the extension,
# starts a throwaway PostgreSQL (unless LYGER_DSN is set) and serves examples/app.php
# on http://127.0.0.1:${LYGER_PORT:-8080}/ until Ctrl-C.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh
bash scripts/build.sh
if [ -z "${LYGER_DSN:-}" ]; then
    pg_env=$(bash scripts/pg.sh start)
    eval "$pg_env"
    trap 'bash scripts/pg.sh stop >/dev/null 2>&1' EXIT
    export LYGER_DSN=$LYGER_TEST_DSN
    echo "throwaway PostgreSQL: $LYGER_DSN"
fi
php -d extension="$root/modules/lyger.so" examples/app.php "${LYGER_PORT:-8080}"
