"""SQLite writer: one prepared INSERT run with ``executemany`` over tuples zipped from columns.

Values are stored exactly as Django's SQLite backend stores them (datetimes as
``YYYY-MM-DD HH:MM:SS[.ffffff]`` text in UTC, decimals as numbers, JSON as text), so ORM
lookups and comparisons behave the same on loaded rows. Constant columns that are NULL,
integers or plain strings become SQL literals instead of parameters.
"""

from __future__ import annotations

import json
from itertools import repeat
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from pytest_aquadata.load.columns import Column, Rows
from pytest_aquadata.sqlite_params import PLAIN_KINDS, plain_values, with_nulls

#: Rows converted and inserted per ``executemany`` call.
CHUNK_ROWS = 100_000


def insert_rows(connection: BaseDatabaseWrapper, rows: Rows, chunk_rows: int | None = None) -> None:
    """Write ``rows`` into their table with ``executemany`` on the connection's transaction."""
    chunk_rows = chunk_rows or CHUNK_ROWS
    quote = connection.ops.quote_name
    varying = [c for c in rows.columns if not c.constant]
    bound: list[tuple[Column, Any]] = []
    inline: list[tuple[Column, str]] = []
    for column in rows.columns:
        if column.constant:
            value = values(column, 0, 1, connection)[0]
            literal = sql_literal(value)
            if literal is None:
                bound.append((column, value))
            else:
                inline.append((column, literal))
    fields = [c.field for c in varying] + [c.field for c, _ in bound] + [c.field for c, _ in inline]
    marks = ["?"] * (len(varying) + len(bound)) + [literal for _, literal in inline]
    sql = (
        f"INSERT INTO {quote(rows.table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(marks)})"
    )
    connection.ensure_connection()
    with connection.wrap_database_errors:
        for lo in range(0, rows.n, chunk_rows):
            hi = min(rows.n, lo + chunk_rows)
            lists = [values(c, lo, hi, connection) for c in varying]
            lists += [repeat(value, hi - lo) for _, value in bound]
            params = zip(*lists, strict=True) if lists else repeat((), hi - lo)
            connection.connection.executemany(sql, params)


def values(column: Column, lo: int, hi: int, connection: BaseDatabaseWrapper) -> list[Any]:
    """Rows lo..hi of a column as the Python values Django's SQLite backend would bind."""
    data, nulls = column.slice(lo, hi)
    kind = column.kind
    if kind in PLAIN_KINDS:
        return plain_values(kind, data, nulls, column.scale)
    if kind == "json":
        encoder = (column.field.encoder or json.JSONEncoder)().encode
        out = [None if v is None else encoder(v) for v in data.tolist()]
    else:  # object: the field adapts each value
        field = column.field
        out = [
            None if v is None else field.get_db_prep_save(v, connection=connection)
            for v in data.tolist()
        ]
    return with_nulls(out, nulls)


def sql_literal(value: Any) -> str | None:
    """A safe SQL literal for NULL, booleans, integers and NUL-free strings; else None."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None
