"""`mfgstats extract FILE...`: JSON lines and tables, sidecar or --published, bad files reported, others go on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>工业经济运行情况</title>
<script>var visits = "规上工业企业9999家";</script></head><body>
<div class="nav"><a href="/">首页</a><a href="/tjsj">统计数据</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; 统计数据</div>
<div class="main"><div class="left"><div class="content" id="zoom">
<p>今年1—8月，全市规模以上工业增加值同比增长<span>8</span>.<span>8</span>%，高于全省平均水平1.2个百分点。</p>
<p>分行业看，装备制造业增加值增长12.5%，新材料产业增加值增长9.6%，两者合计拉动全市工业增长4.1个百分点。</p>
<table border="1"><tr><th>指标</th><th>1—8月</th><th>增长(%)</th></tr>
<tr><td>规上工业营业收入(亿元)</td><td>2415.3</td><td>6.2</td></tr></table>
</div></div>
<div class="right"><ul><li><a href="/a/1">上半年全市规上工业增加值增长7.3%</a> 2024-07-20</li>
<li><a href="/a/2">一季度工业投资增长15.6%</a> 2024-04-18</li></ul></div></div>
<div class="footer">豫ICP备05012345号 电话：0379-63921234 您是第1285634位访客</div>
</body></html>"""


def _facts(path: Path, capsys, *extra: str) -> list[tuple]:
    assert main(["extract", str(path), "--format", "jsonl", "--no-catalog", *extra]) == 0
    return [(r["start"], r["end"], r["text"], r["value"], r["period_end"]) for r in _jsonl(capsys.readouterr().out)]


def test_a_page_without_sidecar_is_read_as_ingestion_reads_it(tmp_path, capsys):
    """Its article, not its markup: the same facts at the same offsets as with a sidecar, none from the sidebar,
    the footer or the script."""
    with_sidecar = tmp_path / "meta" / "page.html"
    bare = tmp_path / "bare" / "page.html"
    for path in (with_sidecar, bare):
        path.parent.mkdir()
        path.write_text(PAGE, encoding="utf-8")
    (with_sidecar.parent / "page.html.meta.yaml").write_text(
        "title: t\npublisher: p\npublished: 2024-09-20\nregion: 洛阳市\ntype: article\n", encoding="utf-8"
    )
    expected = _facts(with_sidecar, capsys)
    got = _facts(bare, capsys, "--published", "2024-09-20")
    assert got == expected
    assert {text for _, _, text, _, _ in got} >= {"8.8%", "1.2个百分点", "12.5%", "9.6%", "4.1个百分点", "2415.3"}
    assert not {"7.3%", "15.6%", "9999家"} & {text for _, _, text, _, _ in got}
    assert max(end for _, end, *_ in got) < PAGE.index("<p>")  # offsets into the article's text, not the markup


@pytest.mark.parametrize(
    ("name", "data", "fact"),
    [
        ("gbk.txt", "全市规上工业企业1783家。".encode("gbk"), "1783家"),  # detected as ingestion detects it
        ("utf16.txt", "全市规上工业企业1783家。".encode("utf-16"), "1783家"),
        ("page.htm", "<html><body><p>全市规上工业企业<b>1783</b>家。</p></body></html>".encode("gb18030"), "1783家"),
    ],
)
def test_a_file_without_sidecar_is_decoded_as_ingestion_decodes_it(tmp_path, capsys, name, data, fact):
    path = tmp_path / name
    path.write_bytes(data)
    assert [text for _, _, text, _, _ in _facts(path, capsys, "--published", "2021-01-31")] == [fact]


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("nav.html", b"<html><body><nav><a href='/'>\xe9\xa6\x96\xe9\xa1\xb5</a></nav></body></html>", "no readable"),
        ("empty.txt", b"", "empty"),
        ("sheet.xls", b"\xd0\xcf\x11\xe0", "xlsx"),
    ],
)
def test_a_bad_file_without_sidecar_says_what_to_do(tmp_path, capsys, name, data, says):
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["extract", str(path), "--published", "2021-01-31"]) == 1
    err = capsys.readouterr().err
    assert name in err and says in err
