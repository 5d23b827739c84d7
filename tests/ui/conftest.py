"""A running `mfgstats ui` (dagster dev: webserver, daemon, code server) on 127.0.0.1 with a free port and a
temporary DAGSTER_HOME, raw and warehouse directories; stopped as a whole process group afterwards."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest
import requests

from mfgstats.serve.processes import stop_group

STARTUP_SECONDS = 300
LOCATION = "pipelines.definitions"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class GraphQLError(AssertionError):
    pass


@dataclass
class DagsterUI:
    proc: subprocess.Popen
    port: int
    raw_dir: Path
    warehouse_dir: Path
    home: Path
    log: Path

    # the selector of the code location's repository (a Definitions object is served as "__repository__")
    repository: ClassVar[dict[str, str]] = {"repositoryLocationName": LOCATION, "repositoryName": "__repository__"}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def gql(self, query: str, **variables) -> dict:
        r = requests.post(f"{self.url}/graphql", json={"query": query, "variables": variables}, timeout=120)
        r.raise_for_status()
        payload = r.json()
        if payload.get("errors"):
            raise GraphQLError(payload["errors"])
        return payload["data"]

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def wait_until_loaded(self) -> None:
        """Up when the webserver answers and the code location loaded without error."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"mfgstats ui exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                entries = self.gql(
                    """{ workspaceOrError { ... on Workspace { locationEntries { name loadStatus
                         locationOrLoadError { __typename ... on PythonError { message } } } } } }"""
                )["workspaceOrError"]["locationEntries"]
            except (requests.RequestException, GraphQLError, KeyError):
                entries = []
            loaded = [e for e in entries if e["name"] == LOCATION and e["loadStatus"] == "LOADED"]
            if loaded:
                location = loaded[0]["locationOrLoadError"]
                if location["__typename"] == "PythonError":
                    pytest.fail(f"the code location failed to load: {location['message']}\n{self.log_tail()}")
                return
            time.sleep(2)
        pytest.fail(f"the Dagster UI did not load within {STARTUP_SECONDS} s:\n{self.log_tail()}")

    def stop(self) -> list[int]:
        """Stop the whole process group (SIGINT, dagster dev's own shutdown, then SIGTERM, then SIGKILL);
        returns the pids still alive (none expected)."""
        left = stop_group(self.proc.pid)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        return left


@pytest.fixture(scope="module")
def dagster_ui(tmp_path_factory):
    root = tmp_path_factory.mktemp("dagster_ui")
    raw, warehouse, home = root / "raw", root / "warehouse", root / "dagster_home"
    raw.mkdir()  # empty: nothing runs until the test launches it
    venv_bin = Path(sys.executable).parent
    env = {
        **os.environ,
        "MFGSTATS_RAW_DIR": str(raw),
        "MFGSTATS_WAREHOUSE_DIR": str(warehouse),
        "DAGSTER_HOME": str(home),
        # no reviewed corrections either (the repository's data/corrections/ would make the sensor build)
        "MFGSTATS_CORRECTIONS_DIR": str(root / "corrections"),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        # as in an activated venv: dagster-dbt's prepare_if_dev() looks for `dbt` on PATH
        "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    port = free_port()
    log = root / "dagster.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(venv_bin / "mfgstats"), "ui", "--port", str(port)],
            env=env,
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so the stop reaches every child
        )
    ui = DagsterUI(proc, port, raw, warehouse, home, log)
    try:
        ui.wait_until_loaded()
        yield ui
    finally:
        left = ui.stop()
        assert not left, f"processes of `mfgstats ui` survived the stop: {left}"
