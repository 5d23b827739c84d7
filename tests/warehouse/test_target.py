"""The storage interface: configuration picks the target once, and the file target's write, publish and reads."""

from __future__ import annotations

import pickle

import duckdb
import pytest

from mfgstats.lake import LakeConfigError
from mfgstats.warehouse.target import FileTarget, LakeTarget, NotPublished, Unreadable, target_from_settings


def test_configuration_picks_the_target(tmp_path, monkeypatch):
    monkeypatch.delenv("MFGSTATS_TARGET", raising=False)
    assert isinstance(target_from_settings(tmp_path), FileTarget)
    monkeypatch.setenv("MFGSTATS_TARGET", "ducklake")
    monkeypatch.setenv("MFGSTATS_LAKE_CATALOG", f"sqlite:{tmp_path / 'cat' / 'catalog.sqlite'}")
    lake = target_from_settings(tmp_path)
    assert isinstance(lake, LakeTarget)
    assert lake.state_dir == tmp_path / "cat"  # the build state lives beside the catalog file
    assert lake.label == f"ducklake:sqlite:{tmp_path / 'cat' / 'catalog.sqlite'}"
    assert not lake.exists()
    monkeypatch.setenv("MFGSTATS_TARGET", "parquet")
    with pytest.raises(LakeConfigError):
        target_from_settings(tmp_path)


def test_file_target_writes_publishes_and_reads_what_it_published(tmp_path):
    target = FileTarget(tmp_path)
    assert not target.exists()
    with pytest.raises(NotPublished):
        target.open_published()
    with target.connect() as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS x")
    assert target.exists() and target.state_dir == tmp_path / "build"
    published = target.publish(checked=_never_asked)  # the checks read the very file that is copied
    assert published.details == {"path": tmp_path / "mfgstats.duckdb"}
    assert published.approximate_rows == {"main.t": 1}
    con, pinned = target.read(published=True)
    with con:
        assert con.execute("SELECT x FROM t").fetchall() == [(1,)]
    assert pinned.label == str(tmp_path / "mfgstats.duckdb") and pinned.snapshot is None
    # a worker process opens the same state from the pickled Pinned
    again = pickle.loads(pickle.dumps(pinned))
    assert again == pinned
    with again.open() as con:
        assert con.execute("SELECT x FROM t").fetchall() == [(1,)]
    con, reading = target.open_published()
    with con:
        assert reading.label == str(tmp_path / "mfgstats.duckdb") and reading.size_bytes > 0
        assert reading.newest_at == target.built_at()


def test_a_file_that_is_not_duckdb_is_unreadable(tmp_path):
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "mfgstats.duckdb").write_text("not a database")
    with pytest.raises(Unreadable, match="is it a DuckDB file"):
        FileTarget(tmp_path).read()
    with pytest.raises(duckdb.Error), FileTarget(tmp_path).connect(attempts=1):
        pass


def _never_asked() -> int | None:
    raise AssertionError("the file target asked which state the checks passed")


def test_each_target_tells_dbt_where_to_build(tmp_path, monkeypatch):
    assert FileTarget(tmp_path).dbt_env() == {"MFGSTATS_BUILD_DB": str(tmp_path / "build" / "mfgstats.duckdb")}
    catalog = f"sqlite:{tmp_path / 'cat' / 'catalog.sqlite'}"
    monkeypatch.setenv("MFGSTATS_TARGET", "ducklake")
    monkeypatch.setenv("MFGSTATS_LAKE_CATALOG", catalog)
    monkeypatch.setenv("MFGSTATS_LAKE_DATA", "s3://bucket/lake")
    env = target_from_settings(tmp_path).dbt_env()
    assert env == {
        "MFGSTATS_TARGET": "ducklake",
        "MFGSTATS_LAKE_CATALOG": catalog,
        "MFGSTATS_LAKE_DATA": "s3://bucket/lake/",
    }


def test_the_file_target_removes_what_a_killed_publish_left(tmp_path):
    target = FileTarget(tmp_path)
    with target.connect() as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS x")
    target.publish()
    half_copied = tmp_path / ".mfgstats.duckdb.abc123.tmp"
    half_copied.write_bytes(b"partial")
    assert target.remove_leftovers() == [half_copied]
    assert not half_copied.exists() and target.published_db.is_file()
