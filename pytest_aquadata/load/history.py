"""django-simple-history rows in bulk: historical-table columns derived from loaded rows.

The historical model (``<app>_historical<model>``) holds every tracked field of the model
(foreign keys as ``<name>_id``, the model's key as a plain indexed column) plus
``history_id``, ``history_date``, ``history_change_reason``, ``history_type`` and
``history_user_id``. The tracked columns reuse the already converted model columns, so a
history row always equals the row it records; no model instance is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from django.db import models

from pytest_aquadata import clock
from pytest_aquadata.load.columns import ArrayLike, Rows, complete, convert, label, resolve

HISTORY_TYPES = ("+", "~", "-")

ReasonProvider = Callable[[type[models.Model], str, Rows, Rows | None], Any]
"""``provider(model, history_type, rows, previous)`` -> the change reasons of history rows for
``rows`` (one string, one value per row, or None for none); ``previous``, when the caller knows
it, holds row by row what each row's newest history row already written holds."""

_providers: list[ReasonProvider] = []


@contextmanager
def reasons_from(provider: ReasonProvider) -> Iterator[None]:
    """Inside the block, history rows loaded without a ``history_change_reason`` take the
    reasons ``provider`` gives: the builders' reasons (``rows.change_reasons``) live in one
    place above the loader, which never imports them. The innermost block's provider wins."""
    _providers.append(provider)
    try:
        yield
    finally:
        _providers.remove(provider)


def has_history(model: type[models.Model]) -> bool:
    """True when simple-history records ``model``; unlike ``hasattr(model, "history")`` it
    does not build a history manager (a class per access, the costlier part of an emit)."""
    return getattr(model._meta, "simple_history_manager_attribute", None) is not None


def historical_model(model: type[models.Model]) -> type[models.Model]:
    """The simple-history model that records ``model``, or ValueError if it has none."""
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    if attribute is None:
        raise ValueError(f"{label(model)} has no history (no simple_history HistoricalRecords)")
    return getattr(model, attribute).model


def history_rows(
    model: type[models.Model],
    rows: Rows,
    *,
    history_type: str = "+",
    history_date: ArrayLike | dt.datetime | None = None,
    history_user_id: ArrayLike | int | None = None,
    history_change_reason: ArrayLike | str | None = None,
    previous: Rows | None = None,
) -> Rows:
    """The historical table's rows for ``rows`` of ``model`` (history_id left to the loader);
    ``previous`` goes to the reason provider (see ``ReasonProvider``)."""
    historical = historical_model(model)
    if history_type not in HISTORY_TYPES:
        raise ValueError(
            f"{label(model)}: history_type must be one of {', '.join(HISTORY_TYPES)}, "
            f"got {history_type!r}"
        )
    if rows.column(model._meta.pk) is None:
        raise ValueError(
            f"{label(model)}: history rows need the primary key {model._meta.pk.name!r}; "
            "load with assign_pks=True or pass the keys"
        )
    if history_change_reason is None and _providers:
        history_change_reason = _providers[-1](model, history_type, rows, previous)
    tracked = {f.attname: f for f in historical._meta.concrete_fields}
    given = {}
    for column in rows.columns:
        target = tracked.get(column.field.attname)
        if target is not None and not target.primary_key:
            given[target] = replace(column, field=target)
    extras: dict[str, Any] = {
        "history_date": clock.moment() if history_date is None else history_date,
        "history_type": history_type,
        "history_change_reason": history_change_reason,
        "history_user_id": history_user_id,
    }
    present = {name for f in historical._meta.concrete_fields for name in (f.name, f.attname)}
    for name in list(extras):
        if name not in present:
            if extras[name] is not None:
                raise ValueError(f"{label(historical)} has no column {name!r}")
            del extras[name]
    resolved, _ = resolve(historical, extras, rows.n)
    given.update({field: convert(field, values) for field, values in resolved.items()})
    return complete(historical, given, rows.n)
