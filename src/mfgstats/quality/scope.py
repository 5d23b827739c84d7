"""Which rows the suites validate after an incremental build: those the build wrote, not the whole warehouse.

An incremental dbt build (mfgstats.orchestration.build_plan) recomputes the rows of the documents in
`intermediate.int_changed_documents` (new and changed documents, and the other vintages of their releases) and of
the series and regions in `intermediate.int_changed_series`; every other row is as the last checked build left
it. So after such a build each model is validated on its changed rows only — the same rules, the same verdicts
per row, in time proportional to the change:

- observation tables and dim_source: the rows of the changed documents;
- mart_conflicts, mart_plan_progress: the rows of the changed series and regions (a conflict's either side);
  mart_latest_values also every row of the changed indicators (the model recomputes those of uncatalogued ones:
  their name is chosen over all their statements);
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

CHANGED_DOCUMENTS = "intermediate.int_changed_documents"
CHANGED_SERIES = "intermediate.int_changed_series"

_DOCUMENTS = f"document_id IN (SELECT document_id FROM {CHANGED_DOCUMENTS})"
_SERIES = f"(series_key, region_key) IN (SELECT series_key, region_key FROM {CHANGED_SERIES})"
_SERIES_B = f"(series_key_b, region_key) IN (SELECT series_key, region_key FROM {CHANGED_SERIES})"
_INDICATORS = f"indicator_key IN (SELECT indicator_key FROM {CHANGED_SERIES})"

# model → the condition selecting the rows an incremental build wrote (the models' incremental predicates:
# dbt_project/macros/incremental_changes.sql). Models not listed are validated whole.
ROWS_WRITTEN = {
    "fct_observation": _DOCUMENTS,
    "fct_indicator_observation": _DOCUMENTS,
    "fct_chain_observation": _DOCUMENTS,
    "fct_enterprise_observation": _DOCUMENTS,
    "dim_source": _DOCUMENTS,
    "mart_conflicts": f"({_SERIES} OR {_SERIES_B})",  # a pair is rewritten when either side's series changed
    "mart_plan_progress": _SERIES,
    "mart_latest_values": f"({_SERIES} OR {_INDICATORS})",
}

# identity builder → the observation ids of the statements each of its rows combines
BUILDER_OBSERVATIONS = {
    "share_identities": ("share_observation_id", "part_observation_id", "whole_observation_id"),
    "growth_identities": ("growth_observation_id", "start_observation_id", "end_observation_id"),
}
_CHANGED_OBSERVATIONS = f"(SELECT observation_id FROM main.fct_observation WHERE {_DOCUMENTS})"


def scoped_relation(relation: str, model: str, unique_keys: list[list[str]]) -> str:
    """`relation` narrowed to the rows the last build wrote, plus the rows sharing a unique key with them."""
    written = ROWS_WRITTEN.get(model)
    if written is None:
        return relation
    conditions = [written] + [
        f"({', '.join(key)}) IN (SELECT {', '.join(key)} FROM {relation} WHERE {written})" for key in unique_keys
    ]
    return f"(SELECT * FROM {relation} WHERE {' OR '.join(conditions)})"


def scoped_builder_sql(sql: str, builder: str) -> str:
    """A builder's combinations narrowed to those in which a statement of a changed document takes part."""
    columns = BUILDER_OBSERVATIONS.get(builder)
    if columns is None:
        return sql
    touched = " OR ".join(f"{c} IN {_CHANGED_OBSERVATIONS}" for c in columns)
    return f"SELECT * FROM ({sql}) AS combinations WHERE {touched}"
