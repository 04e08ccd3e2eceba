"""SQLite cache entries: saved with the backup API from a live connection (file or in-memory)
and restored the same way into another live connection."""

from __future__ import annotations

import os
import sqlite3
from typing import Any

from pytest_aquadata.cache.store import Entry, publish, valid_file_entry


def usable(entry: Entry) -> bool:
    """Whether the entry is complete and its database file matches its checksum."""
    return valid_file_entry(entry)


def save(entry: Entry, connection: Any, **meta: Any) -> None:
    """Copy the database behind Django ``connection`` into the entry and publish it."""
    connection.ensure_connection()
    partial = entry.path / f"{entry.payload.name}.partial"
    partial.unlink(missing_ok=True)
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    os.replace(partial, entry.payload)
    publish(entry, engine="sqlite", **meta)


def restore(entry: Entry, connection: Any) -> None:
    """Replace the whole content of the database behind Django ``connection`` (a file or an
    in-memory test database) with the entry's."""
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{entry.payload}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
