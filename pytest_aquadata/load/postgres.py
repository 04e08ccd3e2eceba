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

from pytest_aquadata.load.columns import Column, Rows
from pytest_aquadata.sqlite_params import by_distinct

NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_SPECIAL = ("\\", "\t", "\n", "\r")

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
    separator = ("\t" + tail if constants else "") + "\n"
    for lo in range(0, n, chunk_rows):
        hi = min(n, lo + chunk_rows)
        texts = [encode(c, lo, hi, connection) for c in varying]
        if len(texts) == 1:
            yield separator.join(texts[0]) + separator
        else:
            yield separator.join(map("\t".join, zip(*texts, strict=True))) + separator


def encode(column: Column, lo: int, hi: int, connection: BaseDatabaseWrapper) -> list[str]:
    """COPY text of rows lo..hi of a column (one string for a constant column), NULL as ``\\N``."""
    data, nulls = column.slice(lo, hi)
    kind = column.kind
    if kind == "int":
        out = list(map(str, data.tolist()))
    elif kind == "float":
        out = list(map(repr, data.tolist()))
    elif kind == "decimal":
        out = decimal_text(data, column.scale, column.field.max_digits)
    elif kind == "bool":
        out = np.where(data, "t", "f").tolist()
    elif kind == "datetime":
        out = by_distinct(data, instant_text)
    elif kind == "date":
        out = by_distinct(data, lambda days: np.datetime_as_string(days, unit="D").tolist())
    elif kind == "text":
        out = escape(["" if v is None else v for v in data.tolist()])
    elif kind == "json":
        dumps = json.JSONEncoder if column.field.encoder is None else column.field.encoder
        encoder = dumps().encode
        out = escape(["" if v is None else encoder(v) for v in data.tolist()])
    else:
        out = escape(_dumped(column, data, connection))
    if nulls is not None:
        for row in np.flatnonzero(nulls).tolist():
            out[row] = NULL
    return out


def decimal_text(scaled: np.ndarray, scale: int, max_digits: int) -> list[str]:
    """Scaled integers (value × 10**scale) as fixed-point text with ``scale`` places."""
    if scaled.dtype == object:  # wider than int64: quantized Decimals
        return [NULL if d is None else format(d, "f") for d in scaled.tolist()]
    if scale == 0:
        return list(map(str, scaled.tolist()))
    if max_digits <= 15:  # exact in float64: k / 10**scale formats back to k's digits
        return list(map(f"{{:.{scale}f}}".format, (scaled / 10**scale).tolist()))
    unit = 10**scale
    out = []
    for value in scaled.tolist():
        whole, frac = divmod(abs(value), unit)
        out.append(f"{'-' if value < 0 else ''}{whole}.{frac:0{scale}d}")
    return out


def instant_text(instants: np.ndarray) -> list[str]:
    """datetime64[us] values as ISO text; with USE_TZ they are UTC and say so."""
    whole_seconds = not (instants.astype(np.int64) % 1_000_000).any()
    text = np.datetime_as_string(instants, unit="s" if whole_seconds else "us").tolist()
    if settings.USE_TZ:
        return [t + "+00:00" for t in text]
    return text


def escape(texts: list[str]) -> list[str]:
    """Escape backslash, tab, newline and carriage return for COPY text format."""
    joined = "".join(texts)
    if any(char in joined for char in _SPECIAL):
        return [t.translate(_ESCAPES) for t in texts]
    return texts


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
