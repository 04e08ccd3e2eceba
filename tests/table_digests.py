"""Digest of every domain table, column by column, for determinism tests across runs and
backends: values are read through the ORM (one Python type per field on every backend)."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS


def _plain(value: Any) -> str:
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f") if value == value else "NaN"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(round(value, 9))
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return repr(value)


def table_digests(using: str = DEFAULT_DB_ALIAS) -> dict[str, dict[str, str]]:
    """``{db_table: {column: sha256 of the column's values in primary-key order}}`` plus a
    ``"#rows"`` entry, for every model of the domain apps (history tables included)."""
    from pytest_aquadata.coverage import domain_tables

    wanted = {table for _app, _model, table, _kind in domain_tables()}
    out: dict[str, dict[str, str]] = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table not in wanted or table in out:
            continue
        names = [f.attname for f in model._meta.concrete_fields]
        hashes = {name: hashlib.sha256() for name in names}
        count = 0
        rows = model._default_manager.using(using).order_by("pk").values_list(*names)
        for row in rows.iterator(chunk_size=20_000):
            count += 1
            for name, value in zip(names, row, strict=True):
                hashes[name].update(_plain(value).encode() + b"\x1f")
        out[table] = {"#rows": str(count), **{n: h.hexdigest() for n, h in hashes.items()}}
    return out


def differences(a: dict[str, dict[str, str]], b: dict[str, dict[str, str]]) -> list[str]:
    """``table.column`` names whose digests differ (or tables only one side has)."""
    out = []
    for table in sorted(set(a) | set(b)):
        left, right = a.get(table, {}), b.get(table, {})
        out += [
            f"{table}.{c}" for c in sorted(set(left) | set(right)) if left.get(c) != right.get(c)
        ]
    return out
