"""The metadata sidecar `<file>.meta.yaml`: typed, every field checked, errors naming the field."""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from mfgstats.ingest.errors import IngestProblem, bounded, shown

SIDECAR_SUFFIX = ".meta.yaml"
# A sidecar is a dozen short fields: anything much larger, deeper or built from YAML aliases is not one, and
# aliases can expand a few hundred bytes into gigabytes (a "billion laughs").
MAX_SIDECAR_BYTES = 64 * 1024
MAX_SIDECAR_DEPTH = 10
DOC_TYPES = ("plan", "article", "bulletin", "press_release", "table", "other")
REQUIRED_FIELDS = ("title", "publisher", "published", "region", "type")
OPTIONAL_FIELDS = ("url", "note", "release_key", "ingested_at", "encoding", "table")
_VINTAGE_SUFFIX = re.compile(r"\.v\d+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # all but tab and line breaks


class SidecarError(IngestProblem):
    def __init__(self, reason: str, action: str):
        super().__init__("invalid_sidecar", reason, action)


@dataclass(frozen=True)
class Sidecar:
    title: str
    publisher: str
    published: date
    region: str
    type: str
    url: str | None = None
    note: str | None = None
    release_key: str | None = None
    ingested_at: datetime | None = None
    encoding: str | None = None
    table: Mapping[str, Any] | None = field(default=None, hash=False)  # checked by mfgstats.extract.grid_tables

    def to_yaml(self) -> str:
        data = {name: getattr(self, name) for name in (*REQUIRED_FIELDS, *OPTIONAL_FIELDS)}
        data = {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in data.items() if v is not None}
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def default_release_key(rel: str) -> str:
    """A file's release key when the sidecar names none: its path without extension and vintage suffix,
    so `bulletin.csv` and its revision `bulletin.v2.csv` are vintages of one release."""
    stem = rel.rsplit(".", 1)[0] if "." in rel.rsplit("/", 1)[-1] else rel
    return _VINTAGE_SUFFIX.sub("", stem)


def read_sidecar(path: Path) -> Sidecar:
    """The sidecar of the document at `path`. Raises IngestProblem (missing_sidecar / invalid_sidecar)."""
    side = sidecar_path(path)
    if not os.path.lexists(side):
        raise IngestProblem(
            "missing_sidecar",
            f"no metadata sidecar {side.name} next to it",
            f"create {side.name} with {', '.join(REQUIRED_FIELDS)}, or add the file with `mfgstats ingest`",
        )
    return parse_sidecar(load_sidecar_yaml(side), side.name)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML's safe loader, except that timestamps stay text: YAML builds `2025-02-30` into a date and fails
    with a bare ValueError; parse_sidecar checks each date field itself and names it."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def load_sidecar_yaml(side: Path) -> Any:
    """The parsed YAML of a sidecar file, unchecked; refused when it is not a small, plain YAML file."""
    try:
        st = side.lstat()
    except OSError as exc:
        raise _unreadable(side, exc) from exc
    if stat.S_ISLNK(st.st_mode):
        raise SidecarError(f"sidecar {side.name} is a symbolic link", f"replace {side.name} with the file itself")
    if not stat.S_ISREG(st.st_mode):
        raise SidecarError(f"sidecar {side.name} is not a regular file", f"replace {side.name} with a YAML file")
    if st.st_size > MAX_SIDECAR_BYTES:
        raise SidecarError(
            f"sidecar {side.name} is {st.st_size:,} bytes, over the limit of {MAX_SIDECAR_BYTES:,} for a sidecar",
            "keep the sidecar to its fields; put long notes in the document",
        )
    try:
        with side.open("rb") as f:
            text = f.read(MAX_SIDECAR_BYTES + 1).decode("utf-8-sig")
        if not _plain_fields(text):
            _check_structure(text, side.name)
        return yaml.load(text, Loader=_Loader)
    except OSError as exc:
        raise _unreadable(side, exc) from exc
    except UnicodeDecodeError as exc:
        raise SidecarError(f"sidecar {side.name} is not UTF-8", f"save {side.name} as UTF-8") from exc
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        raise SidecarError(
            f"sidecar {side.name} is not valid YAML{line}", f"fix the YAML syntax of {side.name}"
        ) from exc
    except (ValueError, OverflowError, RecursionError) as exc:  # e.g. an integer of 5,000 digits
        raise SidecarError(
            f"sidecar {side.name} holds a value YAML cannot build ({type(exc).__name__}: {shown(str(exc), 200)})",
            f"fix the value in {side.name}",
        ) from exc


def _unreadable(side: Path, exc: OSError) -> SidecarError:
    return SidecarError(f"sidecar {side.name} cannot be read ({exc.strerror or exc})", "check its permissions")


_NOT_PLAIN = re.compile(r"[&*\[{?]|(?:^|\s)-(?:\s|$)")


def _plain_fields(text: str) -> bool:
    """A sidecar of plain `field: value` lines (most are) cannot hold anchors, aliases, flow collections, block
    sequences or complex keys, and its mappings nest at most one level per space of indentation: it needs no
    check of its events (which costs a quarter of a millisecond, a second over a few thousand files)."""
    if _NOT_PLAIN.search(text):
        return False
    return max((len(line) - len(line.lstrip(" ")) for line in text.splitlines()), default=0) < MAX_SIDECAR_DEPTH - 1


def _check_structure(text: str, name: str) -> None:
    """Refuse anchors, aliases and deep nesting before anything is built: the events are read one at a time."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise SidecarError(
                f"sidecar {name} uses YAML anchors or aliases (&name / *name), which sidecars may not",
                f"write every value of {name} out in full",
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_SIDECAR_DEPTH:
                raise SidecarError(
                    f"sidecar {name} nests more than {MAX_SIDECAR_DEPTH} levels deep",
                    "a sidecar is flat fields plus the table mapping (see docs/formats.md)",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse_sidecar(raw: Any, name: str = "the sidecar") -> Sidecar:
    """Validate a mapping read from YAML (or built from command-line options)."""
    if not isinstance(raw, Mapping):
        raise SidecarError(f"{name} is not a YAML mapping of fields", f"write {name} as `field: value` lines")
    unknown = sorted(bounded(str(k), 40) for k in raw if k not in REQUIRED_FIELDS + OPTIONAL_FIELDS)
    if unknown:
        raise SidecarError(
            f"{name} has unknown field(s) {', '.join(unknown[:10])}" + (" …" if len(unknown) > 10 else ""),
            f"remove or rename them; known fields: {', '.join(REQUIRED_FIELDS + OPTIONAL_FIELDS)}",
        )
    missing = [f for f in REQUIRED_FIELDS if raw.get(f) in (None, "")]
    if missing:
        raise SidecarError(f"{name} lacks {', '.join(missing)}", f"add {', '.join(missing)} to {name}")
    return Sidecar(
        title=_text(raw, "title", name),
        publisher=_text(raw, "publisher", name),
        published=_published(raw["published"], name),
        region=_text(raw, "region", name),
        type=_doc_type(raw["type"], name),
        url=_url(raw.get("url"), name),
        note=_text(raw, "note", name, optional=True),
        release_key=_release_key(raw.get("release_key"), name),
        ingested_at=_timestamp(raw.get("ingested_at"), name),
        encoding=_encoding(raw.get("encoding"), name),
        table=_table(raw.get("table"), name),
    )


def _text(raw: Mapping, key: str, name: str, optional: bool = False) -> str | None:
    value = raw.get(key)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise SidecarError(f"{name}: {key} must be text, got {shown(value)}", f"write {key} as plain text")
    text = str(value).strip()
    if not text:
        raise SidecarError(f"{name}: {key} is empty", f"give {key} a value or remove it")
    if _CONTROL.search(text):  # NUL and other controls travel into the warehouse, exports and the BI tools
        raise SidecarError(f"{name}: {key}={shown(text)} holds control characters", f"write {key} as plain text")
    return text


def _published(value: Any, name: str) -> date:
    if isinstance(value, datetime):
        value = value.date()
    elif isinstance(value, str):
        value = _parse_date(value, "published", name)
    if not isinstance(value, date):
        raise SidecarError(
            f"{name}: published={shown(value)} is not a date", "write the publication date as YYYY-MM-DD"
        )
    if value > date.today() + timedelta(days=1):
        raise SidecarError(f"{name}: published={value} is in the future", "write the date the document appeared")
    return value


def _parse_date(text: str, key: str, name: str) -> date:
    """A date written as text (YAML timestamps reach us as text: see _Loader), or why it is not one."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        try:
            return datetime.fromisoformat(text.strip()).date()
        except ValueError:
            raise SidecarError(
                f"{name}: {key}={shown(text)} is not a valid date ({exc})",
                f"write {key} as a real calendar date, YYYY-MM-DD",
            ) from None


def _doc_type(value: Any, name: str) -> str:
    if value not in DOC_TYPES:
        raise SidecarError(
            f"{name}: type={shown(value)} is not a known document type", f"use one of {', '.join(DOC_TYPES)}"
        )
    return value


def _url(value: Any, name: str) -> str | None:
    if value is None:
        return None
    try:
        parsed = urlparse(str(value).strip())
    except ValueError:  # e.g. an unclosed "[" of an IPv6 host
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.netloc or _CONTROL.search(str(value)):
        raise SidecarError(f"{name}: url={shown(value)} is not an http(s) URL", "write the full address, https://…")
    return str(value).strip()


def _release_key(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip() or "\n" in str(value):
        raise SidecarError(
            f"{name}: release_key={shown(value)} is not a one-line text", "write release_key as one line"
        )
    return str(value).strip()


def _timestamp(value: Any, name: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError as exc:
            raise SidecarError(
                f"{name}: ingested_at={shown(value)} is not a valid timestamp ({exc})", "write YYYY-MM-DD HH:MM:SS"
            ) from None
    elif isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if not isinstance(value, datetime):
        raise SidecarError(f"{name}: ingested_at={shown(value)} is not a timestamp", "write YYYY-MM-DD HH:MM:SS")
    if value.tzinfo is not None:  # Document timestamps are naive local time
        value = value.astimezone().replace(tzinfo=None)
    return value


def _encoding(value: Any, name: str) -> str | None:
    if value is None:
        return None
    try:
        codec = codecs.lookup(str(value)).name
        _probe(codec)  # LookupError for zlib, base64 …: bytes-to-bytes codecs, not text encodings
        return codec
    except (LookupError, ValueError):
        raise SidecarError(
            f"{name}: encoding={shown(value)} is not an encoding Python knows",
            "use a codec name such as utf-8, gb18030, big5, utf-16, or remove the field to detect it",
        ) from None


def _probe(name: str) -> None:
    with contextlib.suppress(UnicodeDecodeError):  # a text encoding that cannot read this byte alone (utf-16 …)
        b"x".decode(name)


def _table(value: Any, name: str) -> Mapping[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise SidecarError(f"{name}: table must be a mapping", "see the table mapping in docs/formats.md")
    return value


def write_sidecar(path: Path, sidecar: Sidecar) -> Path:
    """Write the sidecar of the document at `path` atomically (a reader never sees half a file)."""
    target = sidecar_path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(sidecar.to_yaml(), encoding="utf-8")
    os.replace(tmp, target)
    return target
