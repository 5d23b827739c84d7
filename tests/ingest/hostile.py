"""Hostile inputs for the raw directory, made by code: each case writes its files into a raw directory and says
what must come of them — quarantined with a reason code and words of the reason, skipped by discovery with why,
or loaded with words its text must hold.

The limits these cases meet are the test's own (LIMITS, set as environment variables) except where a case says
otherwise, so that every document stays small; the bombs are real bombs whatever the limits.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import xlsxwriter
from ingest_files import write_doc
from pdfs import cjk_pdf, flate_pdf

LIMITS = {"MFGSTATS_MAX_TEXT_CHARS": "50000", "MFGSTATS_MAX_TABLE_CHARS": "50000"}
GOOD_TEXT = "2020年，全市规模以上工业企业1783家，工业增加值增长7.5%。\n"
# Written by hand, not by yaml.safe_dump: the date must be a plain scalar, which YAML reads as a timestamp.
META_YAML = "title: 测试文件\npublisher: 洛阳市统计局\npublished: 2025-09-30\nregion: 洛阳市\ntype: bulletin\n"


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path, Path], str]  # (raw directory, a folder outside it) → the file's key in the scan
    outcome: str  # quarantined | skipped | loaded
    code: str | None  # the reason code, for quarantined
    says: str  # words the reason (quarantined), the why (skipped) or the text (loaded) must hold


CASES: list[Case] = []


def case(name: str, outcome: str, code: str | None, says: str):
    def register(build: Callable[[Path, Path], str]) -> Callable[[Path, Path], str]:
        CASES.append(Case(name, build, outcome, code, says))
        return build

    return register


def _doc(raw: Path, name: str, data: bytes | str, sidecar: str | None = META_YAML) -> str:
    path = raw / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    if sidecar is not None:
        (raw / (name + ".meta.yaml")).write_text(sidecar, encoding="utf-8")
    return name


def _sidecar_case(name: str, sidecar: str, code: str, says: str) -> None:
    case(name, "quarantined", code, says)(lambda raw, _: _doc(raw, f"{name}.txt", GOOD_TEXT, sidecar))


# --- sidecars -----------------------------------------------------------------------------------------------------

_sidecar_case("date_feb_30", META_YAML.replace("2025-09-30", "2025-02-30"), "invalid_sidecar", "published='2025-02-30'")
_sidecar_case(
    "date_month_13", META_YAML.replace("2025-09-30", "2025-13-01"), "invalid_sidecar", "published='2025-13-01'"
)
_sidecar_case("date_tagged", META_YAML.replace("2025-09-30", "!!timestamp 2025-02-30"), "invalid_sidecar", "published=")
_sidecar_case("ingested_at_bad", META_YAML + "ingested_at: 2025-02-30 12:00:00\n", "invalid_sidecar", "ingested_at=")
_LAUGHS = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"{b}: &{b} [{','.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)
_sidecar_case("alias_bomb", _LAUGHS + META_YAML.replace("type: bulletin", "type: *i"), "invalid_sidecar", "aliases")
_sidecar_case(
    "alias_simple", META_YAML.replace("title: 测试文件", "title: &t 测试文件\nnote: *t"), "invalid_sidecar", "aliases"
)
_sidecar_case("deep_nesting", META_YAML + "table: " + "[" * 5000 + "]" * 5000 + "\n", "invalid_sidecar", "nests more")
_BLOCKS = "table:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 12)) + " " * 12 + "v: 1\n"
_sidecar_case("deep_block_nesting", META_YAML + _BLOCKS, "invalid_sidecar", "nests more")
_sidecar_case("huge_sidecar", META_YAML + "note: " + "长" * 40_000 + "\n", "invalid_sidecar", "over the limit")
_sidecar_case("huge_integer", META_YAML.replace("2025-09-30", "1" + "0" * 5000), "invalid_sidecar", "YAML cannot build")
_sidecar_case(
    "python_object", META_YAML + "note: !!python/object/apply:os.system ['true']\n", "invalid_sidecar", "valid YAML"
)
_sidecar_case("not_a_mapping", "- title\n- publisher\n", "invalid_sidecar", "not a YAML mapping")
_sidecar_case("empty_sidecar", "", "invalid_sidecar", "not a YAML mapping")
_sidecar_case("bad_yaml", "title: [unclosed\n", "invalid_sidecar", "not valid YAML")
# A long value once made a reason of 39 MB: the value is shown in brief.
_sidecar_case("long_type", META_YAML.replace("type: bulletin", "type: " + "x" * 60_000), "invalid_sidecar", "more)")
_sidecar_case("bytes_codec", META_YAML + "encoding: zlib_codec\n", "invalid_sidecar", "yaml: encoding='zlib_codec'")
# libyaml refuses a surrogate escape itself; the loader also refuses any text the warehouse could not store.
_sidecar_case("lone_surrogate", META_YAML.replace("title: 测试文件", 'title: "\\ud800"'), "invalid_sidecar", "YAML")
_sidecar_case("huge_integer_note", META_YAML + "note: 1" + "0" * 5000 + "\n", "invalid_sidecar", "YAML cannot build")


_sidecar_case("bad_ipv6_url", META_YAML + "url: http://[::1\n", "invalid_sidecar", "url=")
_sidecar_case("nul_in_title", META_YAML.replace("title: 测试文件", 'title: "测\\0试"'), "invalid_sidecar", "control")


@case("sidecar_not_utf8", "quarantined", "invalid_sidecar", "not UTF-8")
def _(raw: Path, _: Path) -> str:
    _doc(raw, "gbk_sidecar.txt", GOOD_TEXT, None)
    (raw / "gbk_sidecar.txt.meta.yaml").write_bytes(META_YAML.encode("gbk"))
    return "gbk_sidecar.txt"


@case("sidecar_symlink", "quarantined", "invalid_sidecar", "symbolic link")
def _(raw: Path, outside: Path) -> str:
    (outside / "meta.yaml").write_text(META_YAML, encoding="utf-8")
    os.symlink(outside / "meta.yaml", raw / "linked_sidecar.txt.meta.yaml")
    return _doc(raw, "linked_sidecar.txt", GOOD_TEXT, None)


@case("sidecar_fifo", "quarantined", "invalid_sidecar", "not a regular file")
def _(raw: Path, _: Path) -> str:
    os.mkfifo(raw / "fifo_sidecar.txt.meta.yaml")  # reading it would block for ever
    return _doc(raw, "fifo_sidecar.txt", GOOD_TEXT, None)


# --- names, links and files that are not documents -------------------------------------------------------------


@case("gbk_name", "quarantined", "invalid_name", "洛阳统计公报.txt")
def _(raw: Path, _: Path) -> str:
    name = os.fsdecode("洛阳统计公报.txt".encode("gbk"))  # as a Windows zip unpacks it
    _doc(raw, name, GOOD_TEXT)
    return "%C2%E5%D1%F4\u0373%BC\u01b9%AB%B1%A8.txt"  # the bytes that are not UTF-8, escaped


@case("newline_name", "quarantined", "invalid_name", "control characters")
def _(raw: Path, _: Path) -> str:
    _doc(raw, "line\nbreak.txt", GOOD_TEXT)
    return "line%0Abreak.txt"


@case("tab_name", "quarantined", "invalid_name", "control characters")
def _(raw: Path, _: Path) -> str:
    _doc(raw, "tab\there.txt", GOOD_TEXT)
    return "tab%09here.txt"


@case("dots_name", "quarantined", "invalid_name", "'...'")
def _(raw: Path, _: Path) -> str:
    _doc(raw, "公报...2024.txt", GOOD_TEXT)
    return "公报%2E%2E%2E2024.txt"


@case("symlink_outside", "quarantined", "symlink", "symbolic link")
def _(raw: Path, outside: Path) -> str:
    secret = outside / "secret.txt"  # a perfectly loadable document, but not one of the raw directory
    secret.write_text(GOOD_TEXT, encoding="utf-8")
    os.symlink(secret, raw / "secret.txt")
    (raw / "secret.txt.meta.yaml").write_text(META_YAML, encoding="utf-8")
    return "secret.txt"


@case("symlink_dev_zero", "quarantined", "symlink", "/dev/zero")
def _(raw: Path, _: Path) -> str:
    os.symlink("/dev/zero", raw / "zero.txt")  # endless bytes: neither hashed nor read
    (raw / "zero.txt.meta.yaml").write_text(META_YAML, encoding="utf-8")
    return "zero.txt"


@case("symlink_broken", "quarantined", "symlink", "symbolic link")
def _(raw: Path, outside: Path) -> str:
    os.symlink(outside / "gone.txt", raw / "dangling.txt")
    (raw / "dangling.txt.meta.yaml").write_text(META_YAML, encoding="utf-8")
    return "dangling.txt"


@case("symlink_target_not_utf8", "quarantined", "symlink", "\\udcff")
def _(raw: Path, _: Path) -> str:
    os.symlink(os.fsdecode(b"/tmp/\xff\xfe-target"), raw / "odd_link.txt")  # stored as its escape
    (raw / "odd_link.txt.meta.yaml").write_text(META_YAML, encoding="utf-8")
    return "odd_link.txt"


@case("symlink_folder", "skipped", None, "link to a folder")
def _(raw: Path, outside: Path) -> str:
    (outside / "folder").mkdir()
    (outside / "folder" / "inner.txt").write_text(GOOD_TEXT, encoding="utf-8")
    os.symlink(outside / "folder", raw / "linked_folder")
    return "linked_folder"


@case("fifo", "skipped", None, "named pipe")
def _(raw: Path, _: Path) -> str:
    os.mkfifo(raw / "pipe.txt")
    return "pipe.txt"


def _skipped_name(name: str, says: str) -> None:
    case(f"skipped {name}", "skipped", None, says)(lambda raw, _: _doc(raw, name, GOOD_TEXT, sidecar=None))


_skipped_name(".hidden.txt", "hidden file")
_skipped_name(".#draft.txt", "lock file")
_skipped_name("~$book.xlsx", "Office lock file")
_skipped_name("draft.txt.tmp", "temporary file")
_skipped_name("draft.txt~", "backup copy")
_skipped_name("report.pdf.part", "download still in progress")


@case("orphan_sidecar", "skipped", None, "sidecar without its document")
def _(raw: Path, _: Path) -> str:
    (raw / "orphan.txt.meta.yaml").write_text(META_YAML, encoding="utf-8")
    return "orphan.txt.meta.yaml"


@case("hidden_folder", "skipped", None, "hidden folder")
def _(raw: Path, _: Path) -> str:
    (raw / ".cache").mkdir()
    _doc(raw, ".cache/inside.txt", GOOD_TEXT)
    return ".cache/"


# --- bombs and oversized content -------------------------------------------------------------------------------


@cache
def deflate_bomb(megabytes: int) -> tuple[bytes, int]:
    """A raw deflate stream of `megabytes` MB of zeros (about 1 KB per MB) and its CRC-32."""
    mb = b"\0" * (1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(mb) + compressor.flush(zlib.Z_FULL_FLUSH)  # no reference before the block
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(mb, crc)
    return block * megabytes + b"\x03\x00", crc  # + an empty final block


def zip_file(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip written by hand, so its headers can declare what a test wants: (name, deflated data, CRC-32,
    declared uncompressed size, method) per member."""
    out, central = io.BytesIO(), []
    for name, data, crc, size, method in members:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), size, len(encoded), 0)
        )
        out.write(encoded + data)
        entry = (0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0, offset)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", *entry) + encoded)
    start = out.tell()
    out.write(b"".join(central))
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def xlsx(rows: list[list], cells: dict[tuple[int, int], object] | None = None) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("数据")
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    for (r, c), value in (cells or {}).items():
        sheet.write(r, c, value)
    book.close()
    return out.getvalue()


GOOD_XLSX = [["指标", "单位", "2020"], ["规上工业企业", "家", 1783]]


@case("xlsx_zip_bomb", "quarantined", "oversized", "unzips to")
def _(raw: Path, _: Path) -> str:
    bomb, crc = deflate_bomb(2500)  # 2.5 MB that unzips to 2.6 GB
    return _doc(raw, "bomb.xlsx", zip_file([("xl/worksheets/sheet1.xml", bomb, crc, 2500 << 20, 8)]))


@case("xlsx_ratio_bomb", "quarantined", "oversized", "zip bomb")
def _(raw: Path, _: Path) -> str:
    bomb, crc = deflate_bomb(150)  # under the total, but 1,000 times its stored size
    return _doc(raw, "ratio.xlsx", zip_file([("xl/worksheets/sheet1.xml", bomb, crc, 150 << 20, 8)]))


@case("xlsx_lying_sizes", "quarantined", "malformed_table", "Bad CRC-32")
def _(raw: Path, _: Path) -> str:
    """A real workbook whose sheet holds 2.6 GB of zeros while its headers declare the real sheet's size: zipfile
    stops at the declared size (then the checksum fails)."""
    real = zipfile.ZipFile(io.BytesIO(xlsx(GOOD_XLSX)))
    bomb, _crc = deflate_bomb(2500)
    members = []
    for info in real.infolist():
        data = real.read(info.filename)
        if info.filename == "xl/worksheets/sheet1.xml":
            members.append((info.filename, bomb, zlib.crc32(data), len(data), 8))
        else:
            members.append((info.filename, data, zlib.crc32(data), len(data), 0))
    return _doc(raw, "lying.xlsx", zip_file(members))


@case("xlsx_many_members", "quarantined", "oversized", "files")
def _(raw: Path, _: Path) -> str:
    return _doc(raw, "members.xlsx", zip_file([(f"m{i}.xml", b"x", zlib.crc32(b"x"), 1, 0) for i in range(10_001)]))


@case("xlsx_huge_range", "quarantined", "oversized", "cells")
def _(raw: Path, _: Path) -> str:
    return _doc(raw, "range.xlsx", xlsx(GOOD_XLSX, {(1_048_575, 16_383): "末"}))  # A1:XFD1048576, 5 KB


@case("xlsx_too_much_text", "quarantined", "oversized", "MFGSTATS_MAX_TABLE_CHARS")
def _(raw: Path, _: Path) -> str:
    return _doc(raw, "wide.xlsx", xlsx([["规上工业企业增加值", "家", 1783.5] * 4] * 2000))


@case("xlsx_not_a_workbook", "quarantined", "malformed_table", "XLSX")
def _(raw: Path, _: Path) -> str:
    return _doc(raw, "notebook.xlsx", zip_file([("readme.txt", b"hello", zlib.crc32(b"hello"), 5, 0)]))


@case("text_bytes_over_limit", "quarantined", "oversized", "at least")
def _(raw: Path, _: Path) -> str:
    return _doc(raw, "long.txt", "12.5%，" * 40_000)  # 360 KB: at least 90,000 characters


@case("text_dense_numbers", "quarantined", "oversized", "MFGSTATS_MAX_TEXT_CHARS")
def _(raw: Path, _: Path) -> str:
    return _doc(raw, "dense.txt", "12.5%，" * 10_000)  # 60,000 characters, a fact every 6


@case("csv_over_limit", "quarantined", "oversized", "MFGSTATS_MAX_TABLE_CHARS")
def _(raw: Path, _: Path) -> str:
    return _doc(raw, "long.csv", "indicator,period,value,unit\n" + "规上工业企业,2020,1783,家\n" * 4000)


@case("csv_nul_bytes", "quarantined", "binary", "NUL")
def _(raw: Path, _: Path) -> str:
    return _doc(raw, "nul.csv", b"indicator,period\x00,value\n" * 50)


@case("utf16_lone_surrogate", "quarantined", "undecodable", "utf-16")
def _(raw: Path, _: Path) -> str:
    return _doc(
        raw, "surrogate.txt", b"\xff\xfe" + "规上".encode("utf-16-le") + b"\x00\xd8" + "企业".encode("utf-16-le")
    )


@case("control_characters", "quarantined", "binary", "control characters")
def _(raw: Path, _: Path) -> str:
    return _doc(raw, "controls.txt", "\x01\x02\x03规上" * 500)


@case("odd_length_utf16", "quarantined", "undecodable", "utf-16")
def _(raw: Path, _: Path) -> str:
    return _doc(raw, "odd.txt", "规上".encode("utf-16-le") + b"\x00", META_YAML + "encoding: utf-16-le\n")


@case("html_300_levels", "loaded", None, "深处的数字1783家")
def _(raw: Path, _: Path) -> str:
    page = "<html><body>" + "<div>" * 300 + "深处的数字1783家" + "</div>" * 300 + "<p>之后的段落</p></body></html>"
    return _doc(raw, "deep300.html", page)


@case("html_5000_levels", "quarantined", "malformed_html", "2,048 levels")
def _(raw: Path, _: Path) -> str:
    page = "<html><body>" + "<div>" * 5000 + "深处的数字1783家" + "</div>" * 5000 + "</body></html>"
    return _doc(raw, "deep5000.html", page)


@case("html_deep_with_text", "loaded", None, "之后的段落")
def _(raw: Path, _: Path) -> str:
    """2,000 levels around 40,000 characters: sizing every level by its text content took minutes."""
    body = "<div>" * 2000 + "<a href='x'>链接</a>" + "规上工业企业" * 6000 + "</div>" * 2000
    return _doc(raw, "deep2000.html", f"<html><body>{body}<p>之后的段落</p></body></html>")


@case("html_markup_over_limit", "quarantined", "oversized", "MFGSTATS_MAX_TEXT_CHARS")
def _(raw: Path, _: Path) -> str:
    return _doc(raw, "markup.html", "<html><body>" + "<p><b></b></p>" * 20_000 + "</body></html>")


@case("pdf_too_many_pages", "quarantined", "oversized", "pages")
def _(raw: Path, _: Path) -> str:
    return _doc(raw, "pages.pdf", cjk_pdf([["页"]] * 5001))


@case("pdf_too_much_text", "quarantined", "oversized", "MFGSTATS_MAX_TEXT_CHARS")
def _(raw: Path, _: Path) -> str:
    return _doc(raw, "long.pdf", cjk_pdf([["规上工业企业增加值增长百分之七点五" * 3] * 50] * 25))


@case("pdf_flate_bomb", "quarantined", "oversized", "decompression bomb")
def _(raw: Path, _: Path) -> str:
    """A page whose content stream inflates to 200 MB (pypdf stops at 75 MB)."""
    bomb, _crc = deflate_bomb(200)
    return _doc(raw, "bomb.pdf", flate_pdf(zlib.compress(b"")[:2] + bomb))  # a zlib header, then the deflate data


GOOD_FILES: dict[str, bytes | str] = {
    "good.txt": GOOD_TEXT,
    "good.csv": "indicator,region,period,value,unit,status\n规上工业企业,洛阳市,2020,1783,家,actual\n",
    "good.xlsx": xlsx(GOOD_XLSX),
    "good.html": f"<html><body><article><p>{GOOD_TEXT}</p></article></body></html>",
    "good.pdf": cjk_pdf([["2020年规上工业企业1783家"]]),
}


def write_good(raw: Path) -> set[str]:
    for name, data in GOOD_FILES.items():
        write_doc(raw, name, data)
    return set(GOOD_FILES)
