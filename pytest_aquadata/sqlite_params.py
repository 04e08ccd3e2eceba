"""SQLite parameters of canonical columns (numpy data, null mask), without Django.

One conversion for two writers: the loader's ``executemany`` (``load.sqlite``) and the staging
process that writes leaf tables on another core (``stage_process``), so a row staged there is
the row the loader would have written. Values are what Django's SQLite backend binds:
datetimes as ``YYYY-MM-DD HH:MM:SS[.ffffff]`` text in UTC, dates as ISO text, decimals as
numbers (wider ones as text), booleans and ids as integers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

#: Column kinds converted here; ``json`` and ``object`` need their Django field.
PLAIN_KINDS = frozenset({"int", "float", "decimal", "bool", "datetime", "date", "text"})


def by_distinct(values: np.ndarray, fmt: Callable[[np.ndarray], list[str]]) -> list[str]:
    """Format each distinct value once and spread the strings back over the rows."""
    if len(values) < 64:
        return fmt(values)
    distinct, inverse = np.unique(values, return_inverse=True)
    if len(distinct) * 2 > len(values):
        return fmt(values)
    strings = np.array(fmt(distinct), dtype=object)
    return strings[inverse.reshape(-1)].tolist()


def instant_text(instants: np.ndarray) -> list[str]:
    """datetime64[us] values as Django's SQLite text: space separator, microseconds if any."""
    instants = np.asarray(instants, dtype="datetime64[us]")
    whole = not np.isnat(instants).any() and (instants.astype("datetime64[s]") == instants).all()
    if len(instants) and whole:
        # whole seconds (the farm clock's entry times): one vectorised pass, 'T' -> ' '
        text = np.ascontiguousarray(np.datetime_as_string(instants, unit="s"))
        codes = text.view(np.uint32).reshape(len(text), -1)
        codes[:, 10] = ord(" ")
        return codes.view(text.dtype).reshape(-1).tolist()
    text = np.datetime_as_string(instants, unit="us").tolist()
    return [f"{t[:10]} {t[11:19]}" if t.endswith(".000000") else f"{t[:10]} {t[11:]}" for t in text]


def day_text(days: np.ndarray) -> list[str]:
    """datetime64[D] values as ISO dates."""
    return np.datetime_as_string(days, unit="D").tolist()


def with_nulls(out: list[Any], nulls: np.ndarray | None, null: Any = None) -> list[Any]:
    """``out`` with ``null`` at the rows the mask marks (in place), for every writer."""
    if nulls is not None:
        for row in np.flatnonzero(nulls).tolist():
            out[row] = null
    return out


def plain_values(kind: str, data: np.ndarray, nulls: np.ndarray | None, scale: int) -> list[Any]:
    """The values of one column of a ``PLAIN_KINDS`` kind as SQLite parameters, NULL as None."""
    if kind == "decimal":
        if data.dtype == object:
            out = [None if d is None else str(d) for d in data.tolist()]
        elif scale:
            out = (data / 10**scale).tolist()
        else:
            out = data.tolist()
    elif kind == "datetime":
        out = by_distinct(data, instant_text)
    elif kind == "date":
        out = by_distinct(data, day_text)
    elif kind in PLAIN_KINDS:  # int, float, bool, text
        out = data.tolist()
    else:
        raise ValueError(f"kind={kind!r} needs its Django field; allowed: {sorted(PLAIN_KINDS)}")
    return with_nulls(out, nulls)
