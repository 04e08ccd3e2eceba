"""PostgreSQL writer: text COPY through Django's own psycopg 3 connection (joins its transaction).

Each column is formatted once per chunk as a list of strings (numbers with numpy, instants by
formatting each distinct value once), rows are joined with ``"\\t".join`` over ``zip`` and
written as one large text block per chunk. Columns that hold one value for every row are put
last in the COPY column list and folded into the line separator, so they cost nothing per row.
"""

from __future__ import annotations

import io
import json
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import chain
from typing import Any

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.signals import post_migrate

from pytest_aquadata import copy_binary
from pytest_aquadata.copy_text import NULL, escape, plain_text, rows_text
from pytest_aquadata.load.columns import Column, Rows
from pytest_aquadata.sqlite_params import PLAIN_KINDS, with_nulls

#: Rows formatted and sent per ``copy.write``: big enough to amortise, small enough for memory.
CHUNK_ROWS = 50_000


#: Rows per binary block: its index arithmetic holds a few bytes of int64 per byte written.
BINARY_CHUNK_ROWS = 20_000

_TYPES: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()


def _forget_types(**_: Any) -> None:
    """Migrations may change column types: read them again afterwards."""
    _TYPES.clear()


post_migrate.connect(_forget_types, dispatch_uid="pytest_aquadata.load.postgres.types")


def copy_rows(
    connection: BaseDatabaseWrapper,
    rows: Rows,
    chunk_rows: int | None = None,
    encoded: tuple[str, Iterable[bytes | str]] | None = None,
) -> None:
    """Write ``rows`` into their table with ``COPY ... FROM STDIN``: in binary when every
    column's type takes it (``copy_binary``), else one text block per chunk; ``encoded``: the
    statement and data ``copy_of`` gave for them earlier (the pipelined writer's)."""
    send_copy(connection, *(encoded or copy_of(connection, rows, chunk_rows)))


def copy_of(
    connection: BaseDatabaseWrapper, rows: Rows, chunk_rows: int | None = None
) -> tuple[str, Iterable[bytes | str]]:
    """The ``COPY`` statement for ``rows`` and its data, block by block as they are encoded
    (binary, signature and trailer included, where every column's type takes it; else text)."""
    quote = connection.ops.quote_name
    blocks = binary_blocks(connection, rows, chunk_rows or min(CHUNK_ROWS, BINARY_CHUNK_ROWS))
    if blocks is not None:
        names, data = blocks
        sql = f"COPY {quote(rows.table)} ({names}) FROM STDIN (FORMAT BINARY)"
        return sql, chain([copy_binary.SIGNATURE], data, [copy_binary.TRAILER])
    varying = [c for c in rows.columns if not c.constant]
    constants = [c for c in rows.columns if c.constant]
    names = ", ".join(quote(c.field.column) for c in varying + constants)
    sql = f"COPY {quote(rows.table)} ({names}) FROM STDIN"
    return sql, text_blocks(connection, rows.n, varying, constants, chunk_rows or CHUNK_ROWS)


def send_copy(connection: BaseDatabaseWrapper, sql: str, blocks: Iterable[bytes | str]) -> None:
    """Run a ``COPY ... FROM STDIN`` with the data blocks of ``copy_of`` (encoded already or as
    they come), in the connection's transaction."""
    with connection.cursor() as cursor, connection.wrap_database_errors:
        raw = cursor.cursor
        if hasattr(raw, "copy"):  # psycopg 3
            with raw.copy(sql) as copy:
                for block in blocks:
                    copy.write(block)
        else:  # psycopg2 (text only): one COPY per block
            for block in blocks:
                raw.copy_expert(sql, io.StringIO(block))


def column_types(connection: BaseDatabaseWrapper, table: str) -> dict[str, str]:
    """The type of each column of ``table`` as PostgreSQL names it (``bigint``, ``numeric``,
    ...), read once per database connection."""
    connection.ensure_connection()
    known = _TYPES.setdefault(connection.connection, {})
    if table not in known:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attname, format_type(atttypid, NULL) FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [connection.ops.quote_name(table)],
            )
            known[table] = dict(cursor.fetchall())
    return known[table]


def binary_blocks(
    connection: BaseDatabaseWrapper, rows: Rows, chunk_rows: int
) -> tuple[str, Iterator[bytes]] | None:
    """(column list, binary COPY blocks) for ``rows``, or None when a column's kind or type is
    not written in binary (or the driver is not psycopg 3). Columns whose field takes the same
    bytes in every row go first, so each row starts with one block of the same layout."""
    connection.ensure_connection()
    if rows.n == 0 or not hasattr(connection.connection, "adapters"):
        return None
    types = column_types(connection, rows.table)
    typed = []
    for column in rows.columns:
        pg_type = types.get(column.field.column, "")
        if column.kind == "object" and pg_type == copy_binary.TIME_TYPE:
            column = _as_times(column)
        if not copy_binary.fits(column.kind, pg_type, column.data, column.scale):
            return None
        typed.append((column, pg_type))
    order = sorted(typed, key=lambda typed_column: not _uniform(*typed_column))  # stable
    quote = connection.ops.quote_name
    names = ", ".join(quote(c.field.column) for c, _ in order)

    def blocks() -> Iterator[bytes]:
        for lo in range(0, rows.n, chunk_rows):
            yield _binary_block(order, lo, min(rows.n, lo + chunk_rows))

    return names, blocks()


def _as_times(column: Column) -> Column:
    """A time column's values as ``datetime.time``, parsed by the field (``"06:30"`` too), each
    distinct value once; unchanged when a value does not parse (the text path reports it)."""
    values = column.data.tolist()
    parsed: dict[Any, Any] = {None: None}
    try:
        for value in values:
            if value not in parsed:
                parsed[value] = column.field.to_python(value)
    except (ValidationError, TypeError):
        return column
    data = np.array([parsed[v] for v in values], dtype=object)
    return replace(column, data=data)


def _uniform(column: Column, pg_type: str) -> bool:
    """Whether the column's field takes the same bytes in every row of every block: one value
    for all rows, NULL in all rows, or fixed-width values never NULL."""
    nulls = column.nulls
    if column.constant or (nulls is not None and len(nulls) and nulls.all()):
        return True
    return copy_binary.is_fixed(column.kind, pg_type) and (nulls is None or not nulls.any())


def _binary_block(order: list[tuple[Column, str]], lo: int, hi: int) -> bytes:
    """Rows lo..hi in binary, the columns in the order given (``binary_blocks``'s); a column
    holding one value for all rows is encoded once."""
    encoded = []
    for column, pg_type in order:
        data, nulls = column.slice(lo, hi)
        if column.constant:
            data = np.asarray(data).reshape(-1)[:1]
            nulls = None if nulls is None else np.asarray(nulls).reshape(-1)[:1]
        if column.kind == "json":
            data = np.array(json_texts(column, data), dtype=object)
        encoded.append(copy_binary.encode(column.kind, pg_type, data, nulls, column.scale))
    return copy_binary.rows_binary(encoded, hi - lo)


def text_blocks(
    connection: BaseDatabaseWrapper,
    n: int,
    varying: list[Column],
    constants: list[Column],
    chunk_rows: int,
) -> Iterator[str]:
    """COPY text for n rows, chunk by chunk: varying columns first, constants folded in last."""
    tail = "\t".join(encode(c, 0, 1, connection)[0] for c in constants)
    if not varying:
        line = tail + "\n"
        for lo in range(0, n, chunk_rows):
            yield line * (min(n, lo + chunk_rows) - lo)
        return
    for lo in range(0, n, chunk_rows):
        hi = min(n, lo + chunk_rows)
        texts = [encode(c, lo, hi, connection) for c in varying]
        yield rows_text(texts, tail if constants else None)


def encode(column: Column, lo: int, hi: int, connection: BaseDatabaseWrapper) -> list[str]:
    """COPY text of rows lo..hi of a column (one string for a constant column), NULL as ``\\N``."""
    data, nulls = column.slice(lo, hi)
    kind = column.kind
    if kind in PLAIN_KINDS:
        return plain_text(
            kind,
            data,
            nulls,
            scale=column.scale,
            max_digits=getattr(column.field, "max_digits", 0) or 0,
            use_tz=settings.USE_TZ,
        )
    if kind == "json":
        out = escape([v or "" for v in json_texts(column, data)])
    else:
        out = escape(_dumped(column, data, connection))
    return with_nulls(out, nulls, NULL)


def json_texts(column: Column, data: np.ndarray) -> list[str | None]:
    """The JSON text of each value of a JSON column, by the field's encoder (None for None)."""
    dumps = json.JSONEncoder if column.field.encoder is None else column.field.encoder
    encoder = dumps().encode
    return [None if v is None else encoder(v) for v in data.tolist()]


def _dumped(column: Column, data: np.ndarray, connection: BaseDatabaseWrapper) -> list[str]:
    """Other field types: the field's own DB value, dumped to text by psycopg's adapters."""
    field = column.field
    dump = str
    if hasattr(connection.connection, "adapters"):  # psycopg 3 knows every type's text form
        from psycopg.adapt import PyFormat, Transformer

        transformer = Transformer(connection.connection)

        def dump(value: object) -> str:
            return bytes(transformer.get_dumper(value, PyFormat.TEXT).dump(value)).decode()

    out = []
    for value in data.tolist():
        if value is None:
            out.append("")
            continue
        out.append(dump(field.get_db_prep_save(value, connection=connection)))
    return out
