"""build_inventory: notes on a minority of feeding events, more often just after a move."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from rows_helpers import model

from pytest_aquadata.reference.notes import phrases
from pytest_aquadata.rows import run
from pytest_aquadata.rows.inventory import (
    FEEDING_NOTE_SHARE,
    HANDLING_DAYS,
    HANDLING_NOTE_SHARE,
)
from pytest_aquadata.sim import BatchSpec

pytestmark = pytest.mark.django_db

SPEC = BatchSpec(geography="Scotland", eggs=20_000, start_date=dt.date(2023, 3, 1))


def test_feeding_notes_on_a_minority_and_after_handling() -> None:
    report = run.build_batch(SPEC, seed=11, readings_per_day=0)
    events = model("inventory.FeedingEvent").objects.filter(batch_id=report.batch_id)
    rows = list(
        events.values_list("pk", "notes", "feeding_date", "batch_assignment__assignment_date")
    )
    assert len(rows) > 1000
    first_day = report.trajectory.start_date
    moved = np.array([start > first_day for _, _, _, start in rows])
    since = np.array([(day - start).days for _, _, day, start in rows])
    handled = moved & (since < HANDLING_DAYS)
    noted = np.array([bool(text) for _, text, _, _ in rows])
    assert handled.any() and (~handled).any()
    assert abs(noted[~handled].mean() - FEEDING_NOTE_SHARE) < 0.01
    assert abs(noted[handled].mean() - HANDLING_NOTE_SHARE) < 0.1
    after = {text for (_, text, _, _), h in zip(rows, handled, strict=True) if h and text}
    assert after <= set(phrases("feeding_after_handling"))
    others = {text for (_, text, _, _), h in zip(rows, handled, strict=True) if not h and text}
    assert others <= set(phrases("feeding")) | set(phrases("feeding_sea"))
    assert others & set(phrases("feeding_sea"))  # the batch reached the sea pens
    # the history rows tell the same notes
    history = model("inventory.FeedingEvent").history.model.objects
    noted_ids = [pk for pk, text, _, _ in rows if text]
    told = dict(history.filter(id__in=noted_ids).values_list("id", "notes"))
    assert told == {pk: text for pk, text, _, _ in rows if text}
