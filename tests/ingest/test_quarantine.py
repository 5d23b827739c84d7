"""Each kind of bad input gets its own reason, naming the file and the action, while the good files load."""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from ingest_files import seed_text, write_doc
from pdfs import cjk_pdf, scanned_pdf

from mfgstats.ingest import REASONS, QuarantineError, discover, load_document


def _xlsx(rows: list[list]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("数据")
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    return out.getvalue()


@pytest.fixture
def mixed_dir(raw_dir, tmp_path):
    """One good document of each kind and one bad file per quarantine reason, side by side."""
    good = {
        "good.txt": seed_text("004"),
        "good.gbk.txt": seed_text("000").encode("gbk"),
        "good.pdf": cjk_pdf([["2020年规上工业企业1783家"]]),
        "good.csv": "indicator,region,period,value,unit,status\n规上工业企业,洛阳市,2020,1783,家,actual\n",
        "good.xlsx": _xlsx([["指标", "单位", "2020"], ["规上工业企业", "家", 1783]]),
    }
    for name, data in good.items():
        write_doc(raw_dir, name, data)
    bad = {
        "empty.txt": (b"", {}),
        "blank.md": ("  \n\u3000\n", {}),
        "binary.txt": (b"\x00\x01\x02\xff" * 64, {}),
        "image.txt": (b"\x89PNG\r\n\x1a\n" + bytes(64), {}),
        "undecodable.txt": ("规上".encode("gb18030") + b"\x81\x20\xfe\x7f\x80\xff" * 20, {}),
        "oversized.txt": ("规上工业企业1783家。" * 2000, {}),
        "sheet.xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), {}),
        "broken.pdf": (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage", {}),
        "notapdf.pdf": (b"<html>not a pdf</html>", {}),
        "scan.pdf": (scanned_pdf(tmp_path / "white.png"), {}),
        "ragged.csv": ("indicator,period,value,unit\n规上工业企业,2020,1783,家,多余\n", {}),
        "bad_value.csv": ("indicator,period,value,unit\n规上工业企业,2020,一千七,家\n", {}),
        "broken.xlsx": (b"PK\x03\x04 not really a zip", {}),
        "bad_type.txt": ("规上工业企业1783家", {"type": "blog"}),
        "no_sidecar.txt": ("规上工业企业1783家", None),
        "binary_no_sidecar.txt": (b"\x00\x01" * 64, None),  # the content problem is the one to report
    }
    for name, (data, meta) in bad.items():
        write_doc(raw_dir, name, data, meta, sidecar=meta is not None)
    return raw_dir, set(good)


EXPECTED = {
    "empty.txt": "empty",
    "blank.md": "empty",
    "binary.txt": "binary",
    "image.txt": "binary",
    "undecodable.txt": "undecodable",
    "oversized.txt": "oversized",
    "sheet.xls": "unsupported",
    "broken.pdf": "broken_pdf",
    "notapdf.pdf": "broken_pdf",
    "scan.pdf": "pdf_no_text",
    "ragged.csv": "malformed_table",
    "bad_value.csv": "malformed_table",
    "broken.xlsx": "malformed_table",
    "bad_type.txt": "invalid_sidecar",
    "no_sidecar.txt": "missing_sidecar",
    "binary_no_sidecar.txt": "binary",
}


def test_bad_files_are_quarantined_and_the_rest_load(mixed_dir):
    raw_dir, good = mixed_dir
    loaded, quarantined = {}, {}
    for path in discover(raw_dir):
        try:
            loaded[path.name] = load_document(path, raw_dir, max_bytes=30_000)
        except QuarantineError as err:
            quarantined[path.name] = err
    assert set(loaded) == good
    assert {name: err.reason_code for name, err in quarantined.items()} == EXPECTED
    for name, err in quarantined.items():
        assert err.file == name
        assert err.reason.startswith(name), err.reason  # the reason names the file
        assert err.action and err.reason_code in REASONS
        assert name in str(err)
    # The content hash is known for everything that could be read, so the quarantine table can carry it.
    assert all(quarantined[n].sha256 for n in EXPECTED if n not in ("empty.txt", "oversized.txt", "sheet.xls"))


def test_the_size_limit_comes_from_settings(raw_dir, monkeypatch):
    path = write_doc(raw_dir, "big.txt", "规上工业企业1783家。" * 100)
    monkeypatch.setenv("MFGSTATS_MAX_FILE_BYTES", "1000")
    with pytest.raises(QuarantineError) as err:
        load_document(path, raw_dir)
    assert err.value.reason_code == "oversized"
    assert "MFGSTATS_MAX_FILE_BYTES" in err.value.action
    monkeypatch.setenv("MFGSTATS_MAX_FILE_BYTES", "100000")
    assert load_document(path, raw_dir).size_bytes > 1000


def test_discover_skips_sidecars_hidden_and_temporary_files(raw_dir):
    write_doc(raw_dir, "a.txt", "x")
    write_doc(raw_dir, "sub/b.pdf", b"%PDF-")
    for name in (".hidden.txt", "~$book.xlsx", "c.txt.tmp", ".staging/d.txt", "sub/.#b.txt", "sub/e.txt~"):
        (raw_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (raw_dir / name).write_text("x")
    assert [p.relative_to(raw_dir).as_posix() for p in discover(raw_dir)] == ["a.txt", "sub/b.pdf"]
