"""Speed-ups that rest on private members of the pinned dagster and dagster-dbt, all in this one module and all
behind one switch (speedups_switch): MFGSTATS_PRIVATE_SPEEDUPS=0 runs on public API only (Dagster's stock SQLite
event log, dagster-dbt's own DbtCliResource on this venv's dbt, no warm dbt process). They were written and
measured for the versions in PINNED; tests/orchestration/test_private_speedups.py fails when the installed
versions differ, so an upgrade re-proves them (bench/private_speedups.py measures what they buy) or drops them.

1. The event log (dagster.yaml's `event_log_storage`, written by mfgstats.orchestration.instance): the stock
   SqliteEventLogStorage creates an engine for every read and write and closes it afterwards, so each event pays a
   connect, a commit and — the last connection of a WAL database closing — a checkpoint. Here each shard keeps a
   small pool of connections, committing with `synchronous=NORMAL` (in WAL mode a crash keeps the database
   consistent; a power cut may lose the last commits of the run history). A batch of events (Dagster hands over
   the "planned" events of a new run as one when DAGSTER_EVENT_BATCH_SIZE is set, as `mfgstats` does) is written
   in one transaction per shard instead of one per event. Same tables, same files: a Dagster home can switch
   between this class and the stock one either way.
2. dagster-dbt's resource asks `dbt --version` of its executable and builds a dbt adapter in this process (used
   only for row counts and column metadata, which the warehouse asset does not fetch). Here the executable is
   `python -m mfgstats.orchestration.warm_dbt`, which hands the build to the dbt process `mfgstats run` started
   early; its version is the installed dbt-core's, and no adapter is built.
3. An incremental run selects every check of the models it rebuilds, and dbt runs only the tests its selector
   names; Dagster's plan logs a warning for each blocking dbt test that emitted no result. Its logger is quieted
   while the speed-ups are on.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from functools import cached_property

from dagster import StringSource
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from dagster_dbt import DbtCliResource
from dagster_dbt.core.resource import DBT_PYTHON_VERSION
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine

from mfgstats.orchestration.speedups_switch import enabled

PINNED = {"dagster": "1.13.27", "dagster-dbt": "0.29.27"}
# The logger of Dagster's execution plan, whose only message is the warning of item 3.
PLAN_LOGGER = "dagster._core.execution.plan.active"


# --- 1. the event log ------------------------------------------------------------------------------------------

# Engines kept open: the index shard plus the run shards in use. A long-lived process (the webserver) reads many
# runs; the least recently used engine is closed beyond this many.
OPEN_SHARDS = 8


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    def __init__(self, base_dir: str, inst_data=None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()  # before super(): it already connects
        self._batch = threading.local()  # .open: shard → connection, while this thread stores a batch
        self._tables: set[str] = set()  # tables known to exist in the index shard
        super().__init__(base_dir, inst_data=inst_data)

    @classmethod
    def config_type(cls):
        # The Dagster home, not the folder: a copied home then writes its own history. The events stay where
        # Dagster's default storage keeps them.
        return {"dagster_home": StringSource}

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls(os.path.join(config_value["dagster_home"], "history", "runs", ""), inst_data=inst_data)

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.get(shard)
        if engine is not None:
            self._engines.move_to_end(shard)
            return engine
        engine = create_engine(
            self.conn_string_for_shard(shard),
            pool_size=1,
            max_overflow=4,
            # _db_lock serialises use across threads; the pool may hand a connection to another thread later.
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
        event.listen(engine, "connect", _relaxed_sync)
        if shard not in self._initialized_dbs:
            self._initdb(engine)
            self._initialized_dbs.add(shard)
        self._engines[shard] = engine
        while len(self._engines) > OPEN_SHARDS:
            oldest = next(s for s in self._engines if s != INDEX_SHARD_NAME)
            self._engines.pop(oldest).dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        batch = getattr(self._batch, "open", None)
        if batch is None:
            with self._db_lock, self._transaction(shard) as conn:
                yield conn
            return
        if shard not in batch:  # the batch holds _db_lock and commits when it ends
            batch[shard] = self._batch.stack.enter_context(self._transaction(shard))
        yield batch[shard]

    @contextmanager
    def _transaction(self, shard: str) -> Iterator[Connection]:
        with self._engine(shard).connect() as conn, conn.begin():
            yield conn

    def has_table(self, table_name: str) -> bool:
        """Dagster asks before storing each asset check event (and more), with a new engine each time; a table
        that exists stays (migrations only add tables), so a yes is remembered."""
        if table_name in self._tables:
            return True
        found = super().has_table(table_name)
        if found:
            self._tables.add(table_name)
        return found

    def store_event_batch(self, events: Sequence) -> None:
        """Each event as `store_event` stores it, all in one transaction per shard: all or none are stored (Dagster
        then stores them one by one)."""
        with self._db_lock, ExitStack() as stack:
            self._batch.stack, self._batch.open = stack, {}
            try:
                for event in events:
                    self.store_event(event)
            finally:
                self._batch.open = None

    def _close_engines(self) -> None:
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self._close_engines()  # wipe deletes the run shards' files under open connections otherwise
        self._tables.clear()
        super().wipe()

    def dispose(self) -> None:
        self._close_engines()
        super().dispose()


def _relaxed_sync(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")


# --- 2. dagster-dbt's resource ---------------------------------------------------------------------------------


class WarmDbtCliResource(DbtCliResource):
    @cached_property
    def _cli_version(self):
        return DBT_PYTHON_VERSION  # the executable is this venv's dbt, behind python -m

    def _initialize_dbt_core_adapter(self, args):
        return None  # dagster-dbt runs without an adapter when it has none


def warm_dbt_resource(project) -> DbtCliResource:
    """`project`: the code location's DbtProject. "dbt" is mfgstats.orchestration.warm_dbt: it hands the command to
    the dbt process `mfgstats run` started early, or becomes this venv's dbt."""
    return WarmDbtCliResource(
        project_dir=project,
        dbt_executable=sys.executable,
        global_config_flags=["-m", "mfgstats.orchestration.warm_dbt"],
    )


# --- 3. the notice of checks an incremental build did not run ---------------------------------------------------


def quiet_unrun_check_warnings() -> None:
    if enabled():
        logging.getLogger(PLAN_LOGGER).setLevel(logging.ERROR)
