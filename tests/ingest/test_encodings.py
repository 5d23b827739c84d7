"""The same seed text in every supported encoding loads as the same text for matching, offsets intact."""

from __future__ import annotations

import opencc
import pytest
from ingest_files import seed_text, write_doc

from mfgstats.ingest import load_document, matching_text, matching_view
from mfgstats.ingest.decode import decode_text
from mfgstats.ingest.errors import IngestProblem

TAIWAN = opencc.OpenCC("s2tw")


def _variants(text: str) -> list[tuple[str, bytes, str, str]]:
    """(label, bytes, expected encoding, expected decoded text)."""
    traditional = TAIWAN.convert(text)
    return [
        ("utf-8", text.encode("utf-8"), "utf-8", text),
        ("utf-8 with BOM", text.encode("utf-8-sig"), "utf-8-sig", text),
        ("utf-16 with BOM", text.encode("utf-16"), "utf-16", text),
        ("utf-16-le without BOM", text.encode("utf-16-le"), "utf-16-le", text),
        ("utf-16-be without BOM", text.encode("utf-16-be"), "utf-16-be", text),
        ("utf-32 with BOM", text.encode("utf-32"), "utf-32", text),
        ("gb18030", text.encode("gb18030"), "gb18030", text),
        ("gbk", text.encode("gbk"), "gb18030", text),  # read as its superset
        # Seed 003 has characters (〇 酶) that only Big5-HKSCS encodes; the others fit Windows Big5.
        ("big5 (traditional)", traditional.encode("big5hkscs"), "*big5*", traditional),
    ]


@pytest.mark.parametrize("seed", ["000", "003", "004"])
def test_every_encoding_gives_the_same_matching_text(seed, raw_dir):
    original = seed_text(seed)
    for label, data, encoding, expected_text in _variants(original):
        name = f"{seed}-{label.replace(' ', '_')}.txt"
        doc = load_document(write_doc(raw_dir, name, data), raw_dir)
        if encoding == "*big5*":
            assert doc.encoding in ("cp950", "big5hkscs"), label
        else:
            assert doc.encoding == encoding, label
        assert doc.text == expected_text, label
        assert len(doc.text) == len(original), label
        # One matching view for all: offsets found in it point at the same characters in every variant.
        assert matching_text(doc) == matching_view(original), label
        assert doc.document_id != "" and doc.size_bytes == len(data)


def test_windows_big5_is_named_cp950(raw_dir):
    text = TAIWAN.convert(seed_text("004"))
    doc = load_document(write_doc(raw_dir, "tw.txt", text.encode("cp950")), raw_dir)
    assert doc.encoding == "cp950"
    assert matching_text(doc) == seed_text("004")


def test_short_gb_and_big5_texts_are_told_apart():
    simplified = "2020年全市规上工业企业1783家，规上工业增加值增长12.5%。"
    traditional = TAIWAN.convert(simplified)
    assert decode_text(simplified.encode("gb18030")).text == simplified
    assert decode_text(traditional.encode("cp950")).text == traditional


def test_the_sidecar_encoding_overrides_detection(raw_dir):
    # Latin-1 bytes that also happen to be valid GB18030: detection alone could pick either.
    data = "Luoyang café 2020".encode("latin-1")
    doc = load_document(write_doc(raw_dir, "latin.txt", data, encoding="latin-1"), raw_dir)
    assert doc.text == "Luoyang café 2020"
    assert doc.encoding == "iso8859-1"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
        ("规上工业企业".encode("gb18030") + b"\x81\x20\xfe\x7f\x80\xff" * 20, "undecodable"),
    ],
)
def test_what_no_encoding_explains_is_refused(data, code):
    with pytest.raises(IngestProblem) as err:
        decode_text(data)
    assert err.value.reason_code == code


def test_a_wrong_forced_encoding_is_undecodable():
    with pytest.raises(IngestProblem) as err:
        decode_text("洛阳".encode("utf-16"), encoding="utf-8")
    assert err.value.reason_code == "undecodable"
    assert "offset 0" in err.value.reason
