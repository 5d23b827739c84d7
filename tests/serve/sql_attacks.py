"""The SQL attack list: what an attacker or a careless user may type into a reader of the warehouse, and every
surface must refuse (tests/serve/test_sandbox.py for `mfgstats sql`, the readers of status and export and the
DuckLake reader; bi/tests/test_superset.py for Superset's SQL Lab).

`{tmp}` is a scratch folder holding SECRET (a file that exists, so a refusal never comes from a missing file);
after the attacks it must hold SECRET and nothing else. Also imported by path from bi/tests.
"""

from __future__ import annotations

from pathlib import Path

SECRET = "secret.txt"

# name → SQL (several statements allowed); grouped by what they try
FILE_READS = {
    "read_text": "SELECT content FROM read_text('{tmp}/secret.txt')",
    "read_text /etc/passwd": "SELECT content FROM read_text('/etc/passwd')",
    "read_blob": "SELECT content FROM read_blob('{tmp}/secret.txt')",
    "read_csv /etc/passwd": "SELECT * FROM read_csv('/etc/passwd')",
    "read_csv in FROM": "SELECT * FROM '{tmp}/secret.txt'",
    "read_json": "SELECT * FROM read_json_auto('{tmp}/secret.txt')",
    "glob /root": "SELECT * FROM glob('/root/*')",
    "glob scratch": "SELECT * FROM glob('{tmp}/*')",
    "sniff_csv": "SELECT * FROM sniff_csv('{tmp}/secret.txt')",
}
FILE_WRITES = {
    "COPY TO": "COPY (SELECT 42 AS x) TO '{tmp}/copy.csv'",
    "COPY TO parquet": "COPY (SELECT 42 AS x) TO '{tmp}/copy.parquet' (FORMAT parquet)",
    "profiling output": "SET profiling_output = '{tmp}/profile.json'; PRAGMA enable_profiling = 'json'; SELECT 1",
    "profile output pragma": "PRAGMA profile_output = '{tmp}/profile.txt'",
    "EXPORT DATABASE": "EXPORT DATABASE '{tmp}/exported'",
}
SETTINGS = {
    "SET enable_external_access": "SET enable_external_access = true",
    "SET memory_limit": "SET memory_limit = '64GB'",
    "PRAGMA memory_limit": "PRAGMA memory_limit = '64GB'",
    "RESET memory_limit": "RESET memory_limit",
    "SET lock_configuration": "SET lock_configuration = false",
    "SET allowed_directories": "SET allowed_directories = ['/']",
    "SET temp_directory": "SET temp_directory = '{tmp}/spill'",
    "SET threads": "SET threads = 64",
}
DATABASES = {
    "ATTACH": "ATTACH '{tmp}/other.duckdb' AS other",
    "ATTACH sqlite": "ATTACH '{tmp}/other.sqlite' AS other (TYPE sqlite)",
    "sqlite_scan": "SELECT * FROM sqlite_scan('{tmp}/other.sqlite', 't')",
}
EXTENSIONS = {
    "INSTALL": "INSTALL httpfs",
    "LOAD": "LOAD httpfs",
    "LOAD sqlite": "LOAD sqlite",
}
RUNAWAY = {
    "endless recursive CTE": "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r",
    "huge cross join": "SELECT count(*) FROM range(1000000000) a, range(1000000000) b WHERE a.range + b.range < 0",
    "memory bomb": "SELECT string_agg(repeat('x', 1000), '') FROM range(100000000)",
}
ATTACKS = {**FILE_READS, **FILE_WRITES, **SETTINGS, **DATABASES, **EXTENSIONS, **RUNAWAY}

# What a refusal says, one of: refused by the sealed connection or the statement check, the read-only
# warehouse, or stopped at a limit (time or memory).
REFUSAL = r"refused|read-only|stopped|more memory|disabled|locked|not in the catalog"


def scratch(folder: Path) -> Path:
    """`folder` made the attacks' scratch folder: SECRET in it, nothing else."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / SECRET).write_text("the Superset admin password would be here\n", encoding="utf-8")
    return folder


def left_behind(folder: Path) -> list[str]:
    """What the attacks wrote into the scratch folder (must be [])."""
    return sorted(p.name for p in folder.iterdir() if p.name != SECRET)
