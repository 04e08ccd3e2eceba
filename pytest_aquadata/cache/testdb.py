"""The schema cache for test databases: wraps Django's ``create_test_db`` so a fresh test
database (each xdist worker's too) is a copy of the cached migrated schema, or is migrated once
and stored. Left alone: migrations disabled (``--no-migrations``) and other engines."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pytest_aquadata.cache import engines
from pytest_aquadata.cache.key import migrations_enabled
from pytest_aquadata.cache.schema import schema_entry
from pytest_aquadata.cache.store import begin

outcomes: dict[str, str] = {}
"""What the wrapped ``create_test_db`` did, per alias: ``restored`` (copied from the cache),
``cached`` (migrated, then stored), ``migrated`` (storing failed: a warning says why) or
``kept`` (an existing database, ``--reuse-db``)."""


def create_test_db(creation: Any, original: Callable[..., str], root: Path, /, *args: Any,
                   **kwargs: Any) -> str:
    """Create the test database of ``creation.connection`` through the schema cache."""
    connection = creation.connection
    migrate = (connection.settings_dict.get("TEST") or {}).get("MIGRATE", True) is not False
    if not engines.supported(connection) or not migrate or not migrations_enabled():
        return original(*args, **kwargs)
    entry = schema_entry(root, connection)
    with entry.lock():
        hit = engines.usable(entry, connection)
        with _first_connection(creation, restore_from=entry if hit else None) as first:
            name = original(*args, **kwargs)
        if first.get("fresh") and not hit:
            begin(entry)
            stored = engines.save(entry, connection)
            outcomes[connection.alias] = "cached" if stored else "migrated"
        else:
            outcomes[connection.alias] = "restored" if first.get("restored") else "kept"
    return name


@contextmanager
def _first_connection(creation: Any, restore_from: Any) -> Iterator[dict[str, bool]]:
    """Watch the first connection to the new test database: note whether it was empty and, on
    a cache hit, fill it from the entry before Django's ``migrate`` looks at it (SQLite), or
    let PostgreSQL create it from the template."""
    from django.db.backends.signals import connection_created

    connection = creation.connection
    test_name = creation._get_test_db_name()
    seen: dict[str, bool] = {}

    def on_connect(sender: Any, connection: Any, **_: Any) -> None:
        if connection is not creation.connection or "fresh" in seen:
            return
        if connection.settings_dict["NAME"] != test_name:
            return
        seen["fresh"] = not connection.introspection.table_names()
        if seen["fresh"] and restore_from is not None and connection.vendor == "sqlite":
            engines.restore(restore_from, connection)
            seen["restored"] = True

    test_settings = connection.settings_dict.setdefault("TEST", {})
    old_template = test_settings.get("TEMPLATE")
    if restore_from is not None and connection.vendor == "postgresql":
        from pytest_aquadata.cache.postgresql import template_name

        test_settings["TEMPLATE"] = template_name(restore_from)
        seen["restored"] = True
    connection_created.connect(on_connect, weak=False)
    try:
        yield seen
    finally:
        connection_created.disconnect(on_connect)
        test_settings["TEMPLATE"] = old_template
        if old_template is None:
            test_settings.pop("TEMPLATE")


@contextmanager
def schema_cache(root: Path) -> Iterator[None]:
    """While active, every connection's ``create_test_db`` goes through the schema cache."""
    from django.db.backends.base.creation import BaseDatabaseCreation

    original = BaseDatabaseCreation.create_test_db

    def wrapped(self: Any, *args: Any, **kwargs: Any) -> str:
        return create_test_db(self, original.__get__(self), root, *args, **kwargs)

    BaseDatabaseCreation.create_test_db = wrapped  # type: ignore[method-assign]
    try:
        yield
    finally:
        BaseDatabaseCreation.create_test_db = original  # type: ignore[method-assign]
