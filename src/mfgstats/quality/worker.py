"""A second process that validates (suite, model) pairs alongside the main one. GX spends ≈ 10 ms of pure Python
per expectation whatever the frame size, so on this 2-core machine two processes halve the checks of an
incremental build.

`start()` spawns the worker (quality.prewarm does, so its GX import overlaps the dbt build); `run_pairs` then
lets the main process and the worker take pairs from one queue, most expensive first, so neither waits for the
other, and returns the outcomes in the order of the pairs. The worker opens the warehouse read-only itself (the
same DuckLake snapshot as the main process) and closes it before `run_pairs` returns, so a writer is blocked
only while the checks read. A worker that cannot start, dies or stalls costs no result: its pair is validated in
the main process, and the log says so. Spawned, not forked: Dagster and DuckDB run threads, which a fork would
copy mid-lock.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mfgstats.lake import LakeSettings
    from mfgstats.quality.results import SuiteOutcome
    from mfgstats.quality.suites import Suite

log = logging.getLogger("mfgstats.quality")

TASK_TIMEOUT_S = 300.0  # one pair in the worker; longer means it hangs: it is stopped and the pair redone here
POLL_S = 0.05


@dataclass(frozen=True)
class Source:
    """What the worker reads: a DuckDB file (read-only) or one snapshot of the DuckLake target."""

    db: str | None = None
    snapshot: int | None = None
    lake: LakeSettings | None = None

    def open(self):
        if self.db is not None:
            import duckdb

            return duckdb.connect(self.db, read_only=True)
        from mfgstats.lake.published import open_snapshot

        return open_snapshot(self.snapshot, lake=self.lake)


class WorkerLost(RuntimeError):
    """The worker exited, stalled or could not start."""


class PairFailed(WorkerLost):
    """The worker could not validate a pair (e.g. could not open the warehouse) but is still there."""


class Worker:
    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        # daemon: ended with the process that started it; it also exits when its pipe closes (a hard exit here)
        self.process = context.Process(target=serve, args=(child,), name="mfgstats-gx-worker", daemon=True)
        self.process.start()
        child.close()
        atexit.register(self.shut_down)
        self.ready = False
        self.busy = threading.Lock()  # one check run at a time uses it

    def usable(self) -> bool:
        return self.process.is_alive()

    def wait_ready(self, give_up: Callable[[], bool]) -> bool:
        """Wait until GX is imported in the worker; False when `give_up()` says the work is done before then."""
        while not self.ready:
            if give_up():
                return False
            message = self.receive(POLL_S)
            if message is not None:
                if message[0] != "ready":
                    raise WorkerLost(f"could not start: {message[-1]}")
                self.ready = True
        return True

    def validate(self, index: int, source: Source, suite: Suite, model: str, scoped: bool) -> SuiteOutcome:
        self._send(("validate", index, source, suite, model, scoped))
        kind, got, payload = self.receive(TASK_TIMEOUT_S, wait=True)
        if kind != "done" or got != index:
            raise PairFailed(f"could not validate {suite.label} on {model}: {payload}")
        return payload

    def close_source(self) -> None:
        """Close the worker's connection (its read lock on the warehouse) and wait until it has."""
        self._send(("close",))
        self.receive(TASK_TIMEOUT_S, wait=True)

    def _send(self, message: tuple) -> None:
        try:
            self.conn.send(message)
        except OSError as exc:  # a broken pipe: it exited
            raise WorkerLost(f"exited ({self._exit()})") from exc

    def receive(self, timeout: float, wait: bool = False) -> Any:
        """The worker's next message, or None after `timeout` (WorkerLost when `wait`, or when it exited)."""
        waited = 0.0
        while waited < timeout:
            try:
                if self.conn.poll(min(POLL_S, timeout)):
                    return self.conn.recv()
            except (EOFError, OSError) as exc:
                raise WorkerLost(f"exited ({self._exit()})") from exc
            if not self.process.is_alive():
                raise WorkerLost(f"exited ({self._exit()})")
            waited += POLL_S
            if not wait:
                return None
        self.stop()
        raise WorkerLost(f"gave no answer in {timeout:.0f} s and was stopped")

    def shut_down(self) -> None:
        """At exit: let a ready worker end on its own (closing its pipe ends its loop, leaving nothing for the
        resource tracker); one still importing GX is stopped at once rather than waited for."""
        self.conn.close()
        if self.ready:
            self.process.join(2)
        self.stop()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)

    def _exit(self) -> str:
        self.process.join(1)
        return f"exit code {self.process.exitcode}"


_worker: Worker | None = None
_started = threading.Lock()


def start() -> Worker | None:
    """The worker of this process, spawned now if there is none alive; None (logged) when it cannot start."""
    global _worker
    with _started:
        if _worker is None or not _worker.usable():
            try:
                _worker = Worker()
            except Exception as exc:  # e.g. a daemonic process may not have children
                log.warning(f"quality checks: no worker process ({type(exc).__name__}: {exc}); validating in-process")
                _worker = None
        return _worker


def run_pairs(
    pairs: Sequence[tuple[Suite, str]],
    scoped: bool,
    source: Source,
    run_here: Callable[[int], SuiteOutcome],
) -> list[SuiteOutcome]:
    """Validate pairs[i] for every i — in this process with `run_here(i)`, or in the worker — in the order given."""
    outcomes: list[SuiteOutcome | None] = [None] * len(pairs)
    queue = deque(sorted(range(len(pairs)), key=lambda i: -cost(pairs[i][0])))  # costliest first: both end together
    lock = threading.Lock()
    lost: list[int] = []  # the pair a lost worker held
    by_worker = 0

    def take() -> int | None:
        with lock:
            return queue.popleft() if queue else None

    def feed(worker: Worker) -> None:
        """This process's side of the worker: hand it pairs until none is left."""
        nonlocal by_worker
        index = None
        try:
            if not worker.wait_ready(give_up=lambda: not queue):
                return
            while (index := take()) is not None:
                outcomes[index] = worker.validate(index, source, *pairs[index], scoped)
                index, by_worker = None, by_worker + 1
            worker.close_source()
        except PairFailed as exc:
            log.warning(f"quality checks: the worker process {exc}; validating the rest in-process")
            try:
                worker.close_source()
            except WorkerLost:
                worker.stop()
        except WorkerLost as exc:
            worker.stop()
            log.warning(f"quality checks: the worker process {exc}; validating its pairs in-process")
        finally:
            if index is not None:
                lost.append(index)

    worker = start()
    helper = None
    if worker is not None and worker.busy.acquire(blocking=False):
        helper = threading.Thread(target=feed, args=(worker,), name="gx-worker-feed", daemon=True)
        helper.start()
    while (i := take()) is not None:
        outcomes[i] = run_here(i)
    if helper is not None:
        helper.join()
        worker.busy.release()
    for i in lost:
        outcomes[i] = run_here(i)
    log.info(f"quality checks: {by_worker} of {len(pairs)} pairs validated by the worker process")
    return outcomes  # type: ignore[return-value]  # every index was taken by one side or redone here


def cost(suite: Suite) -> int:
    """Relative time of a pair, in GX expectations (≈ 10 ms each): two with a row condition (a pandas query each),
    and ≈ 25 for an identity builder's frame (computed over the whole model in DuckDB: 0.5 s at 10,000 documents)."""
    expectations = sum(2 if "row_condition" in spec.kwargs else 1 for spec in suite.expectations)
    return expectations + bool(suite.columns) + (25 if suite.frame.kind == "builder" else 0)


def serve(conn) -> None:
    """The worker's loop: import GX once, then validate the pairs it is sent until its pipe closes."""
    try:
        from mfgstats.quality.validate import Runner

        runner = Runner()
    except BaseException as exc:
        with contextlib.suppress(OSError):
            conn.send(("broken", None, f"{type(exc).__name__}: {exc}"))
        return
    with contextlib.suppress(OSError):  # the main process is gone or no longer wants it: the loop ends at once
        conn.send(("ready", None, None))
    with contextlib.suppress(OSError):
        _loop(conn, runner)


def _loop(conn, runner) -> None:
    con, opened = None, None
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            break  # the main process is gone
        if message[0] == "close":
            if con is not None:
                con.close()
            con, opened = None, None
            conn.send(("closed", None, None))
            continue
        _, index, source, suite, model, scoped = message
        try:
            if opened != source:
                if con is not None:
                    con.close()
                con, opened = source.open(), source
            conn.send(("done", index, runner.run(con, suite, model, scoped)))
        except Exception as exc:  # reported to the main process, which validates the pair itself
            conn.send(("failed", index, f"{type(exc).__name__}: {exc}"))
