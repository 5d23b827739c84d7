"""Load time of the Dagster UI's asset pages in headless Chromium, against a benchmark deployment's Dagster home.

usage: .venv/bin/python bench/ui_pages.py [ROOT] [--repeat 3] [--port 3917] [--pages raw_documents ...]

ROOT is a deployment bench/cold_build.py left (default: the largest under /tmp/mfgstats-bench). Starts
`dagster-webserver` (no daemon: nothing runs on the deployment) on 127.0.0.1 with the deployment's
DAGSTER_HOME, raw directory and warehouse, then headless Chromium over the DevTools protocol opens each page
--repeat times (the first load of each page apart: it pays for the webserver's first queries) and reports when
the page was loaded: the answer of the last distinct GraphQL query the page asked for (the live queries it polls
again every few seconds count once), with the page's text naming the asset. Target: the asset page in ≤ 3 s.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from websockets.sync.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scenario import Scenario

QUIET_S = 2.0  # no new GraphQL query for this long, none in flight: the page has asked for all it shows
PAGE_TIMEOUT_S = 120
PAGES = {
    "asset page raw_documents": "/assets/raw_documents",
    "partitions of raw_documents": "/assets/raw_documents?view=partitions",
    "asset page fct_observation": "/assets/fct_observation",
}


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"{proc.args[0]} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer in {timeout:.0f} s")


class Page:
    """One Chromium tab over the DevTools protocol: navigate, and follow the page's GraphQL queries."""

    def __init__(self, ws_url: str) -> None:
        self.ws = connect(ws_url, max_size=None, open_timeout=30).__enter__()  # closed with Chromium
        self.next_id = 0
        self.ops: dict[str, str] = {}  # request id → GraphQL operation, for each operation's first request
        self.in_flight: set[str] = set()
        self.last_activity = 0.0
        self.call("Page.enable")
        self.call("Network.enable")

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=PAGE_TIMEOUT_S))
            if message.get("id") == self.next_id:
                return message.get("result", {})
            self._event(message)

    def _event(self, message: dict) -> None:
        """Only each operation's first request counts: the UI polls its live queries again every few seconds."""
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            op = url.split("?op=")[-1] if "/graphql" in url else None
            if op is None or op in self.ops.values():
                return
            self.ops[params["requestId"]] = op
            self.in_flight.add(params["requestId"])
        elif method in ("Network.loadingFinished", "Network.loadingFailed") and params["requestId"] in self.in_flight:
            self.in_flight.discard(params["requestId"])
        else:
            return
        self.last_activity = time.perf_counter()

    def load(self, url: str, expect: str) -> tuple[float, int]:
        """Seconds from navigation to the answer of the last query the page asked for, with `expect` shown, once
        no new query started for QUIET_S; and how many distinct queries it asked."""
        self.ops.clear()
        self.in_flight.clear()
        start = self.last_activity = time.perf_counter()
        self.call("Page.navigate", url=url)
        deadline = start + PAGE_TIMEOUT_S
        while time.perf_counter() < deadline:
            with contextlib.suppress(TimeoutError):
                self._event(json.loads(self.ws.recv(timeout=0.1)))
            if self.ops and not self.in_flight and time.perf_counter() - self.last_activity >= QUIET_S:
                loaded = self.last_activity - start
                text = self.call("Runtime.evaluate", expression="document.body.innerText", returnByValue=True)
                if expect in text.get("result", {}).get("value", ""):
                    return loaded, len(self.ops)
        raise TimeoutError(
            f"{url} not loaded in {PAGE_TIMEOUT_S} s; waiting for {sorted(self.ops[r] for r in self.in_flight)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--port", type=int, default=3917)
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"))
    args = parser.parse_args()
    if args.chromium is None:
        raise SystemExit("no Chromium: `apt-get install chromium`")
    root = args.root or max(Path("/tmp/mfgstats-bench").glob("n*"), key=lambda p: int(p.name[1:]))
    scenario = Scenario(root)
    from mfgstats.orchestration.code_location import module_name

    bin_dir = Path(sys.executable).parent
    env = {**scenario.env(), "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    base = f"http://127.0.0.1:{args.port}"
    with tempfile.TemporaryDirectory(prefix="ui-pages-") as tmp:
        webserver = subprocess.Popen(
            [str(bin_dir / "dagster-webserver"), "-m", module_name(), "-h", "127.0.0.1", "-p", str(args.port)],
            env=env,
            stdout=open(Path(tmp) / "webserver.log", "w"),  # noqa: SIM115 - closed with the process
            stderr=subprocess.STDOUT,
        )
        chromium = None
        try:
            started = time.perf_counter()
            wait_http(f"{base}/server_info", 300, webserver)
            print(f"{root}: dagster-webserver answered after {time.perf_counter() - started:.1f} s", flush=True)
            devtools = args.port + 1
            flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--window-size=1600,1000"]
            chromium = subprocess.Popen(
                [
                    args.chromium,
                    *flags,
                    f"--remote-debugging-port={devtools}",
                    f"--user-data-dir={Path(tmp) / 'profile'}",
                    "about:blank",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wait_http(f"http://127.0.0.1:{devtools}/json/version", 60, chromium)
            with urllib.request.urlopen(f"http://127.0.0.1:{devtools}/json/list") as r:
                target = next(t for t in json.load(r) if t["type"] == "page")
            page = Page(target["webSocketDebuggerUrl"])
            print(f"{'page':32s} {'first s':>8} {'median s':>9} {'queries':>8}")
            for name, path in PAGES.items():
                expect = path.split("/")[-1].split("?")[0] or "Assets"
                loads = [page.load(base + path, expect) for _ in range(args.repeat + 1)]
                times = [t for t, _ in loads]
                print(f"{name:32s} {times[0]:>8.2f} {statistics.median(times[1:]):>9.2f} {loads[0][1]:>8}", flush=True)
        finally:
            for proc in (chromium, webserver):
                if proc is not None:
                    proc.terminate()
                    try:
                        proc.wait(timeout=30)
                    except subprocess.TimeoutExpired:
                        proc.kill()


if __name__ == "__main__":
    main()
