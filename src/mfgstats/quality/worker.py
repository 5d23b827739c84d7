"""Worker processes that validate (suite, model) pairs, so that the process running the pipeline never imports
Great Expectations (≈ 3.4 s of CPU) and two pairs are validated at once (GX spends ≈ 10 ms
of pure Python per expectation whatever the frame size).

The workers are forked from multiprocessing's fork server, which imports GX once (`PRELOAD`); `prewarm()` starts
that server early — `mfgstats run` does once its own imports are done — so the import is done on a spare core
while the run ingests and extracts, not beside dbt, and each worker starts with GX already imported. (Forking the
pipeline's own process would copy Dagster's and DuckDB's threads mid-lock; the fork server has none.) Where there
is no fork server (Windows), workers are spawned and import GX themselves.

`run_pairs` lets the workers take pairs from one queue, most expensive first, so none waits for another, and
returns the outcomes in the order of the pairs. Each worker opens the warehouse read-only itself (the same DuckLake
snapshot as the caller) and closes it before `run_pairs` returns, so a writer is blocked only while the checks
read. A worker that cannot start, dies or stalls costs no result: its pair is validated in the calling process,
and the log says so. Workers inherit the fork server's environment and working directory, not the caller's
current ones: a `Pinned` (mfgstats.warehouse.target) names everything they read.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mfgstats.quality.results import SuiteOutcome
    from mfgstats.quality.suites import Suite
    from mfgstats.warehouse.target import Pinned

log = logging.getLogger("mfgstats.quality")

TASK_TIMEOUT_S = 300.0  # one pair in a worker; longer means it hangs: it is stopped and the pair redone here
POLL_S = 0.05
PRELOAD = ["mfgstats.quality.preload"]  # what the fork server imports before forking workers: GX
# DuckDB's share of a worker: its default, 80 % of the machine's memory, let the identity frames' joins hold
# gigabytes at 100,000 documents; under a limit DuckDB spills what does not fit. Frames and GX come on top.
DUCKDB_MEMORY_LIMIT = "1GiB"


def _context():
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)  # read when the server starts; a failed import is retried by the worker
    return context


def prewarm() -> None:
    """Start the fork server (its GX import takes seconds) without waiting for it; harmless if no check follows."""
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


class WorkerLost(RuntimeError):
    """The worker exited, stalled or could not start."""


class PairFailed(WorkerLost):
    """The worker could not validate a pair (e.g. could not open the warehouse) but is still there."""


class Worker:
    def __init__(self) -> None:
        context = _context()
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

    def validate(self, index: int, source: Pinned, suite: Suite, model: str, scoped: bool) -> SuiteOutcome:
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


_workers: list[Worker] = []
_started = threading.Lock()


def start(n: int = 1) -> list[Worker]:
    """Up to `n` live workers of this process, forked now where there are fewer; fewer (logged) when they cannot
    start. Blocks until the fork server has imported GX."""
    with _started:
        _workers[:] = [w for w in _workers if w.usable()]
        while len(_workers) < n:
            try:
                _workers.append(Worker())
            except Exception as exc:  # e.g. a daemonic process may not have children
                log.warning(f"quality checks: no worker process ({type(exc).__name__}: {exc}); validating in-process")
                break
        return _workers[:n]


def run_pairs(
    pairs: Sequence[tuple[Suite, str]],
    scoped: bool,
    source: Pinned,
    run_here: Callable[[int], SuiteOutcome],
    processes: int = 2,
) -> list[SuiteOutcome]:
    """Validate pairs[i] for every i — in up to `processes` workers, or with `run_here(i)` in this process when
    none is left — and return the outcomes in the order given."""
    outcomes: list[SuiteOutcome | None] = [None] * len(pairs)
    queue = deque(sorted(range(len(pairs)), key=lambda i: -cost(pairs[i][0])))  # costliest first: all end together
    lock = threading.Lock()
    lost: list[int] = []  # the pairs lost workers held
    by_workers = 0

    def take() -> int | None:
        with lock:
            return queue.popleft() if queue else None

    def feed(worker: Worker) -> None:
        """This process's side of one worker: hand it pairs until none is left."""
        nonlocal by_workers
        index = None
        try:
            if not worker.wait_ready(give_up=lambda: not queue):
                return
            while (index := take()) is not None:
                outcomes[index] = worker.validate(index, source, *pairs[index], scoped)
                with lock:
                    index, by_workers = None, by_workers + 1
            worker.close_source()
        except PairFailed as exc:
            log.warning(f"quality checks: a worker process {exc}; it takes no more pairs, that one is redone here")
            try:
                worker.close_source()
            except WorkerLost:
                worker.stop()
        except WorkerLost as exc:
            worker.stop()
            log.warning(f"quality checks: a worker process {exc}; the others and this process take its pairs")
        finally:
            if index is not None:
                with lock:
                    lost.append(index)
            worker.busy.release()

    feeders = []
    for worker in start(processes):
        if worker.busy.acquire(blocking=False):  # not in use by a check run in another thread
            feeders.append(threading.Thread(target=feed, args=(worker,), name="gx-worker-feed", daemon=True))
    for thread in feeders:
        thread.start()
    for thread in feeders:
        thread.join()
    while (i := take()) is not None:  # no worker could take them (none started, or all were lost)
        outcomes[i] = run_here(i)
    for i in sorted(lost):
        outcomes[i] = run_here(i)
    log.info(f"quality checks: {by_workers} of {len(pairs)} pairs validated by {len(feeders)} worker processes")
    return outcomes  # type: ignore[return-value]  # every index was taken by a worker or redone here


def cost(suite: Suite) -> int:
    """Relative time of a pair, in GX expectations (≈ 10 ms each): two with a row condition (a pandas query each),
    and ≈ 25 for an identity builder's frame (computed over the whole model in DuckDB: 0.5 s at 10,000 documents)."""
    expectations = sum(2 if "row_condition" in spec.kwargs else 1 for spec in suite.expectations)
    return expectations + bool(suite.columns) + (25 if suite.frame.kind == "builder" else 0)


def serve(conn) -> None:
    """The worker's loop: import GX once, then validate the pairs it is sent until its pipe closes."""
    try:
        from mfgstats.quality.evaluate import Runner

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
                con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
            conn.send(("done", index, runner.run(con, suite, model, scoped)))
        except Exception as exc:  # reported to the main process, which validates the pair itself
            conn.send(("failed", index, f"{type(exc).__name__}: {exc}"))
