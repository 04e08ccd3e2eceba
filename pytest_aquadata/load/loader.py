"""The Loader: one API that writes columnar rows with the fastest writer the database has."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from pytest_aquadata.load import (
    fkcheck,
    generic,
    indexes,
    keys,
    offload,
    pipeline,
    postgres,
    sqlite,
)
from pytest_aquadata.load.columns import ArrayLike, Column, Rows, label, prepare
from pytest_aquadata.load.history import historical_model, history_rows

#: Writer per method name; ``copy`` needs PostgreSQL, ``executemany`` SQLite.
METHODS = {
    "copy": postgres.copy_rows,
    "executemany": sqlite.insert_rows,
    "bulk_create": generic.insert_objects,
}
_VENDOR_OF_METHOD = {"copy": "postgresql", "executemany": "sqlite"}
FK_CHECKS = ("auto", "bulk", "deferred")
#: Smallest write for which ``fk_checks="auto"`` switches to bulk foreign-key checks.
BULK_FK_MIN_ROWS = 1_000

ModelRef = type[models.Model] | str
HISTORY_OPTIONS = frozenset(
    {"history_type", "history_date", "history_user_id", "history_change_reason"}
)


@dataclass(frozen=True)
class LoadResult:
    """What one load wrote: table, row count, key bounds and the history load, if any."""

    table: str
    rows: int
    pk_start: int | None = None
    pk_stop: int | None = None
    history: LoadResult | None = None

    @property
    def pks(self) -> range | None:
        """The loaded keys as a range when they are consecutive (always when reserved)."""
        if self.pk_start is None or self.pk_stop is None:
            return None
        if self.pk_stop - self.pk_start != self.rows:
            return None
        return range(self.pk_start, self.pk_stop)


def resolve_model(model: ModelRef) -> type[models.Model]:
    """A model class from a class or an ``"app_label.ModelName"`` label (concrete model)."""
    if isinstance(model, str):
        model = apps.get_model(model)
    model = model._meta.concrete_model
    if model._meta.parents:
        raise ValueError(
            f"{label(model)} uses multi-table inheritance; load its parent and child tables "
            "separately"
        )
    return model


def default_method(connection: BaseDatabaseWrapper) -> str:
    """The fastest writer for the connection's database."""
    return {"postgresql": "copy", "sqlite": "executemany"}.get(connection.vendor, "bulk_create")


SQLITE_CACHE_KIB = 262_144
"""Page cache SQLite may use while loading (256 MiB, allocated only as pages are touched).

SQLite's default cache is about 2 MiB; once a big table's indexes outgrow it every insert
re-reads index pages, and a whole-farm build ran more than twice as slowly (measured: 65.8 s
vs 29.7 s for the ``small`` saturation)."""


def sqlite_cache_for_bulk(connection: BaseDatabaseWrapper) -> None:
    """Raise this SQLite connection's page cache to SQLITE_CACHE_KIB (a per-connection pragma)."""
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")


class Loader:
    """Writes columnar rows into model tables on one Django connection, inside its transaction."""

    def __init__(
        self,
        connection: BaseDatabaseWrapper | None = None,
        *,
        method: str | None = None,
        fk_checks: str = "auto",
    ):
        """Bind to a connection (default alias if None); ``method`` forces a writer.

        ``fk_checks`` chooses how PostgreSQL checks foreign keys: ``"deferred"`` per row by
        the database at commit; ``"bulk"`` once per key column after the write, where the role
        allows (see ``fkcheck``); ``"auto"`` bulk unless the table has triggers of its own.
        Either way children may be written before their parents within a transaction.
        """
        self.connection = (
            pipeline.resolved(connection)
            if connection is not None
            else connections[DEFAULT_DB_ALIAS]
        )
        self.method = method or default_method(self.connection)
        if fk_checks not in FK_CHECKS:
            raise ValueError(f"fk_checks must be one of {', '.join(FK_CHECKS)}, got {fk_checks!r}")
        self.fk_checks = fk_checks
        self._may_skip_triggers: bool | None = None
        if self.method not in METHODS:
            raise ValueError(
                f"unknown load method {self.method!r}; choose from {', '.join(METHODS)}"
            )
        vendor = _VENDOR_OF_METHOD.get(self.method)
        if vendor and vendor != self.connection.vendor:
            raise ValueError(
                f"load method {self.method!r} needs {vendor}, not {self.connection.vendor}"
            )
        self._cache_raised = False

    def reserve_pks(self, model: ModelRef, n: int) -> range:
        """Reserve ``n`` primary keys of ``model`` so children can point at rows not yet loaded."""
        return self._reserve(resolve_model(model), n)

    def _reserve(self, model: type[models.Model], n: int) -> range:
        """Keys from the database, or from the writer pipeline's marks when one is open."""
        writer = pipeline.active(self.connection)
        if writer is not None:
            return writer.reserve(model, n)
        return keys.reserve(self.connection, model, n)

    def load(
        self,
        model: ModelRef,
        columns: Mapping[str, ArrayLike],
        *,
        assign_pks: bool = True,
        history: bool | Mapping[str, Any] = False,
    ) -> LoadResult:
        """Write columnar rows (field name → values) into the model's table.

        Missing keys are reserved up front when ``assign_pks`` (else the database assigns
        them); ``history=True`` (or a mapping of ``load_history`` options) also writes one
        simple-history row per loaded row.
        """
        model = resolve_model(model)
        rows = prepare(model, columns)
        if not isinstance(history, (bool, Mapping)):
            raise ValueError(f"history must be a bool or a mapping, got {history!r}")
        if history:
            historical_model(model)  # fail before writing anything
            if not assign_pks and rows.column(model._meta.pk) is None:
                raise ValueError(
                    f"{label(model)}: history rows need the keys; use assign_pks=True or pass them"
                )
            unknown = set(history) - HISTORY_OPTIONS if isinstance(history, Mapping) else set()
            if unknown:
                raise ValueError(
                    f"unknown history option(s) {', '.join(sorted(unknown))}; "
                    f"choose from {', '.join(sorted(HISTORY_OPTIONS))}"
                )
        with transaction.atomic(using=self.connection.alias, savepoint=False):
            result = self._write(rows, assign_pks=assign_pks)
            if history:
                options = dict(history) if isinstance(history, Mapping) else {}
                extra = self._write(history_rows(model, rows, **options), assign_pks=True)
                result = LoadResult(
                    result.table, result.rows, result.pk_start, result.pk_stop, extra
                )
        return result

    def load_history(
        self,
        model: ModelRef,
        columns: Mapping[str, ArrayLike],
        *,
        history_type: str = "+",
        history_date: ArrayLike | dt.datetime | None = None,
        history_user_id: ArrayLike | int | None = None,
        history_change_reason: ArrayLike | str | None = None,
        previous: Mapping[str, ArrayLike] | None = None,
    ) -> LoadResult:
        """Write simple-history rows for rows of ``model`` given as columns (keys included).

        ``previous`` (columns like ``columns``, row by row): what each row's newest history row
        already written holds, when the caller knows it; a change reason is then told from it
        instead of read back from the historical table (which, in a pipelined build, waits for
        the queued writes)."""
        model = resolve_model(model)
        rows = prepare(model, columns)
        historical = history_rows(
            model,
            rows,
            history_type=history_type,
            history_date=history_date,
            history_user_id=history_user_id,
            history_change_reason=history_change_reason,
            previous=None if previous is None else prepare(model, previous, rows.n),
        )
        with transaction.atomic(using=self.connection.alias, savepoint=False):
            return self._write(historical, assign_pks=True)

    def _write(self, rows: Rows, *, assign_pks: bool) -> LoadResult:
        """Reserve missing keys, write the rows, move the sequence past them.

        Inside ``pipeline.pipelined`` the writing (``_store``) is queued for the writer thread
        on a copy of the rows; keys and the result are known here at once.
        """
        if self.connection.vendor == "sqlite" and not self._cache_raised:
            sqlite_cache_for_bulk(self.connection)
            self._cache_raised = True
        model = rows.model
        if rows.n == 0:
            return LoadResult(rows.table, 0)
        pk = model._meta.pk
        pk_column = rows.column(pk)
        if pk_column is None and assign_pks and keys.can_reserve(model):
            block = self._reserve(model, rows.n)
            pk_column = Column(pk, "int", np.arange(block.start, block.stop, dtype=np.int64))
            rows.columns.insert(0, pk_column)
        bounds = None
        if pk_column is not None and pk_column.kind == "int":
            values = pk_column.data if pk_column.nulls is None else pk_column.data[~pk_column.nulls]
            bounds = int(values.min()), int(values.max())
        writer = pipeline.active(self.connection)
        staging = offload.active(self.connection)
        if staging is not None and writer is None and staging.takes(rows):
            # written on another core, copied in (and the keys advanced) when the block ends
            staging.submit(rows, None if bounds is None else bounds[1])
        elif writer is None or self.method not in _VENDOR_OF_METHOD:  # bulk_create: ORM, here
            self._store(rows, bounds)
        else:
            queued = pipeline.snapshot(rows)
            # COPY data is encoded here, so the writer thread only waits for the database
            copy = (
                _encoded(postgres.copy_of(self.connection, rows)) if self.method == "copy" else None
            )
            writer.submit(lambda: self._store(queued, bounds, copy), rows.table, rows=rows.n)
            writer.written(rows.table, None if bounds is None else bounds[1])
        if bounds is None:
            return LoadResult(rows.table, rows.n)
        return LoadResult(rows.table, rows.n, bounds[0], bounds[1] + 1)

    def _store(
        self,
        rows: Rows,
        bounds: tuple[int, int] | None,
        copy: tuple[str, list[bytes | str]] | None = None,
    ) -> None:
        """Write rows whose keys are set (``bounds``: their lowest and highest key, if any);
        ``copy``: their COPY statement and data, encoded already."""
        model = rows.model
        bulk_fk = self._use_bulk_fk(rows.table, rows.n)
        options = {} if copy is None else {"encoded": copy}
        with indexes.rebuilt_after(self.connection, rows.table, rows.n):
            if bulk_fk:
                with fkcheck.triggers_skipped(self.connection):
                    METHODS[self.method](self.connection, rows, **options)
            else:
                METHODS[self.method](self.connection, rows, **options)
        if bulk_fk:
            fkcheck.verify(self.connection, rows, bounds)
        if bounds is not None:
            keys.advance(self.connection, model, bounds[1])

    def _use_bulk_fk(self, table: str, n: int = BULK_FK_MIN_ROWS) -> bool:
        """Whether this write skips per-row triggers and checks foreign keys in bulk."""
        if self.fk_checks == "deferred" or self.connection.vendor != "postgresql":
            return False
        if self.fk_checks == "auto" and n < BULK_FK_MIN_ROWS:
            return False  # per-row checks of a few rows cost less than the extra queries
        if self._may_skip_triggers is None:
            self._may_skip_triggers = fkcheck.can_skip_triggers(self.connection)
        if not self._may_skip_triggers:
            return False
        return self.fk_checks == "bulk" or not fkcheck.has_own_triggers(self.connection, table)


def _encoded(copy: tuple[str, Iterable[bytes | str]]) -> tuple[str, list[bytes | str]]:
    """A COPY statement with its data encoded now, block by block."""
    sql, blocks = copy
    return sql, list(blocks)


def get_loader(
    using: str = DEFAULT_DB_ALIAS, *, method: str | None = None, fk_checks: str = "auto"
) -> Loader:
    """The Loader for a database alias."""
    return Loader(connections[using], method=method, fk_checks=fk_checks)
