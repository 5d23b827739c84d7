"""The one planner of ingest runs, asked by whoever launches them: `mfgstats run` (runner.py), the raw-files
sensor and the nightly schedule. The ingest asset is partitioned by publisher and year (`<publisher>/<year>`,
mfgstats.ingest.partitions); given the partitions a change touched, the planner says which partitions to register
and which runs to launch: one run per stretch of touched partitions that are next to each other in the registered
order (a run covers a range of partitions, and a range holds every partition between its ends), so a run
materialises exactly the partitions touched. A batch of partitions never seen before is registered together,
after the known ones, so it is one stretch: a cold build is one run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mfgstats.ingest import path_of
from mfgstats.ingest.partitions import partition_of, split_key
from mfgstats.orchestration.tags import partition_range_tags

PARTITIONS = "publisher_year"  # the name of the ingest asset's dynamic partitions (pipelines/partitions.py)
# A run the planner launched ingests the changed files of its partitions; one without this tag (a backfill or a
# materialisation asked for in the UI) re-ingests every file of its partitions.
PLANNED_TAG = "mfgstats/ingest"
PLANNED = "changed files"


@dataclass(frozen=True)
class IngestPlan:
    partitions: list[str]  # the touched partitions, in the registered order
    new_partitions: list[str]  # to register before the runs
    runs: list[dict[str, str]]  # the tags of each run

    @property
    def empty(self) -> bool:
        return not self.runs


def plan_ingest_runs(instance, touched: Iterable[str]) -> IngestPlan:
    """The runs that ingest the `touched` partitions; `instance`: the Dagster instance (its registered keys)."""
    known = instance.get_dynamic_partitions(PARTITIONS)
    return plan_for(known, touched)


def plan_for(known: Sequence[str], touched: Iterable[str]) -> IngestPlan:
    touched = set(touched)
    registered = set(known)
    new = sorted(touched - registered, key=split_key)  # a publisher's years side by side in the UI
    order = [*known, *new]
    stretches: list[list[str]] = []
    last = -2
    for i, key in enumerate(order):
        if key in touched:
            if i != last + 1:
                stretches.append([])
            stretches[-1].append(key)
            last = i
    runs = [{**partition_range_tags(s, set(s)), PLANNED_TAG: PLANNED} for s in stretches]
    return IngestPlan([k for s in stretches for k in s], new, runs)


def partitions_of_keys(raw_dir: Path, keys: Iterable[str]) -> set[str]:
    """The partitions of the files `keys` names, from their sidecars (the sensor's view, without the warehouse)."""
    return {partition_of(path_of(raw_dir, key)) for key in keys}
