"""A writer thread per connection: loads run while the caller builds the next rows.

Inside ``pipelined(connection)`` every ``Loader`` write on that connection is handed to ONE
writer thread that owns the writes, in the order they were made. sqlite3's ``executemany``
and psycopg's ``COPY`` release the GIL while the database works, so that time overlaps with
the Python row building of the calling thread (a whole-farm build on two cores).

Safety rules, all enforced here:

* **Reads see every earlier write.** An execute wrapper on the connection drains the queue
  before any other SQL of the calling thread runs (ORM reads and saves, raw cursors,
  savepoints); the writer's own SQL passes through.
* **Keys as without the thread.** A reservation of primary keys (``reserve``) is answered from
  the table's high-water mark kept here once the database was asked (after a drain); the
  writer then takes the same block from the database, in order, and fails the build if the
  two ever differ. Any SQL of the calling thread that may write forgets the marks.
* **Errors roll back.** The first error of the writer stops later writes; it is raised again
  in the calling thread at the next SQL, at ``drain`` and at the end of the block, so the
  caller's transaction (which the block must run in) rolls the whole build back.

Rows are identical to a synchronous load: the same statements run in the same order, on the
same connection and transaction; only the thread that runs them differs.
"""

from __future__ import annotations

import re
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from django.db import connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.connection import ConnectionProxy

from pytest_aquadata.load import keys
from pytest_aquadata.load.columns import Rows

#: Rows queued at most before the caller waits (bounds the memory of the row copies in flight).
PENDING_ROWS = 500_000
#: Jobs queued at most (writes and key checks) before the caller waits.
PENDING_JOBS = 256
#: GIL switch interval while a pipeline runs (seconds; Python's default is 0.005). sqlite3
#: releases the GIL around each row's step and needs it back for the next row: with the
#: default a busy calling thread makes the writer wait up to 5 ms per row.
SWITCH_INTERVAL = 0.0005

#: Vendors whose writer runs on the raw connection and may move to the writer thread.
VENDORS = ("sqlite", "postgresql")
#: Vendors where the writer thread pays off in a whole-farm build (docs/performance.md): on
#: PostgreSQL, whose server works in its own process, the calling thread encodes the next COPY
#: data while the writer waits for the server (medium, two workers: 1.08x). SQLite
#: works in this process and takes the GIL back for every row, so the thread made it slower.
WORTH_IT: tuple[str, ...] = ("postgresql",)

_ATTRIBUTE = "_aquadata_pipeline"
_KEY_FUNCTIONS = ("setval", "nextval", "set_config")
#: What every queued write may touch besides its table: key marks, catalogs, settings.
_BOOKKEEPING = ("sqlite_sequence", "sqlite_master", "pg_settings", "current_setting")
_WORD = re.compile(r"[a-z_][a-z0-9_$]*")
_KEEPS_MARKS = frozenset({"select", "update", "savepoint", "release", "pragma", "explain"})


def resolved(connection: BaseDatabaseWrapper) -> BaseDatabaseWrapper:
    """The connection itself, not ``django.db.connection``'s proxy (which would find another
    thread's connection when the writer thread uses it)."""
    if isinstance(connection, ConnectionProxy):
        return connections[connection.alias]
    return connection


def active(connection: BaseDatabaseWrapper) -> Pipeline | None:
    """The pipeline writing for this connection, if a ``pipelined`` block is open."""
    return getattr(connection, _ATTRIBUTE, None)


class Pipeline:
    """The writer thread of one connection, its queue of writes and the key marks."""

    def __init__(self, connection: BaseDatabaseWrapper, rows: int = PENDING_ROWS) -> None:
        self.connection = connection
        self.max_rows = rows
        self.marks: dict[str, int] = {}  # table -> highest key reserved or written
        self.writes = 0
        self.waited = 0.0  # seconds the calling thread waited for the writer
        self.barriers = 0  # statements of the calling thread that waited for queued writes
        self.busy = 0.0  # seconds the writer thread spent writing
        self._pending: deque[tuple[Future[None], int, frozenset[str]]] = deque()
        self._pending_rows = 0
        self._error: BaseException | None = None
        self._writer: int | None = None
        self._own_sql = False
        self._reads_beside = connection.vendor == "postgresql"
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="aquadata-writer", initializer=self._started
        )

    def _started(self) -> None:
        self._writer = threading.get_ident()

    # -- the queue -------------------------------------------------------------------------

    def submit(self, job: Callable[[], Any], table: str, rows: int = 0) -> None:
        """Queue a write of ``rows`` rows into ``table``; it runs after every write queued
        before it. Waits first while PENDING_ROWS rows or PENDING_JOBS jobs are queued."""
        self._raise_failure()
        while self._pending and (
            self._pending_rows + rows > self.max_rows or len(self._pending) >= PENDING_JOBS
        ):
            self._wait_oldest()
        touched = frozenset({table.lower(), *_BOOKKEEPING})
        self._pending.append((self._executor.submit(self._run, job), rows, touched))
        self._pending_rows += rows
        self.writes += 1

    def _run(self, job: Callable[[], Any]) -> None:
        if self._error is not None:
            return  # an earlier write failed: nothing after it is written
        started = time.perf_counter()
        try:
            job()
        except BaseException as exc:
            self._error = exc
            raise
        finally:
            self.busy += time.perf_counter() - started

    def _wait_oldest(self) -> None:
        future, rows, _tables = self._pending.popleft()
        started = time.perf_counter()
        future.exception()  # the error is kept in self._error
        self.waited += time.perf_counter() - started
        self._pending_rows -= rows

    def drain(self) -> None:
        """Wait until every queued write is done; raise the writer's error, if any."""
        while self._pending:
            self._wait_oldest()
        self._raise_failure()

    def drain_for(self, tables: set[str]) -> None:
        """Wait until the last queued write into any of ``tables`` (lower case) is done; raise
        the writer's error, if any. Later writes go on meanwhile."""
        last = -1
        for position, (_future, _rows, touched) in enumerate(self._pending):
            if not touched.isdisjoint(tables):
                last = position
        for _ in range(last + 1):
            self._wait_oldest()
        self._raise_failure()

    def _raise_failure(self) -> None:
        if self._error is not None:
            raise self._error

    def abandon(self) -> None:
        """After an error in the calling thread: drop queued writes, wait for the running one."""
        for future, _rows, _tables in self._pending:
            future.cancel()
        while self._pending:
            future, _rows, _tables = self._pending.popleft()
            if not future.cancelled():
                future.exception()
        self._pending_rows = 0

    def close(self) -> None:
        """Stop the writer thread (after ``drain`` or ``abandon``)."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    # -- the barrier -----------------------------------------------------------------------

    def barrier(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any):
        """Execute wrapper: SQL of any other thread waits for the queued writes first.

        On PostgreSQL a plain SELECT waits only for the writes into the tables it names (every
        word of its text that is such a table's name) and runs while later writes go on:
        psycopg serializes the statements of one connection, and a read of other tables does
        not depend on them. Every other statement, and any statement on SQLite, waits for all.
        """
        if threading.get_ident() != self._writer:
            if self._pending:
                self.barriers += 1
                words = _read_words(sql) if self._reads_beside else None
                if words is None:
                    self.drain()
                else:
                    self.drain_for(words)
            self._raise_failure()
            if not self._own_sql:
                self._forget_marks(sql)
        return execute(sql, params, many, context)

    def _forget_marks(self, sql: str) -> None:
        """Forget the marks a statement of the calling thread may move (ask the database again):
        an INSERT the mark of its table, other writes of keys (DELETE, ROLLBACK, COPY, DDL, key
        functions) every mark. Reads, UPDATE (Django never updates a key) and savepoints keep
        them."""
        words = sql[:200].lower().split(None, 4)
        verb = words[0] if words else ""
        if verb in _KEEPS_MARKS and not (
            verb == "select" and any(name in sql.lower() for name in _KEY_FUNCTIONS)
        ):
            return
        if verb == "insert" and len(words) > 2 and words[1] == "into":
            table = words[2].split("(", 1)[0].strip('"`[]')
            if "." not in table:  # a schema-qualified name might be any table: forget all
                self.marks.pop(table, None)
                return
        self.marks.clear()

    # -- keys ------------------------------------------------------------------------------

    def reserve(self, model: type[models.Model], n: int) -> range:
        """``keys.reserve`` answered from the mark without waiting for the queued writes."""
        table = model._meta.db_table
        top = self.marks.get(table)
        if top is None or n <= 0 or not keys.can_reserve(model):
            self.drain()
            self._own_sql = True
            try:
                block = keys.reserve(self.connection, model, n)
            finally:
                self._own_sql = False
            if n > 0:
                self.marks[table] = block.stop - 1
            return block
        top += n
        self.marks[table] = top
        self.submit(lambda: self._check_reserved(model, n, top), table)
        return range(top - n + 1, top + 1)

    def _check_reserved(self, model: type[models.Model], n: int, expected: int) -> None:
        """In the writer: take the block from the database; it must be the one handed out."""
        got = keys.take(self.connection, model, n)
        if got != expected:
            raise RuntimeError(
                f"{model._meta.label}: key reservation of {n} rows diverged in the writer "
                f"thread (handed out up to {expected}, the database gave {got}); "
                "run with workers=1 and report this"
            )

    def written(self, table: str, high: int | None) -> None:
        """Record that keys up to ``high`` of ``table`` are (about to be) written."""
        if high is not None and table in self.marks:
            self.marks[table] = max(self.marks[table], high)


def _read_words(sql: str) -> set[str] | None:
    """The words (lower case) of a plain SELECT, among them every table it reads; None for any
    other statement (which waits for every queued write)."""
    lowered = sql.lower()
    words = lowered[:40].split(None, 1)
    if not words or words[0] != "select" or any(name in lowered for name in _KEY_FUNCTIONS):
        return None
    return set(_WORD.findall(lowered))


def snapshot(rows: Rows) -> Rows:
    """Rows whose arrays the caller can no longer change (numbers copied; objects shallow)."""
    columns = [
        replace(
            c,
            data=c.data.copy(),
            nulls=None if c.nulls is None else c.nulls.copy(),
        )
        for c in rows.columns
    ]
    return Rows(rows.model, rows.n, columns)


@contextmanager
def pipelined(connection: BaseDatabaseWrapper, enabled: bool = True) -> Iterator[Pipeline | None]:
    """Run the loads on ``connection`` in a writer thread for the block (see the module).

    Yields the Pipeline, or None when ``enabled`` is false, the database is neither SQLite nor
    PostgreSQL, or a pipeline is already open. Must run inside a transaction (``atomic``),
    which a writer error rolls back.
    """
    connection = resolved(connection)
    if not enabled or connection.vendor not in VENDORS or active(connection) is not None:
        yield None
        return
    if not connection.in_atomic_block:
        raise RuntimeError("pipelined loads must run inside a transaction (transaction.atomic)")
    pipeline = Pipeline(connection)
    connection.inc_thread_sharing()
    setattr(connection, _ATTRIBUTE, pipeline)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, SWITCH_INTERVAL))
    try:
        with connection.execute_wrapper(pipeline.barrier):
            try:
                yield pipeline
            except BaseException:
                pipeline.abandon()
                raise
            pipeline.drain()
    finally:
        sys.setswitchinterval(interval)
        delattr(connection, _ATTRIBUTE)
        pipeline.close()
        connection.dec_thread_sharing()
