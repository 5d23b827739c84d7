"""Which files a run reads again: an unchanged file (same stat as when it was fingerprinted) is not read at all; a
rewritten one is, even at the same size; a file touched without new bytes is read once and then not again."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from ingest_files import write_doc

from mfgstats import changes, pipeline


@pytest.fixture
def con(tmp_path: Path):
    with duckdb.connect(str(tmp_path / "build.duckdb")) as connection:
        yield connection


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose bytes were hashed."""
    seen: list[str] = []
    real = changes.fingerprint

    def counting(path: Path) -> str:
        seen.append(path.name)
        return real(path)

    monkeypatch.setattr(changes, "fingerprint", counting)
    return seen


def keys(raw: Path) -> list[str]:
    return sorted(p.name for p in raw.glob("*.txt"))


def later(path: Path) -> None:
    """Move the modification time forward, as an editor saving the file a second later would."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


@pytest.fixture
def ingested(raw_dir: Path, con) -> Path:
    for name in ("a", "b", "c"):
        write_doc(raw_dir, f"{name}.txt", f"2024年{name}市规模以上工业企业达到1783家。")
    report = pipeline.ingest(con, raw_dir, keys(raw_dir))
    assert len(report.loaded) == 3
    return raw_dir


def test_unchanged_files_are_not_read(ingested: Path, con, reads: list[str]):
    assert pipeline.pending(con, ingested, keys(ingested)) == []
    assert reads == []


def test_a_rewritten_file_of_the_same_size_is_read_and_pending(ingested: Path, con, reads: list[str]):
    path = ingested / "b.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("1783", "1796"), encoding="utf-8")
    later(path)
    assert path.stat().st_size == len(text.encode())
    assert pipeline.pending(con, ingested, keys(ingested)) == ["b.txt"]
    assert reads == ["b.txt"]


def test_a_changed_sidecar_makes_its_file_pending(ingested: Path, con):
    sidecar = ingested / "c.txt.meta.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("bulletin", "article"), encoding="utf-8")
    later(sidecar)
    assert pipeline.pending(con, ingested, keys(ingested)) == ["c.txt"]


def test_a_touched_file_is_read_once_then_trusted_again(ingested: Path, con, reads: list[str]):
    later(ingested / "a.txt")
    assert pipeline.pending(con, ingested, keys(ingested)) == []  # same bytes: nothing to ingest
    assert reads == ["a.txt"]
    assert pipeline.pending(con, ingested, keys(ingested)) == []
    assert reads == ["a.txt"]  # its new stat was logged


def test_a_removed_file_is_pending(ingested: Path, con):
    (ingested / "a.txt").unlink()
    assert pipeline.pending(con, ingested, ["a.txt", "b.txt", "c.txt"]) == ["a.txt"]


def test_a_log_written_before_stats_were_kept_is_upgraded(raw_dir: Path, con, reads: list[str]):
    write_doc(raw_dir, "a.txt", "2024年规模以上工业企业达到1783家。")
    con.execute("CREATE SCHEMA raw")
    con.execute(
        "CREATE TABLE raw.ingest_log (file VARCHAR, fingerprint VARCHAR, document_id VARCHAR, status VARCHAR,"
        " extracted BOOLEAN, processed_at TIMESTAMP)"
    )
    fp = changes.fingerprint(raw_dir / "a.txt")
    con.execute("INSERT INTO raw.ingest_log VALUES ('a.txt', ?, 'd1', 'loaded', true, now())", [fp])
    reads.clear()
    assert pipeline.pending(con, raw_dir, ["a.txt"]) == []  # same bytes as logged
    assert pipeline.pending(con, raw_dir, ["a.txt"]) == []
    assert reads == ["a.txt"]  # read once, to learn its stat
