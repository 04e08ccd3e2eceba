"""Daily assignment states: observed FCR on weighing days, links to the day's planned activity."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
import pytest
from rows_helpers import model

from pytest_aquadata.rows import run
from pytest_aquadata.rows.batch import OBSERVED_FCR_MAX, observed_fcr
from pytest_aquadata.sim import BatchSpec

SPEC = BatchSpec(geography="Scotland", eggs=20_000, start_date=dt.date(2023, 3, 1))


def test_observed_fcr_spans_the_days_since_the_previous_weighing() -> None:
    assignment = np.array([1, 1, 1, 1, 0, 0, 0])  # unsorted input: two assignments
    date = np.array([0, 1, 2, 3, 0, 1, 2]).astype("datetime64[D]")
    feed = np.array([1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0])
    biomass = np.array([10.0, 11.0, 12.0, 13.0, 50.0, 51.0, 50.0])
    weighed = np.array([True, False, True, True, False, True, True])
    fcr = observed_fcr(assignment, date, feed, biomass, weighed)
    # first day (no window), not weighed, 2 kg / 2 kg, 1 kg / 1 kg; assignment 0: 2 kg / 1 kg,
    # then a loss (no gain): unset
    expected = [np.nan, np.nan, 1.0, 1.0, np.nan, 2.0, np.nan]
    np.testing.assert_array_equal(fcr, expected)
    noise = observed_fcr(assignment, date, feed * 20, biomass, weighed)
    assert np.isnan(noise[5]) and OBSERVED_FCR_MAX < 20.0


@pytest.mark.django_db
def test_states_carry_observed_fcr_and_the_days_planned_activity() -> None:
    report = run.build_batch(SPEC, seed=11, readings_per_day=0)
    states = model("batch.ActualDailyAssignmentState").objects.filter(batch_id=report.batch_id)
    rows = list(
        states.order_by("assignment_id", "date").values_list(
            "assignment_id", "date", "feed_kg", "biomass_kg", "anchor_type", "observed_fcr"
        )
    )
    # observed FCR only on weighing days, recomputed from the states' own feed and biomass
    by_unit = defaultdict(list)
    for row in rows:
        by_unit[row[0]].append(row)
    checked = 0
    for unit in by_unit.values():
        previous, eaten = unit[0], 0.0
        for row in unit[1:]:
            eaten += float(row[2])
            if row[4] != "growth_sample":
                assert row[5] is None
                continue
            gain = float(row[3]) - float(previous[3])
            if eaten > 0 and gain > 0 and eaten / gain <= OBSERVED_FCR_MAX:
                assert float(row[5]) == pytest.approx(eaten / gain, abs=0.0006)
                checked += 1
            else:
                assert row[5] is None
            previous, eaten = row, 0.0
    assert checked > 20
    values = [float(r[5]) for r in rows if r[5] is not None]
    assert len(values) == checked and 0.6 < np.median(values) < 1.6
    assert sum(r[5] is None for r in rows) > 0.7 * len(rows)  # most days: no weighing
    # a state linked to a planned activity is of its batch, its container and its due day
    linked = states.filter(planned_activity__isnull=False).select_related("planned_activity")
    assert linked.exists()
    for state in linked:
        activity = state.planned_activity
        assert activity.batch_id == state.batch_id
        assert (activity.container_id, activity.due_date) == (state.container_id, state.date)
    kinds = set(linked.values_list("planned_activity__activity_type", flat=True))
    assert {"TRANSFER", "SAMPLING"} <= kinds  # a pen has no state on its harvest day
    assert linked.count() < 0.1 * len(rows)
