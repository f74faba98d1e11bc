#!/usr/bin/env bash
# The newcomer's first command: installs what is missing, builds the extension and
# serves examples/app.php on http://127.0.0.1:${LYGER_PORT:-8080}/ until Ctrl-C.
# No database server is needed: without LYGER_DSN the demo keeps its notes in SQLite,
# data/demo.sqlite (the data directory is created here; LYGER_DATA_DIR moves it).
# LYGER_DSN=postgres://... (or mysql://...) uses that database instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh
bash scripts/build.sh
if [ -z "${LYGER_DSN:-}" ]; then
    export LYGER_DATA_DIR=${LYGER_DATA_DIR:-$root/data}
    mkdir -p "$LYGER_DATA_DIR"
    echo "database: SQLite, $LYGER_DATA_DIR/demo.sqlite (set LYGER_DSN for PostgreSQL or MySQL)"
fi
php -d extension="$root/modules/lyger.so" examples/app.php "${LYGER_PORT:-8080}"
