"""Validate one (suite, model) pair with Great Expectations (pandas datasource) and collect its outcome.

One ephemeral GX context per process (`Runner`); each pair is validated on its own frame, and, when the suite lists
`columns`, on the model's schema as well. Nothing a suite finds stops the others: an unreadable frame or an
expectation GX cannot evaluate becomes an outcome with its error, never an exception.

Cost: GX spends ≈ 10 ms per expectation whatever the frame holds. So a scoped frame without rows (the build wrote
none) is not handed to GX at all; expectations are evaluated with the BASIC result format and only the failing
ones again with COMPLETE (their row indices, for the samples).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import duckdb
import pandas as pd

from mfgstats.quality.frames import (
    COLUMN_ARGS,
    ROW,
    FrameError,
    has_model,
    model_frame,
    parameter_values,
    schema_frame,
)
from mfgstats.quality.results import ExpectationOutcome, SuiteOutcome, plain
from mfgstats.quality.suites import ExpectationSpec, Suite

BASIC = {"result_format": "BASIC"}  # verdicts and counts: what passing expectations need
COMPLETE = {"result_format": "COMPLETE", "unexpected_index_column_names": [ROW]}  # + failing rows' indices
SAMPLE_ROWS = 200  # failing rows kept per expectation (the report shows them; Dagster metadata shows fewer)
# A larger frame is validated in slices of this many rows when every expectation judges each row on its own (GX
# copies the frame per row condition and metric: several times a 900,000-row frame); counts add up across slices.
CHUNK_ROWS = 100_000
ROW_RULES = {  # GX expectations whose verdict is per row: a frame's verdict is its slices' verdicts together
    "expect_column_values_to_be_between",
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_not_be_in_set",
    "expect_column_values_to_be_null",
    "expect_column_values_to_not_be_null",
    "expect_column_pair_values_a_to_be_greater_than_b",
    "expect_column_pair_values_to_be_equal",
}

SCHEMA_SPEC = ExpectationSpec(
    "expect_column_pair_values_to_be_equal",
    {"column_A": "expected_type", "column_B": "actual_type"},
    "critical",
    "every listed column exists with its DuckDB type",
)


class Runner:
    def __init__(self) -> None:
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        # GX logs every metric it resolves at INFO and warns about things we decide ourselves (result formats).
        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        self.gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        self.source = self.context.data_sources.add_pandas("warehouse")
        self.count = 0

    def run(self, con: duckdb.DuckDBPyConnection, suite: Suite, model: str, scoped: bool = False) -> SuiteOutcome:
        outcome = SuiteOutcome.start(suite, model)
        # Findings (sources that disagree) are the warehouse's standing state, not the build's: they are read
        # whole, so an incremental run that touched other rows still shows every open finding.
        scoped = scoped and not suite.findings
        if not has_model(con, model):
            outcome.error = f"the warehouse has no table main.{model}; was the dbt model renamed or not built?"
            return outcome
        try:
            if suite.columns:
                outcome.expectations += self.validate(schema_frame(con, suite, model), [SCHEMA_SPEC], {}, ())
            rows = model_frame(con, suite, model, scoped)
            params = parameter_values(con, suite)
        except (FrameError, ValueError, KeyError) as exc:  # a query or builder option that does not fit
            outcome.error = str(exc)
            return outcome
        outcome.rows = rows.total
        if scoped and rows.total == 0:  # the build wrote no row here: the rules have nothing new to judge
            outcome.expectations += [_outcome(spec, success=True, evaluated=False) for spec in suite.expectations]
            return outcome
        try:
            evaluated = self.validate(rows.frame, suite.expectations, params, suite.sample_columns)
        except Exception as exc:  # GX itself failed on this frame: report it, run the other suites
            outcome.error = f"GX could not validate the rows: {type(exc).__name__}: {_first_line(exc)}"
            return outcome
        for expectation in evaluated:  # the rows DuckDB found passing count as checked, as GX would count them
            if expectation.element_count is not None:
                expectation.element_count += rows.passed_in_sql
        outcome.expectations += evaluated
        return outcome

    def validate(
        self,
        frame: pd.DataFrame,
        specs: Iterable[ExpectationSpec],
        params: dict[str, list[Any]],
        sample_columns: tuple[str, ...],
    ) -> list[ExpectationOutcome]:
        self.count += 1
        name = f"frame_{self.count}"
        definition = self.source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("all")
        specs = list(specs)
        outcomes: list[ExpectationOutcome | None] = [None] * len(specs)
        built = {}  # position in specs → GX expectation
        for i, spec in enumerate(specs):
            try:
                built[i] = self._expectation(spec)
            except Exception as exc:  # a suite typo must show as a failed expectation, not stop the run
                outcomes[i] = _outcome(spec, success=False, error=f"invalid expectation: {_first_line(exc)}")
        sliced = len(frame) > CHUNK_ROWS and all(_per_row(specs[i]) for i in built)
        parts: dict[int, list] = {i: [] for i in built}  # GX's result per slice
        suite = self._suite(name, built) if built else None
        for start in range(0, len(frame), CHUNK_ROWS) if sliced else [0]:
            part = frame.iloc[start : start + CHUNK_ROWS] if sliced else frame
            batch = definition.get_batch(batch_parameters={"dataframe": part})
            results = self._evaluate(batch, suite, params, BASIC) if suite else {}
            # Only a failing expectation's rows are sampled: evaluate those again for their row indices.
            failing = {i: self._expectation(specs[i]) for i, r in results.items() if _failed_on_rows(r)}
            if failing:
                again = self._suite(f"{name}_{start}_failing", failing)
                results.update(self._evaluate(batch, again, params, COMPLETE))
            for i, evaluated in results.items():
                parts[i].append(evaluated)
        for i, evaluated in parts.items():
            outcomes[i] = _from_gx(specs[i], evaluated, frame, sample_columns)
        return [o for o in outcomes if o is not None]

    def _evaluate(self, batch, suite, params: dict[str, list[Any]], result_format: dict) -> dict:
        """GX's result per position in the specs, for the expectations of `suite` (from `_suite`)."""
        suite, position = suite
        result = batch.validate(suite, result_format=result_format, expectation_parameters=params)
        return {position[r.expectation_config.id]: r for r in result.results}

    def _suite(self, name: str, built: dict) -> tuple:
        """A GX suite of the built expectations (an expectation belongs to one suite), with their positions."""
        suite = self.context.suites.add(self.gx.ExpectationSuite(name=name, expectations=list(built.values())))
        # GX reports results grouped by column, not in suite order: match them by the ids the suite assigned.
        return suite, {e.id: i for i, e in zip(built, suite.expectations, strict=True)}

    def _expectation(self, spec: ExpectationSpec):
        from great_expectations.expectations.registry import get_expectation_impl

        kwargs = dict(spec.kwargs)
        if "row_condition" in kwargs:
            kwargs.setdefault("condition_parser", "pandas")
        return get_expectation_impl(spec.type)(**kwargs, severity=spec.severity, description=spec.description)


def _failed_on_rows(evaluated) -> bool:
    return not evaluated.success and not (evaluated.exception_info or {}).get("raised_exception")


def _per_row(spec: ExpectationSpec) -> bool:
    """Whether slices of a frame give `spec` the verdict and counts of the whole (no `mostly`: a share of rows)."""
    return spec.type in ROW_RULES and "mostly" not in spec.kwargs


def _from_gx(spec: ExpectationSpec, parts: list, frame: pd.DataFrame, sample_columns: tuple[str, ...]):
    """The outcome of `spec` from GX's results on the frame, or on its slices in order (counts summed)."""
    for evaluated in parts:
        info = evaluated.exception_info or {}
        if info.get("raised_exception"):
            return _outcome(spec, success=False, error=_first_line(info.get("exception_message") or "GX raised"))
    results = [evaluated.result or {} for evaluated in parts]
    outcome = _outcome(spec, success=all(bool(evaluated.success) for evaluated in parts))
    outcome.element_count = _total(r.get("element_count") for r in results)
    outcome.unexpected_count = _total(r.get("unexpected_count") for r in results)
    outcome.observed = plain(results[0].get("observed_value")) if len(results) == 1 else None  # a row rule has none
    rows = [
        r[ROW]
        for result in results
        for r in result.get("unexpected_index_list") or []
        if isinstance(r, dict) and ROW in r
    ]
    if rows:
        columns = _sample_columns(frame, outcome.columns, sample_columns)
        sample = frame.loc[frame[ROW].isin(rows), columns]
        if len(sample) > SAMPLE_ROWS:
            # Which rows are shown: the first in the order of their values, not of the frame (a join's row order
            # varies between runs, and the sample in the report and Dagster should not); shown in frame order.
            chosen = sample.sort_values(by=columns, key=lambda c: c.astype(str), kind="stable").head(SAMPLE_ROWS)
            sample = sample.loc[sample.index.isin(chosen.index)]
        outcome.failing_rows = [{k: plain(v) for k, v in row.items()} for row in sample.to_dict("records")]
    return outcome


def _total(counts: Iterable[int | None]) -> int | None:
    counts = list(counts)
    return None if any(c is None for c in counts) else sum(counts)


def _outcome(
    spec: ExpectationSpec, success: bool, error: str | None = None, evaluated: bool = True
) -> ExpectationOutcome:
    columns: list[str] = []
    for arg in COLUMN_ARGS:
        value = spec.kwargs.get(arg)
        columns += value if isinstance(value, list) else [value] if value else []
    return ExpectationOutcome(
        type=spec.type,
        description=spec.description,
        severity=spec.severity,
        success=success,
        columns=columns,
        error=error,
        evaluated=evaluated,
    )


def _sample_columns(frame: pd.DataFrame, checked: list[str], chosen: tuple[str, ...]) -> list[str]:
    """The suite's chosen columns (or the frame's first few), then the checked ones, in that order, once each."""
    available = [c for c in frame.columns if c != ROW]
    base = [c for c in chosen if c in available] if chosen else available[:4]
    return list(dict.fromkeys(base + [c for c in checked if c in available]))


def _first_line(exc: Any) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__
