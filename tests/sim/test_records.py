"""The Recorder: running indices, slots, dates, journal rows and the assembled Trajectory."""

from __future__ import annotations

import datetime as dt

import numpy as np

from pytest_aquadata.sim import BatchSpec, params
from pytest_aquadata.sim.records import Recorder


def _recorder() -> Recorder:
    return Recorder(BatchSpec("Scotland", 100, dt.date(2024, 2, 28)))


def test_running_indices_and_slots_continue_across_calls():
    record = _recorder()
    assert record.take("assignments", 3).tolist() == [0, 1, 2]
    assert record.take("assignments", 2).tolist() == [3, 4]
    assert record.take("harvests", 1).tolist() == [0]
    assert record.slot("sea_pen", 2).tolist() == [0, 1]
    assert record.slot("sea_pen", 1).tolist() == [2]
    assert record.slot("tray", 1).tolist() == [0]


def test_dates_and_timestamps_count_from_the_start():
    record = _recorder()
    assert record.date(0) == np.datetime64("2024-02-28")
    assert record.date(np.array([1, 2])).tolist() == [dt.date(2024, 2, 29), dt.date(2024, 3, 1)]
    assert record.at(1, 8 * 60 + 30) == np.datetime64("2024-02-29T08:30")


def test_journal_rows_and_an_empty_trajectory():
    record = _recorder()
    record.journal(-1, 3, "observation", "low", ["one", "two"])
    record.journal(np.array([4]), 1, "issue", "high", ["three"])
    tr = record.trajectory(params.Biology(), 5.0, 7)
    assert tr.journal.description.tolist() == ["three", "one", "two"]  # sorted by time
    assert set(tr.journal.category) <= set(params.JOURNAL_CATEGORIES)
    assert tr.status == "TERMINATED" and len(tr.daily) == 0 and len(tr.harvests) == 0
    assert tr.daily.deaths_by_cause.shape == (0, len(params.MORTALITY_CAUSES))
    assert tr.end_date == dt.date(2024, 2, 28)


def test_empty_record_sets_are_skipped():
    record = _recorder()
    record.handling_deaths(np.array([0, 1]), 5, np.array([0, 0]), np.array([1.0, 1.0]))
    assert "mortality" not in record.parts
    record.handling_deaths(np.array([0, 1]), 5, np.array([0, 3]), np.array([1.0, 2.0]))
    part = record.parts["mortality"][0]
    assert part.assignment.tolist() == [1] and part.count.tolist() == [3]
    assert part.cause.tolist() == ["HANDLING"] and part.biomass_kg.tolist() == [0.006]
