"""One interface over the SQLite and PostgreSQL cache entries: is an entry usable for this
connection, save the connection's database into it, restore it into the connection."""

from __future__ import annotations

import sqlite3
import warnings
from typing import Any

from pytest_aquadata.cache import postgresql, sqlite
from pytest_aquadata.cache.store import CacheWarning, Entry, discard

SUPPORTED = ("sqlite", "postgresql")


def supported(connection: Any) -> bool:
    """Whether the cache can store and restore databases of this connection's engine."""
    return connection.vendor in SUPPORTED


def usable(entry: Entry, connection: Any) -> bool:
    """A complete, intact entry for this engine (partial or corrupt entries are not)."""
    if connection.vendor == "sqlite":
        return sqlite.usable(entry)
    return postgresql.usable(entry, connection)


def save(entry: Entry, connection: Any, **meta: Any) -> bool:
    """Store the database behind ``connection`` as the entry and publish it; a failure (disk
    full, no CREATEDB right, …) only warns: the entry is discarded, the database is fine."""
    from django.db import DatabaseError

    try:
        if connection.vendor == "sqlite":
            sqlite.save(entry, connection, **meta)
        elif postgresql.can_create_databases(connection):
            postgresql.save(entry, connection, **meta)
        else:
            raise PermissionError("the database role may not create databases (CREATEDB)")
    except (DatabaseError, OSError, sqlite3.Error) as exc:
        discard(entry)
        warnings.warn(
            f"aquadata: could not store the {entry.kind} cache entry: {exc}",
            CacheWarning,
            stacklevel=2,
        )
        return False
    return True


def restore(entry: Entry, connection: Any) -> None:
    """Make the database behind ``connection`` a copy of the entry."""
    if connection.vendor == "sqlite":
        sqlite.restore(entry, connection)
    else:
        postgresql.restore(entry, connection)
