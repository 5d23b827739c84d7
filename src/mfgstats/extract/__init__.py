"""Fact extraction: Chinese statistical prose and tables → grounded, typed facts (see `extract`)."""

from mfgstats.extract.core import extract

__all__ = ["extract"]
