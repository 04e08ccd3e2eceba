"""Leaf tables written on another core: staged by a helper process, copied in at the end.

Inside ``offloaded(connection, tables)``, every load into one of ``tables`` is handed,
prepared and with its keys already reserved, to the staging process
(``pytest_aquadata.stage_process``), which converts and writes the rows while this process
builds the next ones: on SQLite into a scratch file, on PostgreSQL into unlogged staging
tables over its own connection (so the server parses that COPY in a second backend). Leaving
the block copies each staged table into the connection's open transaction with one
``INSERT … SELECT`` (no Python per row; on PostgreSQL with per-row triggers off and each
foreign-key column checked once, as the loader's bulk checks do), so the rows, their keys and
the transaction's all-or-nothing are those of a direct load: a failure anywhere (here, in the
staging process, or in the copy) rolls the build back. ``release_staged`` removes what staged
them once the transaction has ended (a detached scratch file, dropped staging tables).

Only tables the caller never reads back until the block ends may be offloaded: their rows
are not in the database before that. Columns of JSON or other field-adapted kinds are loaded
here as usual. On PostgreSQL the build's transaction must be the outermost one (staging
tables are dropped after it), so callers inside another transaction load as usual.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import queue
import shutil
import tempfile
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from pytest_aquadata import stage_process
from pytest_aquadata.load import fkcheck, keys
from pytest_aquadata.load.columns import Column, Rows
from pytest_aquadata.sqlite_params import PLAIN_KINDS

#: Blocks waiting for the staging process at most (each up to a loader chunk of rows), so
#: memory stays bounded when the build runs ahead of it.
QUEUED_BLOCKS = 2
VENDORS = ("sqlite", "postgresql")
_ATTRIBUTE = "_aquadata_offload"
_ALIASES = itertools.count(1)
_POLL_SECONDS = 0.5


class StagingError(RuntimeError):
    """The staging process failed or stopped; the build's transaction is rolled back."""


def active(connection: BaseDatabaseWrapper) -> Offload | None:
    """The offload of this connection, if an ``offloaded`` block is open."""
    return getattr(connection, _ATTRIBUTE, None)


def _failure(status: str, detail: object) -> StagingError:
    """The error for a report other than the expected one from a staging process."""
    if status == "error":
        return StagingError(f"staging leaf-table rows failed: {detail}")
    return StagingError("the staging process finished early")


class _Lane:
    """One staging process, its queues and (on SQLite) its scratch file."""

    def __init__(self, connection: BaseDatabaseWrapper, folder: Path, number: int) -> None:
        self.path = folder / f"stage{number}.sqlite3"
        context = multiprocessing.get_context("spawn")  # no thread or connection copied
        self.inbox = context.Queue(maxsize=QUEUED_BLOCKS)
        self.outbox = context.Queue()
        if connection.vendor == "postgresql":
            target, args = stage_process.run_postgres, (_connect_params(connection),)
        else:
            target, args = stage_process.run, (str(self.path),)
        self.process = context.Process(
            target=target,
            args=(*args, self.inbox, self.outbox),
            name=f"aquadata-stage-{number}",
            daemon=True,
        )
        self.process.start()

    def stopped(self) -> StagingError:
        return StagingError(f"the staging process stopped (exit code {self.process.exitcode})")

    def check(self) -> None:
        """Raise the process's error, or StagingError if it stopped unasked."""
        try:
            status, detail = self.outbox.get_nowait()
        except queue.Empty:
            if not self.process.is_alive():
                raise self.stopped() from None
            return
        raise _failure(status, detail)

    def put(self, block: stage_process.Block) -> None:
        """Queue a block; waits while the process is ``QUEUED_BLOCKS`` behind."""
        while True:
            self.check()
            try:
                self.inbox.put(block, timeout=_POLL_SECONDS)
                return
            except queue.Full:
                continue

    def finish(self) -> None:
        """Tell the process to commit and wait until it has; raise if it failed."""
        self.inbox.put(None)
        while True:
            try:
                status, detail = self.outbox.get(timeout=_POLL_SECONDS)
                break
            except queue.Empty:
                if not self.process.is_alive():
                    raise self.stopped() from None
        if status != "done":
            raise _failure(status, detail)
        self.process.join()

    def close(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.inbox.close()
        self.outbox.close()


class Offload:
    """Staging processes (one per group of tables) for one connection's leaf tables."""

    def __init__(self, connection: BaseDatabaseWrapper, groups: Sequence[Collection[str]]) -> None:
        self.connection = connection
        self.tables = frozenset(t for group in groups for t in group)
        self.rows = 0
        self._stages: dict[tuple[str, tuple[str, ...]], str] = {}  # (table, columns) -> stage
        self._fields: dict[str, list[Any]] = {}  # stage -> the target's fields, in order
        self._keys: dict[str, list[np.ndarray]] = {}  # "stage.column" -> FK values staged
        self._high: dict[Any, int] = {}  # model -> highest key staged (advanced after the copy)
        self._folder = Path(tempfile.mkdtemp(prefix="aquadata-stage-"))
        self._prefix = f"aquadata_stage_{os.getpid()}_{next(_ALIASES)}"
        self._lane_of = {t: i for i, group in enumerate(groups) for t in group}
        self._lanes: list[_Lane] = []
        try:
            for number in range(len(groups)):
                self._lanes.append(_Lane(connection, self._folder, number))
        except BaseException:
            self.close()
            raise

    @property
    def path(self) -> Path:
        """The first staging process's scratch file (SQLite)."""
        return self._lanes[0].path

    def takes(self, rows: Rows) -> bool:
        """Whether these rows go to the staging process (an offloaded table, plain kinds)."""
        return rows.table in self.tables and all(
            c.kind in PLAIN_KINDS or _is_time(c) for c in rows.columns
        )

    def submit(self, rows: Rows, high: int | None = None) -> None:
        """Hand rows (keys set, the highest ``high``) to the staging process; waits while it
        is ``QUEUED_BLOCKS`` behind, and raises ``StagingError`` if it has failed."""
        names = tuple(c.field.column for c in rows.columns)
        postgres = self.connection.vendor == "postgresql"
        stage = self._stages.get((rows.table, names))
        if stage is None:
            number = len(self._stages) + 1
            stage = f"{self._prefix}_{number}" if postgres else f"{rows.table}__{number}"
            self._stages[(rows.table, names)] = stage
            self._fields[stage] = [c.field for c in rows.columns]
        if postgres:  # the foreign keys to check once the rows are copied in
            for column in rows.columns:
                if column.field.is_relation:
                    data = column.data if column.nulls is None else column.data[~column.nulls]
                    self._keys.setdefault(f"{stage}.{column.field.column}", []).append(
                        np.unique(data)
                    )
        block = stage_process.Block(
            stage=stage,
            names=names,
            kinds=tuple("text" if _is_time(c) else c.kind for c in rows.columns),
            data=tuple(_time_text(c) if _is_time(c) else c.data for c in rows.columns),
            nulls=tuple(c.nulls for c in rows.columns),
            constant=tuple(c.constant for c in rows.columns),
            scale=tuple(c.scale for c in rows.columns),
            n=rows.n,
            types=tuple(c.field.db_type(self.connection) or "" for c in rows.columns)
            if postgres
            else (),
            max_digits=tuple(getattr(c.field, "max_digits", 0) or 0 for c in rows.columns),
            use_tz=bool(settings.USE_TZ),
        )
        self._lanes[self._lane_of[rows.table]].put(block)
        self.rows += rows.n
        if high is not None:
            self._high[rows.model] = max(high, self._high.get(rows.model, high))

    def merge(self) -> int:
        """Wait for the staging processes to finish, then copy every staged table into its
        table in this connection's transaction (in key order); the rows copied."""
        for lane in self._lanes:
            lane.finish()
        if not self._stages:
            return 0
        if self.connection.vendor == "postgresql":
            self._merge_postgres()
        else:
            self._merge_sqlite()
        for model, high in self._high.items():  # only now are the keys in the table
            keys.advance(self.connection, model, high)
        return self.rows

    def _merge_sqlite(self) -> None:
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            schemas = []
            for lane in self._lanes:
                alias = f"aquadata_stage_{next(_ALIASES)}"
                cursor.execute(f"ATTACH DATABASE %s AS {alias}", [str(lane.path)])
                _attached.setdefault(self.connection.alias, []).append(alias)
                schemas.append(alias)
            for (table, names), stage in self._stages.items():
                columns = ", ".join(quote(name) for name in names)
                schema = schemas[self._lane_of[table]]
                cursor.execute(
                    f"INSERT INTO main.{quote(table)} ({columns}) "
                    f"SELECT {columns} FROM {schema}.{quote(stage)} ORDER BY rowid"
                )

    def _merge_postgres(self) -> None:
        connection = self.connection
        quote = connection.ops.quote_name
        bulk = fkcheck.can_skip_triggers(connection)
        for (table, names), stage in self._stages.items():
            columns = ", ".join(quote(name) for name in names)
            sql = f"INSERT INTO {quote(table)} ({columns}) SELECT {columns} FROM {quote(stage)}"
            if bulk and not fkcheck.has_own_triggers(connection, table):
                with fkcheck.triggers_skipped(connection), connection.cursor() as cursor:
                    cursor.execute(sql)
                for field in self._fields[stage]:
                    values = self._keys.get(f"{stage}.{field.column}")
                    if values:
                        fkcheck.verify_values(connection, table, field, np.concatenate(values))
            else:
                with connection.cursor() as cursor:
                    cursor.execute(sql)

    def stage_tables(self) -> list[str]:
        """The staging tables this offload named (PostgreSQL; SQLite's live in the file)."""
        return list(self._stages.values()) if self.connection.vendor == "postgresql" else []

    def close(self) -> None:
        """Stop the staging processes that still run and remove the scratch files."""
        for lane in self._lanes:
            lane.close()
        shutil.rmtree(self._folder, ignore_errors=True)


#: Scratch files still attached to a connection (alias -> schema names): SQLite detaches a
#: file only outside the transaction that read it, see ``release_staged``.
_attached: dict[str, list[str]] = {}
#: PostgreSQL staging tables to drop once the transaction that copied them has ended.
_staged: dict[str, list[str]] = {}


def _connect_params(connection: BaseDatabaseWrapper) -> dict[str, object]:
    """What the staging process needs to open its own connection to the same database."""
    params = connection.get_connection_params()
    return {
        k: v
        for k, v in params.items()
        if isinstance(v, (str, int, float)) and k != "prepare_threshold"
    }


def _is_time(column: Column) -> bool:
    """A time-of-day column (held as ``datetime.time`` objects, bound as ISO text)."""
    return column.kind == "object" and column.field.get_internal_type() == "TimeField"


def _time_text(column: Column) -> np.ndarray:
    """Times of day as the ISO text both databases store and parse (``HH:MM:SS[.ffffff]``),
    parsed by the field first as Django does before binding them."""
    to_time = column.field.to_python
    return np.array(
        [None if v is None else to_time(v).isoformat() for v in column.data.tolist()],
        dtype=object,
    )


def release_staged(connection: BaseDatabaseWrapper) -> None:
    """Once the connection's transaction has ended, detach the scratch files merged into it
    (SQLite) and drop the staging tables (PostgreSQL); inside an outer transaction, such as a
    test's, they stay until a later call."""
    if connection.in_atomic_block:
        return
    names = _attached.get(connection.alias, [])
    tables = _staged.get(connection.alias, [])
    if not names and not tables:
        return
    with connection.cursor() as cursor:
        for name in list(names):
            try:
                cursor.execute(f"DETACH DATABASE {name}")
            except OperationalError:
                break  # still locked by an open transaction: a later call detaches it
            names.remove(name)
        for table in list(tables):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}")
            tables.remove(table)


@contextmanager
def offloaded(
    connection: BaseDatabaseWrapper,
    tables: Collection[str] | Sequence[Collection[str]],
    *,
    enabled: bool = True,
) -> Iterator[Offload | None]:
    """Stage loads into ``tables`` in a helper process and copy them in when the block ends
    (on SQLite and PostgreSQL, when ``enabled``; elsewhere, or off, loads run as usual and
    None is given). ``tables`` is a collection of table names (one staging process) or a
    sequence of such groups (one process each, working side by side). On PostgreSQL call
    ``release_staged`` after the transaction."""
    if not enabled or connection.vendor not in VENDORS or not tables or active(connection):
        yield None
        return
    groups = [tables] if all(isinstance(t, str) for t in tables) else list(tables)
    offload = Offload(connection, groups)
    setattr(connection, _ATTRIBUTE, offload)
    try:
        yield offload
        delattr(connection, _ATTRIBUTE)
        offload.merge()
    finally:
        if active(connection) is offload:
            delattr(connection, _ATTRIBUTE)
        offload.close()
        if connection.vendor == "postgresql":  # what the process created, merged or not
            _staged.setdefault(connection.alias, [])
            for stage in offload.stage_tables():
                if stage not in _staged[connection.alias]:
                    _staged[connection.alias].append(stage)
