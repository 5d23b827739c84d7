"""Load each document with its sidecar, or say why it cannot be loaded. Whatever goes wrong inside one file —
including a bug of ours — becomes a QuarantineError of that file, so one file never stops the batch."""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import datetime
from pathlib import Path

from mfgstats.config import settings
from mfgstats.ingest.decode import decode_text
from mfgstats.ingest.discovery import discover
from mfgstats.ingest.errors import IngestProblem, QuarantineError, bounded, internal_error
from mfgstats.ingest.formats import XLSX, conversion_hint, is_table, media_type_of
from mfgstats.ingest.html import decode_html, html_text
from mfgstats.ingest.names import describe_name, is_plain, key_of, rename_hint
from mfgstats.ingest.pdf import pdf_text
from mfgstats.ingest.sidecar import SIDECAR_SUFFIX, Sidecar, default_release_key, read_sidecar
from mfgstats.ingest.tables import render_xlsx
from mfgstats.records import Document

__all__ = ["SIDECAR_SUFFIX", "discover", "load_document"]

# An HTML page may hold this many characters of markup per character of text allowed (MFGSTATS_MAX_TEXT_CHARS).
HTML_MARKUP_FACTOR = 4


def load_document(path: Path, raw_dir: Path, max_bytes: int | None = None) -> Document:
    """Decode one raw file with its sidecar. Raises QuarantineError naming the file, the reason and the action."""
    rel = os.path.relpath(path, raw_dir).replace(os.sep, "/")
    key = key_of(rel)
    sha = None
    try:
        if not is_plain(rel):
            raise IngestProblem("invalid_name", describe_name(rel), rename_hint(rel))
        data, st = _read(path, max_bytes if max_bytes is not None else settings().max_file_bytes)
        sha = hashlib.sha256(data).hexdigest()
        media_type = media_type_of(path)
        sidecar = _sidecar(path, data, media_type)
        text, encoding = _text(data, media_type, sidecar.encoding)
        if not text.strip():
            raise IngestProblem("empty", "the document has no text (only whitespace)")
        warning = None  # kept in the document's note: a table whose cells look like spreadsheet formulas
        mapping = None
        if is_table(media_type):
            # the table reader lives with the extractor: imported here, where a table is loaded, since the
            # extract package compiles the prose extractor's patterns on import
            from mfgstats.extract.grid_tables import check_table, parse_mapping

            mapping = parse_mapping(sidecar.table)
            warning = check_table(text, media_type, mapping)
        elif sidecar.table is not None:
            raise IngestProblem(
                "invalid_sidecar",
                "the sidecar has a table mapping but the file is not a CSV or XLSX table",
                "remove the `table:` section from the sidecar",
            )
        document = Document(
            document_id=sha,
            file=key,
            text=text,
            title=sidecar.title,
            publisher=sidecar.publisher,
            published=sidecar.published,
            region=sidecar.region,
            doc_type=sidecar.type,
            release_key=sidecar.release_key or default_release_key(key),
            media_type=media_type,
            encoding=encoding,
            size_bytes=len(data),
            url=sidecar.url,
            note="\n".join(n for n in (sidecar.note, warning) if n) or None,
            # When the file entered the raw layer: the sidecar says so if `mfgstats ingest` added it; otherwise the
            # file's modification time, which (unlike "now") stays the same on every run.
            ingested_at=sidecar.ingested_at or datetime.fromtimestamp(st.st_mtime).replace(microsecond=0),
            table_mapping=mapping.to_json() if mapping is not None else None,
        )
        _check_storable(document)
    except IngestProblem as problem:
        raise QuarantineError.from_problem(key, problem, sha) from problem
    except Exception as exc:
        raise QuarantineError.from_problem(key, internal_error(exc), sha) from exc
    return document


def read_text(path: Path) -> tuple[bytes, str, str, str]:
    """The bytes, media type, text and encoding of a file without a sidecar, read and decoded as `load_document`
    reads them (an HTML page's article, a PDF's text layer, the detected encoding). Raises IngestProblem."""
    data, _ = _read(path, settings().max_file_bytes)
    media_type = media_type_of(path)
    text, encoding = _text(data, media_type, None)
    return data, media_type, text, encoding


def _read(path: Path, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """The file's bytes, read without following a symbolic link and only from a regular file."""
    try:
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode):
            raise IngestProblem("symlink", f"the file is a symbolic link (to {bounded(os.readlink(path), 200)})")
        if not stat.S_ISREG(st.st_mode):
            raise IngestProblem("unreadable", "not a regular file (a named pipe, socket or device)")
        if st.st_size > max_bytes:
            raise IngestProblem("oversized", f"{st.st_size:,} bytes is over the limit of {max_bytes:,} bytes")
        if st.st_size == 0:
            raise IngestProblem("empty", "the file is empty (0 bytes)")
        if media_type_of(path) is None:
            raise IngestProblem(
                "unsupported",
                f"{path.suffix or 'a file without extension'} is not a supported format",
                conversion_hint(path),
            )
        # O_NOFOLLOW: a file swapped for a link after the check above is still not followed.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as f:
            data = f.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise IngestProblem("oversized", f"the file grew over the limit of {max_bytes:,} bytes while read")
        return data, st
    except OSError as exc:
        raise IngestProblem("unreadable", f"the file cannot be read ({exc.strerror or exc})") from exc


def _check_storable(document: Document) -> None:
    """Text the warehouse can store: a lone surrogate (from a PDF's text layer or a YAML escape) would fail the
    whole batch's insert."""
    for name, value in vars(document).items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                where = "the document's text" if name == "text" else f"the sidecar's {name}"
                raise IngestProblem(
                    "undecodable", f"{where} holds a character that is not valid Unicode at offset {exc.start}"
                ) from None


def _sidecar(path: Path, data: bytes, media_type: str) -> Sidecar:
    try:
        return read_sidecar(path)
    except IngestProblem as problem:
        if problem.reason_code == "missing_sidecar":
            # Writing a sidecar would not help a file whose content is unusable: report that instead.
            _text(data, media_type, None)
        raise


def _text(data: bytes, media_type: str, encoding: str | None) -> tuple[str, str]:
    """The document's text and how it was decoded, within the character limit of its format."""
    cfg = settings()
    limit, setting = (
        (cfg.max_table_chars, "MFGSTATS_MAX_TABLE_CHARS")
        if is_table(media_type)
        else (cfg.max_text_chars, "MFGSTATS_MAX_TEXT_CHARS")
    )
    # No encoding takes more than 4 bytes a character: a plain file that large is refused without decoding it.
    at_least = len(data) // 4 if media_type in _PLAIN else 0
    text, how = ("", "") if at_least > limit else _decoded(data, media_type, encoding)
    if max(at_least, len(text)) > limit:
        raise IngestProblem(
            "oversized",
            f"its text is {'at least ' if at_least > limit else ''}{max(at_least, len(text)):,} characters, over "
            f"the limit of {limit:,} for one document ({setting})",
            f"split the document, or raise {setting} if it really is one document (extraction then takes more "
            "time and memory)",
        )
    return text, how


_PLAIN = frozenset({"text/plain", "text/markdown", "text/csv"})


def _decoded(data: bytes, media_type: str, encoding: str | None) -> tuple[str, str]:
    if media_type == "application/pdf":
        if b"%PDF-" not in data[:1024]:
            raise IngestProblem("broken_pdf", "the file is named .pdf but does not start like a PDF")
        return pdf_text(data, settings().max_text_chars), "pdf"
    if media_type == XLSX:
        return render_xlsx(data, settings().max_table_chars), "xlsx"
    if media_type == "text/html":
        decoded = decode_html(data, encoding)
        limit = HTML_MARKUP_FACTOR * settings().max_text_chars
        if len(decoded.text) > limit:  # parsing costs time and memory per element, before any text is known
            raise IngestProblem(
                "oversized",
                f"the page's HTML is {len(decoded.text):,} characters, over the limit of {limit:,} "
                f"({HTML_MARKUP_FACTOR} × MFGSTATS_MAX_TEXT_CHARS)",
                "save the article as plain text, or raise MFGSTATS_MAX_TEXT_CHARS if it really is one document",
            )
        return html_text(decoded.text), decoded.encoding
    decoded = decode_text(data, encoding)
    return decoded.text, decoded.encoding
