"""Binary COPY (copy_binary): the bytes follow PostgreSQL's binary COPY format, and every
column type it writes reads back from PostgreSQL as the value that went in, NULLs included."""

from __future__ import annotations

import datetime as dt
import struct
from decimal import Decimal

import numpy as np
import pytest

from pytest_aquadata import copy_binary


def test_rows_carry_field_count_lengths_and_big_endian_values() -> None:
    ids = copy_binary.encode("int", "integer", np.array([7, 8]), None)
    parents = copy_binary.encode("int", "bigint", np.array([1, 2]), np.array([False, True]))
    notes = copy_binary.encode("text", "text", np.array(["ab", "ü"], dtype=object), None)

    got = copy_binary.rows_binary([ids, parents, notes], 2)

    first = struct.pack(">hii", 3, 4, 7) + struct.pack(">iq", 8, 1) + struct.pack(">i", 2) + b"ab"
    second = (
        struct.pack(">hii", 3, 4, 8) + struct.pack(">i", -1) + struct.pack(">i", 2) + "ü".encode()
    )
    assert got == first + second


def _reference(fields: list[list[bytes | None]]) -> bytes:
    """Binary COPY tuples built value by value: field count, then length and bytes (-1: NULL)."""
    out = b""
    for row in zip(*fields, strict=True):
        out += struct.pack(">h", len(row))
        for value in row:
            out += struct.pack(">i", -1) if value is None else struct.pack(">i", len(value)) + value
    return out


@pytest.mark.parametrize("long_note", [False, True], ids=["padded grid", "byte by byte"])
def test_layouts_match_rows_built_value_by_value(long_note: bool) -> None:
    n = 5
    ids = np.arange(1, n + 1)
    site = np.array([42])  # one value for every row, encoded once
    gone = np.array([True])  # NULL in every row
    codes = np.array(["AB", "CD", "EF", "GH", "IJ"], dtype=object)  # one length: a fixed field
    parent = np.array([3, 0, 5, 0, 7])
    orphan = np.array([False, True, False, True, False])
    notes = ["", "ok", None, "ünï", "x" * (10_000 if long_note else 3)]
    columns = [
        copy_binary.encode("int", "bigint", ids, None),
        copy_binary.encode("int", "integer", site, None),
        copy_binary.encode("int", "integer", np.array([0]), gone),
        copy_binary.encode("text", "text", codes, None),
        copy_binary.encode("int", "bigint", parent, orphan),
        copy_binary.encode("text", "text", np.array(notes, dtype=object), np.equal(notes, None)),
    ]

    got = copy_binary.rows_binary(columns, n)

    expected = _reference(
        [
            [struct.pack(">q", i) for i in ids],
            [struct.pack(">i", 42)] * n,
            [None] * n,
            [c.encode() for c in codes],
            [None if o else struct.pack(">q", p) for p, o in zip(parent, orphan, strict=True)],
            [None if t is None else t.encode() for t in notes],
        ]
    )
    assert got == expected


def test_numeric_digits_are_base_ten_thousand_with_weight_sign_and_scale() -> None:
    scaled = np.array([1250, -325, 0])  # 12.50, -3.25, 0.00 at scale 2
    encoded = copy_binary.encode("decimal", "numeric", scaled, None, scale=2)
    words = [struct.unpack(f">{len(row) // 2}h", row.tobytes()) for row in encoded.data]
    # digits, weight, sign, display scale, then the digits: 12 | 5000 means 12.5
    assert words[0] == (2, 0, 0, 2, 12, 5000)
    assert words[1] == (2, 0, 0x4000, 2, 3, 2500)
    assert words[2] == (2, 0, 0, 2, 0, 0)


def test_only_the_types_it_writes_fit() -> None:
    ints = np.array([1])
    assert copy_binary.fits("int", "bigint", ints)
    assert not copy_binary.fits("int", "numeric", ints)
    assert not copy_binary.fits("text", "uuid", np.array(["x"], dtype=object))
    times = np.array([dt.time(6, 30), None], dtype=object)
    assert copy_binary.fits("object", "time without time zone", times)
    aware = np.array([dt.time(6, 30, tzinfo=dt.timezone.utc)], dtype=object)
    assert not copy_binary.fits("object", "time without time zone", aware)
    assert not copy_binary.fits("object", "time without time zone", np.array(["06:30"], object))
    assert not copy_binary.fits("object", "uuid", np.array([None], dtype=object))
    assert copy_binary.fits("json", "jsonb", np.array([{"a": 1}], dtype=object))
    wide = np.array([Decimal("1")], dtype=object)
    assert not copy_binary.fits("decimal", "numeric", wide)
    assert copy_binary.fits("decimal", "numeric", np.array([-(10**17)]), scale=4)
    assert not copy_binary.fits("decimal", "numeric", np.array([-(10**17)]), scale=1)
    with pytest.raises(OverflowError):
        copy_binary.encode("decimal", "numeric", np.array([10**17]), None, scale=1)


@pytest.mark.django_db
def test_every_type_reads_back_from_postgresql() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("binary COPY is PostgreSQL's")
    n = 3
    nulls = np.array([False, True, False])
    instants = np.array(
        ["2024-03-01T06:00:00", "1999-12-31T23:59:59.250000", "2030-01-01T00:00:00.000001"],
        dtype="datetime64[us]",
    )
    columns = [
        ("a smallint", "int", "smallint", np.array([-3, 0, 32000]), None, 0),
        ("b integer", "int", "integer", np.array([1, 2, -2_000_000_000]), nulls, 0),
        ("c bigint", "int", "bigint", np.array([2**40, 0, -1]), None, 0),
        ("d double precision", "float", "double precision", np.array([0.1, 0, -2.5e300]), None, 0),
        ("e real", "float", "real", np.array([0.5, 1, -2]), nulls, 0),
        ("f numeric(12,4)", "decimal", "numeric", np.array([123456789, 0, -4]), None, 4),
        ("g numeric(5,0)", "decimal", "numeric", np.array([99999, -1, 0]), nulls, 0),
        ("h boolean", "bool", "boolean", np.array([True, False, False]), nulls, 0),
        (
            "i date",
            "date",
            "date",
            np.array(["2024-02-29", "1970-01-01", "1999-12-31"], dtype="datetime64[D]"),
            None,
            0,
        ),
        ("j timestamptz", "datetime", "timestamp with time zone", instants, None, 0),
        ("k timestamp", "datetime", "timestamp without time zone", instants, nulls, 0),
        ("l text", "text", "text", np.array(["tab\there", "", "ünï ✓ \\N"], dtype=object), None, 0),
        (
            "m varchar(20)",
            "text",
            "character varying",
            np.array(["x", None, ""], dtype=object),
            nulls,
            0,
        ),
        (
            "n time",
            "object",
            "time without time zone",
            np.array([dt.time(6, 30, 1, 5), None, dt.time(23, 59, 59, 999999)], dtype=object),
            nulls,
            0,
        ),
        (
            "o jsonb",
            "json",
            "jsonb",
            np.array(['{"a": [1, "\u00fc"]}', None, "null"], dtype=object),
            nulls,
            0,
        ),
        ("p json", "json", "json", np.array(['{"b": 2}', "[]", '"x"'], dtype=object), None, 0),
    ]
    encoded = [
        copy_binary.encode(kind, t, data, mask, scale) for _, kind, t, data, mask, scale in columns
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE binary_copy ({', '.join(c[0] for c in columns)})")
        with cursor.cursor.copy("COPY binary_copy FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(copy_binary.SIGNATURE)
            copy.write(copy_binary.rows_binary(encoded, n))
            copy.write(copy_binary.TRAILER)
        cursor.execute("SELECT * FROM binary_copy")
        got = cursor.fetchall()
        cursor.execute("DROP TABLE binary_copy")
    utc = dt.timezone.utc
    assert got[0] == (
        -3,
        1,
        2**40,
        0.1,
        0.5,
        Decimal("12345.6789"),
        Decimal("99999"),
        True,
        dt.date(2024, 2, 29),
        dt.datetime(2024, 3, 1, 6, tzinfo=utc),
        dt.datetime(2024, 3, 1, 6),
        "tab\there",
        "x",
        dt.time(6, 30, 1, 5),
        '{"a": [1, "ü"]}',  # Django's connection reads jsonb as text (JSONField parses it)
        {"b": 2},
    )
    assert got[1] == (
        0,
        None,
        0,
        0.0,
        None,
        Decimal("0.0000"),
        None,
        None,
        dt.date(1970, 1, 1),
        dt.datetime(1999, 12, 31, 23, 59, 59, 250000, tzinfo=utc),
        None,
        "",
        None,
        None,
        None,
        [],
    )
    assert got[2] == (
        32000,
        -2_000_000_000,
        -1,
        -2.5e300,
        -2.0,
        Decimal("-0.0004"),
        Decimal("0"),
        False,
        dt.date(1999, 12, 31),
        dt.datetime(2030, 1, 1, 0, 0, 0, 1, tzinfo=utc),
        dt.datetime(2030, 1, 1, 0, 0, 0, 1),
        "ünï ✓ \\N",
        "",
        dt.time(23, 59, 59, 999999),
        "null",  # JSON's null, not SQL NULL
        "x",
    )
