"""Bulk loader: columnar rows into Django tables by COPY, executemany or bulk insert.

``load(model, {"field": array, ...})`` writes one row per array index inside the current
transaction; ``reserve_pks(model, n)`` hands out keys before anything is written so child rows
can reference parents up front; ``load_history`` writes django-simple-history rows in bulk.
See docs/loader.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import DEFAULT_DB_ALIAS

from pytest_aquadata.load.columns import ArrayLike
from pytest_aquadata.load.history import has_history, historical_model
from pytest_aquadata.load.loader import Loader, LoadResult, ModelRef, get_loader

__all__ = [
    "ArrayLike",
    "LoadResult",
    "Loader",
    "get_loader",
    "has_history",
    "historical_model",
    "load",
    "load_history",
    "reserve_pks",
]


def load(
    model: ModelRef,
    columns: Mapping[str, ArrayLike],
    *,
    using: str = DEFAULT_DB_ALIAS,
    assign_pks: bool = True,
    history: bool | Mapping[str, Any] = False,
    fk_checks: str = "auto",
) -> LoadResult:
    """Write columnar rows into ``model``'s table on database ``using`` (see ``Loader.load``)."""
    loader = get_loader(using, fk_checks=fk_checks)
    return loader.load(model, columns, assign_pks=assign_pks, history=history)


def reserve_pks(model: ModelRef, n: int, *, using: str = DEFAULT_DB_ALIAS) -> range:
    """Reserve ``n`` primary keys of ``model`` on ``using`` before its rows are written."""
    return get_loader(using).reserve_pks(model, n)


def load_history(
    model: ModelRef,
    columns: Mapping[str, ArrayLike],
    *,
    using: str = DEFAULT_DB_ALIAS,
    history_type: str = "+",
    history_date: ArrayLike | dt.datetime | None = None,
    history_user_id: ArrayLike | int | None = None,
    history_change_reason: ArrayLike | str | None = None,
) -> LoadResult:
    """Write simple-history rows for already loaded rows of ``model`` (see ``Loader.load_history``)."""
    return get_loader(using).load_history(
        model,
        columns,
        history_type=history_type,
        history_date=history_date,
        history_user_id=history_user_id,
        history_change_reason=history_change_reason,
    )
