"""File names as keys: every file in the raw directory is keyed by its path relative to it, and that key goes to
DuckDB, Dagster (as a partition key) and the run summary. A name those cannot hold — bytes that are not UTF-8
(e.g. a GBK name unpacked from a Windows zip), control characters, or `...`, which Dagster refuses in a partition
key — gets an escaped key instead, so the file can still be reported and quarantined under a name that names it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ESCAPED = re.compile(r"%([0-9A-F]{2})")
_SURROGATE = re.compile("[\udc80-\udcff]")
# Substrings Dagster refuses in a partition key, besides the control characters above.
_DAGSTER_REFUSES = "..."
# Names that are not documents: hidden files, Office lock files, editors' and downloaders' temporary files.
_ODD_SUFFIXES = {
    ".tmp": "a temporary file",
    ".part": "a download still in progress",
    ".crdownload": "a download still in progress",
    "~": "an editor's backup copy",
}


def is_plain(rel: str) -> bool:
    """True when `rel` (a relative path as os.fsdecode gives it) can be a key as it is."""
    return not (_SURROGATE.search(rel) or _CONTROL.search(rel) or _DAGSTER_REFUSES in rel)


def key_of(rel: str) -> str:
    """The key of a relative path: the path itself, or for a name that `is_plain` refuses, the path with its
    undecodable bytes, control characters, `%` and the dots of `...` written as %XX (reversed by `path_of`)."""
    if is_plain(rel):
        return rel
    out = []
    for ch in rel:
        if "\udc80" <= ch <= "\udcff":
            out.append(f"%{ord(ch) - 0xDC00:02X}")
        elif ch == "%" or _CONTROL.match(ch):
            out.append(f"%{ord(ch):02X}")
        else:
            out.append(ch)
    return "".join(out).replace("...", "%2E%2E%2E")


def path_of(raw_dir: Path, key: str) -> Path:
    """The file a key names: the key itself when such a file exists, else the unescaped key."""
    plain = raw_dir / key
    if "%" not in key or os.path.lexists(plain):
        return plain
    raw, pos = bytearray(), 0
    for m in _ESCAPED.finditer(key):
        raw += key[pos : m.start()].encode("utf-8", "surrogateescape")
        raw.append(int(m.group(1), 16))
        pos = m.end()
    raw += key[pos:].encode("utf-8", "surrogateescape")
    return raw_dir / os.fsdecode(bytes(raw))


def describe_name(rel: str) -> str:
    """Why a name needs an escaped key, and the name it probably should have."""
    name = rel.rsplit("/", 1)[-1]
    if _SURROGATE.search(rel):
        raw = os.fsencode(rel)
        guess = next((g for g in (_decoded(raw, c) for c in ("gbk", "gb18030", "big5")) if g is not None), None)
        hint = f"; read as {guess[1]} it is {guess[0]!r}" if guess else ""
        return f"the file name is not valid UTF-8 (bytes {raw!r}{hint})"
    if _CONTROL.search(rel):
        return f"the file name {name!r} holds control characters (line breaks, tabs …)"
    return f"the file name {name!r} holds '...', which Dagster does not accept in a partition key"


def rename_hint(rel: str) -> str:
    if _SURROGATE.search(rel):
        raw = os.fsencode(rel)
        guess = next((g for g in (_decoded(raw, c) for c in ("gbk", "gb18030", "big5")) if g is not None), None)
        if guess:
            return f"rename it to {guess[0].rsplit('/', 1)[-1]!r} (e.g. `convmv -f {guess[1]} -t utf-8 --notest`)"
        return "rename it to a UTF-8 name"
    return "rename it without line breaks, tabs, other control characters or '...'"


def _decoded(raw: bytes, codec: str) -> tuple[str, str] | None:
    try:
        return raw.decode(codec), codec
    except UnicodeDecodeError:
        return None


def odd_name(name: str) -> str | None:
    """Why a file with this name is not a document (hidden, lock or temporary file), or None."""
    if name.startswith("~$"):
        return "an Office lock file (the document is open in a spreadsheet or word processor)"
    if name.startswith(".#"):
        return "an editor's lock file"
    if name.startswith("."):
        return "a hidden file"
    for suffix, what in _ODD_SUFFIXES.items():
        if name.endswith(suffix):
            return what
    return None
