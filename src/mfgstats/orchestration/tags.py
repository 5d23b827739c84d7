"""Run tags and metadata keys shared by the code location and the library."""

FORCE_TAG = "mfgstats/force"  # `mfgstats run --force`: re-ingest, re-extract and build completely
PLAN_METADATA = "dbt_build"  # metadata key on every model the build materialised: which plan ran and why
# The tags with which one run covers a range of partitions. Dagster exports no constant for them;
# tests/orchestration/test_boundaries.py fails if the installed Dagster names them otherwise.
PARTITION_RANGE_START_TAG = "dagster/asset_partition_range_start"
PARTITION_RANGE_END_TAG = "dagster/asset_partition_range_end"


def partition_range_tags(all_keys: list[str], wanted: set[str]) -> dict[str, str]:
    """One run over the smallest contiguous range of partitions holding every wanted key (assets skip the
    unchanged keys inside it by fingerprint)."""
    positions = [i for i, k in enumerate(all_keys) if k in wanted]
    return {
        PARTITION_RANGE_START_TAG: all_keys[min(positions)],
        PARTITION_RANGE_END_TAG: all_keys[max(positions)],
    }
