"""Leaf tables written on another core: staged by a helper process, copied in at the end.

Inside ``offloaded(connection, tables)`` (SQLite only), every load into one of ``tables`` is
handed, prepared and with its keys already reserved, to the staging process
(``pytest_aquadata.stage_process``), which converts and inserts the rows into a scratch file
while this process builds the next ones. Leaving the block copies each staged table into the
connection's open transaction with one ``INSERT … SELECT`` (SQLite's C code, no Python per row),
so the rows, their keys and the transaction's all-or-nothing are those of a direct load: a
failure anywhere (here, in the staging process, or in the copy) rolls the build back and
leaves no scratch file behind.

Only tables the caller never reads back until the block ends may be offloaded: their rows
are not in the database before that. Columns of JSON or other field-adapted kinds are loaded
here as usual.
"""

from __future__ import annotations

import itertools
import multiprocessing
import queue
import shutil
import tempfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from pytest_aquadata import stage_process
from pytest_aquadata.load.columns import Rows
from pytest_aquadata.sqlite_params import PLAIN_KINDS

#: Blocks waiting for the staging process at most (each up to a loader chunk of rows), so
#: memory stays bounded when the build runs ahead of it.
QUEUED_BLOCKS = 2
_ATTRIBUTE = "_aquadata_offload"
_ALIASES = itertools.count(1)
_POLL_SECONDS = 0.5


class StagingError(RuntimeError):
    """The staging process failed or stopped; the build's transaction is rolled back."""


def active(connection: BaseDatabaseWrapper) -> Offload | None:
    """The offload of this connection, if an ``offloaded`` block is open."""
    return getattr(connection, _ATTRIBUTE, None)


class Offload:
    """One staging process and its scratch file for one connection's leaf tables."""

    def __init__(self, connection: BaseDatabaseWrapper, tables: Collection[str]) -> None:
        self.connection = connection
        self.tables = frozenset(tables)
        self.rows = 0
        self._stages: dict[tuple[str, tuple[str, ...]], str] = {}  # (table, columns) -> stage
        self._folder = Path(tempfile.mkdtemp(prefix="aquadata-stage-"))
        self.path = self._folder / "stage.sqlite3"
        context = multiprocessing.get_context("spawn")  # no thread or connection copied
        self._inbox = context.Queue(maxsize=QUEUED_BLOCKS)
        self._outbox = context.Queue()
        self._process = context.Process(
            target=stage_process.run,
            args=(str(self.path), self._inbox, self._outbox),
            name="aquadata-stage",
            daemon=True,
        )
        self._process.start()

    def takes(self, rows: Rows) -> bool:
        """Whether these rows go to the staging process (an offloaded table, plain kinds)."""
        return rows.table in self.tables and all(c.kind in PLAIN_KINDS for c in rows.columns)

    def submit(self, rows: Rows) -> None:
        """Hand rows (keys set) to the staging process; waits while it is ``QUEUED_BLOCKS``
        behind, and raises ``StagingError`` if it has failed."""
        names = tuple(c.field.column for c in rows.columns)
        stage = self._stages.setdefault(
            (rows.table, names), f"{rows.table}__{len(self._stages) + 1}"
        )
        block = stage_process.Block(
            stage=stage,
            names=names,
            kinds=tuple(c.kind for c in rows.columns),
            data=tuple(c.data for c in rows.columns),
            nulls=tuple(c.nulls for c in rows.columns),
            constant=tuple(c.constant for c in rows.columns),
            scale=tuple(c.scale for c in rows.columns),
            n=rows.n,
        )
        while True:
            self._check()
            try:
                self._inbox.put(block, timeout=_POLL_SECONDS)
                break
            except queue.Full:
                continue
        self.rows += rows.n

    def _check(self) -> None:
        """Raise the staging process's error, or StagingError if it stopped unasked."""
        try:
            status, detail = self._outbox.get_nowait()
        except queue.Empty:
            if not self._process.is_alive():
                raise StagingError(
                    f"the staging process stopped (exit code {self._process.exitcode})"
                ) from None
            return
        raise StagingError(
            f"staging leaf-table rows failed: {detail}"
            if status == "error"
            else "the staging process finished early"
        )

    def merge(self) -> int:
        """Wait for the staging process to finish, then copy every staged table into its
        table in this connection's transaction (in key order); the rows copied."""
        self._inbox.put(None)
        while True:
            try:
                status, detail = self._outbox.get(timeout=_POLL_SECONDS)
                break
            except queue.Empty:
                if not self._process.is_alive():
                    raise StagingError(
                        f"the staging process stopped (exit code {self._process.exitcode})"
                    ) from None
        if status != "done":
            raise StagingError(f"staging leaf-table rows failed: {detail}")
        self._process.join()
        if not self._stages:
            return 0
        alias = f"aquadata_stage_{next(_ALIASES)}"
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            cursor.execute(f"ATTACH DATABASE %s AS {alias}", [str(self.path)])
            _attached.setdefault(self.connection.alias, []).append(alias)
            for (table, names), stage in self._stages.items():
                columns = ", ".join(quote(name) for name in names)
                cursor.execute(
                    f"INSERT INTO main.{quote(table)} ({columns}) "
                    f"SELECT {columns} FROM {alias}.{quote(stage)} ORDER BY rowid"
                )
        return self.rows

    def close(self) -> None:
        """Stop the staging process if it still runs and remove the scratch file."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._inbox.close()
        self._outbox.close()
        shutil.rmtree(self._folder, ignore_errors=True)


#: Scratch files still attached to a connection (alias -> schema names): SQLite detaches a
#: file only outside the transaction that read it, see ``detach_staged``.
_attached: dict[str, list[str]] = {}


def detach_staged(connection: BaseDatabaseWrapper) -> None:
    """Detach the scratch files merged into this connection, once its transaction has ended
    (inside an outer transaction, such as a test's, they stay attached until a later call)."""
    names = _attached.get(connection.alias, [])
    if not names or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for name in list(names):
            try:
                cursor.execute(f"DETACH DATABASE {name}")
            except OperationalError:
                return  # still locked by an open transaction: a later call detaches it
            names.remove(name)


@contextmanager
def offloaded(
    connection: BaseDatabaseWrapper, tables: Collection[str], *, enabled: bool = True
) -> Iterator[Offload | None]:
    """Stage loads into ``tables`` in a helper process and copy them in when the block ends
    (on SQLite, when ``enabled``; elsewhere, or off, loads run as usual and None is given)."""
    if not enabled or connection.vendor != "sqlite" or not tables or active(connection):
        yield None
        return
    offload = Offload(connection, tables)
    setattr(connection, _ATTRIBUTE, offload)
    try:
        yield offload
        delattr(connection, _ATTRIBUTE)
        offload.merge()
    finally:
        if active(connection) is offload:
            delattr(connection, _ATTRIBUTE)
        offload.close()
