"""Latency of the analyst queries of docs/queries.md on a built warehouse (default: the largest deployment that
bench/cold_build.py left in /tmp/mfgstats-bench).

usage: .venv/bin/python bench/queries.py [DB] [--repeat 5]

Every ```sql block of docs/queries.md runs --repeat times on one read-only connection (the first run is
reported apart: it pays for reading the file); prints the median and the first run in ms, and the rows returned.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

import duckdb

from mfgstats.config import PROJECT_ROOT

SQL_BLOCK = re.compile(r"```sql\n(.*?)```", re.S)


def queries(markdown: Path) -> list[str]:
    return [q.strip().rstrip(";") for q in SQL_BLOCK.findall(markdown.read_text(encoding="utf-8"))]


def latest_deployment(work: Path = Path("/tmp/mfgstats-bench")) -> Path:
    built = sorted(work.glob("n*/warehouse/mfgstats.duckdb"), key=lambda p: int(p.parts[-3][1:]))
    if not built:
        raise SystemExit(f"no warehouse under {work}: run bench/cold_build.py first, or pass DB")
    return built[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, nargs="?")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--queries", type=Path, default=PROJECT_ROOT / "docs" / "queries.md")
    args = parser.parse_args()
    db = args.db or latest_deployment()
    with duckdb.connect(str(db), read_only=True) as con:
        observations = con.execute("SELECT count(*) FROM fct_observation").fetchone()[0]
        print(f"{db}: {observations} observations")
        print(f"{'#':>2} {'first ms':>9} {'median ms':>9} {'rows':>7}  query")
        for i, sql in enumerate(queries(args.queries), 1):
            times, rows = [], 0
            for _ in range(args.repeat + 1):
                start = time.perf_counter()
                rows = len(con.execute(sql).fetchall())
                times.append((time.perf_counter() - start) * 1000)
            first_line = " ".join(sql.split())[:70]
            print(f"{i:>2} {times[0]:>9.1f} {statistics.median(times[1:]):>9.1f} {rows:>7}  {first_line}")


if __name__ == "__main__":
    main()
