"""What listing the incremental selector's models costs (mfgstats.orchestration.manifest.selector_models): one
`dbt ls --selector changed_data` after the dbt project changed, then the listing kept beside the manifest.

usage: .venv/bin/python bench/selector_listing.py [--rounds 2]

Prints, per round, the wall and CPU seconds of dbt ls (a child process: CPU from the children's rusage) with the
kept listing removed, then the time to read the kept listing.
"""

from __future__ import annotations

import argparse
import resource
import time

from mfgstats.config import settings
from mfgstats.orchestration.manifest import ensure_manifest, manifest_path, selector_models


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    rounds = parser.parse_args().rounds
    project = settings().dbt_project_dir
    ensure_manifest()  # dbt's partial-parse file is there, as after any run
    for _ in range(rounds):
        manifest_path(project).with_name("selector-changed_data.json").unlink(missing_ok=True)
        cpu, started = children_cpu(), time.perf_counter()
        models = selector_models(project)
        listed, cpu = time.perf_counter(), children_cpu() - cpu
        selector_models(project)
        kept = time.perf_counter() - listed
        print(
            f"{len(models)} models: dbt ls {listed - started:.1f} s wall, {cpu:.1f} s CPU; "
            f"kept listing {1000 * kept:.1f} ms"
        )


if __name__ == "__main__":
    main()
