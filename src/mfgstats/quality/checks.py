"""One run of the quality checks as the code location's asset checks make it: the chosen (suite, model) pairs on
what the storage target built, held at one state, and the report written — without Dagster, which only turns the
outcomes into check results (pipelines/checks/quality.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mfgstats.quality import WarehouseUnreadable, check_target
from mfgstats.quality.report import with_unselected, write_report
from mfgstats.quality.results import ERROR, SuiteOutcome
from mfgstats.quality.suites import Suite
from mfgstats.warehouse.target import WarehouseTarget

EVERY_ROW = "every row: complete build"
CHANGED_ROWS = "the rows the incremental build wrote, and rows sharing a unique key with them"


@dataclass(frozen=True)
class ChecksRun:
    outcomes: list[SuiteOutcome]  # of the chosen pairs, in the order of the suites
    report: Path  # the HTML report's page
    snapshot: int | None  # the lake snapshot the checks read; None on the DuckDB-file target
    scoped: bool  # only the rows the last incremental build wrote (mfgstats.quality.scope)

    @property
    def blocked(self) -> bool:
        """A blocking suite failed with ERROR: nothing may be published."""
        return any(o.blocking and o.severity == ERROR for o in self.outcomes)

    def scope(self, outcome: SuiteOutcome) -> str:
        """Which rows `outcome` read: a findings suite reads every row even after an incremental build."""
        return CHANGED_ROWS if self.scoped and not outcome.findings else EVERY_ROW


def run_checks(
    target: WarehouseTarget,
    report_dir: Path,
    chosen: Sequence[tuple[Suite, str]],
    every: Sequence[tuple[Suite, str]],
    scoped: bool,
) -> ChecksRun:
    """Run the `chosen` (suite, model) pairs on what `target` built and write the report into `report_dir`. When
    they are a subset of `every` pair, the report keeps the last outcomes of the others. A warehouse that cannot be
    read fails every chosen pair with the reason instead of raising."""
    suites = list({id(s): s for s, _ in chosen}.values())
    models = {m for _, m in chosen}
    checked, snapshot = target.label, None  # the state read, named once it is pinned
    try:
        outcomes, pinned = check_target(target, suites, models, scoped=scoped)
        checked, snapshot = pinned.label, pinned.snapshot
    except WarehouseUnreadable as exc:
        outcomes = [SuiteOutcome.start(suite, model, error=str(exc)) for suite, model in chosen]
    wanted = {(s.name, m) for s, m in chosen}
    outcomes = [o for o in outcomes if (o.suite, o.model) in wanted]
    shown = outcomes
    if len(chosen) < len(every):  # a subset (from the UI): the report keeps the other checks' last outcomes
        shown = with_unselected(outcomes, report_dir, [(s.name, m) for s, m in every])
    scope = f"{CHANGED_ROWS}; findings: every row" if scoped else EVERY_ROW
    page = write_report(shown, report_dir, f"{checked} ({scope})")
    return ChecksRun(outcomes, page, snapshot, scoped)


class _Kept(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def forwarded_log(info: Callable[[str], object], warning: Callable[[str], object]) -> Iterator[None]:
    """mfgstats.quality's log records (e.g. a worker process that died and whose pairs were checked here), passed
    to `info` / `warning` when the block ends, from the calling thread: the workers' feeder thread logs too, and
    a Dagster run's log must be written from the step's own thread."""
    handler = _Kept(logging.INFO)
    logger = logging.getLogger("mfgstats.quality")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        for record in handler.records:
            (warning if record.levelno >= logging.WARNING else info)(record.getMessage())
