"""The quality report: one self-contained HTML page (inline CSS, no scripts, no network) that a person can open
offline in any browser, plus the same outcomes as JSON next to it for tools.

GX Data Docs link their CSS and JS from CDNs, so offline they render unstyled; this page is our own instead.
Order of the page: what blocks publishing, the findings about the sources (both values, both documents), the
table of every check, then each check's expectations with a sample of the rows that failed.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from mfgstats.quality.findings import finding_line
from mfgstats.quality.results import ERROR, WARN, ExpectationOutcome, SuiteOutcome, tally

DETAIL_ROWS = 20  # failing rows shown per expectation in the details; findings show every kept row
JSON_NAME = "results.json"

CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
       margin: 2em auto; max-width: 1400px; padding: 0 1em; color: #1f2328; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #d0d7de; }
h3 { margin-bottom: .3em; } .muted { color: #59636e; } code { background: #f6f8fa; padding: 0 .3em; }
table { border-collapse: collapse; margin: .5em 0 1em; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 3px 6px; text-align: left; vertical-align: top; max-width: 26em; }
th { background: #f6f8fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
.badge { display: inline-block; padding: 0 .5em; border-radius: 1em; font-weight: 600; font-size: 12px; }
.ERROR { background: #ffebe9; color: #a40e26; } .WARN { background: #fff8c5; color: #7d4e00; }
.PASS { background: #dafbe1; color: #116329; } .INFO { background: #ddf4ff; color: #0550ae; }
.banner { padding: .6em 1em; border-radius: 6px; margin: 1em 0; }
details { margin: .4em 0; } summary { cursor: pointer; }
"""


def write_report(
    outcomes: list[SuiteOutcome], directory: Path, database: Path | str, generated: datetime | None = None
) -> Path:
    """Write index.html and results.json into `directory` (atomically, so a browser never sees half a page).
    `database` names what was checked: a DuckDB file, or a lake snapshot."""
    generated = generated or datetime.now().replace(microsecond=0)
    directory.mkdir(parents=True, exist_ok=True)
    payload = {
        "database": str(database),
        "generated": generated.isoformat(),
        "tally": tally(outcomes),
        "outcomes": [o.json() for o in outcomes],
    }
    _atomic_write(directory / JSON_NAME, json.dumps(payload, ensure_ascii=False, indent=1, default=str))
    page = directory / "index.html"
    _atomic_write(page, render(outcomes, database, generated))
    return page


def with_unselected(outcomes: list[SuiteOutcome], directory: Path, known: list[tuple[str, str]]) -> list[SuiteOutcome]:
    """`outcomes` of a subset of the checks, completed with the last report's outcomes of the other `known`
    (suite, model) checks, in that order: the report keeps the standing state of every check, as Dagster shows
    each check's latest result, and a subset run from the UI does not make the others vanish."""
    try:
        previous = json.loads((directory / JSON_NAME).read_text(encoding="utf-8"))["outcomes"]
        by_pair = {(o["suite"], o["model"]): SuiteOutcome.from_json(o) for o in previous}
    except (OSError, ValueError, KeyError, TypeError):  # no earlier report, or an unreadable one: the subset alone
        return outcomes
    by_pair.update({(o.suite, o.model): o for o in outcomes})
    return [by_pair[pair] for pair in known if pair in by_pair]


def render(outcomes: list[SuiteOutcome], database: Path | str, generated: datetime) -> str:
    counts = tally(outcomes)
    blocking = [o for o in outcomes if o.blocking and o.severity == ERROR]
    parts = [
        "<!doctype html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>mfgstats quality report · 数据质量报告</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>Quality report · 数据质量报告</h1>",
        f'<p class="muted">Warehouse <code>{escape(str(database))}</code> · checked {generated:%Y-%m-%d %H:%M:%S}'
        f" · {counts['passed']} passed 通过, {counts['warned']} warned 警告, {counts['failed']} failed 错误</p>",
        _banner(blocking),
        _findings(outcomes),
        _overview(outcomes),
        "<h2>Checks in detail · 检查明细</h2>",
        *(_details(o) for o in outcomes),
        '<p class="muted">Suites are files in <code>expectations/</code>; run them again with '
        "<code>mfgstats check --db PATH</code>. See docs/quality.md.</p>",
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p)


def _banner(blocking: list[SuiteOutcome]) -> str:
    if not blocking:
        return (
            '<p class="banner PASS">Nothing blocks publishing · 无阻断发布的错误. '
            "Warnings below are findings about the sources, kept for review.</p>"
        )
    names = ", ".join(f"{o.model} / {o.suite}" for o in blocking)
    return (
        f'<p class="banner ERROR">Publishing blocked · 已阻止发布: {len(blocking)} blocking check(s) failed '
        f"with ERROR ({escape(names)}). The previously published warehouse stays in place until they pass.</p>"
    )


def _findings(outcomes: list[SuiteOutcome]) -> str:
    found = [(o, e) for o in outcomes if o.findings for e in o.failed]
    if not found:
        return "<h2>Findings · 发现</h2><p>No disagreement between or within sources.</p>"
    parts = ["<h2>Findings · 发现</h2>", '<p class="muted">Disagreements the sources contain — WARN, not errors: '
             "the warehouse keeps every statement, with both values and both documents.</p>"]  # fmt: skip
    for outcome, expectation in found:
        parts.append(
            f"<h3>{_badge(expectation)} {escape(expectation.description)} "
            f'<span class="muted">({escape(outcome.model)} / {escape(outcome.suite)}, '
            f"{expectation.unexpected_count} rows)</span></h3>"
        )
        if outcome.description:
            parts.append(f'<p class="muted">{escape(outcome.description)}</p>')
        lines = dict.fromkeys(finding_line(outcome.suite, row) for row in expectation.failing_rows)
        parts.append('<ul class="findings">' + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>")
        parts.append(_rows_table(expectation.failing_rows))
    return "\n".join(parts)


def _overview(outcomes: list[SuiteOutcome]) -> str:
    head = "<tr><th>Model 模型</th><th>Check 检查</th><th>Result 结果</th><th>Blocking 阻断</th><th>Rows 行数</th>"
    head += "<th>Expectations met 通过</th><th>Summary 摘要</th></tr>"
    rows = []
    rank = {ERROR: 0, WARN: 1, None: 2}  # what needs attention first
    for o in sorted(outcomes, key=lambda o: rank[o.severity]):
        met = sum(e.success for e in o.expectations)
        rows.append(
            f'<tr><td>{escape(o.model)}</td><td><a href="#{_anchor(o)}">{escape(o.suite)}</a></td>'
            f"<td>{_suite_badge(o)}</td><td>{'yes' if o.blocking else 'no'}</td>"
            f'<td class="num">{o.rows}</td><td class="num">{met} / {len(o.expectations)}</td>'
            f"<td>{escape(o.summary())}</td></tr>"
        )
    return f'<h2>All checks · 全部检查</h2><div class="scroll"><table>{head}{"".join(rows)}</table></div>'


def _details(o: SuiteOutcome) -> str:
    parts = [
        f'<h3 id="{_anchor(o)}">{_suite_badge(o)} {escape(o.model)} / {escape(o.suite)}</h3>',
        f'<p class="muted">{escape(o.description)} — <code>{escape(o.label)}.yml</code></p>',
    ]
    if o.error:
        parts.append(f'<p class="banner ERROR">Could not run · 无法运行: {escape(o.error)}</p>')
    if o.note:
        parts.append(f'<p class="muted">{escape(o.note)} · 未评估</p>')
    for e in o.expectations:
        count = "" if e.unexpected_count is None else f", {e.unexpected_count} of {e.element_count} rows fail"
        observed = "" if e.observed is None else f", observed {escape(json.dumps(e.observed, ensure_ascii=False))}"
        error = f" — error: {escape(e.error)}" if e.error else ""
        line = (
            f"{_badge(e)} {escape(e.description)} <span class='muted'>({escape(e.type)}, {e.severity}"
            f"{count}{observed})</span>{error}"
        )
        if e.failing_rows:
            shown = e.failing_rows[:DETAIL_ROWS]
            parts.append(f"<details><summary>{line}</summary>{_rows_table(shown)}</details>")
        else:
            parts.append(f"<div>{line}</div>")
    return "\n".join(parts)


def _rows_table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    columns = list(rows[0])
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(_cell(row.get(c)) for c in columns) + "</tr>" for row in rows)
    return f'<div class="scroll"><table><tr>{head}</tr>{body}</table></div>'


def _cell(value: Any) -> str:
    if value is None:
        return '<td class="muted">∅</td>'
    if isinstance(value, bool):
        return f"<td>{str(value).lower()}</td>"
    if isinstance(value, (int, float)):
        return f'<td class="num">{value:,.15g}</td>'
    return f"<td>{escape(str(value))}</td>"


def _badge(e: ExpectationOutcome) -> str:
    if not e.evaluated:
        return '<span class="badge INFO">NOT EVALUATED</span>'
    if e.success:
        return '<span class="badge PASS">PASS</span>'
    level = e.counts_as or "INFO"
    return f'<span class="badge {level}">{level}</span>'


def _suite_badge(o: SuiteOutcome) -> str:
    level = o.severity or "PASS"
    return f'<span class="badge {level}">{level}</span>'


def _anchor(o: SuiteOutcome) -> str:
    return f"{o.model}--{o.suite}"


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
