"""`python -m mfgstats.regions regenerate` writes dbt_project/seeds/regions.csv from the pinned package and the
supplement; `python -m mfgstats.regions check` exits 1 when the committed seed differs from what they yield."""

from __future__ import annotations

import sys

from mfgstats.config import settings
from mfgstats.regions.generate import RegionSourceError, build, render


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("regenerate", "check"):
        print("usage: python -m mfgstats.regions regenerate|check", file=sys.stderr)
        return 2
    target = settings().seeds_dir / "regions.csv"
    try:
        text = render(build())
    except RegionSourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if argv[0] == "regenerate":
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target} ({text.count(chr(10)) - 1} regions)")
        return 0
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        print(f"{target} differs from what the pinned package yields; run `python -m mfgstats.regions regenerate`")
        return 1
    print(f"{target} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
