"""Apache Superset on the published warehouse, end to end, through its REST API (`make bi-test`; slow: ~2–4 min).

The warehouse is the real one: `mfgstats run` on copies of the four seed documents in a temporary directory.
bi/start.sh starts Superset on 127.0.0.1 (a free port) with its state in a temporary directory; the test runs a
SQL Lab query and a chart-data query on mart_plan_progress and compares them with the same queries run directly
on the published DuckDB file, checks that writes and the SQL attack list (tests/serve/sql_attacks.py: file reads and
writes, settings, ATTACH, INSTALL/LOAD, runaway queries) are refused while a view and a table macro work, that a
new release published by a second `mfgstats
run` while Superset runs is what the next query sees, and finally that stopping the process group leaves nothing
running. Runs with the pipeline's venv (requests, duckdb, mfgstats); Superset runs in .venv-bi.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
import requests

from mfgstats.serve import sandbox
from mfgstats.serve.processes import stop_group

ROOT = Path(__file__).resolve().parents[2]
START = ROOT / "bi" / "start.sh"
SEEDS = sorted((ROOT / "data" / "raw").glob("*.txt"))
STARTUP_SECONDS = 600  # the first start migrates Superset's metadata database; a loaded 2-core machine is slow
# Limits small enough that the attack list's runaway queries stop within seconds.
LIMITS = {sandbox.TIMEOUT_VAR: "5", sandbox.MEMORY_VAR: "512MB"}


def _attacks():
    """tests/serve/sql_attacks.py, imported by path (the tests folders are not packages)."""
    spec = importlib.util.spec_from_file_location("sql_attacks", ROOT / "tests" / "serve" / "sql_attacks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# A later release, dropped in while Superset runs: one more 2025 target.
NEW_RELEASE = "到2025年，洛阳市新材料产业营业收入力争突破3000亿元。\n"
NEW_RELEASE_META = """title: 洛阳市新材料产业发展目标
publisher: 洛阳市工业和信息化局
published: 2026-01-10
region: 洛阳市
type: article
"""


def _run_pipeline(env: dict[str, str]) -> None:
    mfgstats = Path(sys.executable).parent / "mfgstats"
    done = subprocess.run([str(mfgstats), "run"], env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr


def _direct(published: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(published), read_only=True) as con:
        return con.execute(sql).fetchall()


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
            **LIMITS,
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
def warehouse(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("warehouse")
    raw = root / "raw"
    raw.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, raw / seed.name)
        shutil.copy(seed.with_name(seed.name + ".meta.yaml"), raw / (seed.name + ".meta.yaml"))
    env = {
        **os.environ,
        "MFGSTATS_RAW_DIR": str(raw),
        "MFGSTATS_WAREHOUSE_DIR": str(root / "warehouse"),
        "DAGSTER_HOME": str(root / "dagster_home"),
    }
    _run_pipeline(env)
    return {"published": root / "warehouse" / "mfgstats.duckdb", "raw": raw, "env": env}


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
    with pytest.MonkeyPatch.context() as env:
        for name, value in LIMITS.items():
            env.setenv(name, value)
        sealed = sandbox.reader_config()
    assert json.loads(connection["extra"])["engine_params"]["connect_args"] == {"read_only": True, "config": sealed}
    assert (sealed["enable_external_access"], sealed["lock_configuration"], sealed["memory_limit"]) == (
        False,
        True,
        "512MB",
    )
    assert (connection["allow_dml"], connection["allow_file_upload"], connection["expose_in_sqllab"]) == (
        False,
        False,
        True,
    )


PROGRESS_SQL = (
    "SELECT subject, region_name, target_value, progress_verdict FROM mart_plan_progress"
    " WHERE target_stated LIKE '%5000%亿%' ORDER BY target_observation_id"
)


def test_sql_lab_query_on_mart_plan_progress(superset, database_id, warehouse):
    r = _sql_lab(superset, database_id, PROGRESS_SQL)
    assert r.status_code == 200, r.text
    payload = r.json()
    assert payload["status"] == "success"
    keys = ("subject", "region_name", "target_value", "progress_verdict")
    rows = [tuple(row[k] for k in keys) for row in payload["data"]]
    assert rows == _direct(warehouse["published"], PROGRESS_SQL)
    # the plan's 2025 target of 先进装备制造, 5000 亿元 (target_value is in the target's stated unit)
    assert any("先进装备制造" in subject and value == 5000 for subject, _, value, _ in rows), rows


def test_sql_lab_refuses_writes(superset, database_id, warehouse):
    before = _direct(warehouse["published"], "SELECT count(*) FROM mart_plan_progress")
    r = _sql_lab(superset, database_id, "DELETE FROM mart_plan_progress")
    assert r.status_code >= 400
    assert r.json()["errors"][0]["error_type"] == "DML_NOT_ALLOWED_ERROR"
    assert _direct(warehouse["published"], "SELECT count(*) FROM mart_plan_progress") == before != [(0,)]


def _error(response: requests.Response) -> str:
    body = response.json()
    return " ".join(e.get("message", "") for e in body.get("errors", [])) or body.get("message", "") or response.text


def test_sql_lab_refuses_the_attack_list(superset, database_id, warehouse, tmp_path_factory):
    attacks = _attacks()
    tmp = attacks.scratch(tmp_path_factory.mktemp("attacks"))
    successes, answers = [], {}
    for name, sql in attacks.ATTACKS.items():
        started = time.monotonic()
        r = _sql_lab(superset, database_id, sql.format(tmp=tmp))
        answers[name] = (r.status_code, _error(r) if r.status_code != 200 else "", round(time.monotonic() - started))
        if r.status_code == 200 and r.json().get("status") == "success":
            successes.append(name)
    assert successes == [], answers
    assert attacks.left_behind(tmp) == []
    # every refusal says why: DuckDB's sealed connection, the deadline, or Superset itself (its DML check, or its
    # parser, which refuses what it cannot read while DML is off: EXPORT DATABASE)
    said = attacks.REFUSAL + "|not allow|DML|Error parsing"
    unclear = {n: a for n, a in answers.items() if not re.search(said, a[1], re.I)}
    assert unclear == {}
    for name in attacks.RUNAWAY:
        assert answers[name][2] < 60, answers[name]  # stopped at the 5 s deadline or the memory limit
    stopped = _sql_lab(superset, database_id, "SELECT sum(range % 7) FROM range(100000000000000)")
    assert stopped.status_code != 200 and f"ran longer than 5 s and was stopped ({sandbox.TIMEOUT_VAR}" in _error(
        stopped
    )


def test_sql_lab_reads_a_view_and_a_table_macro(superset, database_id, warehouse):
    for sql in (
        "SELECT count(*) AS n FROM fct_indicator_observation",
        "SELECT count(*) AS n FROM observations_as_of(current_date)",  # the table macro dbt stores
    ):
        r = _sql_lab(superset, database_id, sql)
        assert r.status_code == 200 and r.json()["status"] == "success", r.text
        assert r.json()["data"] == [{"n": _direct(warehouse["published"], sql)[0][0]}]
    assert _direct(warehouse["published"], "SELECT count(*) FROM observations_as_of(current_date)")[0][0] > 0


def test_dataset_columns_are_reflected(superset, dataset_id, warehouse):
    columns = {c["column_name"]: c["type"] for c in superset.get(f"/api/v1/dataset/{dataset_id}")["result"]["columns"]}
    described = _direct(warehouse["published"], "SELECT column_name FROM (DESCRIBE mart_plan_progress)")
    assert set(columns) == {name for (name,) in described}
    assert columns["target_value"] in ("FLOAT", "DOUBLE")  # duckdb-engine reflects DOUBLE as FLOAT
    assert columns["subject"] == "VARCHAR"


VERDICTS_SQL = "SELECT progress_verdict, count(target_value) FROM mart_plan_progress GROUP BY ALL"


def by_verdict(row: tuple) -> tuple:  # targets that are not policy targets have no verdict (NULL)
    return (row[0] or "", row[1])


def test_chart_data_query_on_mart_plan_progress(superset, dataset_id, warehouse):
    data = _chart_data(superset, dataset_id)

    assert sorted(((row["progress_verdict"], row["targets"]) for row in data), key=by_verdict) == sorted(
        _direct(warehouse["published"], VERDICTS_SQL), key=by_verdict
    )
    assert len(data) >= 2  # the seeds' targets are in more than one state


def test_a_new_publish_is_what_the_next_query_sees(superset, database_id, dataset_id, warehouse):
    """A new release is ingested, built and published by `mfgstats run` while Superset runs: no lock conflict,
    and the next query (a new read-only DuckDB connection) reads the new snapshot."""
    count_sql = "SELECT count(*) AS n FROM mart_plan_progress"
    (before,) = _direct(warehouse["published"], count_sql)[0]
    (warehouse["raw"] / "new_release.txt").write_text(NEW_RELEASE, encoding="utf-8")
    (warehouse["raw"] / "new_release.txt.meta.yaml").write_text(NEW_RELEASE_META, encoding="utf-8")
    _run_pipeline(warehouse["env"])
    r = _sql_lab(superset, database_id, count_sql)
    assert r.status_code == 200, r.text
    assert r.json()["data"] == [{"n": before + 1}]
    new_sql = "SELECT target_value FROM mart_plan_progress WHERE publisher = '洛阳市工业和信息化局'"
    r = _sql_lab(superset, database_id, new_sql)
    assert r.json()["data"] == [{"target_value": 3000}]  # 3000 亿元, in the target's stated unit
    chart = sorted(
        ((row["progress_verdict"], row["targets"]) for row in _chart_data(superset, dataset_id)), key=by_verdict
    )
    assert chart == sorted(_direct(warehouse["published"], VERDICTS_SQL), key=by_verdict)
