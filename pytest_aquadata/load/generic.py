"""Generic writer for any Django backend: model instances inserted in batches, bulk_create style.

It uses the insert path under ``QuerySet.bulk_create`` with ``raw=True`` so that values the
caller gave for ``auto_now``/``auto_now_add`` fields are kept (as on the fast writers) instead
of being overwritten with the current time.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np
from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper

from pytest_aquadata.load.columns import Column, Rows

#: Upper bound on rows per INSERT statement (the backend may allow fewer).
BATCH_ROWS = 1_000


def insert_objects(connection: BaseDatabaseWrapper, rows: Rows) -> None:
    """Write ``rows`` by building model instances and inserting them batch by batch."""
    model = rows.model
    fields = [c.field for c in rows.columns]
    attnames = [f.attname for f in fields]
    lists = [python_values(c, rows.n) for c in rows.columns]
    objects = [model(**dict(zip(attnames, row, strict=True))) for row in zip(*lists, strict=True)]
    size = max(1, min(BATCH_ROWS, connection.ops.bulk_batch_size(fields, objects) or BATCH_ROWS))
    manager = model._base_manager.db_manager(connection.alias)
    for lo in range(0, len(objects), size):
        manager._insert(objects[lo : lo + size], fields=fields, using=connection.alias, raw=True)


def python_values(column: Column, n: int) -> list[Any]:
    """A column as the Python values a model instance would hold (None for NULL)."""
    data, nulls = column.slice(0, n)
    kind = column.kind
    if kind == "decimal" and data.dtype != object:
        scale = column.scale
        out = [Decimal(v).scaleb(-scale) for v in data.tolist()]
    elif kind == "datetime":
        out = data.astype("datetime64[us]").astype(object).tolist()
        if settings.USE_TZ:
            out = [v if v is None else v.replace(tzinfo=dt.timezone.utc) for v in out]
    elif kind == "date":
        out = data.astype(object).tolist()
    else:
        out = data.tolist()
    if nulls is not None:
        for row in np.flatnonzero(nulls).tolist():
            out[row] = None
    if column.constant:
        return [out[0]] * n
    return out
