"""PDF → the text of its text layer (pypdf). Pages are separated by a form feed on its own line."""

from __future__ import annotations

import io
import logging
import re

from pypdf import PdfReader
from pypdf.errors import LimitReachedError

from mfgstats.ingest.errors import IngestProblem

PAGE_SEPARATOR = "\n\f\n"
# Glyphs without a Unicode mapping come out as private-use or replacement characters.
_UNMAPPED = re.compile("[\ue000-\uf8ff\ufffd]")
_MAX_UNMAPPED_SHARE = 0.3
# pypdf logs recoverable damage as warnings; a file it cannot read raises, which is what we report.
logging.getLogger("pypdf").setLevel(logging.ERROR)


# pypdf bounds each stream it decompresses (75 MB); these bound the pages read and the text kept.
MAX_PAGES = 5_000


def _no_text(page, number: int) -> str:
    """A page without text: pypdf's extract_text swallows the error of a content stream that inflates past its
    limit (a decompression bomb), which must not pass for a scan."""
    try:
        page.get_contents()
    except LimitReachedError as exc:
        raise IngestProblem(
            "oversized",
            f"the content of page {number} inflates past pypdf's limit of 75 MB (a decompression bomb): {exc}",
            "re-export the PDF from its source; if it is a real document, ingest a text version of it",
        ) from exc
    return ""


def pdf_text(data: bytes, max_chars: int | None = None) -> str:
    """The text layer; `oversized` past MAX_PAGES pages or `max_chars` characters (MFGSTATS_MAX_TEXT_CHARS)."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestProblem("encrypted_pdf", "the PDF is password-protected")
        if len(reader.pages) > MAX_PAGES:
            raise IngestProblem(
                "oversized",
                f"the PDF has {len(reader.pages):,} pages, over the limit of {MAX_PAGES:,}",
                "split the PDF into parts and ingest each",
            )
        pages, chars = [], 0
        for number, page in enumerate(reader.pages, 1):
            pages.append(page.extract_text() or _no_text(page, number))
            chars += len(pages[-1])
            if max_chars is not None and chars > max_chars:
                raise IngestProblem(
                    "oversized",
                    f"the PDF's text passes {max_chars:,} characters by page {len(pages):,} of {len(reader.pages):,} "
                    "(the limit for one document, MFGSTATS_MAX_TEXT_CHARS)",
                    "split the PDF, or raise MFGSTATS_MAX_TEXT_CHARS if it really is one document",
                )
    except IngestProblem:
        raise
    except Exception as exc:  # pypdf raises many exception types for damaged files; all mean the same here
        raise IngestProblem("broken_pdf", f"the PDF cannot be read ({type(exc).__name__}: {exc})") from exc
    text = PAGE_SEPARATOR.join(page.strip("\n") for page in pages)
    visible = re.sub(r"\s", "", text)
    if not visible:
        raise IngestProblem("pdf_no_text", f"the PDF's {len(pages)} page(s) have no text layer (a scan?)")
    unmapped = len(_UNMAPPED.findall(visible))
    if unmapped / len(visible) > _MAX_UNMAPPED_SHARE:
        raise IngestProblem(
            "pdf_no_text",
            f"{unmapped} of {len(visible)} characters of the PDF's text layer have no Unicode mapping",
            "run OCR on the PDF (e.g. ocrmypdf --force-ocr) or ingest a text version of the document",
        )
    return text + "\n"
