"""`mfgstats status`: what is ingested, what is quarantined and why, the last runs, open conflicts."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from mfgstats.serve.errors import ServeError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "status",
        help="show what is ingested, quarantined, the last runs and open conflicts",
        description="Show the state of the published warehouse and of the raw directory. Reads only.",
    )
    p.add_argument("--db", metavar="PATH", help="a DuckDB file to read instead of the published warehouse")
    p.add_argument("--json", action="store_true", help="print the status as JSON")
    p.set_defaults(func=_status)


def _status(args: argparse.Namespace) -> int:
    from mfgstats.config import settings
    from mfgstats.serve.status import collect
    from mfgstats.serve.warehouse import warehouse_path

    cfg = settings()
    try:
        status = collect(cfg, warehouse_path(args.db) if args.db else None)
    except ServeError as exc:
        print(f"mfgstats status: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(asdict(status), ensure_ascii=False, indent=2, default=str))
    else:
        for line in lines(status, cfg.raw_dir):
            print(line)
    return 0


def lines(status, raw_dir: Path) -> list[str]:
    out = [f"warehouse  {status.warehouse}"]
    if not status.published:
        out.append("  not published yet: run `make run` (or `mfgstats run`) to build it")
    else:
        out.append(f"  published {status.published_at:%Y-%m-%d %H:%M:%S}, {status.size_bytes / 1e6:.1f} MB")
        if status.build_at and status.build_at > status.published_at:
            out.append(
                f"  the build database is newer ({status.build_at:%Y-%m-%d %H:%M:%S}): the last run did not "
                "publish; see its output or the Dagster UI"
            )
    out.append("")
    out.append(f"documents  {status.documents} ingested, {status.facts} facts")
    for doc_type, publisher, n in status.documents_by_type:
        out.append(f"  {n:>4}  {doc_type:<14} {publisher}")
    if status.not_ingested:
        out.append(f"  {len(status.not_ingested)} file(s) in {raw_dir} not in the warehouse yet (run `mfgstats run`):")
        out.extend(f"        {f}" for f in status.not_ingested)
        parts = ", ".join(f"{p} ({n})" for p, n in sorted(status.not_ingested_partitions.items()))
        out.append(f"      in the ingest partition(s) {parts}")
    out.append("")
    out.append(f"quarantine  {len(status.quarantine)} file(s)")
    for file, code, reason, action in status.quarantine:
        out.append(f"  {file}  [{code}] {reason} → {action}")
    out.append("")
    if status.open_conflicts is None:
        out.append("conflicts  unknown (the warehouse has no mart_conflicts)")
    else:
        out.append(f'conflicts  {status.open_conflicts} open (`mfgstats sql "FROM mart_conflicts"` lists them)')
        out.extend(f"  {n:>4}  {verdict}" for verdict, n in status.conflicts_by_verdict.items())
        if status.explained_conflicts:
            out.append(f"  {status.explained_conflicts:>4}  explained by a reviewed correction (not open)")
    out.append("")
    out.append(
        f"withdrawn  {len(status.withdrawn)} document(s) left the current marts (still seen as of earlier dates)"
    )
    for document_id, file, kind, since, why in status.withdrawn:
        out.append(f"  {document_id[:16]}  {file}  {kind} since {since}: {why}")
    if status.corrections:
        counts = ", ".join(f"{n} {s}" for s, n in status.corrections.items())
        out.append("")
        out.append(f"corrections  {counts} (`mfgstats review` lists those that do not apply)")
    if status.marts:
        out.append("")
        out.append("marts")
        out.extend(f"  {rows:>8}  {name}" for name, rows in status.marts.items())
    out.append("")
    if status.runs:
        out.append(f"last runs  (Dagster instance {status.dagster_home})")
        for run in status.runs:
            started = f"{run.started:%Y-%m-%d %H:%M:%S}" if run.started else "not started"
            took = f"{run.seconds:>7.1f} s" if run.seconds is not None else "        "
            out.append(f"  {started}  {run.status:<9} {took}  {run.job}  {run.run_id[:8]}")
    else:
        out.append(f"last runs  none recorded in {status.dagster_home}")
    return out
