"""Stage 3: the dbt project (seeds, staging, intermediate, marts) built in the build database."""

import os
from collections.abc import Mapping
from typing import Any

from dagster import AssetExecutionContext, AssetKey, Failure
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from pipelines.project import dbt_project
from pipelines.resources import Warehouse

# dbt sources are tables our Python assets write.
SOURCE_ASSETS = {"documents": "raw_documents", "quarantine": "raw_documents", "facts": "extracted_facts"}


class Translator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source" and dbt_resource_props["source_name"] == "raw":
            return AssetKey(SOURCE_ASSETS[dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "catalogs"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "warehouse"  # staging | intermediate | marts


translator = Translator(settings=DagsterDbtTranslatorSettings(enable_duplicate_source_asset_keys=True))


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=translator)
def warehouse_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse):
    # profiles.yml reads the database path from the environment of the dbt process.
    os.environ["MFGSTATS_BUILD_DB"] = str(warehouse.build_db)
    invocation = dbt.cli(["build"], context=context, raise_on_error=False)
    yield from invocation.stream()
    if not invocation.is_successful():
        raise Failure(description="dbt build failed:\n" + "\n".join(dbt_failures(invocation)))


def dbt_failures(invocation) -> list[str]:
    """One line per failed model or test, with dbt's own message, instead of "see the logs"."""
    try:
        results = invocation.get_artifact("run_results.json")["results"]
    except Exception:  # dbt died before writing results (bad profile, parse error): its stdout says why
        return ["dbt wrote no run_results.json; see the step's logs"]
    lines = []
    for r in results:
        if r["status"] in ("error", "fail", "runtime error"):
            message = " ".join((r.get("message") or "").split())
            lines.append(f"{r['unique_id']} ({r['status']}): {message[:300]}")
    return lines or ["dbt reported failure without a failed node; see the step's logs"]
