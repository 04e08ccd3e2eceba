"""Bulk foreign-key checks on PostgreSQL: per-row FK triggers off, each key column checked once.

PostgreSQL checks a deferred foreign key with one trigger call per row at commit, which costs
more than the COPY itself on a table with several keys. Where the role may set
``session_replication_role`` (a superuser, or the SET privilege on PostgreSQL 15+), the loader
writes with it set to ``replica`` (no triggers fire) and then checks each foreign-key column
once: the distinct values just written are looked up in the parent table in one query. Values
whose parent is not there yet (children written before parents, as ``reserve_pks`` allows)
are not an error at this point: their rows get a no-op ``UPDATE fk = fk``, which queues
PostgreSQL's own deferred check for exactly those rows, so they are checked at commit as
usual. The result is the same as with per-row triggers, minus their cost.

``fk_checks="auto"`` (the default) does this when allowed and the table has no triggers of its
own (which replica mode would skip too); ``"bulk"`` does it whenever allowed; ``"deferred"``
never. Other databases always keep their own checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

from pytest_aquadata.load.columns import Rows


def can_skip_triggers(connection: BaseDatabaseWrapper) -> bool:
    """True on PostgreSQL when this role may set session_replication_role."""
    if connection.vendor != "postgresql":
        return False
    sql = "SELECT current_setting('is_superuser') = 'on'"
    if connection.pg_version >= 150000:
        sql += " OR has_parameter_privilege('session_replication_role', 'SET')"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return bool(cursor.fetchone()[0])


def has_own_triggers(connection: BaseDatabaseWrapper, table: str) -> bool:
    """True when the table has triggers besides PostgreSQL's internal constraint triggers."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = %s::regclass "
            "AND NOT tgisinternal)",
            [connection.ops.quote_name(table)],
        )
        return bool(cursor.fetchone()[0])


@contextmanager
def triggers_skipped(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Within the current transaction, write with triggers (FK checks included) switched off."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('session_replication_role'), "
            "set_config('session_replication_role', 'replica', true)"
        )
        previous = cursor.fetchone()[0]
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('session_replication_role', %s, true)", [previous])


def verify(connection: BaseDatabaseWrapper, rows: Rows, keys: tuple[int, int] | None) -> None:
    """Check each FK column of rows just written (keys ``lo..hi``) against its parent table."""
    for column in rows.columns:
        data = column.data if column.nulls is None else column.data[~column.nulls]
        verify_values(connection, rows.table, column.field, data, keys)


def verify_values(
    connection: BaseDatabaseWrapper,
    table: str,
    field: models.Field,
    values: np.ndarray,
    keys: tuple[int, int] | None = None,
) -> None:
    """Check the values just written into ``field``'s column of ``table`` (rows with keys
    ``lo..hi`` if given) against the parent table; a value whose parent is missing queues
    PostgreSQL's own deferred check for its rows."""
    if not field.is_relation or not getattr(field, "db_constraint", False) or not len(values):
        return
    quote = connection.ops.quote_name
    pk = quote(field.model._meta.pk.column)
    target = field.target_field
    array = f"%s::{field.db_type(connection)}[]"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT array_agg(v) FROM unnest({array}) AS v WHERE NOT EXISTS "
            f"(SELECT 1 FROM {quote(target.model._meta.db_table)} "
            f"WHERE {quote(target.column)} = v)",
            [np.unique(values).tolist()],
        )
        missing = cursor.fetchone()[0]
        if not missing:
            return
        # Queue PostgreSQL's deferred check for just these rows (inserted by this
        # transaction, so the no-op update fires the FK trigger).
        sql = f"UPDATE {quote(table)} SET {quote(field.column)} = {quote(field.column)} "
        sql += f"WHERE {quote(field.column)} = ANY({array})"
        params: list[object] = [missing]
        if keys is not None:
            sql += f" AND {pk} BETWEEN %s AND %s"
            params += list(keys)
        cursor.execute(sql, params)
