"""Two `mfgstats run` at once, as real processes on one deployment: one builds, the other waits for it and says
for which run, then runs itself; both succeed and the warehouse is right. A third that will not wait (`--wait 0`)
exits 75 naming the run that holds the warehouse — never a traceback, never a summary of nothing."""

from __future__ import annotations

import re
import time

import pytest
from runtools import Deployment, dagster_instance, seed_documents, unfinished_runs

from mfgstats.warehouse.runlock import read_holder

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _summary_number(output: str, label: str) -> int:
    found = re.search(rf"{label}\s*: (\d+)", output)
    assert found, f"no '{label}' in the summary:\n{output}"
    return int(found.group(1))


def test_two_runs_at_once_one_waits_both_succeed_and_the_warehouse_is_right(tmp_path):
    deployment = Deployment(tmp_path / "d")
    seed_documents(deployment.raw)
    first = deployment.start("run", log="first")
    second = deployment.start("run", log="second")  # at the same moment: whichever locks first builds

    deadline = time.monotonic() + 300
    while (holder := read_holder(deployment.warehouse)) is None and time.monotonic() < deadline:
        assert first.poll() is None or second.poll() is None, deployment.output("first") + deployment.output("second")
        time.sleep(0.05)
    assert holder is not None, "neither run took the warehouse's lock"
    assert holder.pid in (first.pid, second.pid) and holder.command == "mfgstats run"

    # A third run that will not wait is refused at once, naming the holder.
    code, refused = deployment.run("run", "--wait", "0", log="third")
    assert code == 75, refused
    assert f"pid {holder.pid}" in refused and "is being built by" in refused, refused
    assert "Traceback" not in refused and "summary" not in refused, refused

    assert first.wait(timeout=900) == 0, deployment.output("first")
    assert second.wait(timeout=900) == 0, deployment.output("second")
    outputs = {first.pid: deployment.output("first"), second.pid: deployment.output("second")}
    waiter = second.pid if holder.pid == first.pid else first.pid
    builder_out, waiter_out = outputs[holder.pid], outputs[waiter]
    assert "waiting for " in waiter_out and f"pid {holder.pid}" in waiter_out, waiter_out
    assert "waiting for" not in builder_out, builder_out
    for output in outputs.values():
        assert "Traceback" not in output and "run_results.json" not in output, output
        assert _summary_number(output, "documents in warehouse") == len(list(deployment.raw.glob("*.txt")))
    assert _summary_number(builder_out, "files processed this run") == 4
    assert _summary_number(waiter_out, "files processed this run") == 0  # the builder ingested them all

    counts = deployment.published_counts()
    assert counts["dim_source"] == 4
    assert counts["fct_observation"] == counts["raw.facts"] == _summary_number(builder_out, "facts extracted") > 0
    assert read_holder(deployment.warehouse) is None
    with dagster_instance(deployment) as instance:
        assert unfinished_runs(instance) == []
        statuses = [r.status.value for r in instance.get_runs()]
    assert statuses and set(statuses) == {"SUCCESS"}, statuses
