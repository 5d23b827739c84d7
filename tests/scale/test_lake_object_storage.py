"""The lake's data on object storage, for real: an S3-compatible server of the test's own (moto's, on 127.0.0.1),
`mfgstats run` on the four seeds with MFGSTATS_LAKE_DATA=s3://bucket/lake/ and a local SQLite catalog. The Parquet
files land in the bucket and nowhere on the local disk; `mfgstats sql` reads the published snapshot read-only,
refuses a write, and reads nothing of the bucket outside the lake's prefix."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from mfgstats import lake
from mfgstats.config import PROJECT_ROOT

VENV_BIN = Path(sys.executable).parent
SEEDS = sorted((PROJECT_ROOT / "data" / "raw").glob("*.txt"))
BUCKET = "mfgstats"
S3 = "{http://s3.amazonaws.com/doc/2006-03-01/}"


@dataclass(frozen=True)
class Deployment:
    root: Path
    env: dict[str, str]
    endpoint: str
    first_run: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def s3_request(endpoint: str, method: str, path: str, body: bytes | None = None) -> bytes:
    """A plain HTTP request to the server: moto checks no signatures, so the test needs no S3 client."""
    with urllib.request.urlopen(urllib.request.Request(f"{endpoint}/{path}", data=body, method=method)) as answer:
        return answer.read()


def bucket_keys(endpoint: str) -> list[str]:
    keys, token = [], ""
    while True:
        query = "?list-type=2" + (f"&continuation-token={urllib.request.quote(token)}" if token else "")
        listing = ET.fromstring(s3_request(endpoint, "GET", BUCKET + query))
        keys += [key.text for key in listing.iter(f"{S3}Key")]
        token = listing.findtext(f"{S3}NextContinuationToken") or ""
        if not token:
            return keys


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen(
        [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, "moto's S3 server exited at start"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "moto's S3 server did not start listening"
                time.sleep(0.1)
        s3_request(endpoint, "PUT", BUCKET)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=30)


def mfgstats(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "mfgstats"), *args], env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def deployment(seed_deployment, s3_server) -> Deployment:
    made = seed_deployment("lake_s3")
    env = {
        **made.env,
        "MFGSTATS_TARGET": "ducklake",
        "MFGSTATS_LAKE_CATALOG": f"sqlite:{made.root / 'lake' / 'catalog.sqlite'}",
        "MFGSTATS_LAKE_DATA": f"s3://{BUCKET}/lake/",
        "MFGSTATS_S3_ENDPOINT": s3_server,
        "MFGSTATS_S3_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    env.pop("AWS_SESSION_TOKEN", None)
    done = mfgstats(env, "run")
    if done.returncode != 0:
        pytest.fail(f"`mfgstats run` into the lake on S3 failed:\n{done.stdout[-6000:]}\n{done.stderr[-3000:]}")
    return Deployment(made.root, env, s3_server, done.stdout)


def sql(env: dict[str, str], query: str) -> list[dict]:
    done = mfgstats(env, "sql", "--json", query)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.slow
def test_the_lake_is_written_to_the_bucket_and_nothing_to_the_local_disk(deployment):
    assert ", 0 failed" in deployment.first_run
    published = next(line for line in deployment.first_run.splitlines() if "published warehouse" in line)
    assert " snapshot " in published
    keys = bucket_keys(deployment.endpoint)
    parquet = [key for key in keys if key.endswith(".parquet")]
    assert parquet and all(key.startswith("lake/") for key in keys)
    # raw tables written by the pipeline, marts written by dbt through its profile's plugin
    assert any(key.startswith("lake/raw/facts/") for key in parquet), keys
    assert any(key.startswith("lake/main/fct_observation/") for key in parquet), keys
    assert not list(deployment.root.rglob("*.parquet")), "a Parquet file was written to the local disk"
    assert not (deployment.root / "warehouse" / "lake" / "data").exists()  # the default local data folder
    assert not (deployment.root / "warehouse" / "build").exists()


@pytest.mark.slow
def test_sql_reads_the_published_snapshot_from_the_bucket_read_only(deployment):
    (row,) = sql(
        deployment.env,
        """SELECT (SELECT count(*) FROM raw.facts) AS facts, (SELECT count(*) FROM fct_observation) AS observations,
                  (SELECT count(*) FROM dim_source) AS sources""",
    )
    assert row["facts"] > 100 and row["observations"] == row["facts"] and row["sources"] == len(SEEDS)
    done = mfgstats(deployment.env, "status", "--json")
    assert done.returncode == 0, done.stderr
    assert " snapshot " in json.loads(done.stdout)["warehouse"]

    before = bucket_keys(deployment.endpoint)
    refused = mfgstats(deployment.env, "sql", "DELETE FROM raw.facts")
    assert refused.returncode == 1 and "read-only" in refused.stderr
    refused = mfgstats(deployment.env, "sql", f"COPY (SELECT 1) TO 's3://{BUCKET}/lake/copied.csv'")
    assert refused.returncode == 1 and "COPY" in refused.stderr
    assert bucket_keys(deployment.endpoint) == before
    assert sql(deployment.env, "SELECT count(*) AS n FROM raw.facts")[0]["n"] == row["facts"]


@pytest.mark.slow
def test_a_reader_reaches_the_lakes_prefix_only(deployment):
    s3_request(deployment.endpoint, "PUT", f"{BUCKET}/elsewhere/secret.txt", b"not the lake's")
    outside = mfgstats(deployment.env, "sql", f"SELECT content FROM read_text('s3://{BUCKET}/elsewhere/secret.txt')")
    assert outside.returncode == 1 and "not the lake's" not in outside.stdout
    assert "Cannot access file" in outside.stderr, outside.stderr


@pytest.mark.slow
def test_a_reader_on_another_machine_needs_the_s3_settings_and_says_which(deployment, tmp_path):
    """A reader with a warehouse folder of its own (so httpfs is not installed yet) and the catalog."""
    reader = {**deployment.env, "MFGSTATS_WAREHOUSE_DIR": str(tmp_path / "reader")}
    no_data = {k: v for k, v in reader.items() if k != "MFGSTATS_LAKE_DATA"}
    done = mfgstats(no_data, "sql", "SELECT 1")
    assert done.returncode == 1 and "MFGSTATS_LAKE_DATA" in done.stderr and "s3://" in done.stderr, done.stderr
    no_key = {k: v for k, v in reader.items() if k not in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    done = mfgstats(no_key, "sql", "SELECT 1")
    assert done.returncode == 1 and "AWS_ACCESS_KEY_ID" in done.stderr and f"s3://{BUCKET}/lake/" in done.stderr
    assert sql(reader, "SELECT count(*) AS n FROM dim_source")[0]["n"] == len(SEEDS)  # httpfs from its package


def test_the_secret_follows_the_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("MFGSTATS_WAREHOUSE_DIR", str(tmp_path))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "reader")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s3cr3t")
    monkeypatch.setenv("MFGSTATS_S3_ENDPOINT", "http://127.0.0.1:9000/")
    monkeypatch.setenv("MFGSTATS_S3_REGION", "eu-central-1")
    with duckdb.connect() as con:
        lake.open_object_store(con, "s3://b/lake/")
        ((scope, text),) = con.execute("SELECT scope, secret_string FROM duckdb_secrets()").fetchall()
    assert scope == ["s3://b/lake/"]
    fields = dict(item.split("=", 1) for item in text.split(";"))
    assert fields["endpoint"] == "127.0.0.1:9000" and fields["url_style"] == "path" and fields["use_ssl"] == "false"
    assert fields["region"] == "eu-central-1" and fields["key_id"] == "reader" and fields["secret"] == "redacted"

    monkeypatch.setenv("MFGSTATS_S3_ENDPOINT", "ftp://127.0.0.1:9000")
    with duckdb.connect() as con, pytest.raises(lake.LakeConfigError, match="MFGSTATS_S3_ENDPOINT"):
        lake.open_object_store(con, "s3://b/lake/")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with duckdb.connect() as con, pytest.raises(lake.LakeConfigError, match="AWS_SECRET_ACCESS_KEY"):
        lake.open_object_store(con, "s3://b/lake/")
    with duckdb.connect() as con:
        lake.open_object_store(con, str(tmp_path / "data"))  # a folder: nothing to set up
        assert con.execute("SELECT count(*) FROM duckdb_secrets()").fetchone()[0] == 0
