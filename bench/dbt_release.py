"""One new release through the incremental dbt build alone, per node, for snapshots of the code side by side.

usage: .venv/bin/python bench/dbt_release.py DEPLOYMENT --snapshot before=SNAP1 --snapshot after=SNAP2
           [--rounds 2] [--work DIR]

DEPLOYMENT is a folder as bench/cold_build.py or bench/stages.py leave it: `raw/` and a build database holding the
raw tables (`warehouse/build/mfgstats.duckdb`, else `build/mfgstats.duckdb`). Each snapshot (`git archive REV |
tar -x -C SNAP`) first builds its own base in --work/<name>/ from a copy of that database, with the pipeline's
complete build (kept for later runs of this script). Each round then writes the next release of the corpus into
DEPLOYMENT/raw, ingests and extracts it once into a copy of the first snapshot's base, gives every other
snapshot's copy the same new raw rows, and runs the pipeline's incremental `dbt build --selector changed_data`
with each snapshot's dbt project, in turn. Prints wall and CPU seconds of each dbt process, dbt's own elapsed
time and every node's time from its run_results.json, side by side; and whether the marts (every table and view of
schema main) hold the same rows in every snapshot after the round.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import write_corpus
from measure import run

from mfgstats import pipeline
from mfgstats.ingest import discover

COMPLETE_ARGS = ["build", "--full-refresh"]
INCREMENTAL_ARGS = ["build", "--selector", "changed_data"]
# rows the new release adds to the raw tables, by each table's key (the same rows in every snapshot's copy)
RAW_KEYS = {"raw.documents": "document_id", "raw.facts": "fact_id", "raw.ingest_log": "file"}


def dbt(snapshot: Path, work: Path, db: Path, args: list[str]):
    project = snapshot / "dbt_project"
    env = {
        **os.environ,
        "MFGSTATS_BUILD_DB": str(db),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "PYTHONPATH": f"{snapshot / 'src'}:{snapshot}",
    }
    cmd = [str(Path(sys.executable).parent / "dbt"), *args, "--project-dir", str(project)]
    cmd += ["--profiles-dir", str(project), "--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    m = run(cmd, env=env, cwd=project)
    if not m.ok:
        raise SystemExit(f"dbt {' '.join(args)} failed for {snapshot}:\n{m.output[-3000:]}")
    return m


def base(name: str, snapshot: Path, deployment_db: Path, work: Path) -> Path:
    """The snapshot's own complete build over the deployment's raw tables (built once, then reused)."""
    out = work / name / "base.duckdb"
    if not out.exists():
        # built where the rounds build (the profile's path): a changed path makes dbt parse the project in full
        building = work / name / "round.duckdb"
        building.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(deployment_db, building)
        m = dbt(snapshot, work / name, building, COMPLETE_ARGS)
        building.rename(out)
        print(f"  {name}: complete build {m.wall_s:.1f} s wall, {m.cpu_s:.1f} s CPU", flush=True)
    return out


def node_times(work: Path) -> tuple[float, dict[str, float]]:
    results = json.loads((work / "target" / "run_results.json").read_text())
    return results["elapsed_time"], {r["unique_id"]: r["execution_time"] for r in results["results"]}


def copy_new_raw_rows(source: Path, db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        pipeline.prepare(con)  # the raw tables as the ingest step left them in the source (columns it adds)
        con.execute(f"attach '{source}' as src (read_only)")
        for table, key in RAW_KEYS.items():
            con.execute(f"insert into {table} select * from src.{table} where {key} not in (select {key} from {table})")


def same_marts(dbs: dict[str, Path]) -> list[str]:
    """Relations of schema main whose rows differ between the first database and another one."""
    names = list(dbs)
    first = dbs[names[0]]
    differences = []
    with duckdb.connect(str(first), read_only=True) as con:
        relations = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'main' "
                "and table_catalog = current_database() order by 1"
            ).fetchall()
        ]
        for i, name in enumerate(names[1:]):
            con.execute(f"attach '{dbs[name]}' as other{i} (read_only)")
            for relation in relations:
                # a relation's own columns, in its order: the same in both or a difference
                diff = con.execute(
                    f"select (select count(*) from (select * from main.{relation} except all "
                    f"select * from other{i}.main.{relation})), (select count(*) from (select * from "
                    f"other{i}.main.{relation} except all select * from main.{relation}))"
                ).fetchone()
                if diff != (0, 0):
                    differences.append(f"{relation}: {names[0]} has {diff[0]} rows not in {name}, {diff[1]} back")
    return differences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deployment", type=Path)
    parser.add_argument("--snapshot", action="append", required=True, help="NAME=SNAPSHOT_DIR, in order")
    parser.add_argument("--rounds", type=int, default=2, help="0: build the bases only")
    parser.add_argument("--work", type=Path, default=Path("/tmp/mfgstats-bench-dbt-release"))
    args = parser.parse_args()
    snapshots = {s.split("=", 1)[0]: Path(s.split("=", 1)[1]).resolve() for s in args.snapshot}
    deployment = args.deployment.resolve()
    source_db = next(
        p for p in (deployment / "warehouse/build/mfgstats.duckdb", deployment / "build/mfgstats.duckdb") if p.exists()
    )
    bases = {name: base(name, snap, source_db, args.work) for name, snap in snapshots.items()}
    if args.rounds == 0:  # only the bases, e.g. one snapshot at a time
        return
    with duckdb.connect(str(bases[next(iter(bases))]), read_only=True) as con:
        documents = con.execute("select count(distinct document_id) from raw.documents").fetchone()[0]
    timings: dict[str, list[tuple[float, float, float, dict[str, float]]]] = {name: [] for name in snapshots}
    raw = deployment / "raw"
    for k in range(args.rounds):
        written = time.time() - 1
        write_corpus(1, deployment, start=documents + k)  # release documents + k of the corpus's fixed order
        keys = sorted(p.relative_to(raw).as_posix() for p in discover(raw) if p.stat().st_mtime >= written)
        dbs = {name: args.work / name / "round.duckdb" for name in snapshots}
        first = next(iter(dbs))
        for name, db in dbs.items():
            shutil.copyfile(bases[name], db)
        with duckdb.connect(str(dbs[first])) as con:
            pipeline.ingest(con, raw, keys)
            report = pipeline.extract_pending(con, keys)
        for name, db in dbs.items():
            if name != first:
                copy_new_raw_rows(dbs[first], db)
        for name, db in dbs.items():
            m = dbt(snapshots[name], args.work / name, db, INCREMENTAL_ARGS)
            elapsed, nodes = node_times(args.work / name)
            timings[name].append((m.wall_s, m.cpu_s, elapsed, nodes))
            print(
                f"round {k + 1} {name}: {len(keys)} file(s), {report.facts} facts; dbt {m.wall_s:.1f} s wall, "
                f"{m.cpu_s:.1f} s CPU, dbt elapsed {elapsed:.1f} s, {len(nodes)} nodes",
                flush=True,
            )
        differences = same_marts(dbs)
        print(f"round {k + 1}: marts " + ("identical in every snapshot" if not differences else "DIFFER:"), flush=True)
        for line in differences:
            print(f"  {line}")
    names = list(snapshots)
    print(f"\nmedians over {args.rounds} round(s), {documents} documents before the new release:")
    print(f"{'':58}" + "".join(f"{n:>12}" for n in names))
    for label, index in (("dbt process wall (s)", 0), ("dbt process CPU (s)", 1), ("dbt elapsed (s)", 2)):
        values = [statistics.median(t[index] for t in timings[n]) for n in names]
        print(f"{label:58}" + "".join(f"{v:>12.2f}" for v in values))
    nodes = sorted({node for n in names for t in timings[n] for node in t[3]})
    medians = {n: {node: statistics.median(t[3].get(node, 0.0) for t in timings[n]) for node in nodes} for n in names}
    ran = [len({node for t in timings[n] for node in t[3]}) for n in names]
    print(f"{'nodes run (then each node: median s)':58}" + "".join(f"{v:>12}" for v in ran))
    for kind in ("model", "test"):
        total = [sum(v for node, v in medians[n].items() if node.startswith(kind)) for n in names]
        print(f"{'all ' + kind + 's':58}" + "".join(f"{v:>12.2f}" for v in total))
    for node in sorted(nodes, key=lambda node: -max(medians[n][node] for n in names)):
        if max(medians[n][node] for n in names) < 0.05:
            continue
        label = node.split(".", 2)[-1][:56]
        cells = "".join(
            f"{medians[n][node]:>12.2f}" if any(node in t[3] for t in timings[n]) else f"{'-':>12}" for n in names
        )
        print(f"{label:58}{cells}")


if __name__ == "__main__":
    main()
