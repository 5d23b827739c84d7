"""What N dynamic partitions cost Dagster as N grows, without the pipeline's work: N = the files (a partition per
file, as the ingest asset had) or the publisher-years (1,025 at 100,000 documents, as it has now).

usage: .venv/bin/python bench/partitions.py [--sizes 10000 100000] [--run 200] [--work DIR]

For each size N, in a fresh Dagster home configured as `mfgstats run` configures it (mfgstats.orchestration.
instance): register N partition keys in one call, read them back, then materialise an asset over a range of --run
partitions in one run (the single-run backfill the ingest asset uses), twice: with a metadata entry per partition
(`context.add_asset_metadata(..., partition_key=key)`) and without (pipelines/assets/ingest.py records its outcome
once per run). Prints
wall and CPU seconds of each, the cost per partition of the run, and the event log's size per materialised
partition. A per-partition cost that grows with N makes a run over all N partitions grow with N².
"""

import argparse
import os
import shutil
import time
from pathlib import Path

from dagster import (
    AssetExecutionContext,
    BackfillPolicy,
    DagsterInstance,
    DynamicPartitionsDefinition,
    MaterializeResult,
    asset,
    materialize,
)

from mfgstats.orchestration.instance import dagster_home
from mfgstats.orchestration.tags import PARTITION_RANGE_END_TAG, PARTITION_RANGE_START_TAG

DEFAULT_WORK = Path("/tmp/mfgstats-bench-partitions")
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}  # as `mfgstats run` configures its runs
PARTITIONS = DynamicPartitionsDefinition(name="documents")


@asset(partitions_def=PARTITIONS, backfill_policy=BackfillPolicy.single_run())
def with_metadata(context: AssetExecutionContext) -> MaterializeResult:
    for key in context.partition_keys:
        context.add_asset_metadata({"status": "loaded"}, partition_key=key)
    return MaterializeResult(metadata={"batch": len(context.partition_keys)})


@asset(partitions_def=PARTITIONS, backfill_policy=BackfillPolicy.single_run())
def without_metadata(context: AssetExecutionContext) -> MaterializeResult:
    return MaterializeResult(metadata={"batch": len(context.partition_keys)})


def timed(fn, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def history_bytes(home: Path) -> int:
    return sum(p.stat().st_size for p in (home / "history").rglob("*") if p.is_file())


def measure(size: int, run: int, work: Path) -> list[str]:
    home = work / f"n{size}"
    shutil.rmtree(home, ignore_errors=True)
    os.environ["DAGSTER_HOME"] = str(home)
    dagster_home()
    keys = [f"{2006 + i % 21}/release-{i:06d}.txt" for i in range(size)]
    lines = []
    with DagsterInstance.get() as instance:
        wall, cpu, _ = timed(instance.add_dynamic_partitions, PARTITIONS.name, keys)
        lines.append(f"  register {size} keys in one call      {wall:8.2f} s wall {cpu:8.2f} s CPU")
        wall, cpu, _ = timed(instance.get_dynamic_partitions, PARTITIONS.name)
        lines.append(f"  read them back                       {wall:8.2f} s wall {cpu:8.2f} s CPU")
        tags = {PARTITION_RANGE_START_TAG: keys[-run], PARTITION_RANGE_END_TAG: keys[-1]}
        for asset_def in (without_metadata, with_metadata):
            before = history_bytes(home)
            wall, cpu, result = timed(materialize, [asset_def], instance=instance, tags=tags, run_config=QUIET)
            assert result.success
            grown = (history_bytes(home) - before) / run
            lines.append(
                f"  one run over {run} partitions, {asset_def.key.to_user_string():17s}{wall:8.2f} s wall "
                f"{cpu:8.2f} s CPU, {cpu / run * 1000:6.1f} ms CPU per partition, event log +{grown / 1024:.1f} KB each"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--run", type=int, default=200, help="partitions materialised in the timed run")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args()
    for size in sorted(args.sizes):
        print(f"{size} partitions:", flush=True)
        for line in measure(size, args.run, args.work):
            print(line, flush=True)


if __name__ == "__main__":
    main()
