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
