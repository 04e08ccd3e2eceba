"""History change reasons (rows.change_reasons): what a change row says, which created rows name
an origin, and that a build's bulk loads and ORM saves carry them — only inside a build."""

from __future__ import annotations

import string

import numpy as np
import pytest
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connection

from pytest_aquadata.load import Loader
from pytest_aquadata.rows.change_reasons import (
    CHANGE_RULES,
    GO_LIVE_MASTER_DATA,
    MAX_LENGTH,
    ORIGINS,
    RelatedNames,
    change_reason,
    creation_reasons,
    recording,
)
from pytest_aquadata.rows.context import BuildContext
from pytest_aquadata.sim import params

PARAMETER = "environmental.EnvironmentalParameter"


def _attnames(label: str) -> set[str]:
    return {f.attname for f in apps.get_model(label)._meta.concrete_fields}


def test_every_rule_and_origin_names_a_tracked_model_and_its_columns() -> None:
    for rule in CHANGE_RULES:
        assert len(rule.text.format(value="x" * 20)) <= MAX_LENGTH
        if rule.model != "*":
            assert rule.field in _attnames(rule.model), rule
    for label, origins in ORIGINS.items():
        model = apps.get_model(label)
        assert hasattr(model, "history"), label
        for origin in origins:
            assert origin.model == label and origin.every >= 1
            named = [f for _, f, _, _ in string.Formatter().parse(origin.text) if f]
            wanted = [*named, *([origin.by] if origin.by else [])]
            wanted += [origin.where[0]] if origin.where else []
            assert set(wanted) <= _attnames(label), origin
            assert len(origin.text) <= MAX_LENGTH


def test_a_change_row_says_what_changed() -> None:
    workflow = apps.get_model("batch.BatchTransferWorkflow")
    assignment = apps.get_model("batch.BatchContainerAssignment")
    treatment = apps.get_model("health.Treatment")
    sample = apps.get_model("health.HealthLabSample")
    assert change_reason(workflow, {"status": "IN_PROGRESS", "actions_completed": 1}) == (
        "Workflow started"
    )
    assert change_reason(workflow, {"actual_completion_date": None, "status": "COMPLETED"}) == (
        "Workflow completed"
    )
    assert change_reason(workflow, {"status": "CANCELLED"}) == "Workflow cancelled"
    assert change_reason(assignment, {"population_count": 0, "is_active": False}) == (
        "Assignment closed"
    )
    assert change_reason(treatment, {"outcome": "SUCCESSFUL"}) == "Treatment outcome recorded"
    assert change_reason(sample, {"findings_summary": "AGD score 1"}) == "Updated findings summary"
    assert change_reason(workflow, {"updated_at": None}) is None  # bookkeeping only
    assert change_reason(workflow, {}) is None


@pytest.mark.django_db
def test_a_stage_transition_names_the_stage_not_its_id() -> None:
    ctx = BuildContext(seed=1)
    smolt = next(i for i, s in enumerate(params.STAGES) if s.name == "Smolt")
    batch = apps.get_model("batch.Batch")
    names = RelatedNames(DEFAULT_DB_ALIAS)
    reason = change_reason(batch, {"lifecycle_stage_id": ctx.stage_id(smolt)}, names)
    assert reason == "Stage transition to Smolt"
    unnamed = change_reason(batch, {"lifecycle_stage_id": 10**9}, names)  # a stage without a row
    assert unnamed == "Updated lifecycle stage"


def test_a_minority_of_created_rows_names_its_origin_by_key_or_column() -> None:
    feeding = apps.get_model("inventory.FeedingEvent")
    containers = np.array([1, 1, 2, 2, 3, 3, 4, 4], dtype=object)
    method = np.array(["AUTOMATIC", "BROADCAST"] * 4, dtype=object)
    columns = {"id": np.arange(1, 9, dtype=object), "container_id": containers, "method": method}
    reasons = creation_reasons(feeding, columns.get, 8)
    # the feeding system serves every second container (1, 3): its automatic feedings only
    expected = ["Imported from feeding system", None, None, None] * 2
    assert reasons is not None and reasons.tolist() == expected
    mortality = apps.get_model("batch.MortalityEvent")
    keys = {"id": np.arange(1, 13, dtype=object)}.get
    picked = creation_reasons(mortality, keys, 12)
    assert picked is not None
    assert [i + 1 for i, r in enumerate(picked.tolist()) if r] == [1, 7]  # one in 6, the first
    assert creation_reasons(mortality, keys, 12).tolist() == picked.tolist()  # deterministic
    hand_typed = apps.get_model("batch.BatchContainerAssignment")
    assert creation_reasons(hand_typed, keys, 12) is None


@pytest.mark.django_db
def test_recording_gives_bulk_loads_and_saves_their_reasons_only_inside_the_block() -> None:
    parameter = apps.get_model(PARAMETER)
    loader = Loader(connection)
    with recording(DEFAULT_DB_ALIAS):
        inside = loader.load(PARAMETER, {"name": ["Test turbidity"], "unit": "NTU"}, history=True)
        saved = parameter.objects.create(name="Test chlorophyll", unit="ug/l")
        saved.unit = "mg/m3"
        saved.save()
        explicit = loader.load(
            PARAMETER,
            {"name": ["Test nitrite"], "unit": "mg/l"},
            history={"history_change_reason": "Set by hand"},
        )
    outside = loader.load(PARAMETER, {"name": ["Test nitrate"], "unit": "mg/l"}, history=True)
    history = parameter.history.model.objects
    reason = history.values_list("history_change_reason", flat=True)
    assert list(reason.filter(id=inside.pk_start)) == [GO_LIVE_MASTER_DATA]
    assert list(reason.filter(id=saved.pk).order_by("history_id")) == [
        GO_LIVE_MASTER_DATA,
        "Updated unit",
    ]
    assert list(reason.filter(id=explicit.pk_start)) == ["Set by hand"]  # a given reason wins
    assert list(reason.filter(id=outside.pk_start)) == [None]
    later = parameter.objects.create(name="Test ammonia", unit="mg/l")  # saved outside: none
    assert list(reason.filter(id=later.pk)) == [None]


@pytest.mark.django_db
def test_names_of_loaded_rows_are_known_without_a_query(django_assert_num_queries) -> None:
    """A pipelined build loads a workflow, then names it in its actions' reasons: the name is
    taken from the loaded rows (a query would wait for the queued writes) and is the one a
    query of the table gives."""
    from pytest_aquadata.load.columns import prepare

    parameter = apps.get_model(PARAMETER)
    data = {"name": ["Test turbidity", "Test nitrite"], "unit": ["NTU", "mg/l"]}
    loaded = Loader(connection).load(PARAMETER, data)
    keys = list(range(loaded.pk_start, loaded.pk_start + 2))
    learned = RelatedNames(DEFAULT_DB_ALIAS)
    learned.learn(parameter, prepare(parameter, {"id": keys, **data}))
    with django_assert_num_queries(0):
        known = learned.of(parameter, keys[::-1])
    assert known == RelatedNames(DEFAULT_DB_ALIAS).of(parameter, keys[::-1])
    assert known == {keys[1]: "Test nitrite", keys[0]: "Test turbidity"}
    unnamed = apps.get_model("environmental.EnvironmentalReading")  # no display column
    reading = {"id": [1], "parameter": [keys[0]], "reading_time": ["2026-12-01T06:00:00Z"]}
    learned.learn(unnamed, prepare(unnamed, {**reading, "value": [1.0]}))
    assert not any(label == unnamed._meta.label for label, _key in learned._seen)


@pytest.mark.django_db
def test_reasons_told_from_the_known_state_equal_those_read_back(monkeypatch) -> None:
    """A story's change rows ('~' after the '+' rows of new rows) take their reasons from the
    states the builder just wrote, not from a read of the historical table: for every change
    of a whole batch (assignments, workflows, treatments, ...) both give the same reasons."""
    import datetime as dt

    from pytest_aquadata.rows import change_reasons, run
    from pytest_aquadata.sim import BatchSpec

    told = change_reasons._changes_of_rows
    compared: list[str] = []

    def both(model, rows, using, names, previous=None):
        reasons = told(model, rows, using, names, previous)
        if previous is not None:
            read_back = told(model, rows, using, names)
            as_list = None if reasons is None else reasons.tolist()
            assert as_list == (None if read_back is None else read_back.tolist()), model
            compared.append(model._meta.label)
        return reasons

    monkeypatch.setattr(change_reasons, "_changes_of_rows", both)
    spec = BatchSpec(geography="Scotland", eggs=20_000, start_date=dt.date(2023, 3, 1))
    run.build_batch(spec=spec, seed=11, readings_per_day=1)
    assert {"batch.BatchContainerAssignment", "health.Treatment"} <= set(compared), compared


def test_the_newest_state_of_each_row_comes_from_its_own_last_step() -> None:
    """Rows changed at different steps: each takes its columns from its own newest state."""
    from pytest_aquadata.rows.context import _states_of

    at = np.zeros(3, dtype="datetime64[us]")
    history = [
        ("+", np.ones(3, dtype=bool), at, {"status": np.array(["A", "A", "A"]), "note": "x"}),
        (
            "~",
            np.array([True, True, False]),
            at,
            {"status": np.array(["B", "B", "A"]), "note": "x"},
        ),
        (
            "~",
            np.array([False, True, False]),
            at,
            {"status": np.array(["B", "C", "A"]), "note": "y"},
        ),
    ]
    newest = np.array([1, 2, 0])
    every = np.ones(3, dtype=bool)
    assert _states_of(history, newest, every, 3) == {
        "status": ["B", "C", "A"],
        "note": ["x", "y", "x"],
    }
    first_two = np.array([True, True, False])
    one_step = _states_of(history, np.array([1, 1, 0]), first_two, 3)
    assert one_step["status"].tolist() == ["B", "B"] and one_step["note"] == "x"
