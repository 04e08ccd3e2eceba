"""The ``<model>_factory`` fixtures, one per factory_boy factory, as attributes of this module.

factory_boy resolves ``"app.Model"`` labels when a factory class is created, so the factories
(and their fixtures) exist only after ``django.setup()``. This module makes each fixture on
first access (``from pytest_aquadata.factory_fixtures import batch_factory`` works once Django
is set up) and the plugin registers the module with pytest in ``pytest_configure``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pytest

__all__ = ["factory_fixtures", "register"]


def _factory_fixture(label: str, factory: type) -> Any:
    """A function-scoped fixture named ``<model_snake_case>_factory`` returning ``factory``."""
    from pytest_aquadata.factories import fixture_name

    def fixture() -> type:
        return factory

    fixture.__name__ = fixture.__qualname__ = fixture_name(label)
    fixture.__module__ = __name__
    fixture.__annotations__ = {"return": type[factory]}
    summary = (factory.__doc__ or "").strip().splitlines()
    fixture.__doc__ = (
        f"The factory_boy factory for ``{label}`` (:class:`{factory.__module__}."
        f"{factory.__name__}`). {summary[0] if summary else ''}".strip()
    )
    return pytest.fixture(name=fixture.__name__)(fixture)


@functools.cache
def factory_fixtures() -> dict[str, Callable[..., Any]]:
    """Every factory as a fixture, by fixture name (needs ``django.setup()`` first)."""
    from pytest_aquadata.factories import all_factories, fixture_name

    return {
        fixture_name(label): _factory_fixture(label, factory)
        for label, factory in sorted(all_factories().items())
    }


def _django_ready() -> bool:
    from django.apps import apps

    return apps.ready


def __getattr__(name: str) -> Any:
    """``batch_factory`` etc.: the fixture of that factory, once Django is set up."""
    if name.endswith("_factory") and _django_ready():
        fixtures = factory_fixtures()
        if name in fixtures:
            return fixtures[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The module's names, with every factory fixture once Django is set up."""
    names = [*globals(), *(factory_fixtures() if _django_ready() else ())]
    return sorted(set(names))


def register(config: pytest.Config) -> bool:
    """Register this module's fixtures with pytest; False when Django is not set up in this run
    (a run without ``DJANGO_SETTINGS_MODULE``: no factory fixtures then)."""
    import sys

    if not _django_ready():
        return False
    if not config.pluginmanager.is_registered(sys.modules[__name__]):
        config.pluginmanager.register(sys.modules[__name__], name="aquadata-factory-fixtures")
    return True
