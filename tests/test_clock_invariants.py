"""Clock invariants: a placed batch passes them; a row dated after as-of, an entry before its
event and a history row that no longer matches its object are each reported."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from pytest_aquadata import clock_invariants as ci
from pytest_aquadata.rows import run
from pytest_aquadata.sim import BatchSpec
from pytest_aquadata.sim.timeline import start_for_stage

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 3, 31)


@pytest.fixture
def batch_id() -> int:
    spec = BatchSpec(
        geography="Scotland",
        eggs=20_000,
        start_date=start_for_stage("Parr", "Scotland", AS_OF),
        stop_at_stage="Parr",
    )
    return run.build_batch(spec, seed=9, readings_per_day=1, as_of=AS_OF).batch_id


def test_a_placed_batch_keeps_the_clock_invariants(batch_id: int) -> None:
    assert {name: check() for name, check in ci.CLOCK_CHECKS.items()} == {
        name: [] for name in ci.CLOCK_CHECKS
    }


def test_violations_are_reported(batch_id: int) -> None:
    mortality = apps.get_model("batch.MortalityEvent")
    first = mortality.objects.filter(batch_id=batch_id).order_by("pk").first()
    mortality.objects.filter(pk=first.pk).update(event_date=AS_OF + dt.timedelta(days=3))
    assert any(
        "batch.MortalityEvent.event_date: 1 row(s) after as-of" in p
        for p in ci.nothing_after_as_of()
    )
    assert any(
        "batch.MortalityEvent: 1 row(s) created before their event_date" in p
        for p in ci.entered_after_events()
    )
    assert any(
        "HistoricalMortalityEvent: 1 object(s) whose newest history row differs" in p
        for p in ci.history_tells_the_story()
    )


def test_a_change_without_its_creation_row_is_reported(batch_id: int) -> None:
    batch = apps.get_model("batch.Batch").objects.get(pk=batch_id)
    assert batch.history.filter(history_type="~").exists()
    batch.history.filter(history_type="+").delete()
    assert any(
        "HistoricalBatch: " in p and "change row(s) before any '+' row" in p
        for p in ci.history_tells_the_story()
    )
