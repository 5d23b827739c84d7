"""Broken warehouses for the blocking tests: marts corrupted the way a bug would, and the quality checks plus
the publish step run on them without the dbt step that would repair them.

A module of its own (not conftest.py), so that test modules import it by a name no other folder uses."""

from __future__ import annotations

from pathlib import Path


def break_marts(db: Path) -> dict[str, str]:
    """Corrupt a built warehouse the way a bug would: a share of 130 % (not a contribution rate, which may exceed
    100) in fct_indicator_observation, and a null region key in fct_observation. Returns the ids touched."""
    import duckdb

    with duckdb.connect(str(db)) as con:
        for model in ("fct_indicator_observation", "fct_observation"):
            as_table(con, model)
        (share_id,) = con.execute(
            """SELECT observation_id FROM main.fct_indicator_observation
               WHERE measure = 'share' AND indicator_key NOT LIKE 'contribution%'
                 AND coalesce(subject, '') NOT LIKE '%贡献率%'
               ORDER BY observation_id LIMIT 1"""
        ).fetchone()
        con.execute(
            "UPDATE main.fct_indicator_observation SET value = 130, value_normalised = 130, value_signed = 130 "
            "WHERE observation_id = ?",
            [share_id],
        )
        # An indicator fact: the chain and enterprise tables (views over fct_observation) do not show it.
        (null_key_id,) = con.execute(
            "SELECT min(observation_id) FROM main.fct_observation WHERE fact_table = 'indicator'"
        ).fetchone()
        con.execute("UPDATE main.fct_observation SET region_key = NULL WHERE observation_id = ?", [null_key_id])
    return {"share_130": share_id, "null_region_key": null_key_id}


def as_table(con, model: str) -> None:
    """Make a model a table, so it can be updated (dbt may build the routed fact tables as views)."""
    (kind,) = con.execute(
        "SELECT table_type FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?", [model]
    ).fetchone()
    if kind == "VIEW":
        con.execute(f"CREATE TABLE main.{model}__copy AS SELECT * FROM main.{model}")
        con.execute(f"DROP VIEW main.{model}")
        con.execute(f"ALTER TABLE main.{model}__copy RENAME TO {model}")


def run_checks_then_publish(warehouse_dir: Path, raw_dir: Path):
    """Run, in process, the real quality checks and `published_warehouse` against an already built warehouse —
    the warehouse_job without its dbt step, which would rebuild (and so repair) the marts a test broke."""
    from mfgstats.orchestration.manifest import ensure_manifest

    ensure_manifest()
    from dagster import AssetSelection, DagsterInstance, Definitions, define_asset_job, in_process_executor

    from pipelines.assets.extract import extracted_facts
    from pipelines.assets.ingest import raw_documents
    from pipelines.assets.publish import published_warehouse
    from pipelines.assets.warehouse import warehouse_models
    from pipelines.checks import quality_suites
    from pipelines.resources import Warehouse, dbt_resource

    job = define_asset_job(
        "checks_then_publish",
        selection=AssetSelection.checks(quality_suites) | AssetSelection.assets(published_warehouse),
    )
    defs = Definitions(
        assets=[raw_documents, extracted_facts, warehouse_models, published_warehouse],
        asset_checks=[quality_suites],
        jobs=[job],
        resources={
            "warehouse": Warehouse(raw_dir=str(raw_dir), warehouse_dir=str(warehouse_dir)),
            "dbt": dbt_resource(),
        },
        executor=in_process_executor,
    )
    return defs.resolve_job_def("checks_then_publish").execute_in_process(
        instance=DagsterInstance.ephemeral(), raise_on_error=False
    )
