"""Apache Superset on the published warehouse, end to end, through its REST API (`make bi-test`; slow: ~1–2 min).

bi/start.sh starts Superset on 127.0.0.1 (a free port) with its state in a temporary directory; the test runs a
SQL Lab query and a chart-data query on mart_plan_progress, checks that writes are refused, that a newly
published warehouse is what the next query sees, and finally that stopping the process group leaves nothing
running. Runs with the pipeline's venv (requests, duckdb, mfgstats); Superset runs in .venv-bi.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import time
from pathlib import Path

import duckdb
import pytest
import requests

from mfgstats.serve.processes import stop_group
from mfgstats.warehouse.publish import publish

ROOT = Path(__file__).resolve().parents[2]
START = ROOT / "bi" / "start.sh"
STARTUP_SECONDS = 600  # the first start migrates Superset's metadata database; a loaded 2-core machine is slow

PROGRESS = [
    # subject, region_name, target_value, latest_value, progress_ratio, progress_verdict
    ("规上工业企业", "洛阳市", 2000.0, 1783.0, 0.62, "behind"),
    ("制造业增加值", "洛阳市", 2.8e11, 2.1e11, 0.75, "on track"),
    ("研发投入强度", "洛阳市", 3.0, 3.1, 1.03, "achieved"),
]


def _build(build: Path, rows: list[tuple]) -> None:
    with duckdb.connect(str(build)) as con:
        con.execute("DROP TABLE IF EXISTS main.mart_plan_progress")
        con.execute(
            """CREATE TABLE main.mart_plan_progress (subject VARCHAR, region_name VARCHAR, target_value DOUBLE,
               latest_value DOUBLE, progress_ratio DOUBLE, progress_verdict VARCHAR)"""
        )
        con.executemany("INSERT INTO main.mart_plan_progress VALUES (?, ?, ?, ?, ?, ?)", rows)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Superset:
    """A running bi/start.sh in its own process group, and an authenticated REST session."""

    def __init__(self, home: Path, warehouse: Path):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.password = secrets.token_urlsafe(16)
        self.log = home / "superset.log"
        env = {
            **os.environ,
            "MFGSTATS_BI_HOME": str(home / "state"),
            "MFGSTATS_BI_PORT": str(self.port),
            "MFGSTATS_BI_WAREHOUSE": str(warehouse),
            "MFGSTATS_BI_ADMIN_PASSWORD": self.password,
        }
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [str(START)], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.pgid = self.proc.pid  # start_new_session: the script leads its own group
        self.http = requests.Session()

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"bi/start.sh exited with {self.proc.returncode}:\n{self.log.read_text()[-3000:]}")
            try:
                if self.http.get(f"{self.base}/health", timeout=5).text == "OK":
                    return
            except requests.RequestException:  # refused while gunicorn binds, timeouts while its worker boots
                pass
            time.sleep(2)
        pytest.fail(f"Superset did not answer within {STARTUP_SECONDS} s:\n{self.log.read_text()[-3000:]}")

    def login(self) -> None:
        r = self.http.post(
            f"{self.base}/api/v1/security/login",
            json={"username": "admin", "password": self.password, "provider": "db", "refresh": True},
            timeout=30,
        )
        r.raise_for_status()
        self.http.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
        # SQL Lab's execute endpoint is CSRF-protected even with a token: fetch one (it is tied to the session)
        csrf = self.http.get(f"{self.base}/api/v1/security/csrf_token/", timeout=30).json()["result"]
        self.http.headers.update({"X-CSRFToken": csrf, "Referer": self.base})

    def get(self, path: str, **params) -> dict:
        r = self.http.get(f"{self.base}{path}", params=params, timeout=60)
        assert r.status_code == 200, r.text
        return r.json()

    def post(self, path: str, body: dict) -> requests.Response:
        return self.http.post(f"{self.base}{path}", json=body, timeout=120)

    def stop(self) -> list[int]:
        """SIGTERM to the whole group (gunicorn master and worker), SIGKILL if it lingers; returns survivors."""
        left = stop_group(self.pgid, steps=((signal.SIGTERM, 30.0), (signal.SIGKILL, 10.0)))
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        return left


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("warehouse")
    build, published = root / "build" / "mfgstats.duckdb", root / "mfgstats.duckdb"
    build.parent.mkdir()
    _build(build, PROGRESS)
    publish(build, published)
    return {"build": build, "published": published}


@pytest.fixture(scope="module")
def superset(warehouse, tmp_path_factory):
    server = Superset(tmp_path_factory.mktemp("superset"), warehouse["published"])
    try:
        server.wait_until_up()
        server.login()
        yield server
    finally:
        left = server.stop()
        assert not left, f"processes of bi/start.sh survived the stop: {left}"


@pytest.fixture(scope="module")
def database_id(superset) -> int:
    found = superset.get("/api/v1/database/", q="(filters:!((col:database_name,opr:eq,value:mfgstats)))")["result"]
    assert len(found) == 1, found
    return found[0]["id"]


@pytest.fixture(scope="module")
def dataset_id(superset) -> int:
    found = superset.get("/api/v1/dataset/", q="(filters:!((col:table_name,opr:eq,value:mart_plan_progress)))")
    assert found["count"] == 1, found
    return found["result"][0]["id"]


def _sql_lab(superset, database_id, sql) -> requests.Response:
    return superset.post(
        "/api/v1/sqllab/execute/", {"database_id": database_id, "sql": sql, "schema": "main", "runAsync": False}
    )


def _chart_data(superset, dataset_id) -> list[dict]:
    body = {
        "datasource": {"id": dataset_id, "type": "table"},
        "queries": [
            {
                "columns": ["progress_verdict"],
                "metrics": [
                    {
                        "expressionType": "SIMPLE",
                        "column": {"column_name": "target_value"},
                        "aggregate": "COUNT",
                        "label": "targets",
                    }
                ],
                "orderby": [["targets", False]],
                "row_limit": 100,
            }
        ],
        "result_format": "json",
        "result_type": "full",
    }
    r = superset.post("/api/v1/chart/data", body)
    assert r.status_code == 200, r.text
    result = r.json()["result"][0]
    assert result["status"] == "success", result
    assert "mart_plan_progress" in result["query"]
    return result["data"]


def test_the_warehouse_is_registered_read_only(superset, database_id, warehouse):
    connection = superset.get(f"/api/v1/database/{database_id}/connection")["result"]
    assert connection["backend"] == "duckdb"
    assert connection["sqlalchemy_uri"] == f"duckdb:///{warehouse['published']}"
    assert json.loads(connection["extra"])["engine_params"]["connect_args"] == {"read_only": True}
    assert (connection["allow_dml"], connection["allow_file_upload"], connection["expose_in_sqllab"]) == (
        False,
        False,
        True,
    )


def test_sql_lab_query_on_mart_plan_progress(superset, database_id):
    r = _sql_lab(
        superset,
        database_id,
        "SELECT subject, target_value, progress_verdict FROM mart_plan_progress ORDER BY progress_ratio DESC",
    )
    assert r.status_code == 200, r.text
    payload = r.json()
    assert payload["status"] == "success"
    assert [(row["subject"], row["progress_verdict"]) for row in payload["data"]] == [
        ("研发投入强度", "achieved"),
        ("制造业增加值", "on track"),
        ("规上工业企业", "behind"),
    ]
    assert payload["data"][1]["target_value"] == 2.8e11


def test_sql_lab_refuses_writes(superset, database_id, warehouse):
    r = _sql_lab(superset, database_id, "DELETE FROM mart_plan_progress")
    assert r.status_code >= 400
    assert r.json()["errors"][0]["error_type"] == "DML_NOT_ALLOWED_ERROR"
    with duckdb.connect(str(warehouse["published"]), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM mart_plan_progress").fetchone()[0] == len(PROGRESS)


def test_dataset_columns_are_reflected(superset, dataset_id):
    columns = {c["column_name"]: c["type"] for c in superset.get(f"/api/v1/dataset/{dataset_id}")["result"]["columns"]}
    assert set(columns) == {"subject", "region_name", "target_value", "latest_value", "progress_ratio",
                            "progress_verdict"}  # fmt: skip
    assert columns["target_value"] in ("FLOAT", "DOUBLE")  # duckdb-engine reflects DOUBLE as FLOAT
    assert columns["subject"] == "VARCHAR"


def test_chart_data_query_on_mart_plan_progress(superset, dataset_id):
    data = _chart_data(superset, dataset_id)
    assert sorted((row["progress_verdict"], row["targets"]) for row in data) == [
        ("achieved", 1),
        ("behind", 1),
        ("on track", 1),
    ]


def test_a_new_publish_is_what_the_next_query_sees(superset, database_id, dataset_id, warehouse):
    """The pipeline rebuilds and publishes while Superset runs: no lock conflict, and the next query (a new
    read-only DuckDB connection) reads the new snapshot."""
    _build(warehouse["build"], [*PROGRESS, ("单位工业增加值能耗", "洛阳市", -13.5, -10.0, 0.74, "behind")])
    publish(warehouse["build"], warehouse["published"])
    r = _sql_lab(superset, database_id, "SELECT count(*) AS n FROM mart_plan_progress")
    assert r.status_code == 200, r.text
    assert r.json()["data"] == [{"n": len(PROGRESS) + 1}]
    assert dict((row["progress_verdict"], row["targets"]) for row in _chart_data(superset, dataset_id))["behind"] == 2
