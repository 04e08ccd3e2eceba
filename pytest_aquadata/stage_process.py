"""The staging process: rows of leaf tables written on another core, into a staging table.

A whole-farm build spends most of its time turning columns into parameters or COPY text and
waiting for the database to take them, one batch after another in one process. Rows that
nothing in the build reads back (environmental readings, for one) can be written elsewhere
meanwhile: the build hands their prepared columns (``Block``) to this process, which converts
them exactly as the loader would (``sqlite_params``, ``copy_text``) and writes them into
staging tables: on SQLite untyped tables of a scratch file (``run``), on PostgreSQL unlogged
tables of the same columns, written by COPY on this process's own connection
(``run_postgres``). At the end the build copies each staged table into its own transaction
with one ``INSERT … SELECT`` (``load.offload``), where the real table's constraints apply.

Django-free: the process imports this module, numpy, sqlite3 or psycopg and the two
conversion modules.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

import numpy as np

from pytest_aquadata.copy_text import plain_text, rows_text
from pytest_aquadata.sqlite_params import plain_values

#: Rows converted and inserted per ``executemany`` call.
CHUNK_ROWS = 100_000
#: Rows formatted per COPY text block on PostgreSQL.
COPY_ROWS = 50_000


@dataclass
class Block:
    """Prepared rows of one table for the staging file: column names, kinds and values."""

    stage: str  # staging table: the target table's name and its column list's number
    names: tuple[str, ...]
    kinds: tuple[str, ...]
    data: tuple[np.ndarray, ...]
    nulls: tuple[np.ndarray | None, ...]
    constant: tuple[bool, ...]
    scale: tuple[int, ...]
    n: int
    types: tuple[str, ...] = ()  # PostgreSQL: the staging table's column types
    max_digits: tuple[int, ...] = ()  # PostgreSQL: decimal columns' digits (0 elsewhere)
    use_tz: bool = True  # PostgreSQL: instants are UTC and say so

    def _columns(self, lo: int, hi: int, convert: Any) -> list[list[Any]]:
        """Rows lo..hi of every column through ``convert(i, data, nulls)`` (a constant
        column converted once and repeated)."""
        out = []
        for i, (data, nulls, constant) in enumerate(
            zip(self.data, self.nulls, self.constant, strict=True)
        ):
            if constant:
                out.append(convert(i, data, nulls)[:1] * (hi - lo))
            else:
                out.append(convert(i, data[lo:hi], None if nulls is None else nulls[lo:hi]))
        return out

    def copy_text(self, lo: int, hi: int) -> str:
        """Rows lo..hi as one COPY text block."""

        def text(i: int, data: np.ndarray, nulls: np.ndarray | None) -> list[str]:
            return plain_text(
                self.kinds[i],
                data,
                nulls,
                scale=self.scale[i],
                max_digits=self.max_digits[i],
                use_tz=self.use_tz,
            )

        return rows_text(self._columns(lo, hi, text))

    def parameters(self, lo: int, hi: int) -> Any:
        """Rows lo..hi as parameter tuples."""

        def values(i: int, data: np.ndarray, nulls: np.ndarray | None) -> list[Any]:
            return plain_values(self.kinds[i], data, nulls, self.scale[i])

        return zip(*self._columns(lo, hi, values), strict=True)


def quote(name: str) -> str:
    """An SQLite identifier in double quotes."""
    return '"' + name.replace('"', '""') + '"'


def write(connection: sqlite3.Connection, block: Block, created: set[str]) -> None:
    """Insert one block into its staging table (created, untyped, on first use)."""
    columns = ", ".join(quote(name) for name in block.names)
    if block.stage not in created:
        connection.execute(f"CREATE TABLE {quote(block.stage)} ({columns})")
        created.add(block.stage)
    marks = ", ".join("?" * len(block.names))
    sql = f"INSERT INTO {quote(block.stage)} ({columns}) VALUES ({marks})"
    for lo in range(0, block.n, CHUNK_ROWS):
        connection.executemany(sql, block.parameters(lo, min(block.n, lo + CHUNK_ROWS)))


def write_postgres(connection: Any, block: Block, created: set[str]) -> None:
    """COPY one block into its unlogged staging table (created on first use)."""
    columns = ", ".join(quote(name) for name in block.names)
    if block.stage not in created:
        typed = ", ".join(
            f"{quote(name)} {kind}" for name, kind in zip(block.names, block.types, strict=True)
        )
        connection.execute(f"CREATE UNLOGGED TABLE {quote(block.stage)} ({typed})")
        created.add(block.stage)
    sql = f"COPY {quote(block.stage)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for lo in range(0, block.n, COPY_ROWS):
            copy.write(block.copy_text(lo, min(block.n, lo + COPY_ROWS)))


def run_postgres(params: dict[str, Any], inbox: Any, outbox: Any) -> None:
    """Process entry point on PostgreSQL: connect with ``params`` (autocommit), COPY every
    block from ``inbox`` into its staging table until ``None``; report as ``run`` does."""
    import psycopg

    rows = 0
    try:
        with psycopg.connect(**params, autocommit=True) as connection:
            created: set[str] = set()
            while (block := inbox.get()) is not None:
                write_postgres(connection, block, created)
                rows += block.n
    except BaseException as exc:  # reported to the build, which raises it there
        outbox.put(("error", f"{type(exc).__name__}: {exc}"))
        return
    outbox.put(("done", rows))


def run(path: str, inbox: Any, outbox: Any) -> None:
    """Process entry point: write every block from ``inbox`` until ``None``, then commit and
    report ``("done", rows)`` on ``outbox`` (or ``("error", text)`` and stop)."""
    rows = 0
    try:
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("PRAGMA journal_mode = OFF")  # a scratch file: nothing to roll back
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("BEGIN")
        created: set[str] = set()
        while (block := inbox.get()) is not None:
            write(connection, block, created)
            rows += block.n
        connection.execute("COMMIT")
        connection.close()
    except BaseException as exc:  # reported to the build, which raises it there
        outbox.put(("error", f"{type(exc).__name__}: {exc}"))
        return
    outbox.put(("done", rows))
