"""Finance period locks as the reference enforces them inside biology models.

A container belongs to a finance site (``finance.DimSite``): its hall's station or its sea
area, matched through the site's soft ``(source_model, source_pk)`` pointer. When a
``finance_core.PeriodLock`` for that site and the month of a row's date is locked, the
reference refuses to save assignments, growth samples and batch mortality events dated in it.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Q, Subquery


def is_period_locked(container_id: int | None, on_date: dt.date | None) -> bool:
    """True if the finance month of ``on_date`` is locked for the container's site (one query)."""
    if container_id is None or on_date is None:
        return False
    container = apps.get_model("infrastructure", "Container").objects.filter(pk=container_id)
    area_pk = Subquery(container.values("area_id")[:1])
    station_pk = Subquery(container.values("hall__freshwater_station_id")[:1])
    site = Q(operating_unit__source_model="area", operating_unit__source_pk=area_pk) | Q(
        operating_unit__source_model="station", operating_unit__source_pk=station_pk
    )
    locks = apps.get_model("finance_core", "PeriodLock").objects
    return locks.filter(site, is_locked=True, year=on_date.year, month=on_date.month).exists()


def ensure_period_open(container_id: int | None, on_date: dt.date | None, field: str) -> None:
    """Raise ValidationError naming ``field`` when ``on_date`` falls in a locked finance period."""
    if is_period_locked(container_id, on_date):
        raise ValidationError(
            {field: f"Finance period {on_date:%Y-%m} is locked for this container's site."}
        )
