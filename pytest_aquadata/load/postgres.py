"""PostgreSQL writer: text COPY through Django's own psycopg 3 connection (joins its transaction).

Each column is formatted once per chunk as a list of strings (numbers with numpy, instants by
formatting each distinct value once), rows are joined with ``"\\t".join`` over ``zip`` and
written as one large text block per chunk. Columns that hold one value for every row are put
last in the COPY column list and folded into the line separator, so they cost nothing per row.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import numpy as np
from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper

from pytest_aquadata.copy_text import NULL, escape, plain_text, rows_text
from pytest_aquadata.load.columns import Column, Rows
from pytest_aquadata.sqlite_params import PLAIN_KINDS, with_nulls

#: Rows formatted and sent per ``copy.write``: big enough to amortise, small enough for memory.
CHUNK_ROWS = 50_000


def copy_rows(connection: BaseDatabaseWrapper, rows: Rows, chunk_rows: int | None = None) -> None:
    """Write ``rows`` into their table with ``COPY ... FROM STDIN`` (one text block per chunk)."""
    quote = connection.ops.quote_name
    varying = [c for c in rows.columns if not c.constant]
    constants = [c for c in rows.columns if c.constant]
    names = ", ".join(quote(c.field.column) for c in varying + constants)
    sql = f"COPY {quote(rows.table)} ({names}) FROM STDIN"
    blocks = text_blocks(connection, rows.n, varying, constants, chunk_rows or CHUNK_ROWS)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        raw = cursor.cursor
        if hasattr(raw, "copy"):  # psycopg 3
            with raw.copy(sql) as copy:
                for block in blocks:
                    copy.write(block)
        else:  # psycopg2: one COPY per block
            for block in blocks:
                raw.copy_expert(sql, io.StringIO(block))


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
        dumps = json.JSONEncoder if column.field.encoder is None else column.field.encoder
        encoder = dumps().encode
        out = escape(["" if v is None else encoder(v) for v in data.tolist()])
    else:
        out = escape(_dumped(column, data, connection))
    return with_nulls(out, nulls, NULL)


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
