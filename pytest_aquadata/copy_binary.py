"""PostgreSQL binary COPY of canonical columns (numpy data, null mask), without Django.

The server reads binary values as they are stored, with no text to parse (a third less of its
time for the readings than text COPY), and numpy writes them without formatting a string per
value. Each value goes in the exact binary form of its column's type, so the writer asks the
database for the types (``load.postgres``) and falls back to text COPY for any column this
module does not write (``fits``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # header, no flags, no extension
TRAILER = b"\xff\xff"
_EPOCH_US = np.datetime64("2000-01-01T00:00:00", "us")  # PostgreSQL's epoch
_EPOCH_DAY = np.datetime64("2000-01-01", "D")
_INT_WIDTH = {"smallint": 2, "integer": 4, "bigint": 8}
_FLOAT_WIDTH = {"real": 4, "double precision": 8}
_TEXT_TYPES = frozenset({"text", "character varying"})
_INSTANT_TYPES = frozenset({"timestamp with time zone", "timestamp without time zone"})
TIME_TYPE = "time without time zone"
_JSON_VERSION = {"jsonb": "\x01", "json": ""}  # jsonb's binary form: a version byte, the text
_FIXED_KINDS = frozenset({"int", "float", "decimal", "bool", "datetime", "date"})
#: The padded layout of ``rows_binary`` may take this many times the bytes it writes (beyond
#: that, one long text among short ones, it places the fields byte by byte instead).
_PAD_FACTOR = 4
_NBASE_DIGITS = 4  # numeric digits are base 10,000: four decimal digits each
_MAX_NUMERIC = 10**18  # scaled values up to here are padded to whole base-10,000 digits in int64


def fits(kind: str, pg_type: str, data: np.ndarray, scale: int = 0) -> bool:
    """True when a column of canonical ``kind`` (``data``: all its rows; ``scale``: decimal
    places) can be written in binary to ``pg_type``."""
    if kind == "int":
        return pg_type in _INT_WIDTH
    if kind == "float":
        return pg_type in _FLOAT_WIDTH
    if kind == "decimal":
        return pg_type == "numeric" and data.dtype != object and _numeric_fits(data, scale)
    if kind == "bool":
        return pg_type == "boolean"
    if kind == "datetime":
        return pg_type in _INSTANT_TYPES
    if kind == "date":
        return pg_type == "date"
    if kind == "text":
        return pg_type in _TEXT_TYPES
    if kind == "json":
        return pg_type in _JSON_VERSION
    if kind == "object":  # time of day: naive datetime.time values only
        return pg_type == TIME_TYPE and all(
            v is None or (type(v) is dt.time and v.tzinfo is None) for v in data.tolist()
        )
    return False


def is_fixed(kind: str, pg_type: str) -> bool:
    """True when every non-NULL value of the column takes the same number of bytes in a block."""
    return kind in _FIXED_KINDS or (kind == "object" and pg_type == TIME_TYPE)


def _frac_digits(scale: int) -> int:
    """Base-10,000 digits after the point for ``scale`` decimal places."""
    return -(-scale // _NBASE_DIGITS)


def _pad(scale: int) -> int:
    """The factor that gives a scaled decimal whole base-10,000 fractional digits."""
    return 10 ** (_frac_digits(scale) * _NBASE_DIGITS - scale)


def _numeric_fits(scaled: np.ndarray, scale: int) -> bool:
    """Scaled decimals whose padded magnitude stays within int64 (18 digits)."""
    if not len(scaled):
        return True
    return max(abs(int(scaled.max())), abs(int(scaled.min()))) * _pad(scale) < _MAX_NUMERIC


@dataclass
class Encoded:
    """One column's binary values: fixed-width rows ``(n, width)``, or (``width`` None) the
    non-null values' bytes one after another with each row's byte length."""

    data: np.ndarray
    nulls: np.ndarray | None
    width: int | None = None
    lengths: np.ndarray | None = None

    def uniform_size(self) -> int | None:
        """Bytes of this field in every row (length word included) when all rows take the
        same, as fixed-width values never NULL, all NULL, or texts of one length; else None."""
        if self.nulls is not None:
            return 4 if self.nulls.all() else None
        if self.width is not None:
            return 4 + self.width
        if len(self.lengths) and self.lengths.min() == self.lengths.max():
            return 4 + int(self.lengths[0])
        return None

    def put_uniform(self, region: np.ndarray) -> None:
        """Write the field into ``region`` (rows × ``uniform_size``); an encoding of one row
        is repeated in every row (a column holding one value for all rows)."""
        if self.nulls is not None:
            region[:] = 0xFF  # length -1: NULL
            return
        width = self.width if self.width is not None else int(self.lengths[0])
        region[:, :4] = np.frombuffer(np.array(width, ">i4").tobytes(), np.uint8)
        if width:
            region[:, 4:] = self.data.reshape(-1, width)

    def sizes(self) -> np.ndarray:
        """Bytes of each row's field: the 4-byte length, then the value unless NULL."""
        size = np.full(len(self.data) if self.width else len(self.lengths), 4, dtype=np.int64)
        size += self.width if self.width else self.lengths
        if self.nulls is not None:
            size[self.nulls] = 4
        return size


def encode(
    kind: str, pg_type: str, data: np.ndarray, nulls: np.ndarray | None, scale: int = 0
) -> Encoded:
    """The binary values of one column (``fits`` must hold); NULL rows per ``nulls``."""
    if nulls is not None and not nulls.any():
        nulls = None
    if kind == "int":
        return _fixed(data.astype(f">i{_INT_WIDTH[pg_type]}"), nulls)
    if kind == "float":
        return _fixed(data.astype(f">f{_FLOAT_WIDTH[pg_type]}"), nulls)
    if kind == "bool":
        return _fixed(data.astype(np.uint8), nulls)
    if kind == "datetime":
        micros = (data.astype("datetime64[us]") - _EPOCH_US).astype(np.int64)
        return _fixed(micros.astype(">i8"), nulls)
    if kind == "date":
        return _fixed((data.astype("datetime64[D]") - _EPOCH_DAY).astype(">i4"), nulls)
    if kind == "decimal":
        return _numeric(data, nulls, scale)
    if kind == "text":
        return _text(data, nulls)
    if kind == "json":  # data: the JSON texts, serialised by the caller
        version = _JSON_VERSION[pg_type]
        texts = [None if v is None else version + v for v in data.tolist()]
        return _text(np.array(texts, dtype=object), nulls)
    if kind == "object":  # time of day: microseconds since midnight
        micros = [
            0
            if v is None
            else (v.hour * 3600 + v.minute * 60 + v.second) * 1_000_000 + v.microsecond
            for v in data.tolist()
        ]
        return _fixed(np.array(micros, dtype=">i8"), nulls)
    raise ValueError(f"kind={kind!r} is not written in binary; allowed: see fits()")


def _fixed(values: np.ndarray, nulls: np.ndarray | None) -> Encoded:
    width = values.dtype.itemsize
    rows = np.ascontiguousarray(values).view(np.uint8).reshape(len(values), width)
    return Encoded(rows, nulls, width=width)


def _numeric(scaled: np.ndarray, nulls: np.ndarray | None, scale: int) -> Encoded:
    """numeric's binary form: digit count, weight, sign, display scale, base-10,000 digits
    (the same count for every row; the server drops leading and trailing zero digits)."""
    frac_digits = _frac_digits(scale)
    magnitude = np.abs(scaled.astype(np.int64))
    if nulls is not None:
        magnitude = np.where(nulls, 0, magnitude)
    if not _numeric_fits(magnitude, scale):
        raise OverflowError("numeric wider than 18 digits: see fits()")
    padded = magnitude * _pad(scale)
    top = int(padded.max()) if len(padded) else 0
    ndigits = max(1, frac_digits + 1)
    while 10_000**ndigits <= top:
        ndigits += 1
    rows = np.empty((len(scaled), 4 + ndigits), dtype=">i2")
    rows[:, 0] = ndigits
    rows[:, 1] = ndigits - frac_digits - 1  # weight of the first digit
    rows[:, 2] = np.where(scaled < 0, 0x4000, 0)
    rows[:, 3] = scale
    for k in range(ndigits):
        rows[:, 4 + k] = (padded // 10_000 ** (ndigits - 1 - k)) % 10_000
    width = rows.dtype.itemsize * rows.shape[1]
    return Encoded(rows.view(np.uint8).reshape(len(scaled), width), nulls, width=width)


def _text(values: np.ndarray, nulls: np.ndarray | None) -> Encoded:
    nulled = [False] * len(values) if nulls is None else nulls.tolist()
    texts = [
        "" if null or v is None else v for v, null in zip(values.tolist(), nulled, strict=True)
    ]
    joined = "".join(texts)
    if joined.isascii():
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        flat = joined.encode("ascii")
    else:
        encoded = [t.encode("utf-8") for t in texts]
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        flat = b"".join(encoded)
    return Encoded(np.frombuffer(flat, dtype=np.uint8), nulls, lengths=lengths)


def rows_binary(columns: list[Encoded], n: int) -> bytes:
    """The tuples of n rows (field count, then each field) in binary COPY format, no header.

    The leading fields that take the same bytes in every row form a block laid out at once (an
    encoding of one row stands for all rows). The other fields go into a row-major grid, each
    padded to its widest value, and a mask of each row's real bytes reads the grid out in order;
    where padding would take more than ``_PAD_FACTOR`` times the bytes, they are placed byte by
    byte instead."""
    lead_sizes: list[int] = []
    for column in columns:
        size = column.uniform_size()
        if size is None:
            break
        lead_sizes.append(size)
    head = 2 + sum(lead_sizes)
    rest = columns[len(lead_sizes) :]
    widths = [4 + (c.width or (int(c.lengths.max()) if len(c.lengths) else 0)) for c in rest]
    sizes = [c.sizes() for c in rest]
    real = n * head + sum(int(size.sum()) for size in sizes)
    if n * (head + sum(widths)) > _PAD_FACTOR * real:
        return _placed(columns[: len(lead_sizes)], lead_sizes, head, rest, sizes, n)
    grid = np.empty((n, head + sum(widths)), dtype=np.uint8)
    _put_lead(grid, columns[: len(lead_sizes)], lead_sizes, len(columns))
    if not rest:
        return grid.tobytes()
    keep = np.ones(grid.shape, dtype=bool)
    at = head
    for column, size, width in zip(rest, sizes, widths, strict=True):
        lengths = np.full(n, column.width, np.int64) if column.width else column.lengths.copy()
        if column.nulls is not None:
            lengths[column.nulls] = -1
        grid[:, at : at + 4] = lengths.astype(">i4").view(np.uint8).reshape(n, 4)
        values = grid[:, at + 4 : at + width]
        if column.width:
            values[:] = column.data
        elif len(column.data):
            values[np.arange(width - 4) < column.lengths[:, None]] = column.data
        keep[:, at : at + width] = np.arange(width) < size[:, None]
        at += width
    return grid[keep].tobytes()


def _put_lead(block: np.ndarray, lead: list[Encoded], sizes: list[int], count: int) -> None:
    """The field count and the uniform leading fields of every row, into ``block``'s first
    bytes."""
    block[:, :2] = np.frombuffer(np.array(count, ">i2").tobytes(), np.uint8)
    at = 2
    for column, size in zip(lead, sizes, strict=True):
        column.put_uniform(block[:, at : at + size])
        at += size


def _placed(
    lead: list[Encoded],
    lead_sizes: list[int],
    head: int,
    rest: list[Encoded],
    sizes: list[np.ndarray],
    n: int,
) -> bytes:
    """``rows_binary`` by index arithmetic, byte by byte: for fields whose widest value is
    far wider than the others."""
    block = np.empty((n, head), dtype=np.uint8)
    _put_lead(block, lead, lead_sizes, len(lead) + len(rest))
    row_size = head + np.sum(sizes, axis=0)
    starts = np.cumsum(row_size) - row_size
    out = np.empty(int(row_size.sum()), dtype=np.uint8)
    out[starts[:, None] + np.arange(head)] = block
    at_row = starts + head
    for column, size in zip(rest, sizes, strict=True):
        _place(out, at_row, column)
        at_row = at_row + size
    return out.tobytes()


def _place(out: np.ndarray, at: np.ndarray, column: Encoded) -> None:
    """Write one column's length words and values at each row's field offset ``at``."""
    nulls = column.nulls
    if column.width:
        lengths = np.full(len(at), column.width, dtype=np.int64)
    else:
        lengths = column.lengths.copy()
    if nulls is not None:
        lengths[nulls] = -1
    words = lengths.astype(">i4").view(np.uint8).reshape(len(at), 4)
    out[at[:, None] + np.arange(4)] = words
    values_at = at + 4
    if column.width:
        rows = column.data
        if nulls is not None:
            values_at, rows = values_at[~nulls], rows[~nulls]
        out[values_at[:, None] + np.arange(column.width)] = rows
        return
    if not len(column.data):
        return
    sizes = column.lengths  # zero for NULL rows (see _text)
    before = np.cumsum(sizes) - sizes  # where each row's bytes begin in the flat data
    out[np.repeat(values_at - before, sizes) + np.arange(len(column.data))] = column.data
