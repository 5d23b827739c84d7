"""Checks validated by worker processes (mfgstats.quality.worker) give the outcomes one process gives, in the same
order, on a warehouse with failures; a worker that cannot start or dies loses no result; a scoped frame without
rows is not handed to GX, while a whole validation still is. Real DuckDB, real GX, real worker processes forked
from a fork server."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import duckdb
import pytest
from broken_marts import break_marts, run_checks_then_publish

from mfgstats.quality import NOTHING_WRITTEN, check_connection, check_warehouse, load_suites, write_report
from mfgstats.quality import worker as workers
from mfgstats.quality.evaluate import SCHEMA_SPEC

LOGGER = "mfgstats.quality"


@pytest.fixture(scope="module")
def broken_db(seeded_run, tmp_path_factory) -> Path:
    """The seeds' build database with a share of 130 % and a null region key (both fail critical rules)."""
    db = tmp_path_factory.mktemp("parallel") / "mfgstats.duckdb"
    shutil.copy(seeded_run.build_db, db)
    break_marts(db)
    return db


@pytest.fixture
def ready_workers() -> list[workers.Worker]:
    """This process's two workers, GX imported, so that they surely take pairs from the first one on."""
    started = workers.start(2)
    assert len(started) == 2
    assert all(w.wait_ready(give_up=lambda: False) for w in started)
    return started


def in_one_process(db: Path, scoped: bool) -> list[dict]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [o.json() for o in check_connection(con, load_suites(), scoped=scoped)]  # no source: no worker


def pairs_by_worker(caplog) -> int:
    (message,) = [r.getMessage() for r in caplog.records if "pairs validated by" in r.getMessage()]
    return int(message.split()[2])


@pytest.mark.parametrize("scoped", [False, True], ids=["whole", "scoped"])
def test_two_processes_give_the_outcomes_of_one_in_the_same_order(broken_db, ready_workers, caplog, scoped):
    caplog.set_level(logging.INFO, LOGGER)
    expected = in_one_process(broken_db, scoped)
    outcomes = [o.json() for o in check_warehouse(broken_db, load_suites(), scoped=scoped)]
    assert outcomes == expected
    assert pairs_by_worker(caplog) == len(outcomes)  # none in this process: it needs no GX import
    failed = {(o["label"], o["model"]) for o in outcomes if o["severity"] == "ERROR"}
    assert ("ranges/observations", "fct_indicator_observation") in failed  # the share of 130 %
    assert ("structure/fct_observation", "fct_observation") in failed  # the null region key
    sampled = [e for o in outcomes for e in o["expectations"] if not e["success"] and e["failing_rows"]]
    assert sampled, "failing expectations keep their sample rows (evaluated again with COMPLETE)"


def test_worker_that_cannot_start_leaves_every_pair_to_this_process(broken_db, monkeypatch, caplog):
    def cannot_spawn(self):
        raise OSError("no processes left")

    monkeypatch.setattr(workers, "_workers", [])
    monkeypatch.setattr(workers.Worker, "__init__", cannot_spawn)
    caplog.set_level(logging.INFO, LOGGER)
    outcomes = [o.json() for o in check_warehouse(broken_db, load_suites())]
    assert outcomes == in_one_process(broken_db, scoped=False)
    assert "no worker process (OSError: no processes left); validating in-process" in caplog.text
    assert pairs_by_worker(caplog) == 0


def test_worker_that_dies_mid_run_loses_no_result(broken_db, ready_workers, monkeypatch, caplog):
    validate = workers.Worker.validate

    def die_on_third(self, index, *args):
        if die_on_third.calls == 2:
            self.process.kill()  # a real death (OOM killer, segfault) while it holds a pair
        die_on_third.calls += 1
        return validate(self, index, *args)

    die_on_third.calls = 0
    monkeypatch.setattr(workers.Worker, "validate", die_on_third)
    caplog.set_level(logging.INFO, LOGGER)
    outcomes = [o.json() for o in check_warehouse(broken_db, load_suites())]
    assert outcomes == in_one_process(broken_db, scoped=False)
    assert "a worker process exited" in caplog.text
    assert pairs_by_worker(caplog) == len(outcomes) - 1  # the other took the rest; the lost pair was redone here
    (dead,) = [w for w in ready_workers if not w.usable()]
    assert dead not in workers.start(2)  # the next run forks a new one


def nothing_changed(db: Path) -> None:
    """As if the last incremental build had found no new or changed document."""
    with duckdb.connect(str(db)) as con:
        for table in ("intermediate.int_changed_documents", "intermediate.int_changed_series"):
            con.execute(f"DELETE FROM {table}")


def test_scoped_frame_without_rows_passes_without_gx_and_a_whole_one_is_validated(broken_db, tmp_path):
    db = tmp_path / "mfgstats.duckdb"
    shutil.copy(broken_db, db)
    nothing_changed(db)
    suites = [s for s in load_suites() if s.label == "ranges/observations"]

    scoped = {o.model: o for o in check_warehouse(db, suites, scoped=True)}
    for outcome in scoped.values():
        assert (outcome.rows, outcome.passed) == (0, True)
        assert outcome.note == outcome.summary() == f"{NOTHING_WRITTEN}: 20 expectations not evaluated"
        # GX would have counted 0 rows; a pair never handed to it has no counts at all
        assert {(e.success, e.evaluated, e.element_count) for e in outcome.expectations} == {(True, False, None)}
    # The report says so too, rather than showing 20 passes.
    page = write_report(list(scoped.values()), tmp_path / "report", str(db)).read_text(encoding="utf-8")
    assert page.count('badge INFO">NOT EVALUATED') == 20 * len(scoped)
    assert 'badge PASS">PASS</span> shares' not in page

    whole = {o.model: o for o in check_warehouse(db, suites, scoped=False)}
    assert whole["fct_indicator_observation"].severity == "ERROR"  # the 130 % share the build did not write
    assert all(o.note is None and o.rows > 0 for o in whole.values())

    # A model's schema is checked on every run: it is what the build (re)defined, not rows it wrote.
    structure = [s for s in load_suites() if s.label == "structure/fct_observation"]
    (outcome,) = check_warehouse(db, structure, scoped=True)
    schema, *on_rows = outcome.expectations
    assert schema.description == SCHEMA_SPEC.description and schema.element_count and schema.success
    assert on_rows and all(e.element_count is None and not e.evaluated for e in on_rows) and schema.evaluated
    assert outcome.summary() == f"{NOTHING_WRITTEN}: {len(on_rows)} expectations not evaluated"


def test_whole_validation_of_an_empty_table_still_runs_gx(broken_db, tmp_path):
    db = tmp_path / "mfgstats.duckdb"
    shutil.copy(broken_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM main.fct_observation")
    suites = [s for s in load_suites() if s.label == "structure/fct_observation"]
    (outcome,) = check_warehouse(db, suites, scoped=False)
    assert (outcome.rows, outcome.note, outcome.passed) == (0, None, True)
    on_rows = [e for e in outcome.expectations if e.description != SCHEMA_SPEC.description]  # not the schema's
    assert on_rows and {e.element_count for e in on_rows} == {0}  # GX evaluated them, on no rows


def test_the_dagster_run_log_says_how_the_pairs_were_shared(seeded_run, warehouse_copy, capsys):
    result = run_checks_then_publish(warehouse_copy, seeded_run.raw_dir)
    assert result.success
    assert "pairs validated by 2 worker processes" in capsys.readouterr().err  # Dagster's console log


def test_workers_cap_duckdb_memory(tmp_path, ready_workers, caplog):
    """A worker's connection runs under DUCKDB_MEMORY_LIMIT, not DuckDB's default of most of the machine."""
    caplog.set_level(logging.INFO, LOGGER)
    db = tmp_path / "mfgstats.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE main.one AS SELECT 1 AS id")
    suite = tmp_path / "limit.yml"
    suite.write_text(
        "name: limit\nmodels: [one]\nframe: {sql: \"SELECT current_setting('memory_limit') AS memory_limit FROM"
        ' {model}"}\nexpectations:\n  - type: expect_column_values_to_be_in_set\n    column: memory_limit\n'
        "    value_set: ['1.0 GiB']\n    description: the worker's DuckDB memory limit\n",
        encoding="utf-8",
    )
    from mfgstats.quality.suites import load_suite

    assert workers.DUCKDB_MEMORY_LIMIT == "1GiB"
    (outcome,) = check_warehouse(db, [load_suite(suite)])
    assert pairs_by_worker(caplog) == 1
    assert outcome.passed, outcome.failed[0].failing_rows if outcome.failed else outcome.error
