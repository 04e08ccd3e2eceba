"""Send every query of a block to one database: a router in front of the project's own.

simple-history writes a model's historical row through the database router, not on the
database the model row was saved on, and factory code queries through default managers; inside
``routed_to(alias)`` both follow the writer's ``using``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, router
from django.db.models import Model


class _OneDatabase:
    """A database router sending every read and write to one alias."""

    def __init__(self, alias: str) -> None:
        self.alias = alias

    def db_for_read(self, model: Any, **hints: Any) -> str:
        """Reads of every model go to the alias."""
        return self.alias

    def db_for_write(self, model: Any, **hints: Any) -> str:
        """Writes of every model go to the alias."""
        return self.alias


@contextmanager
def routed_to(alias: str) -> Iterator[None]:
    """Route every query without an explicit database to ``alias`` inside the block."""
    if alias == DEFAULT_DB_ALIAS and not router.routers:
        yield
        return
    pinned = _OneDatabase(alias)
    router.routers.insert(0, pinned)
    try:
        yield
    finally:
        router.routers.remove(pinned)


def save_on(row: Model, using: str, **save: Any) -> Model:
    """Save ``row`` on database ``using`` (``save`` passed on to ``Model.save``), its
    simple-history row included; return it."""
    with routed_to(using):
        row.save(using=using, **save)
    return row
