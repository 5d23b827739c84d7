"""Register the published warehouse in Superset, read-only, with a dataset for every mart. Idempotent.

Run with the Superset venv's Python (bi/start.sh does): `register_warehouse.py DB_NAME /abs/path/mfgstats.duckdb`.
The connection opens the file with DuckDB's read_only flag, so Superset can never write it or block the pipeline,
and SQL Lab refuses DML on top of that. It is sealed like every reader the project opens for users
(mfgstats.serve.sandbox, passed to duckdb-engine as the connection's `config`): no file access, settings changes,
ATTACH or extensions, a memory limit (MFGSTATS_QUERY_MEMORY_LIMIT, read when this runs); bi/superset_config.py adds
the statement timeout. Superset opens a new DuckDB connection per query (no pool), so every query sees the snapshot
published last.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb

# The sandbox module needs only the standard library and duckdb, so Superset's venv imports it from the source tree.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from mfgstats.serve import sandbox

MART_PREFIXES = ("dim_", "fct_", "mart_")  # as mfgstats.serve.warehouse.mart_tables


def marts(path: Path) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            """SELECT table_name FROM information_schema.tables
               WHERE table_catalog = current_database() AND table_schema = 'main' ORDER BY 1"""
        ).fetchall()
    return [r[0] for r in rows if r[0].startswith(MART_PREFIXES)]


def engine_params() -> dict:
    """The database's `extra`: duckdb-engine passes connect_args to duckdb.connect, `config` included."""
    return {"engine_params": {"connect_args": {"read_only": True, "config": sandbox.reader_config()}}}


def register(name: str, path: Path) -> None:
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        from superset import db
        from superset.connectors.sqla.models import SqlaTable
        from superset.models.core import Database

        database = db.session.query(Database).filter_by(database_name=name).one_or_none()
        if database is None:
            database = Database(database_name=name)
            db.session.add(database)
        database.set_sqlalchemy_uri(f"duckdb:///{path}")
        database.extra = json.dumps(engine_params())
        database.expose_in_sqllab = True
        database.allow_dml = False
        database.allow_run_async = False
        database.allow_file_upload = False
        db.session.commit()

        registered = []
        for table in marts(path):
            dataset = (
                db.session.query(SqlaTable)
                .filter_by(database_id=database.id, schema="main", table_name=table)
                .one_or_none()
            )
            if dataset is None:
                dataset = SqlaTable(table_name=table, schema="main", database=database)
                db.session.add(dataset)
            dataset.fetch_metadata()  # reflect the columns as they are now (marts may gain columns)
            registered.append(table)
        db.session.commit()
        print(f"superset: database {name!r} → {path} (read-only); datasets: {', '.join(registered) or 'none'}")


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(f"usage: {argv[0]} DB_NAME /abs/path/to/mfgstats.duckdb", file=sys.stderr)
        return 2
    path = Path(argv[2]).resolve()
    try:
        sandbox.limits()
    except sandbox.LimitError as exc:
        print(exc, file=sys.stderr)
        return 1
    if not path.is_file():
        print(f"no published warehouse at {path}: run `make run` first", file=sys.stderr)
        return 1
    register(argv[1], path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
