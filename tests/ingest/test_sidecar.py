"""Sidecar validation: each field typed and checked, each error naming the field."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from ingest_files import META, write_doc

from mfgstats.ingest import QuarantineError, load_document
from mfgstats.ingest.errors import IngestProblem
from mfgstats.ingest.sidecar import default_release_key, parse_sidecar


def test_a_complete_sidecar_is_typed():
    side = parse_sidecar(
        {**META, "published": date(2025, 9, 30), "url": "https://example.org/a", "release_key": "bulletin-2025"}
    )
    assert side.published == date(2025, 9, 30)
    assert side.type == "bulletin" and side.url == "https://example.org/a" and side.release_key == "bulletin-2025"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"title": None}, "title"),
        ({"publisher": ""}, "publisher"),
        ({"published": "30/09/2025"}, "published"),
        ({"published": "2999-01-01"}, "in the future"),
        ({"type": "blog"}, "type='blog'"),
        ({"region": ["洛阳市"]}, "region"),
        ({"url": "news.lyd.com.cn/x"}, "url"),
        ({"publised": "2025-09-30"}, "unknown field(s) publised"),
        ({"encoding": "klingon"}, "encoding"),
        ({"ingested_at": "yesterday"}, "ingested_at"),
        ({"release_key": "a\nb"}, "release_key"),
        ({"table": "wide"}, "table"),
    ],
)
def test_an_invalid_field_is_named(change, named):
    fields = {k: v for k, v in {**META, **change}.items() if v is not None}
    with pytest.raises(IngestProblem) as err:
        parse_sidecar(fields, "x.txt.meta.yaml")
    assert err.value.reason_code == "invalid_sidecar"
    assert named in err.value.reason
    assert err.value.action


def test_published_accepts_a_yaml_date_or_an_iso_string():
    assert parse_sidecar({**META, "published": "2022-04-26"}).published == date(2022, 4, 26)
    assert parse_sidecar({**META, "published": datetime(2022, 4, 26, 9, 0)}).published == date(2022, 4, 26)


@pytest.mark.parametrize(
    ("sidecar_text", "code", "named"),
    [
        (None, "missing_sidecar", "a.txt.meta.yaml"),
        ("title: [unclosed", "invalid_sidecar", "not valid YAML at line"),
        ("- just\n- a list\n", "invalid_sidecar", "not a YAML mapping"),
        ("title: x\n", "invalid_sidecar", "lacks publisher, published, region, type"),
    ],
)
def test_sidecar_file_problems_quarantine_the_document(raw_dir, sidecar_text, code, named):
    path = write_doc(raw_dir, "a.txt", "规上工业企业1783家", sidecar=False)
    if sidecar_text is not None:
        (raw_dir / "a.txt.meta.yaml").write_text(sidecar_text, encoding="utf-8")
    with pytest.raises(QuarantineError) as err:
        load_document(path, raw_dir)
    assert err.value.reason_code == code
    assert err.value.reason.startswith("a.txt")
    assert named in err.value.reason


@pytest.mark.parametrize(
    ("rel", "key"),
    [("bulletin.csv", "bulletin"), ("bulletin.v2.csv", "bulletin"), ("2024/tjgb.v13.pdf", "2024/tjgb"), ("a", "a")],
)
def test_default_release_key(rel, key):
    assert default_release_key(rel) == key
