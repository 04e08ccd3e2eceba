"""Table-coverage audit: every table of the installed domain apps with its row count."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from pytest_aquadata.domain import APP_LABELS


@dataclass(frozen=True)
class TableCount:
    """One table of a domain app and how many rows it holds."""

    app: str
    model: str
    table: str
    kind: str  # "model", "historical" or "m2m"
    rows: int


def domain_tables(app_labels: tuple[str, ...] = APP_LABELS) -> list[tuple[str, str, str, str]]:
    """(app, model, table, kind) for every model, M2M and historical table of the apps."""
    out = []
    for label in app_labels:
        if label not in apps.app_configs:
            continue
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            meta = model._meta
            if meta.auto_created:
                kind = "m2m"
            elif any(base.__name__ == "HistoricalChanges" for base in model.__mro__):
                kind = "historical"
            else:
                kind = "model"
            out.append((label, meta.object_name, meta.db_table, kind))
    return sorted(out, key=lambda row: (row[0], row[2]))


def audit(
    connection: BaseDatabaseWrapper | str = "default",
    app_labels: tuple[str, ...] = APP_LABELS,
) -> list[TableCount]:
    """Count the rows of every domain table on a connection (alias or wrapper)."""
    conn = connections[connection] if isinstance(connection, str) else connection
    existing = set(conn.introspection.table_names())
    out = []
    with conn.cursor() as cursor:
        for app, model, table, kind in domain_tables(app_labels):
            rows = 0
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")
                rows = cursor.fetchone()[0]
            out.append(TableCount(app, model, table, kind, rows))
    return out


def format_audit(counts: list[TableCount], *, per_table: bool = False) -> str:
    """A plain-text table: per app, tables filled / tables total and rows."""
    lines = []
    if per_table:
        lines.append(f"{'table':<52} {'kind':<10} {'rows':>12}")
        lines += [f"{c.table:<52} {c.kind:<10} {c.rows:>12,}" for c in counts]
        lines.append("")
    lines.append(f"{'app':<16} {'filled':>7} {'tables':>7} {'rows':>14}")
    by_app: dict[str, list[TableCount]] = {}
    for c in counts:
        by_app.setdefault(c.app, []).append(c)
    for app, rows in by_app.items():
        filled = sum(c.rows > 0 for c in rows)
        lines.append(f"{app:<16} {filled:>7} {len(rows):>7} {sum(c.rows for c in rows):>14,}")
    filled = sum(c.rows > 0 for c in counts)
    total = len(counts)
    pct = 100.0 * filled / total if total else 0.0
    lines.append(
        f"{'total':<16} {filled:>7} {total:>7} {sum(c.rows for c in counts):>14,}"
        f"   ({pct:.1f} % of tables non-empty)"
    )
    return "\n".join(lines)


@dataclass(frozen=True)
class EmptyColumn:
    """A column of a domain table that holds no value (NULL or empty text) in any row."""

    app: str
    table: str
    column: str


_TEXT_TYPES = {
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "URLField",
    "FileField",
    "ImageField",
    "FilePathField",
    "GenericIPAddressField",
}


def _columns_by_model(app_labels: tuple[str, ...]) -> Iterator[tuple[str, Any, list[Any]]]:
    """(app, model, concrete fields with a column) of every model, M2M and history table of the
    installed domain apps, by table name: what the column view counts."""
    for label in app_labels:
        if label not in apps.app_configs:
            continue
        models = apps.get_app_config(label).get_models(include_auto_created=True)
        for model in sorted(models, key=lambda m: m._meta.db_table):
            yield label, model, [f for f in model._meta.local_concrete_fields if f.column]


def empty_columns(
    connection: BaseDatabaseWrapper | str = "default",
    app_labels: tuple[str, ...] = APP_LABELS,
) -> list[EmptyColumn]:
    """Every column of the domain tables that no row fills: NULL everywhere, or '' in a text
    column (one COUNT query per table). Tables without rows list all their columns."""
    conn = connections[connection] if isinstance(connection, str) else connection
    existing = set(conn.introspection.table_names())
    out = []
    with conn.cursor() as cursor:
        for label, model, fields in _columns_by_model(app_labels):
            table = model._meta.db_table
            if table not in existing or not fields:
                continue
            counts = []
            for field in fields:
                col = conn.ops.quote_name(field.column)
                if field.get_internal_type() in _TEXT_TYPES:
                    counts.append(f"COUNT(NULLIF({col}, ''))")
                else:
                    counts.append(f"COUNT({col})")
            cursor.execute(f"SELECT {', '.join(counts)} FROM {conn.ops.quote_name(table)}")
            filled = cursor.fetchone()
            out += [
                EmptyColumn(label, table, field.column)
                for field, n in zip(fields, filled, strict=True)
                if not n
            ]
    return out


def column_total(app_labels: tuple[str, ...] = APP_LABELS) -> int:
    """How many columns the domain tables have (the denominator of the column view)."""
    return sum(len(fields) for _label, _model, fields in _columns_by_model(app_labels))


def format_empty_columns(empty: list[EmptyColumn], total: int) -> str:
    """Per table, the columns that hold no value, and the share of columns filled."""
    lines = []
    by_table: dict[str, list[str]] = {}
    for e in empty:
        by_table.setdefault(e.table, []).append(e.column)
    for table, cols in by_table.items():
        lines.append(f"{table}: {', '.join(cols)}")
    pct = 100.0 * (total - len(empty)) / total if total else 0.0
    lines.append(
        f"columns: {total - len(empty):,} of {total:,} hold a value ({pct:.1f} %); "
        f"{len(empty)} empty"
    )
    return "\n".join(lines)
