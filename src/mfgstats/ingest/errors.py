"""Why a file was set aside, and what the user should do about it."""

from __future__ import annotations

# Every reason a file can be quarantined, with the default advice. Codes are stable: raw.quarantine stores them.
REASONS: dict[str, str] = {
    "empty": "the file has no content: replace it with the complete document or delete it",
    "binary": "this is not a text document: remove it, or rename it to the extension of its real format",
    "undecodable": "save the file as UTF-8, or name its encoding in the sidecar (encoding: gb18030)",
    "oversized": "split the document, or raise MFGSTATS_MAX_FILE_BYTES if it really is one document",
    "unsupported": "convert it to .txt, .md, .html, .pdf, .csv or .xlsx (see docs/formats.md)",
    "malformed_html": "save the article as plain text, or re-save the page from a browser, and ingest that",
    "broken_pdf": "re-download or re-export the PDF; if it opens elsewhere, save it again as PDF",
    "encrypted_pdf": "ingest an unprotected copy of the PDF",
    "pdf_no_text": "the PDF is a scan: run OCR (e.g. ocrmypdf) or ingest a text version of the document",
    "malformed_table": "fix the table (see docs/formats.md for the long and wide layouts) or map it in the sidecar",
    "missing_sidecar": "create the sidecar, or add the file with `mfgstats ingest` (see docs/formats.md)",
    "invalid_sidecar": "fix the sidecar field named above (see docs/formats.md)",
    "unreadable": "check the file's permissions and that the disk is healthy",
    "symlink": "links are not followed: copy the document itself into the raw directory",
    "invalid_name": "rename the file to a UTF-8 name without control characters or '...'",
    "internal_error": "mfgstats failed on this file: report the error with the file; the other files were loaded",
}
# Reasons and actions are stored in raw.quarantine and shown in the run summary and Dagster: bounded, so a hostile
# file cannot make them large (a repr of an expanded YAML value once made a reason of 39 MB).
MAX_REASON_CHARS = 2000


def bounded(text: str, limit: int = MAX_REASON_CHARS) -> str:
    """`text`, cut to `limit` characters with a note of how many were left out, and storable: a lone surrogate
    (a link target or path that is not UTF-8) is written as its escape, or the batch's insert would fail."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


def shown(value: object, limit: int = 80) -> str:
    """A short repr of a value for a message (a sidecar field may be a huge string or structure)."""
    if isinstance(value, str | bytes) and len(value) > limit:
        return repr(value[:limit]) + f"… ({len(value) - limit:,} more)"
    if isinstance(value, dict | list | tuple | set):
        return f"a {type(value).__name__} of {len(value)} item(s)"
    return bounded(repr(value), limit)


def internal_error(exc: BaseException) -> IngestProblem:
    """An unexpected exception while loading one file, as a problem of that file."""
    message = bounded(str(exc), 500)
    return IngestProblem("internal_error", f"unexpected error while loading it: {type(exc).__name__}: {message}")


class IngestProblem(Exception):
    """A problem found inside one file, before we know which path it is reported under."""

    def __init__(self, reason_code: str, reason: str, action: str | None = None):
        assert reason_code in REASONS, reason_code
        reason = bounded(reason)
        super().__init__(reason)
        self.reason_code = reason_code
        self.reason = reason
        self.action = bounded(action or REASONS[reason_code])


class QuarantineError(Exception):
    """A file that cannot become a Document. `reason` names the file and the problem; `action` what to do."""

    def __init__(self, file: str, reason_code: str, reason: str, action: str, sha256: str | None = None):
        reason, action = bounded(reason), bounded(action)
        message = reason if reason.startswith(file) else f"{file}: {reason}"
        super().__init__(f"{message} — {action}")
        self.file = file
        self.reason_code = reason_code
        self.reason = reason
        self.action = action
        self.sha256 = sha256

    @classmethod
    def from_problem(cls, file: str, problem: IngestProblem, sha256: str | None = None) -> QuarantineError:
        return cls(file, problem.reason_code, f"{file}: {problem.reason}", problem.action, sha256)


# A run's metadata names this many quarantined files. Dagster copies a run's metadata into the event of every
# partition it materialises, so it stays short; the problem and what to do are in the run's log, in
# raw.quarantine and in `mfgstats status`.
LISTED_QUARANTINED = 20


def quarantined_files(errors: list[QuarantineError], limit: int = LISTED_QUARANTINED) -> list[dict[str, str]]:
    """The first `limit` quarantined files of one run with their reason codes, then how many more there are."""
    listed = [{"file": e.file, "reason_code": e.reason_code} for e in errors[:limit]]
    if len(errors) > limit:
        listed.append({"more": f"{len(errors) - limit:,} more files: see raw.quarantine or `mfgstats status`"})
    return listed
