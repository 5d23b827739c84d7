"""The pooled SQLite event log (mfgstats.orchestration.private_speedups) that `mfgstats run` configures: the same
history as Dagster's own storage, readable by another process while written, and the stock storage reads what it
wrote; a batch of events is one transaction per shard, all stored or none."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from dagster import (
    AssetCheckResult,
    AssetKey,
    DagsterInstance,
    DynamicPartitionsDefinition,
    MaterializeResult,
    asset,
    asset_check,
    materialize,
)
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from mfgstats.orchestration import instance as runner
from mfgstats.orchestration import private_speedups as storage
from mfgstats.orchestration.private_speedups import PooledSqliteEventLogStorage
from mfgstats.orchestration.speedups_switch import SWITCH

files = DynamicPartitionsDefinition(name="files")


@asset(partitions_def=files)
def parts(context) -> MaterializeResult:
    return MaterializeResult(metadata={"n": len(context.partition_keys)})


@asset
def whole() -> None:
    return None


@asset_check(asset=whole)
def whole_is_fine() -> AssetCheckResult:
    return AssetCheckResult(passed=True)


# A run with many planned events: Dagster stores them as one batch when DAGSTER_EVENT_BATCH_SIZE is set.
def _check(n: int):
    @asset_check(asset=whole, name=f"fine_{n}")
    def fine() -> AssetCheckResult:
        return AssetCheckResult(passed=True)

    return fine


MANY_CHECKS = [_check(n) for n in range(30)]


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.delenv(SWITCH, raising=False)  # on
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    return runner.dagster_home()


def instance() -> DagsterInstance:
    return DagsterInstance.get()


def test_runner_configures_the_pooled_storage(home):
    with instance() as inst:
        assert type(inst.event_log_storage) is PooledSqliteEventLogStorage
    assert (home / "history" / "runs" / "index.db").is_file()  # where Dagster's default storage keeps events


@pytest.mark.parametrize(
    ("existing", "replaced"),
    [(runner.OLD_DAGSTER_YAMLS[0], True), ("telemetry:\n  enabled: false\n# mine\n", False)],
    ids=["written by an earlier mfgstats", "edited by hand"],
)
def test_an_earlier_dagster_yaml_is_upgraded_and_a_hand_edited_one_kept(tmp_path, monkeypatch, existing, replaced):
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text(existing, encoding="utf-8")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    runner.dagster_home()
    assert ((home / "dagster.yaml").read_text(encoding="utf-8") == runner.DAGSTER_YAML) is replaced


def test_materializations_checks_and_runs_are_stored_and_read_back_by_the_stock_storage(home):
    keys = [f"f{i:03d}" for i in range(40)]
    with instance() as inst:
        inst.add_dynamic_partitions("files", keys)
        ranged = materialize(
            [parts],
            instance=inst,
            tags={"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]},
        )
        assert ranged.success
        for _ in range(3):
            assert materialize([whole, whole_is_fine], instance=inst).success
        stored = inst.get_materialized_partitions(AssetKey("parts"))
        runs = len(inst.get_runs())
    assert stored == set(keys) and runs == 4
    # Switch the home back to Dagster's own storage: it reads the same files.
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    with instance() as inst:
        assert type(inst.event_log_storage) is not PooledSqliteEventLogStorage
        assert inst.get_materialized_partitions(AssetKey("parts")) == set(keys)
        latest = inst.get_latest_materialization_event(AssetKey("whole"))
        assert latest is not None
        check = inst.event_log_storage.get_latest_asset_check_execution_by_key([whole_is_fine.check_key])[
            whole_is_fine.check_key
        ]
        assert check.run_id == latest.run_id
        assert len(inst.get_runs()) == 4


def test_planned_events_are_one_transaction_per_shard_and_read_back_by_the_stock_storage(home, monkeypatch):
    monkeypatch.setenv("DAGSTER_EVENT_BATCH_SIZE", "1000")
    with instance() as inst:
        store = inst.event_log_storage
        opened, batches = [], []
        transaction, store_batch = store._transaction, store.store_event_batch
        monkeypatch.setattr(store, "_transaction", lambda shard: opened.append(shard) or transaction(shard))

        def batch(events) -> None:
            before = len(opened)
            store_batch(events)
            batches.append((len(events), sorted(opened[before:])))

        monkeypatch.setattr(store, "store_event_batch", batch)
        result = materialize([whole, *MANY_CHECKS], instance=inst)
        assert result.success
    # The materialization and every check planned: one batch, one transaction in the run's shard and the index's.
    assert batches == [(1 + len(MANY_CHECKS), sorted([result.run_id, "index"]))]
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    with instance() as inst:
        planned = [
            e.dagster_event.asset_check_planned_data.check_name
            for e in inst.all_logs(result.run_id)
            if e.dagster_event and e.dagster_event.event_type_value == "ASSET_CHECK_EVALUATION_PLANNED"
        ]
        evaluated = inst.event_log_storage.get_latest_asset_check_execution_by_key([c.check_key for c in MANY_CHECKS])
    assert sorted(planned) == sorted(c.check_key.name for c in MANY_CHECKS)
    assert {e.run_id for e in evaluated.values()} == {result.run_id}


def test_which_tables_exist_is_asked_once_per_table(home, monkeypatch):
    asked = []
    stock = SqliteEventLogStorage.has_table
    monkeypatch.setattr(SqliteEventLogStorage, "has_table", lambda self, name: asked.append(name) or stock(self, name))
    with instance() as inst:
        for _ in range(2):  # each check's planned event and evaluation asks Dagster's storage
            assert materialize([whole, *MANY_CHECKS], instance=inst).success
        assert inst.event_log_storage.has_table("asset_check_executions")
        assert not inst.event_log_storage.has_table("no_such_table")
    assert "asset_check_executions" in asked and "no_such_table" in asked
    assert all(asked.count(name) == 1 for name in asked)  # a no is asked again, but was asked once here


def test_a_batch_that_fails_stores_none_of_its_events(home):
    with instance() as inst:
        result = materialize([whole, *MANY_CHECKS[:3]], instance=inst)
        copies = [e._replace(run_id="copied") for e in inst.all_logs(result.run_id)]
        with pytest.raises(Exception):  # noqa: B017 — whatever Dagster's check raises for a non-event
            inst.event_log_storage.store_event_batch([*copies, "not an event"])
        assert inst.all_logs("copied") == []
        assert inst.event_log_storage.get_asset_records([AssetKey("whole")])[0].asset_entry.last_materialization
        inst.event_log_storage.store_event_batch(copies)  # the connections were released: storing still works
        assert len(inst.all_logs("copied")) == len(copies)


def test_open_run_shards_are_capped(home, monkeypatch):
    monkeypatch.setattr(storage, "OPEN_SHARDS", 3)
    with instance() as inst:
        for _ in range(5):
            assert materialize([whole], instance=inst).success
        engines = inst.event_log_storage._engines
        assert len(engines) == 3 and "index" in engines
        assert len(inst.get_runs()) == 5


READER = textwrap.dedent(
    """
    import sys, time
    from dagster import AssetKey, DagsterInstance
    seen = set()
    deadline = time.monotonic() + 60
    with DagsterInstance.get() as inst:
        while len(seen) < int(sys.argv[1]) and time.monotonic() < deadline:
            seen = inst.get_materialized_partitions(AssetKey("parts"))
            time.sleep(0.05)
    print(len(seen))
    """
)


def test_another_process_reads_while_this_one_writes(home):
    keys = [f"g{i:03d}" for i in range(30)]
    with instance() as inst:
        inst.add_dynamic_partitions("files", keys)
        reader = subprocess.Popen([sys.executable, "-c", READER, str(len(keys))], stdout=subprocess.PIPE, text=True)
        for key in keys:  # one run per partition: many small transactions while the reader polls
            assert materialize([parts], instance=inst, partition_key=key).success
        out, _ = reader.communicate(timeout=90)
    assert reader.returncode == 0 and int(out) == len(keys)
