"""The saturation snapshot cache: a saturated database stored once it is built and restored
when scale, seed, as-of, readings per day, schema and plugin are the same."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytest_aquadata.cache import engines
from pytest_aquadata.cache.key import migrations_enabled, schema_key, snapshot_key
from pytest_aquadata.cache.store import Entry, begin, writable


def snapshot_entry(
    root: Path, connection: Any, *, scale: str, seed: int, as_of: dt.date, readings_per_day: int
) -> Entry:
    """The snapshot entry for these saturation options on ``connection``'s schema."""
    key = snapshot_key(
        schema_key(connection),
        scale=scale,
        seed=seed,
        as_of=as_of,
        readings_per_day=readings_per_day,
    )
    return Entry(root, "snapshot", key)


def cacheable(root: Path | None, connection: Any) -> bool:
    """Whether a snapshot can be stored or restored: a cache folder, an engine the cache
    handles, and a migrated schema (``--no-migrations`` schemas have no schema key)."""
    return root is not None and engines.supported(connection) and migrations_enabled()


def build_or_restore(
    root: Path | None,
    build: Callable[[], Any],
    *,
    scale: str,
    seed: int,
    as_of: dt.date,
    readings_per_day: int,
    using: str = "default",
) -> Any:
    """Restore the saturated database from the cache, or ``build()`` it and store it.

    The database must hold the migrated schema and no farm data. Returns ``build()``'s
    report, or one read back from the restored database (its ``source`` names the cache).
    """
    from django.db import connections

    from pytest_aquadata.saturation import report_of_database

    connection = connections[using]
    root = writable(root)
    if not cacheable(root, connection):
        return build()
    assert root is not None
    entry = snapshot_entry(
        root, connection, scale=scale, seed=seed, as_of=as_of, readings_per_day=readings_per_day
    )
    with entry.lock():
        started = time.perf_counter()
        if engines.usable(entry, connection):
            engines.restore(entry, connection)
            return report_of_database(
                scale,
                seed,
                f"restored from the snapshot cache ({entry.key[:12]})",
                time.perf_counter() - started,
            )
        report = build()
        begin(entry)
        engines.save(
            entry,
            connection,
            scale=scale,
            seed=seed,
            as_of=as_of.isoformat(),
            readings_per_day=readings_per_day,
        )
    return report
