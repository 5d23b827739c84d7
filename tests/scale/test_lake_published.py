"""Published snapshots of a DuckLake (mfgstats.lake.published) on small local lakes: readers see the snapshot
last published, never a newer one; a missing or never-published lake is an error that says what to do; readers
create nothing and write nothing; and the serving layer (`mfgstats sql/status/export`) reads through it."""

from __future__ import annotations

import time

import duckdb
import pytest

from mfgstats import lake
from mfgstats.config import settings
from mfgstats.lake.published import NotPublished, current_snapshot, open_published, open_snapshot, publish
from mfgstats.serve.errors import WarehouseMissing
from mfgstats.serve.status import collect
from mfgstats.serve.warehouse import open_read_only, open_source
from mfgstats.warehouse.target import target_from_settings


@pytest.fixture
def lake_env(tmp_path, monkeypatch):
    monkeypatch.setenv("MFGSTATS_TARGET", "ducklake")
    monkeypatch.setenv("MFGSTATS_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    monkeypatch.setenv("MFGSTATS_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("MFGSTATS_LAKE_CATALOG", f"sqlite:{tmp_path / 'lake' / 'catalog.sqlite'}")
    monkeypatch.setenv("MFGSTATS_LAKE_DATA", str(tmp_path / "lake" / "data"))
    return tmp_path


def values(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [r[0] for r in con.execute("SELECT v FROM main.t ORDER BY v").fetchall()]


def write(*rows: int) -> None:
    with lake.connect() as con:
        con.execute("CREATE TABLE IF NOT EXISTS main.t (v INTEGER)")
        con.executemany("INSERT INTO main.t VALUES (?)", [[r] for r in rows])


def test_a_reader_of_a_missing_lake_is_told_to_build_it_and_creates_nothing(lake_env):
    with pytest.raises(lake.LakeMissing, match=r"no DuckLake catalog at .*catalog.sqlite: build the warehouse first"):
        open_published()
    with pytest.raises(WarehouseMissing, match=r"no published warehouse at ducklake:sqlite:.*run `make run` first"):
        open_read_only()
    assert not (lake_env / "lake").exists()


def test_a_lake_never_published_is_not_served(lake_env):
    write(1)
    with pytest.raises(NotPublished, match="no published snapshot yet"):
        open_published()
    status = collect(settings())
    assert not status.published and "no published snapshot yet" in str(status.warehouse)


def test_readers_see_the_published_snapshot_until_the_next_publication(lake_env):
    write(1, 2)
    with lake.connect() as con:
        first = publish(con, run_id="run-1")
    write(3)  # committed, but not published (as dbt's commits before the checks pass)
    con, publication = open_published()
    with con:
        assert publication == first
        assert values(con) == [1, 2]
        assert current_snapshot(con) == first.snapshot_id
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("INSERT INTO main.t VALUES (9)")
    with open_snapshot() as newest:
        assert values(newest) == [1, 2, 3]
    with lake.connect() as con:
        second = publish(con)
    assert second.snapshot_id > first.snapshot_id
    with open_published()[0] as con:
        assert values(con) == [1, 2, 3]


def test_an_older_snapshot_published_late_does_not_take_readers_back(lake_env):
    write(1)
    with lake.connect() as con:
        older = current_snapshot(con)
    write(2)
    with lake.connect() as con:
        newer = publish(con).snapshot_id
        publish(con, older)  # a slower run that checked an earlier snapshot publishes after
    con, publication = open_published()
    with con:
        assert publication.snapshot_id == newer
        assert values(con) == [1, 2]


def test_the_serving_layer_names_the_snapshot_and_notices_an_unpublished_write(lake_env):
    write(1)
    with lake.connect() as con:
        published = publish(con).snapshot_id
    con, source = open_source()
    with con:
        assert source.label == f"ducklake:sqlite:{lake_env / 'lake' / 'catalog.sqlite'} snapshot {published}"
        assert source.newest_at <= source.published_at
    status = collect(settings())
    assert status.published and status.warehouse == source.label
    assert status.build_at <= status.published_at

    time.sleep(1.1)  # times are shown to the second
    write(2)  # a later build that did not publish: `mfgstats status` says so
    status = collect(settings())
    assert status.build_at > status.published_at
    con, source = open_source()
    with con:
        assert source.label.endswith(f"snapshot {published}") and values(con) == [1]


def test_the_lake_target_publishes_the_snapshot_the_checks_passed(lake_env):
    write(1)
    with lake.connect() as con:
        checked = current_snapshot(con)
    write(2)  # committed after the checks read: not what they passed
    target = target_from_settings()
    published = target.publish(lambda: checked, run_id="run-1")
    assert published.details["snapshot_id"] == checked
    with open_published()[0] as con:
        assert values(con) == [1]
    target.publish(lambda: None)  # no checks in the run: the newest snapshot
    with open_published()[0] as con:
        assert values(con) == [1, 2]
