"""The farm clock: the as-of date that is the generated farm's "now", one per process.

The pytest plugin and the CLI set it (``--aquadata-as-of``, ``aquadata saturate --as-of``);
unset, it is today's date in UTC. Factories, row builders and saturation read it instead of
the wall clock, so the same seed and as-of give the same rows on any day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import time_machine

DAY_END = dt.time(22, 0)
"""The farm's "now" on its as-of day (UTC): the working day is over, the evening's entries made."""

_AS_OF: list[dt.date] = []


def utc_today() -> dt.date:
    """Today's date in UTC (the default as-of date)."""
    return dt.datetime.now(dt.timezone.utc).date()


def check_as_of(value: object, name: str = "as_of") -> dt.date:
    """``value`` if it is a ``datetime.date`` (not a datetime); ValueError naming it otherwise."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValueError(f"{name}={value!r} is invalid; allowed: a datetime.date (YYYY-MM-DD)")
    return value


def parse_as_of(text: str, name: str = "--as-of") -> dt.date:
    """A ``YYYY-MM-DD`` option value as a date; ValueError naming the option, value and form."""
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise ValueError(
            f"{name}={text!r} is invalid; allowed: a date as YYYY-MM-DD (e.g. 2026-06-30)"
        ) from None


def as_of() -> dt.date:
    """The farm's as-of date: the one set or pinned, else today in UTC."""
    return _AS_OF[-1] if _AS_OF else utc_today()


def set_as_of(value: dt.date | None) -> None:
    """Set the process's farm clock (``None``: back to today in UTC)."""
    _AS_OF.clear()
    if value is not None:
        _AS_OF.append(check_as_of(value))


@contextmanager
def pinned(value: dt.date) -> Iterator[dt.date]:
    """Inside the block the farm clock reads ``value``; restored afterwards."""
    _AS_OF.append(check_as_of(value))
    try:
        yield value
    finally:
        _AS_OF.pop()


def moment(day: dt.date | None = None) -> dt.datetime:
    """The farm's "now" instant (UTC, aware): ``DAY_END`` on ``day`` (default: as-of)."""
    return dt.datetime.combine(as_of() if day is None else day, DAY_END, tzinfo=dt.timezone.utc)


@contextmanager
def stopped_at(instant: dt.datetime) -> Iterator[dt.datetime]:
    """Inside the block the wall clock stands still at ``instant`` (time-machine), so rows the
    ORM stamps itself (``auto_now``, simple-history's ``history_date``) carry farm times."""
    with time_machine.travel(instant, tick=False):
        yield instant
