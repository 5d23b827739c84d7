#!/usr/bin/env bash
# Start Apache Superset on 127.0.0.1 with the published warehouse registered read-only (`make bi` runs this).
#
#   bi/start.sh     → http://127.0.0.1:8088, user admin, password printed and kept in bi/.state/admin-password
#
# Environment (all optional):
#   MFGSTATS_BI_PORT            port (8088)
#   MFGSTATS_BI_HOME            Superset's state: metadata SQLite, secret key, password, logs (bi/.state)
#   MFGSTATS_BI_WAREHOUSE       the DuckDB file to serve (default: the published warehouse,
#                               $MFGSTATS_WAREHOUSE_DIR/mfgstats.duckdb or data/warehouse/mfgstats.duckdb)
#   MFGSTATS_BI_ADMIN_PASSWORD  the admin password (default: generated once per state directory)
#   SUPERSET_SECRET_KEY         Flask secret (default: generated once per state directory)
#   MFGSTATS_QUERY_TIMEOUT_S    seconds a SQL Lab query or chart may run (300), MFGSTATS_QUERY_MEMORY_LIMIT its
#                               DuckDB memory (2GB): the connection is sealed like every reader (docs/serving.md)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${MFGSTATS_BI_VENV:-$ROOT/.venv-bi}
PORT=${MFGSTATS_BI_PORT:-8088}
STATE=$(mkdir -p "${MFGSTATS_BI_HOME:-$ROOT/bi/.state}" && cd "${MFGSTATS_BI_HOME:-$ROOT/bi/.state}" && pwd)
WAREHOUSE=${MFGSTATS_BI_WAREHOUSE:-${MFGSTATS_WAREHOUSE_DIR:-$ROOT/data/warehouse}/mfgstats.duckdb}

if [[ ! -f $WAREHOUSE ]]; then
    echo "no published warehouse at $WAREHOUSE: run \`make run\` first" >&2
    exit 1
fi
"$ROOT/bi/install.sh"
chmod 700 "$STATE"

# A secret kept in the state directory, created on first use (readable by this user only).
secret() {
    local file=$STATE/$1
    [[ -s $file ]] || (umask 077 && "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))' >"$file")
    cat "$file"
}
SUPERSET_SECRET_KEY=${SUPERSET_SECRET_KEY:-$(secret secret_key)}
ADMIN_PASSWORD=${MFGSTATS_BI_ADMIN_PASSWORD:-$(secret admin-password)}
export SUPERSET_SECRET_KEY SUPERSET_HOME=$STATE SUPERSET_CONFIG_PATH=$ROOT/bi/superset_config.py FLASK_APP=superset
# Nothing here may phone home.
export SUPERSET_DISABLE_TELEMETRY=1 DO_NOT_TRACK=1 SCARF_ANALYTICS=false

SETUP_LOG=$STATE/setup.log
run_setup() {
    if ! "$@" >>"$SETUP_LOG" 2>&1; then
        echo "Superset setup failed at: $*; the end of $SETUP_LOG:" >&2
        tail -n 30 "$SETUP_LOG" >&2
        exit 1
    fi
}
: >"$SETUP_LOG"
echo "preparing Superset in $STATE (log: $SETUP_LOG)"
run_setup "$VENV/bin/superset" db upgrade
if ! "$VENV/bin/superset" fab list-users 2>>"$SETUP_LOG" | grep -q "username:admin "; then
    run_setup "$VENV/bin/superset" fab create-admin --username admin --firstname mfgstats --lastname admin \
        --email admin@localhost --password "$ADMIN_PASSWORD"
else
    run_setup "$VENV/bin/superset" fab reset-password --username admin --password "$ADMIN_PASSWORD"
fi
run_setup "$VENV/bin/superset" init
run_setup "$VENV/bin/python" "$ROOT/bi/register_warehouse.py" mfgstats "$WAREHOUSE"
grep "^superset: database" "$SETUP_LOG" || true

echo "Superset on http://127.0.0.1:$PORT  user: admin  password: in $STATE/admin-password"
# A shell that starts us in the background leaves SIGINT ignored; restore it so Ctrl-C and kill -INT work.
trap - INT
exec "$VENV/bin/gunicorn" --bind "127.0.0.1:$PORT" --workers 1 --threads 4 --timeout 180 \
    --no-control-socket --access-logfile - --error-logfile - "superset.app:create_app()"
