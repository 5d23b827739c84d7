"""Errors a reader of the warehouse can meet, each worded as what happened and what to do."""

from __future__ import annotations

from pathlib import Path

CHANGE_DATA = "to change the data, add documents to data/raw and run `mfgstats run`"


class ServeError(Exception):
    """An error the CLI prints as one message (no traceback) before exiting with code 1."""


class WarehouseMissing(ServeError):
    def __init__(self, path: Path):
        super().__init__(f"no published warehouse at {path}: run `make run` first (or pass --db PATH)")
        self.path = path


class WriteRefused(ServeError):
    def __init__(self, detail: str):
        super().__init__(f"the warehouse is read-only: {detail}; {CHANGE_DATA}")


class QueryFailed(ServeError):
    """DuckDB's own message for a statement that could not run (syntax, unknown table, …)."""


class AccessRefused(ServeError):
    """A statement that reached past the warehouse (files, settings, extensions, other databases): the sealed
    connection (mfgstats.serve.sandbox) or the statement check refused it."""

    def __init__(self, detail: str):
        super().__init__(
            f"refused: {detail}; readers of the warehouse read its tables and nothing else (no files, settings, "
            "extensions or other databases)"
        )


class QueryStopped(ServeError):
    """A statement stopped at a limit (time or memory), with the variable that sets the limit."""
