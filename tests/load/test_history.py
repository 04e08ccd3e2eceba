"""simple-history rows written in bulk read back through ``Model.history`` like saved ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from load_helpers import model

from pytest_aquadata.load import has_history, historical_model

pytestmark = pytest.mark.django_db
UTC = dt.timezone.utc
PARAMETER = "environmental.EnvironmentalParameter"


def test_has_history_tells_recorded_models_apart_without_building_a_manager(monkeypatch):
    from django.contrib.contenttypes.models import ContentType
    from simple_history.manager import HistoryDescriptor

    def refuse(*args, **kwargs):
        raise AssertionError("the history manager was built")

    monkeypatch.setattr(HistoryDescriptor, "__get__", refuse)
    assert has_history(model(PARAMETER))
    assert not has_history(ContentType)


def test_load_with_history_writes_one_creation_record_per_row(loader):
    parameter = model(PARAMETER)
    result = loader.load(
        parameter,
        {
            "name": ["Test temperature", "Test oxygen"],
            "unit": ["C", "mg/l"],
            "min_value": [-2.0, None],
        },
        history=True,
    )
    assert result.history is not None and result.history.rows == 2
    # only this load's rows: the worker's session data may hold parameters already
    records = list(parameter.history.filter(id__gte=result.pk_start).order_by("id"))
    assert [(h.id, h.name, h.unit, h.min_value) for h in records] == [
        (result.pk_start, "Test temperature", "C", Decimal("-2.00")),
        (result.pk_start + 1, "Test oxygen", "mg/l", None),
    ]
    assert {h.history_type for h in records} == {"+"}
    assert all(h.history_user is None and h.history_date is not None for h in records)
    first = parameter.objects.get(pk=result.pk_start)
    assert first.history.count() == 1
    record = first.history.get()
    assert record.instance == first
    assert (record.created_at, record.updated_at) == (first.created_at, first.updated_at)
    assert historical_model(parameter) is parameter.history.model


def test_load_history_for_rows_loaded_earlier_with_options(loader):
    rule = model("finance_core.AllocationRule")
    user = get_user_model().objects.create(username="loader")
    columns = {
        "name": ["A", "B"],
        "effective_from": [dt.date(2024, 1, 1), dt.date(2024, 2, 1)],
        "rule_definition": [{"basis": "biomass"}, {"basis": "count"}],
    }
    rows = loader.load(rule, columns)
    dates = np.array(["2024-01-02T08:00", "2024-02-02T08:00"], dtype="datetime64[us]")
    written = loader.load_history(
        rule,
        {"rule_id": rows.pks, **columns},
        history_type="~",
        history_date=dates,
        history_user_id=user.pk,
        history_change_reason="bulk import",
    )
    assert written.rows == 2
    records = list(rule.history.order_by("rule_id"))
    assert [r.rule_id for r in records] == list(rows.pks)
    assert [r.history_date for r in records] == [
        dt.datetime(2024, 1, 2, 8, tzinfo=UTC),
        dt.datetime(2024, 2, 2, 8, tzinfo=UTC),
    ]
    assert {(r.history_type, r.history_user, r.history_change_reason) for r in records} == {
        ("~", user, "bulk import")
    }
    assert [r.rule_definition for r in records] == [{"basis": "biomass"}, {"basis": "count"}]
    assert rule.objects.get(pk=rows.pk_start).history.latest().history_type == "~"


def test_history_options_through_load(loader, parameter):
    history = model(PARAMETER).history
    result = loader.load(
        PARAMETER,
        {"name": ["Salinity"], "unit": "ppt"},
        history={
            "history_date": dt.datetime(2023, 5, 1, tzinfo=UTC),
            "history_change_reason": "seed",
        },
    )
    record = history.get(id=result.pk_start)
    assert record.history_date == dt.datetime(2023, 5, 1, tzinfo=UTC)
    assert record.history_change_reason == "seed"
    later = history.model.objects.create(  # the history key sequence moved on too
        id=parameter.pk,
        name=parameter.name,
        unit=parameter.unit,
        created_at=parameter.created_at,
        updated_at=parameter.updated_at,
        history_date=dt.datetime(2024, 1, 1, tzinfo=UTC),
        history_type="~",
    )
    assert later.history_id > record.history_id
