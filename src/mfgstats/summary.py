"""The short account of a run that `mfgstats run` prints: what went in, what came out, what to look at."""

from __future__ import annotations

from collections import Counter

import duckdb

from mfgstats.config import settings
from mfgstats.ingest.discovery import scan
from mfgstats.warehouse.target import Unreadable, WarehouseTarget, target_from_settings

QUARANTINE_SHOWN = 10


def read_warehouse(target: WarehouseTarget, published: bool) -> tuple[dict[str, int], list[tuple[str, str, str]], str]:
    """Rows per raw table and mart keyed schema.table, and the quarantined files with their reason and what to
    do: from what readers read when this run published, else from what the run built (what a failed run left);
    and that state's name."""
    try:
        con, pinned = target.read(published)
    except Unreadable:  # nothing built yet, or a writer that outlived a failed step still holds the file
        return {}, [], target.published_label
    with con:
        return *_read(con), pinned.label


# What the summary shows: the raw tables it counts and the marts. The intermediate views are not counted —
# counting int_observations resolves every fact again (a third of a second at 10,000 documents).
SHOWN = "table_schema = 'raw' OR (table_schema = 'main' AND regexp_matches(table_name, '^(fct|dim|mart)_'))"


def _read(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, int], list[tuple[str, str, str]]]:
    tables = con.execute(
        "SELECT table_schema, table_name FROM information_schema.tables WHERE table_catalog = current_database() "
        f"AND ({SHOWN}) ORDER BY 1, 2"
    ).fetchall()
    counts = {f"{s}.{t}": con.execute(f'SELECT count(*) FROM "{s}"."{t}"').fetchone()[0] for s, t in tables}
    quarantined = (
        con.execute("SELECT file, reason, action FROM raw.quarantine ORDER BY file").fetchall()
        if "raw.quarantine" in counts
        else []
    )
    return counts, quarantined


def print_summary(outcome, say=print) -> None:
    cfg = settings()
    target = target_from_settings()
    counts, quarantined, published = read_warehouse(target, outcome.published)
    say("")
    say("mfgstats run summary")
    say(f"  files processed this run : {outcome.ingested_files}")
    say(f"  documents in warehouse   : {counts.get('raw.documents', 0)}")
    say(f"  facts extracted          : {counts.get('raw.facts', 0)}")
    say(f"  files in quarantine      : {len(quarantined)}")
    for file, reason, action in quarantined[:QUARANTINE_SHOWN]:
        say(f"    {reason if reason.startswith(file) else f'{file}: {reason}'} — {action}")  # reasons name the file
    if len(quarantined) > QUARANTINE_SHOWN:
        say(f"    … {len(quarantined) - QUARANTINE_SHOWN} more: `mfgstats status` or raw.quarantine lists them all")
    skipped = scan(cfg.raw_dir).skipped  # not documents (hidden, temporary, lock files …): said, not dropped
    if skipped:
        say(f"  files skipped            : {len(skipped)} (not documents)")
        for item in skipped[:QUARANTINE_SHOWN]:
            say(f"    {item.file}: {item.why}")
        if len(skipped) > QUARANTINE_SHOWN:
            say(f"    … {len(skipped) - QUARANTINE_SHOWN} more in {cfg.raw_dir}")
    marts = {k: v for k, v in counts.items() if k.startswith("main.")}  # SHOWN: the marts are all of main
    if marts:
        say("  rows per mart:")
        for name, rows in marts.items():
            say(f"    {name:<45} {rows:>8}")
    if outcome.dbt_build:
        say(f"  dbt build                : {outcome.dbt_build}")
    say(f"  checks                   : {_tally(outcome.checks)}")
    suites = [c for c in outcome.checks if c.get("suite")]
    if suites:  # the GX suites alone: the counts of the quality report and `mfgstats check`
        say(f"    quality suites         : {_tally(suites)} (the quality report)")
        say(f"    dbt tests              : {_tally([c for c in outcome.checks if not c.get('suite')])}")
    for c in outcome.checks:
        if not c["passed"]:
            level = "WARN " if c["severity"] == "WARN" else "ERROR"
            # a findings check describes one finding a line (values and sources): each on its own line
            first, *more = (c["description"] or "").splitlines() or [""]
            say(f"    {level} {c['asset']} / {c['check']}: {first}".rstrip(": "))
            for line in more:
                say(f"          {line}")
    for err in outcome.errors:
        say(f"  error: {err}")
    if outcome.published:
        say(f"  published warehouse      : {published}")
    else:
        say(f"  NOT published: {target.unchanged}; fix the errors above")
    if cfg.quality_report.exists():
        say(f"  quality report           : {cfg.quality_report}")


def _tally(checks: list[dict]) -> str:
    counts = Counter("passed" if c["passed"] else ("warned" if c["severity"] == "WARN" else "failed") for c in checks)
    return f"{counts['passed']} passed, {counts['warned']} warned, {counts['failed']} failed"
