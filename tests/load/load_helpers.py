"""Helpers shared by the loader tests (imported as a plain module: tests have no packages)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.db import models, transaction


def model(label: str) -> type[models.Model]:
    """A model class by its ``app_label.ModelName`` label."""
    return apps.get_model(label)


class _Rollback(Exception):
    """Raised to leave a ``rolled_back()`` block."""


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run the block inside ``transaction.atomic()`` and roll it back afterwards."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass
