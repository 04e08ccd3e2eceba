"""Every lifecycle fixture is a batch at its stage that keeps all the domain invariants; make_batch
builds inside the test and checks its keywords."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db.models import Max

from pytest_aquadata.batch_store import LIFECYCLE_STAGES
from pytest_aquadata.db_invariants import check_database

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fixture", list(LIFECYCLE_STAGES))
def test_lifecycle_fixture_keeps_every_invariant(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    batch = request.getfixturevalue(fixture)
    stage = LIFECYCLE_STAGES[fixture]
    if stage is None:
        assert batch.status == "COMPLETED"
        BCA = apps.get_model("batch", "BatchContainerAssignment")
        assert not BCA.objects.filter(batch=batch, is_active=True).exists()
    else:
        assert batch.status == "ACTIVE"
        assert batch.lifecycle_stage.name == stage
    problems = check_database([batch.pk])
    assert problems == {name: [] for name in problems}


def test_make_batch_builds_in_the_test(make_batch) -> None:  # noqa: ANN001
    batch = make_batch(stage="Parr", eggs=30_000, reading_interval=0)
    assert batch.lifecycle_stage.name == "Parr"
    Reading = apps.get_model("environmental", "EnvironmentalReading")
    assert not Reading.objects.filter(batch=batch).exists()
    second = make_batch(stage="Fry", eggs=10_000, reading_interval=12, seed=5)
    assert Reading.objects.filter(batch=second).exists()
    assert second.batch_number != batch.batch_number


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"stage": "Grilse"}, r"make_batch\(stage='Grilse'\) is invalid; allowed: Egg&Alevin"),
        ({"reading_interval": 7}, r"make_batch\(reading_interval=7\) is invalid"),
        ({"eggs": 0}, r"BatchSpec.eggs=0 is invalid"),
        ({"geography": "Norway"}, r"BatchSpec.geography='Norway' is invalid"),
    ],
)
def test_make_batch_rejects_bad_keywords(make_batch, kwargs: dict, message: str) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match=message):
        make_batch(**kwargs)


@pytest.mark.parametrize("fixture", [name for name, stage in LIFECYCLE_STAGES.items() if stage])
def test_stage_batch_is_current_at_as_of(fixture: str, request: pytest.FixtureRequest) -> None:
    """A ``<stage>_batch`` is in its stage at the run's as-of, its daily states through it."""
    as_of = request.getfixturevalue("aquadata_as_of")
    batch = request.getfixturevalue(fixture)
    states = apps.get_model("batch", "ActualDailyAssignmentState").objects.filter(batch=batch)
    assert states.aggregate(last=Max("date"))["last"] == as_of
    assert batch.batch_number.endswith(f"-{as_of:%Y%m%d}") or f"-{as_of:%Y%m%d}-" in (
        batch.batch_number
    )


def test_harvested_batch_was_harvested_before_as_of(harvested_batch, aquadata_as_of) -> None:  # noqa: ANN001
    HarvestEvent = apps.get_model("harvest", "HarvestEvent")
    last = HarvestEvent.objects.filter(batch=harvested_batch).aggregate(last=Max("event_date"))
    days_before = (aquadata_as_of - last["last"].date()).days
    assert 0 < days_before <= 183, days_before
