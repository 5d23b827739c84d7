"""Apache Superset settings for mfgstats (read by Superset through SUPERSET_CONFIG_PATH; bi/start.sh sets it).

Local use only: the server binds 127.0.0.1, its metadata lives in a SQLite file under SUPERSET_HOME (bi/.state or
a temporary directory in tests), and the warehouse is registered read-only by bi/register_warehouse.py.
"""

import copy
import os

from superset.config import TALISMAN_CONFIG as _DEFAULT_TALISMAN_CONFIG

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]  # bi/start.sh generates one per state directory
DATA_DIR = os.environ["SUPERSET_HOME"]
SQLALCHEMY_DATABASE_URI = f"sqlite:///{os.path.join(DATA_DIR, 'superset.db')}?check_same_thread=false"

# One user on one machine: no rate limiting, SQL Lab runs synchronously (no Celery, no Redis).
RATELIMIT_ENABLED = False
SQLLAB_TIMEOUT = 120
SQL_MAX_ROW = 100_000
FEATURE_FLAGS: dict[str, bool] = {}

# The UI would load a usage pixel from scarf.sh; the content security policy no longer allows that origin.
TALISMAN_CONFIG = copy.deepcopy(_DEFAULT_TALISMAN_CONFIG)
TALISMAN_CONFIG["content_security_policy"]["img-src"] = [
    src for src in TALISMAN_CONFIG["content_security_policy"]["img-src"] if "scarf" not in src
]
