"""The corrections step on a real DuckDB file: decisions and problems into raw tables, and which documents count as
removed from the raw directory (a deleted file, not an older vintage of a file that is still there)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from mfgstats import pipeline
from mfgstats.config import PROJECT_ROOT
from mfgstats.corrections.load import load_corrections

SEEDS = sorted((PROJECT_ROOT / "data" / "raw").glob("*.txt"))[:2]


def _copy(seed: Path, raw: Path, name: str | None = None) -> str:
    name = name or seed.name
    shutil.copy(seed, raw / name)
    shutil.copy(seed.with_name(seed.name + ".meta.yaml"), raw / f"{name}.meta.yaml")
    return name


def test_removed_files_and_decisions_reach_the_raw_tables(tmp_path: Path):
    raw, corrections = tmp_path / "raw", tmp_path / "corrections"
    raw.mkdir()
    corrections.mkdir()
    keep, gone = _copy(SEEDS[0], raw), _copy(SEEDS[1], raw)
    (corrections / "a.yaml").write_text(
        '- {id: r1, action: reject, target: {fact: "abcdef12:1-3=4"}, reason: x, who: w, when: 2026-12-01}\n'
        "- {id: r2, action: nope, reason: x, who: w, when: 2026-12-01}\n",
        encoding="utf-8",
    )
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        first = pipeline.ingest(con, raw, [keep, gone]).loaded
        ids = {d.file: d.document_id for d in first}
        report = load_corrections(con, corrections, raw)
        assert report.removed == [] and report.corrections == 1 and len(report.problems) == 1
        assert con.execute("SELECT correction_id, document_ref, span_start FROM raw.corrections").fetchall() == [
            ("r1", "abcdef12", 1)
        ]
        assert con.execute("SELECT source_line, problem LIKE '%nope%' FROM raw.correction_problems").fetchall() == [
            (2, True)
        ]
        # a new version of `keep` (an older vintage stays in raw.documents) and `gone` deleted
        (raw / keep).write_text((raw / keep).read_text(encoding="utf-8") + "\n补记。", encoding="utf-8")
        pipeline.ingest(con, raw, [keep])
        (raw / gone).unlink()
        (raw / f"{gone}.meta.yaml").unlink()
        report = load_corrections(con, corrections, raw)
        assert report.removed == [(ids[gone], gone)]
        first_seen = con.execute("SELECT removed_at FROM raw.document_removals").fetchone()[0]
        assert load_corrections(con, corrections, raw).removed == [(ids[gone], gone)]
        assert con.execute("SELECT removed_at FROM raw.document_removals").fetchone()[0] == first_seen
        # the same bytes back under another name: the document is present again
        _copy(SEEDS[1], raw, "renamed.txt")
        pipeline.ingest(con, raw, ["renamed.txt"])
        assert load_corrections(con, corrections, raw).removed == []
        assert con.execute("SELECT count(*) FROM raw.document_removals").fetchone()[0] == 0
