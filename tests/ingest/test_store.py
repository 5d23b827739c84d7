"""`mfgstats ingest`: content identity, vintages of revised releases, refusal before anything is written."""

from __future__ import annotations

import pytest
from ingest_files import META, seed_text

from mfgstats.cli import main
from mfgstats.ingest import QuarantineError, discover, load_document
from mfgstats.ingest.store import ingest_file

OPTIONS = [f"--{k}={v}" for k, v in META.items()]


def _documents(raw_dir):
    return [load_document(p, raw_dir) for p in discover(raw_dir)]


def test_ingesting_the_same_bytes_three_times_leaves_one_document(raw_dir, tmp_path, capsys):
    source = tmp_path / "tjgb.txt"
    source.write_text(seed_text("004"), encoding="utf-8")
    copy = tmp_path / "renamed.txt"  # the same bytes under another name are the same document
    copy.write_bytes(source.read_bytes())
    assert main(["ingest", str(source), *OPTIONS]) == 0
    assert main(["ingest", str(source), *OPTIONS]) == 0
    assert main(["ingest", str(copy), *OPTIONS]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "added tjgb.txt (release tjgb)"
    assert out[1:] == ["unchanged: the same content is already in the raw directory as tjgb.txt"] * 2
    docs = _documents(raw_dir)
    assert len(docs) == 1 and sorted(p.name for p in raw_dir.iterdir()) == ["tjgb.txt", "tjgb.txt.meta.yaml"]
    assert docs[0].title == META["title"] and docs[0].ingested_at is not None


def test_a_revised_release_keeps_both_vintages(raw_dir, tmp_path):
    source = tmp_path / "tjgb.csv"
    source.write_text("indicator,period,value,unit\n规上工业企业,2024,2015,家\n", encoding="utf-8")
    first = ingest_file(source, {**META, "published": "2025-03-20"})
    source.write_text("indicator,period,value,unit\n规上工业企业,2024,2018,家\n", encoding="utf-8")
    second = ingest_file(source, {**META, "published": "2025-06-30", "note": "revised"})
    source.write_text("indicator,period,value,unit\n规上工业企业,2024,2019,家\n", encoding="utf-8")
    third = ingest_file(source, {**META, "published": "2025-09-30"})
    assert (first.status, second.status, third.status) == ("added", "new_vintage", "new_vintage")
    assert (first.file, second.file, third.file) == ("tjgb.csv", "tjgb.v2.csv", "tjgb.v3.csv")
    docs = _documents(raw_dir)
    assert {d.release_key for d in docs} == {"tjgb"}
    assert len({d.document_id for d in docs}) == 3
    assert sorted(str(d.published) for d in docs) == ["2025-03-20", "2025-06-30", "2025-09-30"]
    assert all(not (raw_dir / d.file).stat().st_mode & 0o222 for d in docs)  # stored read-only


def test_an_explicit_release_key_links_differently_named_files(raw_dir, tmp_path):
    a, b = tmp_path / "2024年统计公报.txt", tmp_path / "2024年统计公报（修订）.txt"
    a.write_text("规上工业企业2015家", encoding="utf-8")
    b.write_text("规上工业企业2018家", encoding="utf-8")
    ingest_file(a, {**META, "release_key": "tjgb-2024"})
    outcome = ingest_file(b, {**META, "release_key": "tjgb-2024"})
    assert outcome.status == "added" and outcome.release_key == "tjgb-2024"
    assert [d.release_key for d in _documents(raw_dir)] == ["tjgb-2024", "tjgb-2024"]


def test_fields_come_from_the_source_sidecar_overridden_by_options(raw_dir, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("规上工业企业1783家", encoding="utf-8")
    (tmp_path / "a.txt.meta.yaml").write_text(
        "title: 原标题\npublisher: 人民日报\npublished: 2020-10-23\nregion: 洛阳市\ntype: article\n", encoding="utf-8"
    )
    assert main(["ingest", str(source), "--title", "新标题", "--url", "https://example.org/x"]) == 0
    (doc,) = _documents(raw_dir)
    assert (doc.title, doc.publisher, doc.url, str(doc.published)) == (
        "新标题",
        "人民日报",
        "https://example.org/x",
        "2020-10-23",
    )


@pytest.mark.parametrize(
    ("name", "data", "options", "code"),
    [
        ("a.txt", "规上工业企业1783家", ["--title=x"], "invalid_sidecar"),  # publisher … missing
        ("a.txt", "规上工业企业1783家", [*OPTIONS, "--published=2025-13-01"], "invalid_sidecar"),
        ("a.txt", "", OPTIONS, "empty"),
        ("a.doc", "x", OPTIONS, "unsupported"),
        ("a.csv", "indicator,period,value\n企业,2020,1\n", OPTIONS, "malformed_table"),
    ],
)
def test_a_file_that_would_not_load_is_refused(raw_dir, tmp_path, capsys, name, data, options, code):
    source = tmp_path / name
    source.write_text(data, encoding="utf-8")
    assert main(["ingest", str(source), *options]) == 1
    assert f"refused [{code}]" in capsys.readouterr().err
    assert list(raw_dir.iterdir()) == []  # nothing written


def test_refusal_names_the_source_file(raw_dir, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("x", encoding="utf-8")
    with pytest.raises(QuarantineError) as err:
        ingest_file(source, {"title": "x"})
    assert err.value.file == "a.txt" and "publisher" in err.value.reason
