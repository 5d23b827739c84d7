"""A finding as a reader states it: the values and their sources, not the rule's wording.

    制造业增加值 洛阳市 2025: 2100 亿元 (table) vs 2800 亿元 (text), 洛阳市人民政府 2022-04-26 — real conflict

One line per failing row of a findings suite (sources_agree, targets_agree, the identity checks,
corrections_apply), built from the row's sample columns; a row of another suite is shown as its first columns.
The run summary, `mfgstats check`, the report and the Dagster check's description all use these lines.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Row = dict[str, Any]


def _text(value: Any) -> str:
    return "∅" if value is None else str(value)


def _source(row: Row, suffix: str = "") -> str:
    return " ".join(_text(row.get(k + suffix)) for k in ("publisher", "published_on") if row.get(k + suffix))


def _pair(row: Row) -> str:
    """Two statements of mart_conflicts: both values, how each was stated, who said them and when."""
    subject = row.get("subject_a") or row.get("indicator_key")
    period_a, period_b = _text(row.get("period_key_a")), _text(row.get("period_key_b"))
    head = f"{subject} {_text(row.get('region_name'))} {period_a}"
    side_a, side_b = f"{_text(row.get('stated_a'))}", f"{_text(row.get('stated_b'))}"
    if row.get("subject_b") and row.get("subject_b") != subject:
        side_b = f"{row['subject_b']} {side_b}"
    if period_b != period_a:
        side_b += f" for {period_b}"
    source_a, source_b = _source(row, "_a"), _source(row, "_b")
    origin_a, origin_b = row.get("origin_a"), row.get("origin_b")
    if source_a == source_b:
        side_a += f" ({origin_a})" if origin_a else ""
        side_b += f" ({origin_b})" if origin_b else ""
        line = f"{head}: {side_a} vs {side_b}, {source_a}"
    else:
        side_a += f" ({', '.join(x for x in (origin_a, source_a) if x)})"
        side_b += f" ({', '.join(x for x in (origin_b, source_b) if x)})"
        line = f"{head}: {side_a} vs {side_b}"
    return f"{line} — {row['verdict']}" if row.get("verdict") else line


def _target(row: Row) -> str:
    origin = f" ({row['origin']})" if row.get("origin") else ""
    return (
        f"{row.get('subject') or row.get('indicator_key')} {_text(row.get('region_name'))} "
        f"{_text(row.get('target_period_key'))} target: {_text(row.get('target_stated'))}{origin} "
        f"vs {_text(row.get('other_statements'))}, {_source(row)}"
    )


def _share(row: Row) -> str:
    share = _text(row.get("identity")).split(" = ")[0]
    return (
        f"{share} {_text(row.get('region_name'))} {_text(row.get('period_key'))}: stated "
        f"{_text(row.get('stated_share'))} vs {_text(row.get('implied_share'))} % from "
        f"{_text(row.get('part_stated'))} / {_text(row.get('whole_stated'))}, {_text(row.get('share_source'))}"
    )


def _growth(row: Row) -> str:
    return (
        f"{_text(row.get('indicator_key'))} {_text(row.get('region_name'))} {_text(row.get('period_key'))} "
        f"({_text(row.get('basis'))}): stated {_text(row.get('stated_growth'))} vs "
        f"{_text(row.get('implied_growth'))} % implied by {_text(row.get('start_stated'))} → "
        f"{_text(row.get('end_stated'))}, {_text(row.get('growth_source'))}"
    )


def _correction(row: Row) -> str:
    where = f"{_text(row.get('source_file'))}:{_text(row.get('source_line'))}"
    status, problem = _text(row.get("status")), _text(row.get("problem"))
    return f"correction {_text(row.get('correction_id'))} ({where}) {status}: {problem}"


def _generic(row: Row) -> str:
    return ", ".join(f"{k}={_text(v)}" for k, v in list(row.items())[:6])


FORMATS: dict[str, Callable[[Row], str]] = {
    "sources_agree": _pair,
    "targets_agree": _target,
    "share_identities": _share,
    "growth_identities": _growth,
    "corrections_apply": _correction,
}


def finding_line(suite: str, row: Row) -> str:
    return FORMATS.get(suite, _generic)(row)
