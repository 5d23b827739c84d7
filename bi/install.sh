#!/usr/bin/env bash
# Create the Superset venv (.venv-bi) from the pins in bi/requirements.txt; does nothing when it is up to date.
# Superset has its own venv because its pins (SQLAlchemy 1.4, pandas 2.1, pyarrow 18 …) conflict with the
# pipeline's; both use the same duckdb version, so both read the same warehouse file format.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${MFGSTATS_BI_VENV:-$ROOT/.venv-bi}
PYTHON=${PYTHON:-python3.11}
STAMP=$VENV/.installed

if [[ -f $STAMP && $STAMP -nt $ROOT/bi/requirements.txt ]]; then
    exit 0
fi
command -v "$PYTHON" >/dev/null || { echo "Python 3.11 is required ($PYTHON not found); set PYTHON=/path/to/python3.11" >&2; exit 1; }
[[ -x $VENV/bin/python ]] || "$PYTHON" -m venv "$VENV"
echo "installing Superset into $VENV (takes a few minutes the first time)"
"$VENV/bin/pip" install --disable-pip-version-check -q -r "$ROOT/bi/requirements.txt"
"$VENV/bin/pip" check
touch "$STAMP"
