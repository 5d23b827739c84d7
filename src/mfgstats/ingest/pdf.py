"""PDF → the text of its text layer (pypdf). Pages are separated by a form feed on its own line."""

from __future__ import annotations

import io
import logging
import re

from pypdf import PdfReader

from mfgstats.ingest.errors import IngestProblem

PAGE_SEPARATOR = "\n\f\n"
# Glyphs without a Unicode mapping come out as private-use or replacement characters.
_UNMAPPED = re.compile("[\ue000-\uf8ff\ufffd]")
_MAX_UNMAPPED_SHARE = 0.3
# pypdf logs recoverable damage as warnings; a file it cannot read raises, which is what we report.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def pdf_text(data: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestProblem("encrypted_pdf", "the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
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
