"""Asset checks: the quality suites of expectations/ on the dbt models (see pipelines/checks/quality.py)."""

from pipelines.checks.quality import quality_suites

__all__ = ["quality_suites"]
