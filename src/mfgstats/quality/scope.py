"""Which rows the suites validate after an incremental build: those the build wrote, not the whole warehouse.

An incremental dbt build (mfgstats.changes decides it) deletes and writes again the rows each model's
`meta.rows_written` names in the dbt YAML (dbt_project/models/marts/, macro delete_changed_rows): those whose keys
appear in `intermediate.int_changed_documents` (new and changed documents, and the other vintages of their
releases) or `intermediate.int_changed_series`; every other row is as the last checked build left it. After such
a build each model is validated on those rows only, read from the same declaration — the same rules, the same
verdicts per row, in time proportional to the change:

- observation tables: the rows of the changed documents; dim_source: every vintage of their releases;
- mart_conflicts, mart_plan_progress: the rows of the changed series and regions (a conflict's either side);
  mart_latest_values also every series of a changed indicator the catalog does not name;
- a `unique` rule also sees every unchanged row that shares a key with a changed one, so a new row duplicating an
  old key still fails;
- identity checks (builders) are computed over the whole model in DuckDB, and the combinations in which a changed
  document's observation takes part are validated;
- small catalogue-sized tables (dim_chain, dim_region, dim_time …) are validated whole.
- findings suites (sources_agree, targets_agree, the identity checks …) are validated whole whatever the build:
  the open findings are the warehouse's standing state, not the build's (mfgstats.quality.evaluate).

A complete build is validated whole (no scope), and so are checks run without a build (pipelines/checks).
Rows a failed check left behind are never skipped: a build whose blocking checks did not pass is followed by a
complete build, which validates everything again.
"""

from __future__ import annotations

import duckdb

from mfgstats.changes import rows_written_condition
from mfgstats.quality.dbt_rules import mart_rules

# identity builder → the observation ids of the statements each of its rows combines
BUILDER_OBSERVATIONS = {
    "share_identities": ("share_observation_id", "part_observation_id", "whole_observation_id"),
    "growth_identities": ("growth_observation_id", "start_observation_id", "end_observation_id"),
}


def rows_written(con: duckdb.DuckDBPyConnection, model: str) -> str | None:
    """The condition selecting the rows of `model` the last incremental build wrote, from the model's
    `meta.rows_written` in the dbt YAML, rendered by the macro its pre-hook deleted them by (mfgstats.changes);
    None for a model without one (read whole)."""
    rules = mart_rules().get(model)
    entries = rules.rows_written if rules else []
    if not entries:
        return None
    return rows_written_condition(entries, lambda name: located(con, name))


def located(con: duckdb.DuckDBPyConnection, model: str) -> str:
    """`model`'s relation in the warehouse `con` reads (dbt puts models in schemas by folder)."""
    found = con.execute(
        "SELECT table_schema FROM information_schema.tables WHERE table_catalog = current_database()"
        " AND table_name = ? ORDER BY table_schema = 'main' DESC LIMIT 1",
        [model],
    ).fetchone()
    if found is None:
        raise ValueError(f"the warehouse has no {model}, which tells which rows the last build wrote")
    return f'{found[0]}."{model}"'


def scoped_relation(con: duckdb.DuckDBPyConnection, relation: str, model: str, unique_keys: list[list[str]]) -> str:
    """`relation` narrowed to the rows the last build wrote, plus the rows sharing a unique key with them."""
    written = rows_written(con, model)
    if written is None:
        return relation
    conditions = [written] + [
        f"({', '.join(key)}) IN (SELECT {', '.join(key)} FROM {relation} WHERE {written})" for key in unique_keys
    ]
    return f"(SELECT * FROM {relation} WHERE {' OR '.join(conditions)})"


def scoped_builder_sql(con: duckdb.DuckDBPyConnection, sql: str, builder: str) -> str:
    """A builder's combinations narrowed to those in which a statement the last build wrote takes part."""
    columns = BUILDER_OBSERVATIONS.get(builder)
    if columns is None:
        return sql
    facts = "fct_observation"
    written = f"(SELECT observation_id FROM {located(con, facts)} WHERE {rows_written(con, facts)})"
    touched = " OR ".join(f"{c} IN {written}" for c in columns)
    return f"SELECT * FROM ({sql}) AS combinations WHERE {touched}"
