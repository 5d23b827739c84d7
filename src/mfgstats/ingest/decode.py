"""Bytes → text. The encoding is decided from the whole file and every decode is strict: a wrong guess fails
loudly instead of producing mojibake that would later be read as numbers."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from mfgstats.ingest.errors import IngestProblem

# Checked in this order: a UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy Chinese encodings that strictly decode most of each other's bytes, hence the arbitration below.
# gb18030 is a superset of GBK and GB2312; cp950 is Big5 as Windows writes it; big5hkscs adds HK characters.
_CJK_CANDIDATES = ("gb18030", "cp950", "big5hkscs")
_SIGNATURES = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive (e.g. .xlsx or .docx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc or .xls)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
)
# C0/C1 control characters other than the whitespace ones text files legitimately hold.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.01
# Characters Chinese statistical text is made of; a byte-swapped UTF-16 reading is mostly something else.
_PLAUSIBLE = re.compile("[\t\n\r\x20-\x7e\xa0-\xff\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_MIN_PLAUSIBLE_SHARE = 0.9


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def sniff_binary(data: bytes) -> str | None:
    """What a file's first bytes say it is, if it is a known binary format."""
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            return what
    return None


def decode_text(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode a whole text file. `encoding` (from the sidecar) overrides detection.

    Raises IngestProblem `binary` or `undecodable`."""
    if encoding:
        decoded = Decoded(_strict(data, encoding), encoding)
    else:
        what = sniff_binary(data)
        if what:
            raise IngestProblem("binary", f"the content is {what}, not text")
        decoded = _detect(data)
    _reject_control_characters(decoded)
    return decoded


def _detect(data: bytes) -> Decoded:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(_strict(data, name), name)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if b"\x00" in data:
        name = _bomless_utf16(data)
        if name is None:
            raise IngestProblem("binary", "the content holds NUL bytes, so it is not a text file")
        return Decoded(_strict(data, name), name)
    candidates = [name for name in _CJK_CANDIDATES if _decodes(data, name)]
    if "cp950" in candidates and "big5hkscs" in candidates:
        candidates.remove("big5hkscs")  # same Big5 core; prefer the common Windows flavour
    if len(candidates) == 1:
        return Decoded(data.decode(candidates[0]), candidates[0])
    if candidates:
        # GB and Big5 byte ranges overlap, so both may decode; the language model of charset-normalizer
        # tells real Chinese from the mojibake the other reading produces.
        best = charset_normalizer.from_bytes(data, cp_isolation=candidates).best()
        name = best.encoding if best is not None and best.encoding in candidates else candidates[0]
        return Decoded(data.decode(name), name)
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and _decodes(data, best.encoding):
        return Decoded(data.decode(best.encoding), best.encoding)
    raise IngestProblem(
        "undecodable",
        f"the bytes are not valid UTF-8 ({_describe(utf8_error)}), nor GB18030/GBK or Big5, "
        "and no other encoding fits the whole file",
    )


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: both byte orders may decode, but only the right one reads as text."""
    best, best_share = None, _MIN_PLAUSIBLE_SHARE
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        share = len(_PLAUSIBLE.findall(text)) / max(len(text), 1)
        if share >= best_share:
            best, best_share = name, share
    return best


def _decodes(data: bytes, name: str) -> bool:
    try:
        data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _strict(data: bytes, name: str) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        raise IngestProblem("undecodable", f"the bytes are not valid {name} ({_describe(exc)})") from exc


def _describe(exc: UnicodeDecodeError) -> str:
    return f"byte 0x{exc.object[exc.start]:02x} at offset {exc.start}: {exc.reason}"


def _reject_control_characters(decoded: Decoded) -> None:
    text = decoded.text
    if "\x00" in text:
        raise IngestProblem("binary", f"the text decoded as {decoded.encoding} holds NUL characters")
    controls = len(_CONTROL.findall(text))
    if text and controls / len(text) > _MAX_CONTROL_SHARE:
        raise IngestProblem(
            "binary",
            f"{controls} of {len(text)} characters decoded as {decoded.encoding} are control characters",
        )
