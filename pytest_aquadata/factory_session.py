"""The factory session of a writer: where the factories write and how they start.

The farm layout (``infrastructure``), master data beyond the lookups (``masterdata``) and the
remaining tables (``extras``) are made with the factories. ``writing_to(using)`` makes them
create their rows on that database; ``restart_factory_state(seed)`` restarts factory_boy's and
Faker's random state and every factory's sequence, so the same seed gives the same names and
values in any process.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pytest_aquadata.db_routing import routed_to
from pytest_aquadata.factories import all_factories, reseed


@contextmanager
def writing_to(using: str) -> Iterator[None]:
    """Make every factory (and the factories it calls) read and write on database ``using``
    inside the block: factory_boy's per-factory ``database`` option for its inserts, and a
    database router in front of the project's own for the queries factory code makes through
    default managers (unique names, next numbers). Both are restored afterwards."""
    factories = list(all_factories().values())
    before = [factory._meta.database for factory in factories]
    for factory in factories:
        factory._meta.database = using
    try:
        with routed_to(using):
            yield
    finally:
        for factory, database in zip(factories, before, strict=True):
            factory._meta.database = database


def restart_factory_state(seed: int) -> None:
    """Reseed factory_boy and Faker with ``seed`` and restart every factory's sequence."""
    reseed(seed)
    for factory in all_factories().values():
        factory.reset_sequence(force=True)
