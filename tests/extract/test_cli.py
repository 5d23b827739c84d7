"""`mfgstats extract FILE...`: JSON lines and tables, sidecar or --published, bad files reported, others go on."""

from __future__ import annotations

import json
from pathlib import Path

from mfgstats.cli import main

REQUIRED_FIELDS = {
    "file", "document_id", "start", "end", "text", "value", "value_high", "comparator", "unit", "value_base",
    "measure", "status", "period_start", "period_end", "period_label", "region", "subject", "indicator_code",
    "chain", "enterprise", "confidence", "sentence",
}  # fmt: skip

TEXT = "“十三五”末，全市规上工业企业达到 1783 家。今年1—8月，规上工业增加值增长8.8%。"


def _write(tmp_path: Path, name: str, text: str, published: str | None) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if published:
        (tmp_path / f"{name}.meta.yaml").write_text(
            f"title: t\npublisher: p\npublished: {published}\nregion: 洛阳市\ntype: article\n", encoding="utf-8"
        )
    return path


def _jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_jsonl_with_sidecar(tmp_path, capsys):
    path = _write(tmp_path, "a.txt", TEXT, "2022-09-26")
    assert main(["extract", str(path), "--format", "jsonl"]) == 0
    rows = _jsonl(capsys.readouterr().out)
    assert [(r["text"], r["period_start"], r["period_end"]) for r in rows] == [
        ("1783 家", "2020-01-01", "2020-12-31"),
        ("8.8%", "2022-01-01", "2022-08-31"),
    ]
    for row in rows:
        assert row.keys() >= REQUIRED_FIELDS
        assert row["file"] == "a.txt"
        assert TEXT[row["start"] : row["end"]] == row["text"]
    assert rows[0]["region_code"] == "410300"  # linked through the catalogs


def test_published_overrides_sidecar_and_is_needed_without_one(tmp_path, capsys):
    with_sidecar = _write(tmp_path, "a.txt", TEXT, "2022-04-26")
    bare = _write(tmp_path, "b.txt", TEXT, None)
    assert main(["extract", str(with_sidecar), str(bare), "--format", "jsonl", "--published", "2021-09-30"]) == 0
    rows = _jsonl(capsys.readouterr().out)
    assert {(r["file"], r["period_end"]) for r in rows if r["text"] == "8.8%"} == {
        ("a.txt", "2021-08-31"),
        ("b.txt", "2021-08-31"),
    }


def test_bad_files_are_reported_and_the_rest_still_runs(tmp_path, capsys):
    good = _write(tmp_path, "good.txt", TEXT, "2022-04-26")
    no_date = _write(tmp_path, "nodate.txt", TEXT, None)
    missing = tmp_path / "missing.txt"
    assert main(["extract", str(no_date), str(missing), str(good), "--format", "jsonl"]) == 1
    captured = capsys.readouterr()
    assert {r["file"] for r in _jsonl(captured.out)} == {"good.txt"}
    assert "nodate.txt" in captured.err and "--published" in captured.err
    assert "missing.txt" in captured.err


def test_table_format(tmp_path, capsys):
    path = _write(tmp_path, "a.txt", TEXT, "2022-04-26")
    assert main(["extract", str(path), "--format", "table", "--no-catalog"]) == 0
    out = capsys.readouterr().out
    assert "a.txt" in out and "2 facts" in out
    assert "1783 家" in out and "规上工业企业" in out


def test_seed_004_crawler_header_is_ignored(capsys):
    seed = Path(__file__).resolve().parents[2] / "data" / "raw" / "004_8e00ac7a97b8b83b.txt"
    assert main(["extract", str(seed), "--format", "jsonl"]) == 0
    rows = _jsonl(capsys.readouterr().out)
    header_end = seed.read_text(encoding="utf-8").index("9月30日")
    assert rows and all(r["start"] >= header_end for r in rows)
    assert all(not r["period_start"].startswith("2024-11") for r in rows)
    assert {r["text"]: r["period_end"] for r in rows}["8.8%"] == "2025-08-31"


def test_progress_bar_on_a_terminal_while_the_facts_go_to_a_pipe(tmp_path):
    """Several files, stdout piped, stderr a terminal: a bar on stderr; stdout carries the facts and nothing else."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    files = [str(_write(tmp_path, f"{i}.txt", TEXT, "2022-04-26")) for i in range(3)]
    exe = Path(sys.executable).parent / "mfgstats"
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal has a size
    with subprocess.Popen(
        [str(exe), "extract", *files, "--format", "jsonl"], stdout=subprocess.PIPE, stderr=follower
    ) as proc:
        os.close(follower)
        out = proc.stdout.read().decode("utf-8")
        proc.wait(timeout=120)
    err = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        err += chunk
    os.close(leader)
    assert proc.returncode == 0
    assert len(_jsonl(out)) == 6  # two facts a file, no bar in the data
    shown = err.decode("utf-8", "replace")
    assert "extracting:" in shown and "0/3" in shown  # the bar, cleared when done (the terminal keeps no trace)
    assert shown.rstrip(" ").endswith("\r")
