"""History rows for changes made without one: the safety net after a build.

Factories reproduce host ``save()`` side effects with queryset updates (a fish put in its tank,
an import batch's totals, a workflow linked to its activity), which simple-history does not
record. After a build, every object whose newest history row is missing or differs from the
current row gets one more history row with its current state ('+' if it had none, else '~'),
dated at its ``updated_at`` (never before its last history row), so the newest history row
always equals the row. These follow-ups are the system's: they name the farm's administrator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import numpy as np
from django.apps import apps
from django.db import connections

from pytest_aquadata.coverage import APP_LABELS
from pytest_aquadata.rows.context import BuildContext

BUILDER_ONLY_TABLES: tuple[str, ...] = (
    "inventory_feedingevent",
    "batch_mortalityevent",
    "batch_individualgrowthobservation",
    "health_fishparameterscore",
    "health_individualfishobservation",
    "health_mortalityrecord",
    "health_licecount",
)
"""Large tables only the row builders write, whose history ``ctx.emit`` writes complete: the
sync leaves them out (it would only read them)."""


def _historical_models() -> list[type]:
    out = []
    for label in APP_LABELS:
        if label in apps.app_configs:
            for model in apps.get_app_config(label).get_models():
                if any(b.__name__ == "HistoricalChanges" for b in model.__mro__):
                    out.append(model)
    return out


def _stale(ctx: BuildContext, historical: type) -> list[tuple[int, object]]:
    """(key, last history date or None) of objects whose newest history row is missing or
    differs from the current row."""
    connection = connections[ctx.using]
    current = historical.instance_type
    q = connection.ops.quote_name
    h, t, key = q(historical._meta.db_table), q(current._meta.db_table), q(current._meta.pk.attname)
    mine = {f.attname for f in historical._meta.concrete_fields}
    tracked = [
        f.attname for f in current._meta.concrete_fields if not f.primary_key and f.attname in mine
    ]
    differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    unequal = " OR ".join(f"c.{q(a)} {differs} x.{q(a)}" for a in tracked) or "1 = 0"
    # The newest history row of every object in one grouped pass, joined on the history key:
    # a subquery per object would scan the history table once per row while a build's
    # indexes on it are deferred (30 s for a medium farm's growth samples on PostgreSQL).
    sql = (
        f"SELECT c.{key}, x.history_date FROM {t} c "
        f"LEFT JOIN (SELECT {key} AS object_id, MAX(history_id) AS newest FROM {h} "
        f"GROUP BY {key}) m ON m.object_id = c.{key} "
        f"LEFT JOIN {h} x ON x.history_id = m.newest "
        f"WHERE x.history_id IS NULL OR ({unequal}) ORDER BY c.{key}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


def _utc64(value: object) -> np.datetime64:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return np.datetime64(value, "us")


def sync_history(ctx: BuildContext, skip: Collection[str] = ()) -> int:
    """Write the missing history rows of every domain model (tables in ``skip`` are left out:
    those written only by the builders, whose history is complete); return how many."""
    written = 0
    now = np.datetime64(ctx.now.replace(tzinfo=None), "us")
    admin = ctx.staff.get(("ADMIN", "ALL"))  # the system's follow-ups: entered by the admin
    by = {} if admin is None else {"history_user_id": admin}
    for historical in _historical_models():
        current = historical.instance_type
        if current._meta.db_table in skip:
            continue
        stale = _stale(ctx, historical)
        if not stale:
            continue
        keys = [k for k, _ in stale]
        names = [f.attname for f in current._meta.concrete_fields]
        manager = current._default_manager.using(ctx.using)
        found = list(manager.filter(pk__in=keys).order_by("pk").values_list(*names))
        columns = {name: [row[j] for row in found] for j, name in enumerate(names)}
        stamp = columns.get("updated_at") or columns.get("created_at")
        dates = []
        for i, (_key, last) in enumerate(stale):
            moment = _utc64(stamp[i]) if stamp and stamp[i] is not None else now
            if last is not None:
                moment = max(moment, _utc64(last))
            dates.append(min(moment, now) if last is None or _utc64(last) <= now else moment)
        for kind in ("+", "~"):
            mask = [(last is None) == (kind == "+") for _k, last in stale]
            if not any(mask):
                continue
            picked = {
                n: [v for v, m in zip(vals, mask, strict=True) if m] for n, vals in columns.items()
            }
            at = np.array([d for d, m in zip(dates, mask, strict=True) if m])
            loaded = ctx.loader.load_history(
                current, picked, history_type=kind, history_date=at, **by
            )
            ctx.rows[loaded.table] += loaded.rows
            written += loaded.rows
    return written
