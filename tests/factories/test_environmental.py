"""Environmental factories: parameters, readings, photoperiod, weather, transfer water."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps

from pytest_aquadata.factories.batch import (
    BatchContainerAssignmentFactory,
    BatchTransferWorkflowFactory,
)
from pytest_aquadata.factories.environmental import (
    EnvironmentalParameterFactory,
    EnvironmentalReadingFactory,
    PhotoperiodDataFactory,
    StageTransitionEnvironmentalFactory,
    WeatherDataFactory,
)
from pytest_aquadata.factories.infrastructure import AreaFactory, ContainerFactory, GeographyFactory
from pytest_aquadata.sim import climate, params

pytestmark = pytest.mark.django_db


def model(label: str):
    return apps.get_model(label)


@pytest.mark.parametrize("row", params.ENV_PARAMETERS, ids=lambda p: p.name)
def test_parameters_follow_the_sim_table(row) -> None:
    parameter = EnvironmentalParameterFactory(name=row.name)
    assert parameter.unit == row.unit
    if row.optimal_min is not None:
        assert parameter.optimal_min == Decimal(str(row.optimal_min)).quantize(Decimal("0.01"))
    assert EnvironmentalParameterFactory(name=row.name).pk == parameter.pk


def test_readings_share_one_parameter_row() -> None:
    EnvironmentalReadingFactory.create_batch(3)
    assert (
        model("environmental.EnvironmentalParameter").objects.filter(name="Temperature").count()
        == 1
    )


def test_plain_reading_is_manual_and_unattached() -> None:
    reading = EnvironmentalReadingFactory()
    assert reading.is_manual and reading.sensor is None and reading.container is None
    assert Decimal("4") <= reading.value <= Decimal("18")


def test_sensor_reading_uses_a_matching_probe_in_its_container() -> None:
    reading = EnvironmentalReadingFactory(from_sensor=True, parameter__name="Dissolved Oxygen")
    assert not reading.is_manual
    assert reading.sensor.sensor_type == "OXYGEN"
    assert reading.container_id == reading.sensor.container_id
    assert Decimal("5") < reading.value < Decimal("14")


def test_assignment_reading_links_batch_container_and_sensor() -> None:
    bca = BatchContainerAssignmentFactory(stage="Adult")
    reading = EnvironmentalReadingFactory(
        batch_container_assignment=bca, from_sensor=True, parameter__name="Salinity"
    )
    assert reading.batch_id == bca.batch_id
    assert reading.container_id == bca.container_id == reading.sensor.container_id
    assert Decimal("30") < reading.value < Decimal("36")


def test_sea_temperature_follows_the_geography_and_day() -> None:
    # The day's mean is the simulation's climatology (one model for factories and sim).
    ring = ContainerFactory(sea_ring=True, area=AreaFactory(scotland=True))
    reading = EnvironmentalReadingFactory(container=ring)
    sst = climate.mean_sea_temperature("Scotland", reading.reading_time.date())
    assert abs(float(reading.value) - sst) <= 0.5


def test_photoperiod_days_follow_each_other_with_astronomical_day_length() -> None:
    area = AreaFactory()
    days = PhotoperiodDataFactory.create_batch(3, area=area)
    assert [d.date for d in days] == [days[0].date + dt.timedelta(days=i) for i in range(3)]
    midsummer = PhotoperiodDataFactory(area=area, date=dt.date(2026, 6, 21))
    midwinter = PhotoperiodDataFactory(area=area, date=dt.date(2026, 12, 21))
    assert Decimal("19") < midsummer.day_length_hours < Decimal("21")
    assert Decimal("4.5") < midwinter.day_length_hours < Decimal("6")


def test_weather_is_hourly_per_area() -> None:
    area = AreaFactory(geography=GeographyFactory(name="Scotland"))
    first, second = WeatherDataFactory.create_batch(2, area=area)
    assert second.timestamp - first.timestamp == dt.timedelta(hours=1)
    for row in (first, second):
        assert 0 <= row.wind_direction < 360 and 0 <= row.cloud_cover <= 100
        assert row.wind_speed >= 0 and row.wave_height >= 0 and row.precipitation >= 0


def test_transition_water_is_seawater_for_a_sea_transfer() -> None:
    sea = StageTransitionEnvironmentalFactory(
        batch_transfer_workflow=BatchTransferWorkflowFactory(stage="Post-Smolt")
    )
    fresh = StageTransitionEnvironmentalFactory()
    assert sea.salinity > 30 and Decimal("7.7") < sea.ph < Decimal("8.4")
    assert "co2_mg_l" not in sea.additional_parameters
    assert fresh.salinity < 1 and "co2_mg_l" in fresh.additional_parameters
