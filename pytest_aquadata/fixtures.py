"""Fixtures: one ``<model>_factory`` fixture per factory, and factory seeding per test."""

from __future__ import annotations

import types
from collections.abc import Callable

import pytest
from factory.django import DjangoModelFactory

from pytest_aquadata.factories import all_factories, fixture_name, reseed
from pytest_aquadata.seeding import derive_seed


def _factory_fixture(label: str, factory: type[DjangoModelFactory]) -> Callable:
    def fixture() -> type[DjangoModelFactory]:
        return factory

    fixture.__name__ = fixture_name(label)
    fixture.__qualname__ = fixture.__name__
    fixture.__annotations__ = {"return": type[factory]}
    summary = (factory.__doc__ or "").strip().splitlines()
    fixture.__doc__ = (
        f"The factory_boy factory for ``{label}`` (:class:`{factory.__module__}."
        f"{factory.__name__}`). {summary[0] if summary else ''}".strip()
    )
    return pytest.fixture(name=fixture.__name__)(fixture)


def factory_fixtures() -> dict[str, Callable]:
    """Every factory as a function-scoped fixture named ``<model_snake_case>_factory``."""
    return {
        fixture_name(label): _factory_fixture(label, factory)
        for label, factory in sorted(all_factories().items())
    }


def register_factory_fixtures(config: pytest.Config) -> bool:
    """Register every factory fixture with pytest once Django's app registry is ready.

    factory_boy resolves ``"app.Model"`` labels when a factory class is created, so the
    factories (and their fixtures) can only exist after ``django.setup()``. Returns False when
    Django is not configured in this run (no fixtures then).
    """
    from django.apps import apps

    if not apps.ready:
        return False
    module = types.ModuleType("pytest_aquadata_factory_fixtures")
    module.__dict__.update(factory_fixtures())
    config.pluginmanager.register(module, name="aquadata-factory-fixtures")
    return True


def randomly_resets_seed(config: pytest.Config) -> bool:
    """Whether pytest-randomly is active and reseeds random generators before each test."""
    return config.pluginmanager.has_plugin("randomly") and not getattr(
        config.option, "randomly_dont_reset_seed", False
    )


@pytest.fixture(autouse=True)
def _aquadata_reseed_factories(request: pytest.FixtureRequest) -> None:
    """Seed factory_boy and Faker per test from the run seed and the test id.

    Each test gets the same values whatever runs before it. When pytest-randomly is active
    it reseeds factory_boy itself (and calls our ``random_seeder`` entry point), so we stay out.
    """
    if randomly_resets_seed(request.config):
        return
    from pytest_aquadata.plugin import SEED_KEY

    reseed(derive_seed(request.config.stash[SEED_KEY], "factories", request.node.nodeid))
