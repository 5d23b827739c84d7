"""The speed-ups resting on private internals live in one module behind one switch, for the versions they were
measured on; with the switch off the pipeline is configured with public API only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from mfgstats.config import PROJECT_ROOT
from mfgstats.orchestration import instance, speedups_switch

PRIVATE = re.compile(r"dagster\._|_cli_version|_initialize_dbt|atexit\._")
ALLOWED = PROJECT_ROOT / "src" / "mfgstats" / "orchestration" / "private_speedups.py"


def test_the_pinned_versions_are_installed():
    """An upgrade of dagster or dagster-dbt fails here: measure again (bench/private_speedups.py) and either
    re-pin private_speedups.PINNED or drop what no longer pays, or no longer works."""
    from mfgstats.orchestration.private_speedups import PINNED

    assert {name: version(name) for name in PINNED} == PINNED


def test_only_the_one_module_touches_private_internals():
    found = {
        str(path.relative_to(PROJECT_ROOT))
        for root in ("src", "pipelines")
        for path in (PROJECT_ROOT / root).rglob("*.py")
        if PRIVATE.search(path.read_text(encoding="utf-8"))
    }
    assert found == {str(ALLOWED.relative_to(PROJECT_ROOT))}


@pytest.mark.parametrize(("value", "on"), [(None, True), ("1", True), ("0", False), ("off", False), ("no", False)])
def test_the_switch(monkeypatch, value, on):
    if value is None:
        monkeypatch.delenv(speedups_switch.SWITCH, raising=False)
    else:
        monkeypatch.setenv(speedups_switch.SWITCH, value)
    assert speedups_switch.enabled() is on


def test_the_dagster_yaml_follows_the_switch_either_way(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    config = tmp_path / "dagster.yaml"
    stock, pooled = instance.STOCK_DAGSTER_YAML, instance.DAGSTER_YAML
    for value, expected in [("0", stock), ("1", pooled), ("0", stock)]:
        monkeypatch.setenv(speedups_switch.SWITCH, value)
        instance.dagster_home()
        assert config.read_text(encoding="utf-8") == expected
    assert "event_log_storage" not in instance.STOCK_DAGSTER_YAML
    assert "mfgstats.orchestration.private_speedups" in instance.DAGSTER_YAML


@pytest.mark.parametrize(("value", "resource"), [("1", "WarmDbtCliResource"), ("0", "DbtCliResource")])
def test_the_dbt_resource_follows_the_switch(value, resource):
    """Off: dagster-dbt's own resource on this venv's dbt, without private overrides or warm dbt."""
    probe = (
        "import sys\n"
        "from pipelines.resources import dbt_resource\n"
        "r = dbt_resource()\n"
        "print(type(r).__name__, r.dbt_executable, r.global_config_flags)\n"
    )
    env = {**os.environ, speedups_switch.SWITCH: value}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    name, executable, flags = done.stdout.strip().split("\n")[-1].split(" ", 2)
    assert name == resource
    if value == "0":
        assert Path(executable) == Path(sys.executable).parent / "dbt"
        assert flags == "[]"
    else:
        assert "mfgstats.orchestration.warm_dbt" in flags
