"""dbt without its start-up wait. dbt spends ≈ 1.7 s importing itself before it does anything; `mfgstats run` starts
a dbt process first thing, which imports dbt on the second core while the run starts, ingests and extracts, then
waits to be handed the run's dbt command.

    python -m pipelines.warm_dbt --serve FD PATH  the waiting process (`WarmDbt.start`)
    python -m pipelines.warm_dbt ARGS…            what dagster-dbt runs as `dbt` (pipelines.resources)

The client passes the waiting process its arguments, working directory, environment and its own stdin, stdout and
stderr (file descriptors over a Unix socket), forwards interrupts to it, and exits with dbt's exit code once that
process has exited (and so closed the database): to dagster-dbt it is the dbt process. Without a waiting process
(runs launched from the UI or by the daemon; a second dbt command in one run) the client becomes dbt itself (exec),
so nothing but speed depends on the warm process.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

SOCKET_ENV = "MFGSTATS_WARM_DBT"  # the waiting process's socket, for the client
HEADER = struct.Struct("!I")  # length of the JSON request that follows
STREAMS = (0, 1, 2)
PRELOAD = ("dbt.cli.main", "dbt.adapters.duckdb", "dbt.task.build")  # what `dbt build` imports first


class WarmDbt:
    """The waiting dbt process of one pipeline run: `start()` before the run's heavy imports, `stop()` at its end."""

    def __init__(self) -> None:
        self._dir: tempfile.TemporaryDirectory | None = None
        self._process: subprocess.Popen | None = None

    def start(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="mfgstats-dbt-")
        path = os.path.join(self._dir.name, "dbt.sock")
        # Bound here, so a client never finds the socket missing because the process has not started yet.
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            listener.bind(path)
            listener.listen(1)
            # stdin is a pipe from this process: its end (this process exiting) tells a waiting dbt to leave.
            self._process = subprocess.Popen(
                [sys.executable, "-u", "-m", __name__, "--serve", str(listener.fileno()), path],
                stdin=subprocess.PIPE,
                pass_fds=[listener.fileno()],
                start_new_session=True,
            )
        os.environ[SOCKET_ENV] = path

    def stop(self) -> None:
        os.environ.pop(SOCKET_ENV, None)
        if self._process is not None:
            self._process.stdin.close()
            try:
                self._process.wait(timeout=30)  # it is running dbt: let it finish and close the database
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None

    def __enter__(self) -> WarmDbt:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


# --- the waiting process ---------------------------------------------------------------------------------------


def serve(fd: int, path: str) -> int:
    listener = socket.socket(fileno=fd)  # a client that comes before the imports are done waits in its backlog
    from mfgstats.loading import lifelong

    with lifelong():  # dbt's full collections during the build need not walk its modules (≈ 0.3 s)
        for module in PRELOAD:
            importlib.import_module(module)

    while True:
        ready, _, _ = select.select([listener, sys.stdin], [], [])
        if listener in ready:
            break
        if not os.read(sys.stdin.fileno(), 1):  # the pipeline run ended without running dbt
            return 0
    conn, _ = listener.accept()
    listener.close()
    os.unlink(path)  # one command per process: later clients find no socket and run dbt themselves
    request = _receive(conn)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    conn.sendall(f"started {os.getpid()}\n".encode())
    code = run_dbt(request["args"])
    # What exiting does that matters — the exit handlers: dbt-duckdb closes (and so checkpoints) the database in
    # one — and not the rest: freeing dbt's modules one by one takes longer than the handlers.
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    conn.sendall(f"exit {code}\n".encode())
    os._exit(code)


def _receive(conn: socket.socket) -> dict:
    header, fds, _, _ = socket.recv_fds(conn, HEADER.size, len(STREAMS))
    (size,) = HEADER.unpack(header)
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError("the dbt client left before sending its request")
        data += chunk
    for target, fd in zip(STREAMS, fds, strict=True):
        os.dup2(fd, target)
        os.close(fd)
    return json.loads(data)


def run_dbt(args: list[str]) -> int:
    """What the `dbt` console script does (`dbt.cli.main:cli`), returning its exit code."""
    from dbt.cli.main import cli

    sys.argv = ["dbt", *args]  # dbt records the command line in its artifacts (invocation_command)
    try:
        cli.main(args=args, prog_name="dbt")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
        return 2
    return 0


# --- the client ----------------------------------------------------------------------------------------------


def client(args: list[str]) -> int:
    path = os.environ.get(SOCKET_ENV)
    code = _delegate(path, args) if path else None
    if code is not None:
        return code
    dbt = str(Path(sys.executable).parent / "dbt")
    os.execv(dbt, [dbt, *args])  # no waiting process: be dbt
    return 2  # not reached


def _delegate(path: str, args: list[str]) -> int | None:
    """dbt's exit code from the waiting process, or None when there is none to run the command."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        return None
    with sock:
        request = json.dumps({"args": args, "cwd": os.getcwd(), "env": dict(os.environ)}).encode()
        try:
            socket.send_fds(sock, [HEADER.pack(len(request))], list(STREAMS))
            sock.sendall(request)
        except OSError:
            return None
        replies = sock.makefile("r", encoding="ascii")
        started = replies.readline().split()
        if started[:1] != ["started"]:
            return None  # it could not take the command (it failed before dbt began): run dbt here
        pid = int(started[1])
        for signum in (signal.SIGINT, signal.SIGTERM):  # dagster-dbt interrupts a cancelled run's dbt with SIGINT
            signal.signal(signum, lambda sig, _frame: _forward(pid, sig))
        code = None
        for line in replies:  # until the process has exited
            if line.startswith("exit "):
                code = int(line.split()[1])
        if code is None:
            print(f"mfgstats: the dbt process {pid} ended without an exit code (killed?)", file=sys.stderr)
            return 2
        return code


def _forward(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it has just exited
        os.kill(pid, signum)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--serve"]:
        try:
            return serve(int(argv[1]), argv[2])
        except Exception:
            traceback.print_exc()
            return 2
    return client(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
