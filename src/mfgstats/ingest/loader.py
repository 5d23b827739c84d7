"""Find documents in the raw directory and load each one with its sidecar, or say why it cannot be loaded."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

from mfgstats.config import settings
from mfgstats.ingest.decode import decode_text
from mfgstats.ingest.errors import IngestProblem, QuarantineError
from mfgstats.ingest.formats import XLSX, conversion_hint, is_table, media_type_of
from mfgstats.ingest.html import decode_html, html_text
from mfgstats.ingest.pdf import pdf_text
from mfgstats.ingest.sidecar import SIDECAR_SUFFIX, Sidecar, default_release_key, read_sidecar
from mfgstats.ingest.tables import check_table
from mfgstats.ingest.tables.grid import render_xlsx
from mfgstats.records import Document

__all__ = ["SIDECAR_SUFFIX", "discover", "load_document"]


def discover(raw_dir: Path) -> list[Path]:
    """Every document file under raw_dir, in a stable order. Sidecars, hidden files and folders, temporary
    files and Office lock files (~$x.xlsx) are not documents."""
    found: list[Path] = []
    _walk(raw_dir, found)
    return sorted(found)


def _walk(folder: Path | str, found: list[Path]) -> None:
    # scandir, not rglob: its entries know their type without a stat per file (4× faster over 10,000 files).
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, found)
            elif entry.is_file() and _is_document(entry.name):
                found.append(Path(entry.path))


def _is_document(name: str) -> bool:  # hidden names (.x, .#x lock files) are skipped by the walk
    return not name.endswith((SIDECAR_SUFFIX, ".tmp", "~")) and not name.startswith("~$")


def load_document(path: Path, raw_dir: Path, max_bytes: int | None = None) -> Document:
    """Decode one raw file with its sidecar. Raises QuarantineError naming the file, the reason and the action."""
    rel = path.relative_to(raw_dir).as_posix()
    sha = None
    try:
        data = _read(path, max_bytes if max_bytes is not None else settings().max_file_bytes)
        sha = hashlib.sha256(data).hexdigest()
        media_type = media_type_of(path)
        sidecar = _sidecar(path, data, media_type)
        text, encoding = _text(data, media_type, sidecar.encoding)
        if not text.strip():
            raise IngestProblem("empty", "the document has no text (only whitespace)")
        if is_table(media_type):
            check_table(text, media_type, sidecar.table)
        elif sidecar.table is not None:
            raise IngestProblem(
                "invalid_sidecar",
                "the sidecar has a table mapping but the file is not a CSV or XLSX table",
                "remove the `table:` section from the sidecar",
            )
    except IngestProblem as problem:
        raise QuarantineError.from_problem(rel, problem, sha) from problem
    return Document(
        document_id=sha,
        file=rel,
        text=text,
        title=sidecar.title,
        publisher=sidecar.publisher,
        published=sidecar.published,
        region=sidecar.region,
        doc_type=sidecar.type,
        release_key=sidecar.release_key or default_release_key(rel),
        media_type=media_type,
        encoding=encoding,
        size_bytes=len(data),
        url=sidecar.url,
        note=sidecar.note,
        # When the file entered the raw layer: the sidecar says so if `mfgstats ingest` added it; otherwise the
        # file's modification time, which (unlike "now") stays the same on every run.
        ingested_at=sidecar.ingested_at or datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0),
    )


def _read(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestProblem("oversized", f"{size:,} bytes is over the limit of {max_bytes:,} bytes")
        if size == 0:
            raise IngestProblem("empty", "the file is empty (0 bytes)")
        if media_type_of(path) is None:
            raise IngestProblem(
                "unsupported",
                f"{path.suffix or 'a file without extension'} is not a supported format",
                conversion_hint(path),
            )
        return path.read_bytes()
    except OSError as exc:
        raise IngestProblem("unreadable", f"the file cannot be read ({exc.strerror or exc})") from exc


def _sidecar(path: Path, data: bytes, media_type: str) -> Sidecar:
    try:
        return read_sidecar(path)
    except IngestProblem as problem:
        if problem.reason_code == "missing_sidecar":
            # Writing a sidecar would not help a file whose content is unusable: report that instead.
            _text(data, media_type, None)
        raise


def _text(data: bytes, media_type: str, encoding: str | None) -> tuple[str, str]:
    """The document's text and how it was decoded."""
    if media_type == "application/pdf":
        if b"%PDF-" not in data[:1024]:
            raise IngestProblem("broken_pdf", "the file is named .pdf but does not start like a PDF")
        return pdf_text(data), "pdf"
    if media_type == XLSX:
        return render_xlsx(data), "xlsx"
    if media_type == "text/html":
        decoded = decode_html(data, encoding)
        return html_text(decoded.text), decoded.encoding
    decoded = decode_text(data, encoding)
    return decoded.text, decoded.encoding
