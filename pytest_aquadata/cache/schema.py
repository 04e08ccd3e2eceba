"""The migrated schema through the cache, for a development database (the ``aquadata`` CLI):
an empty database is restored from the cached template, or migrated and then stored."""

from __future__ import annotations

from pathlib import Path

from pytest_aquadata.cache import engines
from pytest_aquadata.cache.key import migrations_enabled, schema_key
from pytest_aquadata.cache.store import Entry, begin, writable


def schema_entry(root: Path, connection: object) -> Entry:
    """The schema cache entry for ``connection`` under ``root``."""
    return Entry(root, "schema", schema_key(connection))


def migrate_schema(root: Path | None, *, using: str = "default") -> str:
    """Bring the database of ``using`` to the latest migrations and say how: ``restored``
    (empty database, copied from the cache), ``migrated and cached`` or ``migrated`` (cache
    off with ``root=None``, a non-empty database, migrations disabled or an engine the cache
    does not handle)."""
    from django.core.management import call_command
    from django.db import connections

    connection = connections[using]
    root = writable(root)

    def migrate() -> None:
        call_command("migrate", database=using, verbosity=0, interactive=False)

    if root is None or not engines.supported(connection) or not migrations_enabled():
        migrate()
        return "migrated"
    if connection.introspection.table_names():
        migrate()
        return "migrated"
    entry = schema_entry(root, connection)
    with entry.lock():
        if engines.usable(entry, connection):
            engines.restore(entry, connection)
            return "restored"
        begin(entry)
        migrate()
        stored = engines.save(entry, connection)
    return "migrated and cached" if stored else "migrated"
