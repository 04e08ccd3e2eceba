"""factory_boy factories for every model of the reference schema, one module per app.

Factories reference models by label (``"batch.Batch"``), so they also work on a host project
whose own apps carry the labels and fields of the reference schema.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

from factory.django import DjangoModelFactory

from pytest_aquadata.domain import APP_LABELS
from pytest_aquadata.factories.base import AquaFactory, reseed

__all__ = ["AquaFactory", "all_factories", "factory_for", "fixture_name", "reseed"]


@cache
def all_factories() -> dict[str, type[DjangoModelFactory]]:
    """Every concrete factory, keyed by the ``app_label.ModelName`` it builds."""
    out: dict[str, type[DjangoModelFactory]] = {}
    for label in APP_LABELS:
        module = importlib.import_module(f"pytest_aquadata.factories.{label}")
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, DjangoModelFactory)
                and obj.__module__ == module.__name__
                and not obj._meta.abstract
            ):
                model = obj._meta.model
                key = model if isinstance(model, str) else model._meta.label
                out.setdefault(key, obj)
    return out


def factory_for(label: str) -> type[DjangoModelFactory]:
    """The factory of a model label such as ``"batch.Batch"``; KeyError names the label."""
    try:
        return all_factories()[label]
    except KeyError:
        raise KeyError(f"no factory for model {label!r}; known: {sorted(all_factories())}") from None


def fixture_name(label: str) -> str:
    """``"inventory.FeedingEvent"`` -> ``"feeding_event_factory"``."""
    model = label.split(".", 1)[1]
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", model).lower()
    return f"{snake}_factory"
