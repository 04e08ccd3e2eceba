"""The farm clock on one batch: placed in its stage on as-of with data through as-of, entry
times after the events and never after as-of, history dated by the events, meals in daylight."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.apps import apps
from django.db.models import F, Max, Min

from pytest_aquadata import clock
from pytest_aquadata.rows import run
from pytest_aquadata.sim import BatchSpec, params
from pytest_aquadata.sim.climate import day_length_hours
from pytest_aquadata.sim.timeline import start_for_stage

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 6, 30)
FARM_NOW = dt.datetime.combine(AS_OF, clock.DAY_END, tzinfo=dt.timezone.utc)


def model(label: str):
    return apps.get_model(label)


def _smolt_batch(as_of: dt.date = AS_OF, seed: int = 4) -> run.BuildReport:
    spec = BatchSpec(
        geography="Faroe Islands",
        eggs=20_000,
        start_date=start_for_stage("Smolt", "Faroe Islands", as_of),
        stop_at_stage="Smolt",
    )
    return run.build_batch(spec, seed=seed, readings_per_day=1, as_of=as_of)


def test_a_batch_placed_in_a_stage_has_its_latest_data_on_as_of() -> None:
    report = _smolt_batch()
    batch = report.batch_id
    assert report.trajectory.end_date == AS_OF
    reading = model("environmental.EnvironmentalReading").objects.filter(batch_id=batch)
    feeding = model("inventory.FeedingEvent").objects.filter(batch_id=batch)
    daily = model("batch.ActualDailyAssignmentState").objects.filter(batch_id=batch)
    assert reading.aggregate(m=Max("reading_time"))["m"].date() == AS_OF
    assert feeding.aggregate(m=Max("feeding_date"))["m"] == AS_OF
    assert daily.aggregate(m=Max("date"))["m"] == AS_OF
    active = model("batch.BatchContainerAssignment").objects.filter(batch_id=batch, is_active=True)
    assert {a.lifecycle_stage.name for a in active} == {"Smolt"}
    assert run.recorded_as_of() == AS_OF


def test_entry_times_follow_the_events_and_never_pass_as_of() -> None:
    batch = _smolt_batch().batch_id
    deaths = model("batch.MortalityEvent").objects.filter(batch_id=batch)
    assert deaths.exists()
    late = deaths.filter(created_at__date__lt=F("event_date"))
    assert not late.exists()
    assert deaths.aggregate(m=Max("created_at"))["m"] <= FARM_NOW
    feeding = model("inventory.FeedingEvent").objects.filter(batch_id=batch)
    for event in feeding.order_by("?")[:200]:
        moment = dt.datetime.combine(event.feeding_date, event.feeding_time, dt.timezone.utc)
        assert moment <= event.created_at <= min(moment + dt.timedelta(days=2), FARM_NOW)
        assert event.updated_at == event.created_at
    # every row is entered on its own moment: not one instant for the whole table
    assert feeding.values("created_at").distinct().count() > feeding.count() // 2


def test_history_rows_are_dated_by_their_events() -> None:
    batch = _smolt_batch().batch_id
    history = model("batch.MortalityEvent").history.filter(batch_id=batch)
    assert history.exists()
    for row in history:
        assert row.history_type == "+"
        assert row.history_date == row.created_at
        assert row.history_date.date() >= row.event_date
    assert history.values("history_date").distinct().count() > 1


def test_meals_are_fed_in_daylight() -> None:
    batch = _smolt_batch().batch_id
    latitude = params.GEOGRAPHIES["Faroe Islands"].latitude
    rows = model("inventory.FeedingEvent").objects.filter(batch_id=batch)
    days = np.array([r[0].timetuple().tm_yday for r in rows.values_list("feeding_date")])
    minutes = np.array([t.hour * 60 + t.minute for (t,) in rows.values_list("feeding_time")])
    half = day_length_hours(latitude, days) * 30.0
    assert len(minutes) > 0
    assert (minutes >= 720 - half).all() and (minutes <= 720 + half).all()


def test_default_as_of_is_today_in_utc() -> None:
    today = clock.utc_today()
    spec = BatchSpec(
        geography="Scotland",
        eggs=20_000,
        start_date=start_for_stage("Fry", "Scotland", today),
        stop_at_stage="Fry",
    )
    report = run.build_batch(spec, seed=2, readings_per_day=0)
    assert report.trajectory.end_date == today
    feeding = model("inventory.FeedingEvent").objects.filter(batch_id=report.batch_id)
    assert feeding.aggregate(m=Max("feeding_date"))["m"] == today
    assert run.recorded_as_of() == today


def test_nothing_is_simulated_after_as_of() -> None:
    spec = BatchSpec(geography="Scotland", eggs=20_000, start_date=dt.date(2025, 9, 1))
    report = run.build_batch(spec, seed=3, readings_per_day=0, as_of=AS_OF)
    assert report.trajectory.end_date == AS_OF
    assert report.trajectory.status == "ACTIVE"
    with pytest.raises(ValueError, match="start_date=2026-07-01 is invalid; allowed: on or before"):
        run.build_batch(
            BatchSpec(geography="Scotland", eggs=20_000, start_date=dt.date(2026, 7, 1)),
            seed=3,
            as_of=AS_OF,
        )


def test_history_tells_stage_transitions_and_closed_assignments() -> None:
    report = _smolt_batch()
    traj = report.trajectory
    batch = model("batch.Batch").objects.get(pk=report.batch_id)
    rows = list(batch.history.order_by("history_id"))
    assert rows[0].history_type == "+" and rows[0].lifecycle_stage.name == "Egg&Alevin"
    assert [r.history_type for r in rows[1:]] == ["~"] * (len(rows) - 1)
    stages = [r.lifecycle_stage.name for r in rows]
    assert stages[:4] == ["Egg&Alevin", "Fry", "Parr", "Smolt"]
    dates = [r.history_date for r in rows]
    assert dates == sorted(dates) and dates[0].date() >= traj.start_date
    assert rows[-1].updated_at == batch.updated_at and rows[-1].status == batch.status
    closed = model("batch.BatchContainerAssignment").objects.filter(
        batch_id=batch.pk, is_active=False
    )
    assert closed.exists()
    for assignment in closed:
        plus, change = assignment.history.order_by("history_id")
        assert (plus.history_type, change.history_type) == ("+", "~")
        assert plus.is_active and plus.departure_date is None and plus.population_count > 0
        assert plus.history_date.date() >= assignment.assignment_date
        assert change.history_date.date() >= assignment.departure_date
        assert change.history_date == assignment.updated_at


def test_workflows_are_planned_then_started_then_completed() -> None:
    batch = _smolt_batch().batch_id
    completed = model("batch.BatchTransferWorkflow").objects.filter(
        batch_id=batch, status="COMPLETED"
    )
    creation = model("batch.BatchCreationWorkflow").objects.filter(batch_id=batch)
    assert completed.exists() and creation.exists()
    for workflow in [*completed, *creation]:
        rows = list(workflow.history.order_by("history_id"))
        planned, started, done = rows[:3]
        assert (planned.history_type, planned.status) == ("+", "PLANNED")
        assert planned.actual_start_date is None and planned.actual_completion_date is None
        assert planned.actions_completed == 0
        assert planned.history_date.date() <= workflow.actual_start_date  # before its first act
        assert (started.history_type, started.status) == ("~", "IN_PROGRESS")
        assert started.actual_start_date == workflow.actual_start_date
        assert started.actual_completion_date is None
        assert started.history_date.date() >= workflow.actual_start_date
        assert (done.history_type, done.status) == ("~", "COMPLETED")
        assert done.history_date.date() >= workflow.actual_completion_date
        dates = [r.history_date for r in rows]
        assert dates == sorted(dates) and dates[-1] <= FARM_NOW
        assert rows[-1].updated_at == workflow.updated_at
    for workflow in completed:
        planned = workflow.history.earliest("history_id")
        assert planned.history_date.date() < workflow.actual_start_date  # booked ahead


def test_treatment_outcomes_are_changes_recorded_after_the_treatment() -> None:
    report = run.build_batch(
        BatchSpec(
            geography="Scotland",
            eggs=20_000,
            start_date=start_for_stage(None, "Scotland", AS_OF),
        ),
        seed=5,
        readings_per_day=0,
        as_of=AS_OF,
    )
    treatments = model("health.Treatment").objects.filter(batch_id=report.batch_id)
    medicinal = treatments.exclude(treatment_type="vaccination")
    assert medicinal.exclude(outcome="pending").exists()
    for treatment in medicinal:
        rows = list(treatment.history.order_by("history_id"))
        assert (rows[0].history_type, rows[0].outcome) == ("+", "pending")
        if treatment.outcome == "pending":
            assert len(rows) == 1
            continue
        judged = treatment.treatment_date + dt.timedelta(days=treatment.duration_days)
        assert [r.history_type for r in rows] == ["+", "~"]
        assert rows[1].outcome == treatment.outcome
        assert judged < rows[1].history_date <= FARM_NOW
    for vaccination in treatments.filter(treatment_type="vaccination"):
        assert [r.history_type for r in vaccination.history.all()] == ["+"]


def test_history_names_a_farm_operator_of_the_batch_geography() -> None:
    batch = _smolt_batch().batch_id
    users = set(
        model("batch.MortalityEvent")
        .history.filter(batch_id=batch)
        .values_list("history_user_id", flat=True)
    )
    users |= set(
        model("batch.BatchContainerAssignment")
        .history.filter(batch_id=batch)
        .values_list("history_user_id", flat=True)
    )
    assert len(users) == 1 and None not in users
    profile = model("users.UserProfile").objects.get(user_id=users.pop())
    assert (profile.geography, profile.role) == ("FO", "OPR")  # the batch is in the Faroes


ROLE_TABLES = {
    "batch.MortalityEvent": {"OPR"},
    "batch.BatchContainerAssignment": {"OPR", "ADMIN"},
    "batch.BatchTransferWorkflow": {"OPR", "ADMIN"},
    "inventory.FeedingEvent": {"OPR"},
    "health.JournalEntry": {"VET"},
    "health.HealthSamplingEvent": {"VET"},
    "health.Treatment": {"VET"},
    "health.MortalityRecord": {"VET"},
    "planning.PlannedActivity": {"MGR", "ADMIN"},
    "finance_core.CostCenter": {"FIN", "ADMIN"},
    "infrastructure.Container": {"ADMIN"},
}
"""Tables whose history rows a built batch writes, and the roles that may be named in them."""


def test_history_names_a_user_whose_role_and_geography_fit_the_table() -> None:
    from pytest_aquadata.clock_invariants import _domain_models, history_names_fitting_users

    _smolt_batch()  # a Faroese batch
    profiles = {
        p.user_id: (p.role, p.geography, p.created_at)
        for p in model("users.UserProfile").objects.all()
    }
    checked = set()
    for label, roles in ROLE_TABLES.items():
        history = model(label).history.all()
        for user, first in (
            history.values_list("history_user_id").annotate(first=Min("history_date")).order_by()
        ):
            role, geography, joined = profiles[user]
            assert role in roles, (label, role)
            assert geography in ("FO", "ALL"), (label, geography)
            assert joined <= first  # the user existed before its first entry
            checked.add(label)
    assert checked >= {"batch.MortalityEvent", "inventory.FeedingEvent", "health.Treatment"}
    assert {r for r, _g, _j in profiles.values()} >= {"OPR", "VET", "MGR", "FIN", "ADMIN"}
    for historical in _domain_models(historical=True):
        if historical._meta.app_label == "users":
            continue
        nameless = historical.objects.filter(history_user__isnull=True)
        assert not nameless.exists(), historical._meta.label
    assert history_names_fitting_users() == []
