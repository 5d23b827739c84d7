"""The pipeline's own stages without Dagster: what a build costs when only the work is paid for.

usage: .venv/bin/python bench/stages.py [--sizes 1000 5000 10000] [--work DIR] [--reuse-corpus]

For each size, in a fresh folder: ingest and extract every release with the library calls the Dagster assets
make (mfgstats.pipeline), the pipeline's complete `dbt build` (mfgstats.changes), and the atomic
publish copy; then one more release through the same stages with the pipeline's incremental build (the quality checks,
which in the pipeline decide whether the next build may be incremental, are not run here). Prints seconds per
stage and per document (wall, and CPU seconds of this process, its extraction workers and dbt), peak RSS of the
dbt process tree, and the ratios between sizes. --reuse-corpus keeps a corpus already in --work/n<N> (as
bench/cold_build.py leaves it) instead of writing it again. Set beside
bench/cold_build.py's numbers, the difference is Dagster's own cost (partitions, events, dagster-dbt).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import write_corpus
from measure import run

from mfgstats import pipeline
from mfgstats.changes import COMPLETE_ARGS, INCREMENTAL_ARGS
from mfgstats.config import settings
from mfgstats.ingest import discover
from mfgstats.warehouse.publish import publish

DEFAULT_WORK = Path("/tmp/mfgstats-bench-stages")


CPU = {"cpu": 0.0}  # CPU seconds of the stages so far: this process, the extraction workers and dbt


def cpu_now() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(fn, *args):
    start, cpu = time.perf_counter(), cpu_now()
    result = fn(*args)
    CPU["cpu"] += cpu_now() - cpu
    return time.perf_counter() - start, result


def load(raw: Path, db: Path) -> tuple[float, float, int]:
    keys = [p.relative_to(raw).as_posix() for p in discover(raw)]
    with duckdb.connect(str(db)) as con:
        ingest_s, _ = timed(pipeline.ingest, con, raw, keys)
        extract_s, report = timed(pipeline.extract_pending, con, keys)
    print(f"  ingest {ingest_s:.1f} s, extract {extract_s:.1f} s ({len(keys)} files)", flush=True)
    return ingest_s, extract_s, report.facts


def dbt_build(db: Path, root: Path, args: list[str]):
    dbt_dir = settings().dbt_project_dir
    env = {**os.environ, "MFGSTATS_BUILD_DB": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    cmd = [str(Path(sys.executable).parent / "dbt"), *args, "--project-dir", str(dbt_dir)]
    cmd += ["--profiles-dir", str(dbt_dir), "--target-path", str(root / "target"), "--log-path", str(root / "logs")]
    m = run(cmd, env=env, cwd=dbt_dir)
    CPU["cpu"] += m.cpu_s
    if not m.ok:
        print(f"WARNING: dbt build failed:\n{m.output[-1500:]}", flush=True)
    return m


def stages(size: int, work: Path, reuse_corpus: bool = False) -> dict:
    root = work / f"n{size}"
    raw, db, published = root / "raw", root / "build" / "mfgstats.duckdb", root / "mfgstats.duckdb"
    if reuse_corpus and raw.is_dir():
        for leftover in (root / "build", root / "target", root / "logs"):
            shutil.rmtree(leftover, ignore_errors=True)
        published.unlink(missing_ok=True)
    else:
        shutil.rmtree(root, ignore_errors=True)
        write_corpus(size, root)
    documents = sum(1 for _ in discover(raw))
    db.parent.mkdir(parents=True)
    row: dict = {"size": documents}
    CPU["cpu"] = 0.0
    row["ingest"], row["extract"], row["facts"] = load(raw, db)
    m = dbt_build(db, root, COMPLETE_ARGS)
    row["dbt"], row["dbt_rss"] = m.wall_s, m.peak_rss_mb
    print(f"  dbt build {m.wall_s:.1f} s", flush=True)
    row["publish"], _ = timed(publish, db, published)
    row["cpu"] = CPU["cpu"]
    row["mb"] = published.stat().st_size / 2**20
    write_corpus(1, root, start=documents)  # one more release
    CPU["cpu"] = 0.0
    ingest_s, extract_s, _ = load(raw, db)
    m = dbt_build(db, root, INCREMENTAL_ARGS)
    publish_s, _ = timed(publish, db, published)
    row["inc"] = {"ingest": ingest_s, "extract": extract_s, "dbt": m.wall_s, "publish": publish_s}
    row["inc_cpu"] = CPU["cpu"]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--reuse-corpus", action="store_true", help="keep a corpus already in --work/n<N>")
    args = parser.parse_args()
    rows = []
    for size in sorted(args.sizes):
        rows.append(stages(size, args.work, args.reuse_corpus))
        print(f"done {size}", flush=True)
    print(f"{'docs':>6} {'facts':>7} {'ingest':>7} {'extract':>7} {'dbt':>7} {'publish':>7} {'total':>7} "
          f"{'cpu s':>7} {'ms/doc':>7} {'ratio':>6} {'dbt RSS MB':>10} {'file MB':>8}")  # fmt: skip
    base = None
    for r in rows:
        total = r["ingest"] + r["extract"] + r["dbt"] + r["publish"]
        per_doc = total / r["size"] * 1000
        base = base or per_doc
        print(
            f"{r['size']:>6} {r['facts']:>7} {r['ingest']:>7.1f} {r['extract']:>7.1f} {r['dbt']:>7.1f} "
            f"{r['publish']:>7.1f} {total:>7.1f} {r['cpu']:>7.1f} {per_doc:>7.1f} {per_doc / base:>6.2f} "
            f"{r['dbt_rss']:>10.0f} "
            f"{r['mb']:>8.1f}"
        )
    print("one more release (s):")
    for r in rows:
        inc = r["inc"]
        parts = ", ".join(f"{k} {v:.1f}" for k, v in inc.items())
        print(f"  after {r['size']:>6}: {parts} = {sum(inc.values()):.1f} wall, {r['inc_cpu']:.1f} CPU")


if __name__ == "__main__":
    main()
