"""Fixtures for the loader tests: parents made with the ORM, and each writer."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection, models
from load_helpers import model

from pytest_aquadata.load import Loader


@pytest.fixture(params=["native", "bulk_create"])
def loader(request: pytest.FixtureRequest, db: None) -> Loader:
    """A Loader with the database's own writer (COPY/executemany) or the generic one."""
    return Loader(connection, method=None if request.param == "native" else "bulk_create")


@pytest.fixture
def parameter(db: None) -> models.Model:
    """An environmental parameter (parent of readings)."""
    return model("environmental.EnvironmentalParameter").objects.create(
        name="Temperature", unit="C"
    )


@pytest.fixture
def profile(db: None) -> models.Model:
    """A temperature profile (parent of TGC models; custom key profile_id)."""
    return model("scenario.TemperatureProfile").objects.create(name="Faroe 2024")


@pytest.fixture
def area(db: None) -> models.Model:
    """A sea area with its geography (parent of weather data)."""
    geography = model("infrastructure.Geography").objects.create(name="Faroe Islands")
    return model("infrastructure.Area").objects.create(
        name="Funningsfjørður",
        geography=geography,
        latitude=Decimal("62.29"),
        longitude=Decimal("-6.93"),
        max_biomass=Decimal("3000000"),
    )
