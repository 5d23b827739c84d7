"""Apache Superset settings for mfgstats (read by Superset through SUPERSET_CONFIG_PATH; bi/start.sh sets it).

Local use only: the server binds 127.0.0.1, its metadata lives in a SQLite file under SUPERSET_HOME (bi/.state or
a temporary directory in tests), and the warehouse is registered read-only by bi/register_warehouse.py.
"""

import copy
import os
import re
import sys
from pathlib import Path

from duckdb_engine import ConnectionWrapper
from sqlalchemy import event
from sqlalchemy.pool import Pool
from superset.config import TALISMAN_CONFIG as _DEFAULT_TALISMAN_CONFIG
from superset.errors import SupersetErrorType

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))  # stdlib and duckdb only: see the module
from mfgstats.serve import sandbox

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]  # bi/start.sh generates one per state directory
DATA_DIR = os.environ["SUPERSET_HOME"]
SQLALCHEMY_DATABASE_URI = f"sqlite:///{os.path.join(DATA_DIR, 'superset.db')}?check_same_thread=false"

# One user on one machine: no rate limiting, SQL Lab runs synchronously (no Celery, no Redis).
RATELIMIT_ENABLED = False
_LIMITS = sandbox.limits()
# Superset's own limit comes after the statement timeout below, whose message says which variable to change.
SQLLAB_TIMEOUT = int(_LIMITS.timeout_s) + 30 if _LIMITS.timeout_s else 3600
SQL_MAX_ROW = 100_000
FEATURE_FLAGS: dict[str, bool] = {}

# The UI would load a usage pixel from scarf.sh; the content security policy no longer allows that origin.
TALISMAN_CONFIG = copy.deepcopy(_DEFAULT_TALISMAN_CONFIG)
TALISMAN_CONFIG["content_security_policy"]["img-src"] = [
    src for src in TALISMAN_CONFIG["content_security_policy"]["img-src"] if "scarf" not in src
]


# DuckDB 1.5 has no statement timeout, and SQL Lab runs queries on raw DB-API cursors: so the deadline
# (mfgstats.serve.sandbox.Deadline) runs from the moment a DuckDB connection leaves SQLAlchemy's pool to its return,
# and interrupts it after MFGSTATS_QUERY_TIMEOUT_S; DuckDB ignores an interrupt while nothing runs.
_DEADLINE = "mfgstats_deadline"


@event.listens_for(Pool, "checkout")
def _start_deadline(dbapi_connection, connection_record, connection_proxy):
    if isinstance(dbapi_connection, ConnectionWrapper):
        connection_record.info[_DEADLINE] = sandbox.Deadline(dbapi_connection, _LIMITS.timeout_s).start()


@event.listens_for(Pool, "checkin")
@event.listens_for(Pool, "close")  # NullPool closes a connection as it comes back
def _stop_deadline(dbapi_connection, connection_record):
    deadline = connection_record.info.pop(_DEADLINE, None) if connection_record is not None else None
    if deadline:
        deadline.stop()


# What SQL Lab and charts say when the sealed connection (bi/register_warehouse.py) refuses or stops a query, for
# the database registered as `mfgstats` (bi/start.sh).
_READS_ONLY = "readers of the warehouse read its tables and nothing else (no files, settings, extensions or databases)"
CUSTOM_DATABASE_ERRORS = {
    "mfgstats": {
        re.compile(r"INTERRUPT Error"): (
            f"the query ran longer than {_LIMITS.timeout_s:g} s and was stopped ({sandbox.TIMEOUT_VAR} sets the limit)",
            SupersetErrorType.GENERIC_DB_ENGINE_ERROR,
            {},
        ),
        re.compile(r"Out of Memory Error"): (
            f"the query needs more memory than readers are given ({_LIMITS.memory_limit}; {sandbox.MEMORY_VAR} sets "
            "it)",
            SupersetErrorType.GENERIC_DB_ENGINE_ERROR,
            {},
        ),
        re.compile(r"Permission Error: (?P<detail>[^\n]+)"): (
            f"refused: %(detail)s; {_READS_ONLY}",
            SupersetErrorType.GENERIC_DB_ENGINE_ERROR,
            {},
        ),
        re.compile(r"Table with name (?P<name>\S*/\S*) does not exist"): (
            f"refused: %(name)s is not a table of the warehouse, and files cannot be read here; {_READS_ONLY}",
            SupersetErrorType.GENERIC_DB_ENGINE_ERROR,
            {},
        ),
        re.compile(r"(?P<detail>Cannot change configuration option \S+) - the configuration has been locked"): (
            f"refused: %(detail)s; {_READS_ONLY}",
            SupersetErrorType.GENERIC_DB_ENGINE_ERROR,
            {},
        ),
    }
}
