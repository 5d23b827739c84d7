"""Loading what a process keeps for its whole life (libraries, definitions) without the garbage collector.

Each full collection walks every container object the process holds. While a process imports Dagster, dbt or
Great Expectations, their modules' objects pile up and the collector walks them again and again — ≈ 0.4 s of
full collections in `mfgstats run`'s own start, ≈ 0.3 s during a dbt build — though importing leaves almost no
garbage. So: no collection while loading, then the loaded objects are frozen (moved out of the collector's
sight, for good: they are never freed before the process exits anyway) and collection resumes for the rest.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def lifelong() -> Iterator[None]:
    """What is created inside lives as long as the process: no collection meanwhile, frozen afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
