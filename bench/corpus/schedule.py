"""Which releases a corpus of N documents holds: a fixed, shuffled order of every release the world can have,
so the corpus of N + 1 documents is the corpus of N plus one release (the incremental benchmark's new file)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from itertools import count, islice

from corpus.releases import PLANS, Release
from corpus.world import FIRST_YEAR, LAST_YEAR, Region

SEED = 20261124
LAST_MONTH_OF_RUNNING_YEAR = 9  # monthly releases of LAST_YEAR + 1 published up to October


def _core(regions: list[Region]) -> list[Release]:
    by_code = {r.code: r for r in regions}
    children = {r.code: tuple(c for c in regions if c.parent == r.code) for r in regions}
    out: list[Release] = []
    for region in regions:
        parent = by_code.get(region.parent or "")
        kids = children[region.code]
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            out.append(Release("bulletin", region, year, parent=parent))
            out.append(Release("table", region, year, children=kids))
            out.extend(Release("monthly", region, year, month=m, parent=parent) for m in range(2, 12))
            out.extend(Release("article", region, year, variant=v) for v in range(2))
        out.extend(
            Release("monthly", region, LAST_YEAR + 1, month=m, parent=parent)
            for m in range(2, LAST_MONTH_OF_RUNNING_YEAR + 1)
        )
        out.extend(Release("plan", region, first, plan=name) for name, first in PLANS.items() if first > FIRST_YEAR)
    random.Random(SEED).shuffle(out)
    return out


def releases(regions: list[Region]) -> Iterator[Release]:
    """Every release in corpus order: the core set, then as many further articles as asked for."""
    yield from _core(regions)
    rng = random.Random(SEED + 1)
    for variant in count(2):
        for region in rng.sample(regions, len(regions)):
            yield Release("article", region, rng.randint(FIRST_YEAR, LAST_YEAR), variant=variant)


def corpus(regions: list[Region], n: int) -> list[Release]:
    return list(islice(releases(regions), n))
