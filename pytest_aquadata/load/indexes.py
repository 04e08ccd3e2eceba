"""Secondary indexes dropped before a large SQLite load and rebuilt after it, in one transaction.

Building an index once over sorted keys is much cheaper than updating it row by row, so a
load that at least doubles a table (and has ``REBUILD_MIN_ROWS`` rows or more) drops the
table's plain (non-unique) indexes first and recreates them from their own ``CREATE INDEX``
text afterwards. SQLite's DDL is transactional: a failed load rolls the indexes back too.
Unique indexes stay, so duplicates are refused row by row as usual.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends.base.base import BaseDatabaseWrapper

#: Loads smaller than this keep their indexes: rebuilding would cost more than it saves.
REBUILD_MIN_ROWS = 20_000


@contextmanager
def rebuilt_after(connection: BaseDatabaseWrapper, table: str, n: int) -> Iterator[bool]:
    """Drop the table's plain indexes for a large load and recreate them on success."""
    indexes = _plain_indexes(connection, table) if _worth_it(connection, table, n) else []
    if not indexes:
        yield False
        return
    with connection.cursor() as cursor:
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield True
    with connection.cursor() as cursor:
        for _, sql in indexes:
            cursor.execute(sql)


def _worth_it(connection: BaseDatabaseWrapper, table: str, n: int) -> bool:
    """True on SQLite when n is large and at least the table's current row count."""
    if connection.vendor != "sqlite" or n < REBUILD_MIN_ROWS:
        return False
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {quote(table)} LIMIT %s)", [n + 1])
        return cursor.fetchone()[0] <= n


def _plain_indexes(connection: BaseDatabaseWrapper, table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX text) of the table's non-unique indexes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL AND UPPER(sql) NOT LIKE 'CREATE UNIQUE%%'",
            [table],
        )
        return list(cursor.fetchall())


def _plain_indexes_any(connection: BaseDatabaseWrapper, table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX text) of a table's non-unique indexes on SQLite or PostgreSQL."""
    if connection.vendor == "sqlite":
        return _plain_indexes(connection, table)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename = %s AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
                [table],
            )
            return list(cursor.fetchall())
    return []


@contextmanager
def deferred(connection: BaseDatabaseWrapper, tables: list[str]) -> Iterator[int]:
    """Drop the plain indexes of ``tables`` for a long series of loads; rebuild them once.

    Used by whole-farm builds, where tens of loads into the same big tables would otherwise
    update every index row by row. Must run inside a transaction: a failure restores them.
    """
    existing = set(connection.introspection.table_names())
    dropped = [ix for t in tables if t in existing for ix in _plain_indexes_any(connection, t)]
    with connection.cursor() as cursor:
        for name, _ in dropped:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield len(dropped)
    with connection.cursor() as cursor:
        if dropped and connection.vendor == "postgresql":
            # PostgreSQL refuses CREATE INDEX on a table with deferred FK checks still queued:
            # run the queued checks now, then go back to deferring.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for _, sql in dropped:
            cursor.execute(sql)
