"""build_batch writes one simulated batch into every operational table, atomically."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.apps import apps
from django.db.models import Max, Min, Sum

from pytest_aquadata.rows import run
from pytest_aquadata.sim import BatchSpec

pytestmark = pytest.mark.django_db

SMALL = BatchSpec(geography="Scotland", eggs=20_000, start_date=dt.date(2023, 3, 1))


def model(label: str):
    return apps.get_model(label)


@pytest.fixture(scope="module")
def small_report_args() -> dict:
    return {"spec": SMALL, "seed": 11, "readings_per_day": 2}


def test_harvested_batch_rows(small_report_args: dict) -> None:
    report = run.build_batch(**small_report_args)
    traj = report.trajectory
    batch = model("batch.Batch").objects.get(pk=report.batch_id)
    assert batch.status == "COMPLETED" and batch.actual_end_date == traj.end_date
    assignments = model("batch.BatchContainerAssignment").objects.filter(batch=batch)
    assert assignments.count() == len(traj.assignments)
    # A harvested batch has nothing left in its containers.
    assert not assignments.filter(is_active=True).exists()
    assert assignments.aggregate(n=Sum("population_count"))["n"] == 0
    eggs = model("batch.CreationAction").objects.filter(dest_assignment__batch=batch)
    assert eggs.aggregate(n=Sum("egg_count_actual"))["n"] == traj.egg_deliveries.eggs_received.sum()
    deaths = (
        model("batch.MortalityEvent").objects.filter(batch=batch).aggregate(n=Sum("count"))["n"]
    )
    assert deaths == traj.mortality.count.sum()
    counts = report.rows
    # history: '+' in Egg&Alevin, '~' at each later stage entry, at completion and when the
    # projection run was pinned
    stages = len(set(traj.assignments.stage.tolist()))
    assert counts["batch_batch"] == 1 and counts["batch_historicalbatch"] == stages + 2
    closed = int((~np.isnat(traj.assignments.end_date)).sum())
    assert counts["batch_historicalbatchcontainerassignment"] == len(traj.assignments) + closed
    assert counts["environmental_environmentalreading"] == traj.reading_count(per_day=2)


def test_transfers_conserve_fish(small_report_args: dict) -> None:
    report = run.build_batch(**small_report_args)
    actions = model("batch.TransferAction").objects.filter(workflow__batch_id=report.batch_id)
    for wf in model("batch.BatchTransferWorkflow").objects.filter(batch_id=report.batch_id):
        mine = actions.filter(workflow=wf).aggregate(
            moved=Sum("transferred_count"), lost=Sum("mortality_during_transfer")
        )
        assert wf.total_transferred_count == mine["moved"]
        assert wf.total_mortality_count == mine["lost"]
        assert wf.total_source_count == mine["moved"] + mine["lost"]


def test_rows_lie_inside_their_assignment(small_report_args: dict) -> None:
    report = run.build_batch(**small_report_args)
    BCA = model("batch.BatchContainerAssignment")
    checks = [
        ("environmental.EnvironmentalReading", "batch_container_assignment", "reading_time__date"),
        ("inventory.FeedingEvent", "batch_assignment", "feeding_date"),
        ("batch.MortalityEvent", "assignment", "event_date"),
        ("batch.GrowthSample", "assignment", "sample_date"),
        ("batch.ActualDailyAssignmentState", "assignment", "date"),
    ]
    for bca in BCA.objects.filter(batch_id=report.batch_id):
        last = bca.departure_date or dt.date.max
        for label, fk, day in checks:
            span = model(label).objects.filter(**{fk: bca}).aggregate(lo=Min(day), hi=Max(day))
            if span["lo"] is None:
                continue
            assert bca.assignment_date <= span["lo"], (label, bca.pk)
            assert span["hi"] <= last, (label, bca.pk)


def test_readings_name_container_sensor_and_batch(small_report_args: dict) -> None:
    report = run.build_batch(**small_report_args)
    readings = model("environmental.EnvironmentalReading").objects.filter(batch_id=report.batch_id)
    assert readings.exists()
    assert not readings.filter(batch_container_assignment__isnull=True).exists()
    mismatched = readings.exclude(container_id=models_f("batch_container_assignment__container_id"))
    assert not mismatched.exists()
    with_sensor = readings.filter(sensor__isnull=False)
    assert with_sensor.count() == readings.count()
    assert not with_sensor.exclude(sensor__container_id=models_f("container_id")).exists()


def models_f(name: str):
    from django.db.models import F

    return F(name)


def test_biomass_is_count_times_weight(small_report_args: dict) -> None:
    report = run.build_batch(**small_report_args)
    states = model("batch.ActualDailyAssignmentState").objects.filter(batch_id=report.batch_id)
    rows = np.array(
        [(s.population, float(s.avg_weight_g), float(s.biomass_kg)) for s in states[:2000]]
    )
    assert len(rows) > 100
    assert np.allclose(rows[:, 0] * rows[:, 1] / 1000, rows[:, 2], atol=0.01)


def test_failed_build_leaves_database_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    Batch = model("batch.Batch")
    Reading = model("environmental.EnvironmentalReading")
    before = (Batch.objects.count(), Reading.objects.count())

    def broken(*args: object) -> None:
        raise RuntimeError("lab system down")

    monkeypatch.setattr(run, "_later_steps", lambda: (broken,))
    with pytest.raises(RuntimeError, match="lab system down"):
        run.build_batch(SMALL, seed=3, readings_per_day=1)
    assert (Batch.objects.count(), Reading.objects.count()) == before


def test_same_seed_same_data() -> None:
    first = run.build_batch(SMALL, seed=5, readings_per_day=1, batch_number="A-1")
    second = run.build_batch(SMALL, seed=5, readings_per_day=1, batch_number="A-2")
    assert first.rows == second.rows
    Reading = model("environmental.EnvironmentalReading")

    def values(batch_id: int) -> list:
        return list(
            Reading.objects.filter(batch_id=batch_id)
            .order_by("reading_time", "parameter_id", "value")
            .values_list("reading_time", "value")
        )

    assert values(first.batch_id) == values(second.batch_id)


@pytest.mark.parametrize("bad", [-1, 1441, 2.5])
def test_bad_readings_per_day(bad: object) -> None:
    with pytest.raises(ValueError, match=r"readings_per_day=.* allowed: an integer in 0\.\.1440"):
        run.build_batch(SMALL, seed=1, readings_per_day=bad)
