"""An incremental dbt build (the `changed_data` selector the pipeline runs when only documents changed) leaves
the warehouse exactly as a complete build of the same raw tables: new releases, a new vintage of an existing
release, a document re-extracted with other values and one re-extracted without any facts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
import yaml
from make_corpus import write_corpus

from mfgstats import pipeline
from mfgstats.changes import COMPLETE_ARGS, INCREMENTAL_ARGS
from mfgstats.config import PROJECT_ROOT
from mfgstats.ingest import discover

pytestmark = pytest.mark.slow

DBT_PROJECT = PROJECT_ROOT / "dbt_project"
# Compared between the two builds: every table readers see, and the incremental intermediate ones.
EXTRA_TABLES = ["intermediate.int_sourced_observations"]


def load(db: Path, raw: Path) -> None:
    keys = [p.relative_to(raw).as_posix() for p in discover(raw)]
    with duckdb.connect(str(db)) as con:
        pipeline.ingest(con, raw, keys)
        assert not pipeline.extract_pending(con, keys).failed


def dbt(args: list[str], db: Path) -> None:
    work = db.parent
    env = {**os.environ, "MFGSTATS_BUILD_DB": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), *args, "--project-dir", str(DBT_PROJECT), "--profiles-dir",
         str(DBT_PROJECT), "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        cwd=DBT_PROJECT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-5000:]


def add_vintage(raw: Path) -> str:  # returns the release key
    """A revised second vintage of the first bulletin: same release (`.v2`), published a month later, numbers
    changed."""
    first = next(p for p in sorted(discover(raw)) if "统计公报" in p.with_name(p.name + ".meta.yaml").read_text())
    revised = first.with_name(f"{first.stem}.v2{first.suffix}")
    text = first.read_text(encoding="utf-8")
    revised.write_text(text.replace("增长", "增长1", 3), encoding="utf-8")
    sidecar = yaml.safe_load(first.with_name(first.name + ".meta.yaml").read_text(encoding="utf-8"))
    sidecar["published"] = str(sidecar["published"]).replace("-03-", "-04-")
    revised.with_name(revised.name + ".meta.yaml").write_text(
        yaml.safe_dump(sidecar, allow_unicode=True), encoding="utf-8"
    )
    return first.relative_to(raw).with_suffix("").as_posix()


def restate_in_other_wording(con: duckdb.DuckDBPyConnection, document_id: str) -> str:
    """Copy into `document_id` more statements of an uncatalogued indicator than it has, worded in quotes
    (“…”: the same indicator key, another wording), so its most frequent wording — its name in dim_indicator and
    in every mart_latest_values row of it — changes, also in the series the document does not touch. Returns the
    indicator key."""
    key, fact_id = con.execute(
        """
        SELECT indicator_key, min(observation_id) FILTER (status = 'actual' AND period_key <> 'unknown')
        FROM main.fct_observation
        WHERE indicator_key LIKE 'subject:%' AND document_id <> ?
        GROUP BY indicator_key
        HAVING count(DISTINCT (series_key, region_key)) FILTER (status = 'actual' AND period_key <> 'unknown') >= 2
        ORDER BY count(*) DESC, indicator_key
        LIMIT 1
        """,
        [document_id],
    ).fetchone()
    con.execute(
        """
        INSERT INTO raw.facts
        SELECT f.* REPLACE (fact_id || '-worded-' || i AS fact_id, ? AS document_id, '“' || subject || '”' AS subject)
        FROM raw.facts AS f, range(?) AS r(i)
        WHERE fact_id = ?
        """,
        # more copies than there are facts: more than any wording of the indicator has, counting the new documents
        [document_id, con.execute("SELECT count(*) FROM raw.facts").fetchone()[0] + 1, fact_id],
    )
    return key


def copy_raw(source: Path, target: Path) -> None:
    with duckdb.connect(str(target)) as con:
        con.execute(f"ATTACH '{source}' AS source (READ_ONLY)")
        con.execute("CREATE SCHEMA raw")
        for (table,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'source' AND schema_name = 'raw'"
        ).fetchall():
            con.execute(f"CREATE TABLE raw.{table} AS SELECT * FROM source.raw.{table}")


def tables(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1").fetchall()
    return [f"main.{t}" for (t,) in found] + EXTRA_TABLES


def differences(a: Path, b: Path, table: str) -> tuple[int, int]:
    """Rows of `table` only in a, only in b (as multisets)."""
    with duckdb.connect(":memory:") as con:
        con.execute(f"ATTACH '{a}' AS a (READ_ONLY)")
        con.execute(f"ATTACH '{b}' AS b (READ_ONLY)")
        only_a = con.execute(f"SELECT count(*) FROM (FROM a.{table} EXCEPT ALL FROM b.{table})").fetchone()[0]
        only_b = con.execute(f"SELECT count(*) FROM (FROM b.{table} EXCEPT ALL FROM a.{table})").fetchone()[0]
    return only_a, only_b


def count(db: Path, sql: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchone()[0]


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    raw = root / "raw"
    incremental = root / "incremental" / "build.duckdb"  # same file name: dbt qualifies views with it
    complete = root / "complete" / "build.duckdb"
    incremental.parent.mkdir()
    complete.parent.mkdir()
    write_corpus(24, root)
    write_corpus(1, root, start=48)  # a five-year plan: targets for mart_plan_progress
    load(incremental, raw)
    dbt(COMPLETE_ARGS, incremental)

    write_corpus(5, root, start=24)
    write_corpus(1, root, start=146)  # another plan
    revised_release = add_vintage(raw)
    load(incremental, raw)
    with duckdb.connect(str(incremental)) as con:
        rerun, emptied = [
            r[0]
            for r in con.execute(
                "SELECT document_id FROM raw.documents WHERE release_key <> ? ORDER BY file LIMIT 2", [revised_release]
            ).fetchall()
        ]
        con.execute("UPDATE raw.facts SET value = value + 1 WHERE document_id = ?", [rerun])
        con.execute("DELETE FROM raw.facts WHERE document_id = ?", [emptied])
        renamed = restate_in_other_wording(con, rerun)
    dbt(INCREMENTAL_ARGS, incremental)
    changed = count(incremental, "SELECT count(*) FROM intermediate.int_changed_documents WHERE is_changed")

    copy_raw(incremental, complete)
    dbt(COMPLETE_ARGS, complete)
    return Builds(incremental, complete, changed, renamed)


@dataclass(frozen=True)
class Builds:
    incremental: Path
    complete: Path
    changed: int  # documents the incremental build found changed
    renamed: str  # the uncatalogued indicator whose name the change set changed


def test_the_incremental_build_only_recomputed_what_changed(builds):
    incremental, changed = builds.incremental, builds.changed
    # 6 new releases + the new vintage + the two re-extracted documents, of 32
    assert changed == 9
    assert count(incremental, "SELECT count(*) FROM raw.documents") == 32


@pytest.mark.parametrize("table", ["main.fct_observation", "main.mart_conflicts", "main.mart_plan_progress"])
def test_the_changes_reached_the_marts(builds, table):
    incremental, complete = builds.incremental, builds.complete
    assert count(incremental, f"SELECT count(*) FROM {table}") == count(complete, f"SELECT count(*) FROM {table}") > 0


def test_every_table_equals_a_complete_build(builds):
    incremental, complete = builds.incremental, builds.complete
    names = tables(incremental)
    assert names == tables(complete)
    assert {"main.mart_conflicts", "main.mart_latest_values", "main.mart_plan_progress"} <= set(names)
    unequal = {t: d for t in names if (d := differences(incremental, complete, t)) != (0, 0)}
    assert unequal == {}


def dbt_tests_run(work: Path) -> dict[str, tuple[str, str]]:
    """The tests the last dbt build in `work` ran: unique_id → (generic test, the YAML file declaring it)."""
    nodes = json.loads((work / "target" / "manifest.json").read_text(encoding="utf-8"))["nodes"]
    results = json.loads((work / "target" / "run_results.json").read_text(encoding="utf-8"))["results"]
    ids = [r["unique_id"] for r in results if r["unique_id"].startswith("test.")]
    return {i: (nodes[i]["test_metadata"]["name"], nodes[i]["original_file_path"]) for i in ids}


def test_an_incremental_build_leaves_the_marts_row_tests_to_the_structure_suites(builds):
    """not_null, unique and accepted_values of the marts run in complete builds; an incremental build leaves them to
    the blocking structure suites, which apply the same rules to the rows it wrote
    (tests/dbt/test_selector_leaves_rules_to_suites.py)."""
    incremental, complete = dbt_tests_run(builds.incremental.parent), dbt_tests_run(builds.complete.parent)
    in_marts = {i for i, (_, path) in complete.items() if path.startswith("models/marts/")}
    left_out = {i for i in in_marts if complete[i][0] in ("not_null", "unique", "accepted_values")}
    assert len(left_out) > 50  # every not_null, unique and accepted_values test of the marts
    assert {complete[i][0] for i in left_out} == {"not_null", "unique", "accepted_values"}
    assert set(incremental) & left_out == set()
    assert {incremental[i][0] for i in set(incremental) & in_marts} == {"relationships"}
    elsewhere = {name for name, path in incremental.values() if not path.startswith("models/marts/")}
    assert elsewhere == {"not_null", "unique"}  # the intermediate models' tests still run


def test_an_incremental_build_without_changes_changes_nothing(builds, tmp_path):
    incremental, complete = builds.incremental, builds.complete
    again = tmp_path / "build.duckdb"
    again.write_bytes(incremental.read_bytes())
    dbt(INCREMENTAL_ARGS, again)
    # only the document re-extracted without facts: fct_observation has no row to keep its fingerprint in
    recomputed = (
        "SELECT count(*) FROM intermediate.int_changed_documents"
        " WHERE document_id NOT IN (SELECT document_id FROM raw.facts)"
    )
    assert count(again, "SELECT count(*) FROM intermediate.int_changed_documents") == count(again, recomputed) == 1
    unequal = {t: d for t in tables(again) if (d := differences(again, complete, t)) != (0, 0)}
    assert unequal == {}


def test_a_new_wording_renames_an_uncatalogued_indicator_also_in_untouched_series(builds):
    # the complete build names the indicator by the new wording, in series the change set did not touch too
    # (test_every_table_equals_a_complete_build checks that the incremental build does the same)
    untouched = (
        "SELECT count(*) FROM main.mart_latest_values WHERE indicator_key = ? AND indicator_name_zh LIKE '“%'"
        " AND (series_key, region_key) NOT IN (SELECT series_key, region_key FROM intermediate.int_changed_series)"
    )
    with duckdb.connect(str(builds.incremental), read_only=True) as con:
        assert con.execute(untouched, [builds.renamed]).fetchone()[0] > 0


def left_join_rows(db: Path, sql: str, tmp_path: Path) -> list[int]:
    """The rows each left join of `sql` produced (EXPLAIN ANALYZE's JSON profile): in int_observations' body these
    are the catalog lookups that resolve every fact."""
    profile = tmp_path / "profile.json"
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute(f"PRAGMA enable_profiling = 'json'; PRAGMA profiling_output = '{profile}'")
        con.execute(sql).fetchall()
        con.execute("PRAGMA disable_profiling")
    rows = []

    def walk(node: dict) -> None:
        if "JOIN" in node.get("operator_name", "") and (node.get("extra_info") or {}).get("Join Type") == "LEFT":
            rows.append(node["operator_cardinality"])
        for child in node.get("children", []):
            walk(child)

    walk(json.loads(profile.read_text(encoding="utf-8")))
    return rows


@pytest.mark.parametrize("model", ["marts/fct_observation", "intermediate/int_changed_series"])
def test_the_incremental_build_resolves_the_changed_documents_not_the_corpus(builds, model, tmp_path):
    # the SQL the incremental build ran, run again on a copy: the change set is still in int_changed_documents.
    # (Its scan of raw.facts may read more: DuckDB prunes it by the change set's min/max document id.)
    db = tmp_path / builds.incremental.name
    db.write_bytes(builds.incremental.read_bytes())
    sql = (builds.incremental.parent / "target" / "compiled" / "mfgstats" / "models" / f"{model}.sql").read_text()
    changed_facts = count(
        db,
        "SELECT count(*) FROM raw.facts"
        " WHERE document_id IN (SELECT document_id FROM intermediate.int_changed_documents)",
    )
    assert 0 < changed_facts < count(db, "SELECT count(*) FROM raw.facts")
    resolved = left_join_rows(db, sql, tmp_path)
    assert len(resolved) >= 5  # region, chain, enterprise, indicator and unit lookups
    assert max(resolved) <= changed_facts
