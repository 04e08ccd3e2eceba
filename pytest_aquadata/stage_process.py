"""The staging process: rows of leaf tables written into a scratch SQLite file on another core.

A whole-farm build on SQLite spends most of its time turning columns into parameters and in
``executemany``, all in one process. Rows that nothing in the build reads back (environmental
readings, for one) can be written elsewhere meanwhile: the build hands their prepared columns
(``Block``) to this process, which converts them exactly as the loader would
(``sqlite_params``) and inserts them into untyped tables of a scratch file; at the end the
build copies each staged table into its own transaction with one ``INSERT … SELECT``
(``load.offload``), where the real columns' types and constraints apply as for any insert.

Django-free: the process imports this module, numpy and ``pytest_aquadata.sqlite_params``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np

from pytest_aquadata.sqlite_params import plain_values

#: Rows converted and inserted per ``executemany`` call.
CHUNK_ROWS = 100_000


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

    def parameters(self, lo: int, hi: int) -> Any:
        """Rows lo..hi as parameter tuples (constant columns repeated)."""
        lists: list[Any] = []
        for kind, data, nulls, constant, scale in zip(
            self.kinds, self.data, self.nulls, self.constant, self.scale, strict=True
        ):
            if constant:
                lists.append(repeat(plain_values(kind, data, nulls, scale)[0], hi - lo))
            else:
                part = None if nulls is None else nulls[lo:hi]
                lists.append(plain_values(kind, data[lo:hi], part, scale))
        return zip(*lists, strict=True)


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
