"""build_environment: manual readings (operator, notes) and the salinity at stage transitions."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest
from django.db.models import F
from rows_helpers import model

from pytest_aquadata.factories.infrastructure import SensorFactory
from pytest_aquadata.reference.notes import phrases
from pytest_aquadata.rows import run
from pytest_aquadata.rows.environment import (
    MANUAL_READING_SHARE,
    build_environment,
)
from pytest_aquadata.rows.staff import username
from pytest_aquadata.sim import BatchSpec, params

pytestmark = pytest.mark.django_db


def _with_sensors(built):
    """The built batch's site with a sensor of every parameter's type in every container."""
    Container = model("infrastructure.Container")
    sensors = {}
    for container in Container.objects.filter(pk__in=built.rows.container_ids.tolist()):
        for sensor_type in sorted({p.sensor_type for p in params.ENV_PARAMETERS}):
            sensor = SensorFactory(container=container, sensor_type=sensor_type)
            sensors[(container.pk, sensor_type)] = sensor.pk
    built.site = dataclasses.replace(built.site, sensors=sensors)
    return built


def test_a_few_daytime_readings_are_taken_by_hand(build, active) -> None:
    built = _with_sensors(build(active))
    built.run(build_environment)
    readings = model("environmental.EnvironmentalReading").objects
    manual = readings.filter(is_manual=True)
    total, n_manual = readings.count(), manual.count()
    assert total == active.reading_count(per_day=built.ctx.readings_per_day)
    # 3 % of the readings due between 07:00 and 17:00 (2 of the 6 daily slots)
    expected = total * 2 / 6 * MANUAL_READING_SHARE
    assert 0.7 * expected < n_manual < 1.3 * expected
    assert not manual.filter(sensor__isnull=False).exists()
    assert not manual.filter(recorded_by__isnull=True).exists()
    assert not readings.filter(is_manual=False, sensor__isnull=True).exists()
    assert not readings.filter(is_manual=False, recorded_by__isnull=False).exists()
    assert not readings.filter(is_manual=False).exclude(notes="").exists()
    hours = {t.hour + t.minute / 60 for t in manual.values_list("reading_time", flat=True)}
    assert min(hours) >= 7 and max(hours) < 17
    noted = manual.exclude(notes="")
    assert 0.15 * n_manual < noted.count() < 0.45 * n_manual
    assert set(noted.values_list("notes", flat=True)) <= set(phrases("manual_reading"))


def test_readings_without_a_sensor_are_manual(build, active) -> None:
    build(active, build_environment)  # the test site has no sensors
    readings = model("environmental.EnvironmentalReading").objects
    assert readings.exists() and not readings.filter(is_manual=False).exists()


def test_manual_readings_name_the_operator_of_the_geography() -> None:
    spec = BatchSpec(geography="Faroe Islands", eggs=20_000, start_date=dt.date(2023, 3, 1))
    report = run.build_batch(spec, seed=11, readings_per_day=4, as_of=dt.date(2023, 9, 1))
    readings = model("environmental.EnvironmentalReading").objects.filter(batch_id=report.batch_id)
    manual = readings.filter(is_manual=True)
    assert manual.exists()
    names = set(manual.values_list("recorded_by__username", flat=True))
    assert names == {username("OPR", params.GEOGRAPHIES["Faroe Islands"].code)}
    assert not manual.exclude(container_id=F("batch_container_assignment__container_id")).exists()


def test_transition_salinity_is_fresh_in_tanks_and_full_at_sea(build, at_sea) -> None:
    build(at_sea, build_environment)
    rows = model("environmental.StageTransitionEnvironmental").objects.select_related(
        "batch_transfer_workflow__dest_lifecycle_stage"
    )
    assert rows.count() == len(at_sea.workflows)
    salinity = {
        row.batch_transfer_workflow.dest_lifecycle_stage.name: float(row.salinity) for row in rows
    }
    sea = params.STAGES[params.SEA_STAGE].name
    assert 33.0 <= salinity.pop(sea) <= 35.5
    assert salinity and set(salinity.values()) == {params.FRESHWATER_SALINITY_PPT}
    assert np.all(np.isfinite(list(salinity.values())))
