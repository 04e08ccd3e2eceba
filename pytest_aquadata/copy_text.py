"""PostgreSQL COPY text of canonical columns (numpy data, null mask), without Django.

One formatting for two writers: the loader's COPY (``load.postgres``) and the staging process
that writes leaf tables on another core (``stage_process``), so a staged row is the row the
loader would have written. Numbers with numpy, instants by formatting each distinct value
once, text escaped for COPY's text format, NULL as ``\\N``.
"""

from __future__ import annotations

import numpy as np

from pytest_aquadata.sqlite_params import PLAIN_KINDS, by_distinct, with_nulls

NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_SPECIAL = ("\\", "\t", "\n", "\r")


def plain_text(
    kind: str,
    data: np.ndarray,
    nulls: np.ndarray | None,
    *,
    scale: int = 0,
    max_digits: int = 0,
    use_tz: bool = True,
) -> list[str]:
    """COPY text of one column of a ``PLAIN_KINDS`` kind (``use_tz``: instants are UTC)."""
    if kind == "int":
        out = list(map(str, data.tolist()))
    elif kind == "float":
        out = list(map(repr, data.tolist()))
    elif kind == "decimal":
        out = decimal_text(data, scale, max_digits)
    elif kind == "bool":
        out = np.where(data, "t", "f").tolist()
    elif kind == "datetime":
        out = by_distinct(data, lambda instants: instant_text(instants, use_tz))
    elif kind == "date":
        out = by_distinct(data, lambda days: np.datetime_as_string(days, unit="D").tolist())
    elif kind == "text":
        out = escape(["" if v is None else v for v in data.tolist()])
    else:
        raise ValueError(f"kind={kind!r} needs its Django field; allowed: {sorted(PLAIN_KINDS)}")
    return with_nulls(out, nulls, NULL)


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


def instant_text(instants: np.ndarray, use_tz: bool = True) -> list[str]:
    """datetime64[us] values as ISO text; with ``use_tz`` they are UTC and say so."""
    whole_seconds = not (instants.astype(np.int64) % 1_000_000).any()
    text = np.datetime_as_string(instants, unit="s" if whole_seconds else "us").tolist()
    if use_tz:
        return [t + "+00:00" for t in text]
    return text


def escape(texts: list[str]) -> list[str]:
    """Escape backslash, tab, newline and carriage return for COPY text format."""
    joined = "".join(texts)
    if any(char in joined for char in _SPECIAL):
        return [t.translate(_ESCAPES) for t in texts]
    return texts


def rows_text(columns: list[list[str]], tail: str | None = None) -> str:
    """One COPY text block from columns of equal length (``tail``: the constant columns'
    text, joined by tabs, put after every row's; None when there are none)."""
    separator = ("" if tail is None else "\t" + tail) + "\n"
    if len(columns) == 1:
        return separator.join(columns[0]) + separator
    return separator.join(map("\t".join, zip(*columns, strict=True))) + separator
