"""Primary keys handed out in blocks before rows are written, and sequences moved past them.

A reservation starts above both the table's ``MAX(pk)`` and the highest key reserved earlier
on the same connection, and it is recorded *inside the current transaction*, so a rollback
(of the transaction or of a savepoint) forgets it together with the rows it was for:

* PostgreSQL: the high-water mark is a session setting (``set_config``), which PostgreSQL
  undoes on rollback; the table's sequence is also moved past the block at once, so ORM
  inserts made before the rows are loaded never take a reserved key. Sequences are not
  transactional and never move backwards here.
* SQLite: the mark is the table's row in ``sqlite_sequence`` (Django's SQLite tables use
  AUTOINCREMENT), which SQLite rolls back with the transaction and which the next ORM insert
  also respects.
* Other databases: an in-process mark per connection alias and table, plus Django's
  ``sequence_reset_sql`` after each load.
"""

from __future__ import annotations

import re
import zlib

from django.core.management.color import no_style
from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from pytest_aquadata.load.columns import kind_of, label

#: High-water marks for databases without a transactional place to keep them.
_MEMORY: dict[tuple[str, str], int] = {}


def can_reserve(model: type[models.Model]) -> bool:
    """True when the model's primary key is an integer the loader can hand out."""
    pk = model._meta.pk
    return not pk.is_relation and kind_of(pk) == "int"


def is_sequenced(model: type[models.Model]) -> bool:
    """True when the database fills the primary key from a sequence (an auto field)."""
    return isinstance(model._meta.pk, models.fields.AutoFieldMixin)


def reserve(connection: BaseDatabaseWrapper, model: type[models.Model], n: int) -> range:
    """Reserve ``n`` consecutive primary keys above every existing and reserved key."""
    if not can_reserve(model):
        pk = model._meta.pk
        raise ValueError(
            f"{label(model)}: primary key {pk.name!r} is not an integer key the loader can "
            "assign; pass its values as a column"
        )
    if n < 0:
        raise ValueError(f"{label(model)}: cannot reserve {n} keys")
    if n == 0:
        return range(1, 1)
    with transaction.atomic(using=connection.alias, savepoint=False):
        top = take(connection, model, n)
    return range(top - n + 1, top + 1)


def take(connection: BaseDatabaseWrapper, model: type[models.Model], n: int) -> int:
    """Record ``n`` more reserved keys of ``model`` in the open transaction; the top key.

    The step of ``reserve`` that talks to the database, for a caller already inside the
    connection's transaction (the pipelined writer thread, which must not open one).
    """
    if connection.vendor == "postgresql":
        return _reserve_postgresql(connection, model, n)
    if connection.vendor == "sqlite":
        return _reserve_sqlite(connection, model, n)
    return _reserve_memory(connection, model, n)


def advance(connection: BaseDatabaseWrapper, model: type[models.Model], high: int) -> None:
    """After rows with keys up to ``high`` were written, make later ORM inserts go above them."""
    if not is_sequenced(model) or high < 1:
        return
    if connection.vendor == "postgresql":
        table, column = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute(
                _PG_ADVANCE,
                {
                    "high": high,
                    "mark": _mark(table),
                    "table": connection.ops.quote_name(table),
                    "column": column,
                },
            )
    elif connection.vendor != "sqlite":  # SQLite's AUTOINCREMENT follows explicit keys itself
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
                cursor.execute(sql)


def _mark(table: str) -> str:
    """The PostgreSQL custom setting that holds a table's reservation mark."""
    safe = re.sub(r"[^a-z0-9_]", "_", table.lower())[:40]
    return f"aquadata.pk_{safe}_{zlib.crc32(table.encode()):08x}"


_PG_RESERVE = """
SELECT r.top, setval(s.seq, GREATEST(r.top, COALESCE(pg_sequence_last_value(s.seq), 0)))
FROM (
    SELECT set_config(%(mark)s, (GREATEST(
        COALESCE((SELECT MAX({pk}) FROM {table}), 0),
        COALESCE(NULLIF(current_setting(%(mark)s, true), '')::bigint, 0)
    ) + %(n)s)::text, false)::bigint AS top
) AS r
CROSS JOIN (SELECT pg_get_serial_sequence(%(table)s, %(column)s)::regclass AS seq) AS s
"""

_PG_ADVANCE = """
SELECT setval(s.seq, GREATEST(%(high)s, COALESCE(pg_sequence_last_value(s.seq), 0))),
       CASE WHEN %(high)s >= COALESCE(NULLIF(current_setting(%(mark)s, true), '')::bigint, 0)
            THEN set_config(%(mark)s, '', false) END
FROM (SELECT pg_get_serial_sequence(%(table)s, %(column)s)::regclass AS seq) AS s
"""


def _reserve_postgresql(connection: BaseDatabaseWrapper, model: type[models.Model], n: int) -> int:
    """Raise the session mark and the sequence past n new keys in one statement; the top key."""
    quote = connection.ops.quote_name
    table, column = model._meta.db_table, model._meta.pk.column
    sql = _PG_RESERVE.format(pk=quote(column), table=quote(table))
    with connection.cursor() as cursor:
        cursor.execute(sql, {"mark": _mark(table), "n": n, "table": quote(table), "column": column})
        return int(cursor.fetchone()[0])


def _reserve_sqlite(connection: BaseDatabaseWrapper, model: type[models.Model], n: int) -> int:
    """Take n keys above MAX(pk) and sqlite_sequence, and record the top in sqlite_sequence."""
    quote = connection.ops.quote_name
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")
        highest = cursor.fetchone()[0] or 0
        cursor.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'"
        )
        if not cursor.fetchone()[0]:
            return _reserve_memory(connection, model, n, highest)
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        top = max(highest, row[0] if row and row[0] is not None else 0) + n
        cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [top, table])
        if cursor.rowcount == 0:
            cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, top])
    return top


def _reserve_memory(
    connection: BaseDatabaseWrapper,
    model: type[models.Model],
    n: int,
    highest: int | None = None,
) -> int:
    """Take n keys above MAX(pk) and this process's earlier reservations for the table."""
    table = model._meta.db_table
    if highest is None:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({quote(model._meta.pk.column)}) FROM {quote(table)}")
            highest = cursor.fetchone()[0] or 0
    key = (connection.alias, table)
    top = max(highest, _MEMORY.get(key, 0)) + n
    _MEMORY[key] = top
    return top
