"""Seed 003 (the gold document) in every encoding yields the same facts from the extractor."""

from __future__ import annotations

import dataclasses
from datetime import date

import opencc
import pytest
from ingest_files import seed_text, write_doc

from mfgstats.extract import extract
from mfgstats.ingest import load_document, matching_text
from mfgstats.ingest.matching import to_simplified
from mfgstats.records import Document

TAIWAN = opencc.OpenCC("s2tw")


def _key(f):
    return (f.start, f.end, f.value, f.unit, f.comparator, f.measure, f.status, f.period_start, f.period_end)


@pytest.fixture(scope="module")
def reference():
    return extract(_utf8_document(seed_text("003")))


def _utf8_document(text):
    return Document(
        document_id="ref",
        file="003.txt",
        text=text,
        title="洛阳市“十四五”制造业高质量发展规划",
        publisher="洛阳市人民政府",
        published=date(2022, 4, 26),
        region="洛阳市",
        doc_type="plan",
        release_key="003",
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030"])
def test_every_unicode_and_gb_encoding_gives_the_same_facts(raw_dir, reference, encoding):
    path = write_doc(raw_dir, f"003.{encoding}.txt", seed_text("003").encode(encoding), published="2022-04-26")
    facts = extract(load_document(path, raw_dir))
    assert len(facts) > 100
    assert sorted(map(_key, facts)) == sorted(map(_key, reference))


def _big5_document(raw_dir):
    data = TAIWAN.convert(seed_text("003")).encode("big5hkscs")
    return load_document(write_doc(raw_dir, "003.big5.txt", data, published="2022-04-26"), raw_dir)


def test_big5_through_the_matching_view_gives_the_same_facts_at_the_same_offsets(raw_dir, reference):
    doc = _big5_document(raw_dir)
    facts = extract(dataclasses.replace(doc, text=matching_text(doc)))
    assert sorted(map(_key, facts)) == sorted(map(_key, reference))
    for f in facts:  # the offsets quote the traditional original, which reads as the same evidence
        assert to_simplified(doc.text[f.start : f.end]) == f.text


def test_big5_document_gives_the_same_facts(raw_dir, reference):
    facts = extract(_big5_document(raw_dir))
    assert sorted(map(_key, facts)) == sorted(map(_key, reference))
