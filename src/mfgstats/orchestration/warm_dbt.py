"""dbt without its start-up wait. dbt spends ≈ 1.7 s importing itself before it does anything; `mfgstats run` starts
a dbt process first thing, which imports dbt on the second core while the run starts, ingests and extracts, then
waits to be handed the run's dbt command.

    python -m mfgstats.orchestration.warm_dbt --serve FD PATH  the waiting process (`WarmDbt.start`)
    python -m mfgstats.orchestration.warm_dbt ARGS…            what dagster-dbt runs as `dbt` (pipelines.resources)

The client passes the waiting process its arguments, working directory, environment and its own stdin, stdout and
stderr (file descriptors over a Unix socket), forwards interrupts to it, and exits with dbt's exit code once that
process has exited (and so closed the database): to dagster-dbt it is the dbt process. Without a waiting process
(runs launched from the UI or by the daemon; a second dbt command in one run) the client becomes dbt itself (exec),
so nothing but speed depends on the warm process.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import importlib
import json
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

SOCKET_ENV = "MFGSTATS_WARM_DBT"  # the waiting process's socket, for the client
HEADER = struct.Struct("!I")  # length of the JSON request that follows
STREAMS = (0, 1, 2)
PR_SET_PDEATHSIG = 1  # prctl(2)
PRELOAD = ("dbt.cli.main", "dbt.adapters.duckdb", "dbt.task.build")  # what `dbt build` imports first


SOCKET_DIR_PREFIX = "mfgstats-dbt-"  # + the pid of the run that made it + "-"


def remove_dead_socket_dirs(temp_dir: str | None = None) -> list[Path]:
    """Socket folders of runs that were killed before they could remove theirs (their pid is in the name)."""
    removed = []
    for folder in Path(temp_dir or tempfile.gettempdir()).glob(f"{SOCKET_DIR_PREFIX}*-*"):
        pid = folder.name.removeprefix(SOCKET_DIR_PREFIX).split("-", 1)[0]
        try:
            mine = folder.stat().st_uid == os.getuid()
        except OSError:
            continue
        if pid.isdigit() and mine and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class WarmDbt:
    """The waiting dbt process of one pipeline run: `start()` before the run's heavy imports, `stop()` at its end.

    `lock_fd`: the run lock's descriptor (mfgstats.warehouse.runlock), inherited by the dbt process, so that a dbt
    still writing the build database keeps the warehouse locked even if this process is killed."""

    def __init__(self, lock_fd: int | None = None) -> None:
        self._dir: tempfile.TemporaryDirectory | None = None
        self._process: subprocess.Popen | None = None
        self._lock_fd = lock_fd

    def start(self) -> None:
        remove_dead_socket_dirs()
        self._dir = tempfile.TemporaryDirectory(prefix=f"{SOCKET_DIR_PREFIX}{os.getpid()}-")
        path = os.path.join(self._dir.name, "dbt.sock")
        # Bound here, so a client never finds the socket missing because the process has not started yet.
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            listener.bind(path)
            listener.listen(1)
            inherited = [listener.fileno()] + ([self._lock_fd] if self._lock_fd is not None else [])
            # stdin is a pipe from this process: its end (this process exiting) tells a waiting dbt to leave.
            self._process = subprocess.Popen(
                [sys.executable, "-u", "-m", __name__, "--serve", str(listener.fileno()), path],
                stdin=subprocess.PIPE,
                pass_fds=inherited,
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
    reply: list = []  # the client's connection and dbt's exit code, once dbt has run
    # Registered before dbt is imported, so it runs after dbt's own exit handlers (dbt-duckdb closes, and so
    # checkpoints, the database in one), then leaves without freeing dbt's modules one by one (slower than the
    # handlers).
    atexit.register(_report_exit, reply)
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
    _exit_with_parent(os.dup(sys.stdin.fileno()))  # a copy: _receive puts the client's stdin in its place
    request = _receive(conn)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    conn.sendall(f"started {os.getpid()}\n".encode())
    code = run_dbt(request["args"])
    reply += [conn, code]
    sys.exit(code)  # the exit handlers run, _report_exit last


def _report_exit(reply: list) -> None:
    """The last exit handler of a waiting process that ran dbt: tell the client dbt's exit code, and leave."""
    if not reply:
        return  # it ran no dbt: a normal exit
    conn, code = reply
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    with contextlib.suppress(OSError):
        conn.sendall(f"exit {code}\n".encode())
    os._exit(code)


def _exit_with_parent(parent_pipe: int) -> None:
    """The run that started this process died or gave up (its end of the stdin pipe closed) while dbt runs:
    interrupt dbt and leave soon, rather than keep writing the build database for a run nobody will finish
    (DuckDB's WAL keeps what was committed). A run that ends normally waits for dbt's exit before it closes it."""

    def watch() -> None:
        while os.read(parent_pipe, 1):
            pass
        os.kill(os.getpid(), signal.SIGINT)  # dbt cancels its queries and exits
        time.sleep(10)
        os._exit(3)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


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
    _die_with_parent()
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


def _die_with_parent() -> None:
    """Linux: be killed when the run's process dies (kill -9 of a run worker), instead of writing on, orphaned,
    into the build database the next run needs. The setting survives exec; elsewhere this does nothing."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before the setting took effect
            os._exit(3)


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
