"""Primary keys reserved in blocks: above existing rows, forgotten on rollback, sequences advanced."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from django.db import IntegrityError, connection, transaction
from load_helpers import model, rolled_back

from pytest_aquadata.load import load, reserve_pks

PARAMETER = "environmental.EnvironmentalParameter"
READING = "environmental.EnvironmentalReading"
TIME = np.datetime64("2024-01-01T00:00", "us")


def parameters(n: int, **extra) -> dict:
    """Columns for n environmental parameters."""
    return {"name": [f"P{i}" for i in range(n)], "unit": "C", **extra}


def highest_pk(label: str) -> int:
    """The largest key in a model's table (0 when empty)."""
    return max(model(label).objects.values_list("pk", flat=True), default=0)


@pytest.mark.django_db
def test_reservations_start_above_existing_rows_and_each_other(parameter):
    first = reserve_pks(PARAMETER, 3)
    second = reserve_pks(PARAMETER, 2)
    assert first.start == parameter.pk + 1 and len(first) == 3
    assert second == range(first.stop, first.stop + 2)
    assert reserve_pks(PARAMETER, 0) == range(1, 1)


@pytest.mark.django_db
def test_children_reference_parents_reserved_before_anything_is_written(loader):
    ids = loader.reserve_pks(PARAMETER, 3)
    loader.load(  # children first: the foreign keys are checked at commit
        READING,
        {
            "parameter": np.repeat(np.asarray(ids), 4),
            "value": np.arange(12.0),
            "reading_time": TIME,
        },
    )
    loaded = loader.load(PARAMETER, parameters(3, id=ids))
    assert loaded.pks == ids
    counts = [model(READING).objects.filter(parameter_id=pk).count() for pk in ids]
    assert counts == [4, 4, 4]
    connection.check_constraints()  # every foreign key resolves


@pytest.mark.django_db
def test_orm_insert_after_a_load_gets_a_fresh_key(loader):
    result = loader.load(PARAMETER, parameters(5))
    made = model(PARAMETER).objects.create(name="after", unit="C")
    assert made.pk >= result.pk_stop
    profile = loader.load("scenario.TemperatureProfile", {"name": ["a", "b"]})
    other = model("scenario.TemperatureProfile").objects.create(name="c")
    assert other.profile_id >= profile.pk_stop


@pytest.mark.django_db
def test_orm_insert_between_reservation_and_load_does_not_collide(loader):
    before = model(PARAMETER).objects.count()  # session data of this worker may be there
    ids = loader.reserve_pks(PARAMETER, 3)
    made = model(PARAMETER).objects.create(name="meanwhile", unit="C")
    assert made.pk not in ids
    loader.load(PARAMETER, parameters(3, id=ids))
    assert model(PARAMETER).objects.count() == before + 4


@pytest.mark.django_db
def test_rolled_back_reservation_is_forgotten(loader):
    with rolled_back():
        first = loader.load(PARAMETER, parameters(3)).pks
        spare = loader.reserve_pks(PARAMETER, 10)
        assert spare.start == first.stop
    again = loader.load(PARAMETER, parameters(3)).pks
    assert again == first  # same keys: nothing of the rolled-back block survives
    assert loader.reserve_pks(PARAMETER, 1).start == again.stop


@pytest.mark.django_db(transaction=True)
def test_rollback_of_a_whole_transaction_then_load_again():
    before = model(PARAMETER).objects.count()  # session data of this worker may be there
    with rolled_back():
        first = load(PARAMETER, parameters(3)).pks
        model(PARAMETER).objects.create(name="orm", unit="C")  # uses the sequence too
    second = load(PARAMETER, parameters(3)).pks  # autocommit: committed at once
    assert second == first
    made = model(PARAMETER).objects.create(name="orm", unit="C")
    assert made.pk > second[-1]
    assert model(PARAMETER).objects.count() == before + 4


@pytest.mark.django_db(transaction=True)
def test_loads_after_the_table_was_emptied_do_not_collide():
    load(PARAMETER, parameters(5))
    model(PARAMETER).objects.all().delete()
    again = load(PARAMETER, parameters(5))
    made = model(PARAMETER).objects.create(name="orm", unit="C")
    assert made.pk >= again.pk_stop
    assert model(PARAMETER).objects.count() == 6


@pytest.mark.django_db
def test_custom_primary_key_columns(loader, profile):
    ids = loader.reserve_pks("scenario.TGCModel", 2)
    result = loader.load(
        "scenario.TGCModel",
        {
            "model_id": ids,
            "name": ["A", "B"],
            "location": "Faroe",
            "release_period": "Autumn",
            "tgc_value": [2.5, 3.0],
            "profile_id": profile.profile_id,
        },
    )
    assert result.pks == ids
    tgc = model("scenario.TGCModel")
    assert sorted(tgc.objects.values_list("model_id", flat=True)) == list(ids)
    made = tgc.objects.create(
        name="C", location="x", release_period="y", tgc_value=1.0, profile=profile
    )
    assert made.model_id > ids[-1]


@pytest.mark.django_db
def test_loader_leaves_keys_to_the_database_when_asked(loader):
    result = loader.load(PARAMETER, parameters(4), assign_pks=False)
    assert result.pks is None and result.rows == 4
    keys = list(model(PARAMETER).objects.values_list("pk", flat=True))
    assert len(set(keys)) == 4
    assert model(PARAMETER).objects.create(name="orm", unit="C").pk not in keys


@pytest.mark.django_db
def test_one_to_one_primary_key_comes_from_the_caller(loader):
    summary = "batch.ContainerForecastSummary"
    values = {
        "current_weight_g": [1500.0, 2500.0],
        "current_population": [10_000, 9_000],
        "current_biomass_kg": [15_000.0, 22_500.0],
        "state_date": dt.date(2024, 6, 1),
        "state_day_number": [300, 320],
    }
    with pytest.raises(ValueError, match="needs column.s. assignment"):
        loader.load(summary, values)
    with rolled_back():  # the assignments do not exist: the deferred FK check never runs
        result = loader.load(summary, {"assignment": [41, 40], **values})
        assert (result.pk_start, result.pk_stop) == (40, 42)
        rows = model(summary).objects.order_by("pk")
        assert [(r.pk, r.current_weight_g) for r in rows] == [
            (40, Decimal("2500.00")),
            (41, Decimal("1500.00")),
        ]
        assert {r.temp_bias_window_days for r in rows} == {14}
        assert all(r.last_computed is not None for r in rows)


@pytest.mark.django_db
def test_a_failed_load_inside_a_savepoint_leaves_the_reservation_unused(loader):
    profile = model("scenario.TemperatureProfile")
    with pytest.raises(IntegrityError), transaction.atomic():
        loader.load(profile, {"name": ["dup", "dup"]})  # name is unique
    assert not profile.objects.exists()
    result = loader.load(profile, {"name": ["one"]})
    assert result.pk_start == 1 or connection.vendor == "sqlite"
