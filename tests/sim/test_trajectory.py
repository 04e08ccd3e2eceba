"""The Trajectory record sets: declared dtypes, read-only columns, links, readings."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from pytest_aquadata.sim import params
from pytest_aquadata.sim.trajectory import Journal, Readings, Table


def _tables(tr):
    return {
        f.name: getattr(tr, f.name)
        for f in dataclasses.fields(tr)
        if isinstance(getattr(tr, f.name), Table)
    }


def test_columns_have_their_declared_dtypes_and_are_read_only(full):
    for name, table in _tables(full).items():
        for f in dataclasses.fields(table):
            column = getattr(table, f.name)
            declared = f.metadata["dtype"]
            if declared == "str":
                assert column.dtype.kind == "U", (name, f.name)
            else:
                assert column.dtype == np.dtype(declared), (name, f.name, column.dtype)
            assert not column.flags.writeable, (name, f.name)
            assert len(column) == len(table)


def test_table_helpers():
    empty = Journal.empty()
    assert len(empty) == 0 and empty.at.dtype == np.dtype("datetime64[m]")
    with pytest.raises(ValueError, match="differ in length"):
        Readings(
            assignment=[1, 2],
            parameter=[0],
            at=np.array(["2024-01-01T00:00"] * 2, dtype="datetime64[m]"),
            value=[1.0, 2.0],
        )
    two = Readings(
        assignment=[1, 2],
        parameter=[0, 1],
        at=np.array(["2024-01-01T00:00"] * 2, dtype="datetime64[m]"),
        value=[1.0, 2.0],
    )
    assert len(Readings.concat([two, two])) == 4 and two.take(
        np.array([1])
    ).assignment.tolist() == [2]
    assert list(two.columns()) == ["assignment", "parameter", "at", "value"]


def test_links_point_at_existing_rows(full):
    n = len(full.assignments)
    assert np.array_equal(full.assignments.index, np.arange(n))
    for table in (
        full.daily,
        full.mortality,
        full.feeding,
        full.growth_samples,
        full.lice_counts,
        full.harvests,
    ):
        assert (table.assignment >= 0).all() and (table.assignment < n).all()
    assert (full.feed_draws.purchase < len(full.feed_purchases)).all()
    assert (full.feed_draws.feeding_event < len(full.feeding)).all()
    assert (full.harvest_lots.harvest < len(full.harvests)).all()
    assert (full.growth_fish.sample < len(full.growth_samples)).all()
    fc = full.feeding.feed_container
    assert (fc >= 0).all() and (fc < len(full.feed_containers)).all()


def test_daily_rows_lie_inside_their_assignment(full):
    d, a = full.daily, full.assignments
    assert (d.date >= a.start_date[d.assignment]).all()
    assert (d.date < a.end_date[d.assignment]).all()
    assert (np.diff(d.assignment) >= 0).all()
    same = np.diff(d.assignment) == 0
    assert (np.diff(d.date.astype(int))[same] == 1).all()  # one row per day, no gaps
    assert (d.day_number == (d.date - np.datetime64(full.start_date)).astype(int) + 1).all()
    assert d.deaths_by_cause.shape == (len(d), len(params.MORTALITY_CAUSES))
    assert np.array_equal(d.deaths_by_cause.sum(axis=1), d.deaths)


def test_readings_are_lazy_tied_to_assignments_and_chunk_independent(scotland):
    count = scotland.reading_count(per_day=6)
    assert count > 300_000
    chunks = scotland.readings(per_day=6, chunk_rows=50_000)
    first = next(chunks)
    assert 50_000 <= len(first) < count
    rest = sum(len(c) for c in chunks)
    assert len(first) + rest == count
    small = list(
        scotland.readings(per_day=2, parameters=["temperature_c", "oxygen_mg_l"], chunk_rows=10_000)
    )
    whole = list(
        scotland.readings(per_day=2, parameters=["temperature_c", "oxygen_mg_l"], chunk_rows=10**9)
    )
    a, b = Readings.concat(small), Readings.concat(whole)
    assert len(whole) == 1 and np.array_equal(a.value, b.value) and np.array_equal(a.at, b.at)
    assert len(a) == scotland.reading_count(per_day=2, parameters=["temperature_c", "oxygen_mg_l"])


def test_readings_match_their_daily_means(scotland):
    d, asg = scotland.daily, scotland.assignments
    r = Readings.concat(list(scotland.readings(per_day=24, parameters=["temperature_c"])))
    assert set(r.parameter) == {params.ENV_PARAMETER_KEYS.index("temperature_c")}
    day = r.at.astype("datetime64[D]")
    assert (day >= asg.start_date[r.assignment]).all() and (day < asg.end_date[r.assignment]).all()
    means = r.value.reshape(-1, 24).mean(axis=1)
    assert np.abs(means - np.round(d.temperature_c, 2)).max() < 0.06
    salinity = Readings.concat(list(scotland.readings(per_day=1, parameters=["salinity_ppt"])))
    assert (
        asg.stage[salinity.assignment] == params.SEA_STAGE
    ).all()  # no salinity sensors in tanks


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"per_day": 0}, "per_day"),
        ({"per_day": 2.5}, "per_day"),
        ({"per_day": 6, "parameters": ["wind"]}, "parameters"),
    ],
)
def test_readings_reject_bad_options(scotland, kwargs, match):
    with pytest.raises(ValueError, match=match):
        next(scotland.readings(**kwargs))


def test_batch_days_and_remaining_feed(scotland):
    days = scotland.batch_days()
    assert days.alive[0] <= scotland.spec.eggs and days.alive[-1] == 0
    assert days.harvested.sum() == scotland.harvests.count.sum()
    remaining = scotland.feed_stock_remaining()
    assert (remaining >= 0).all() and (remaining < 0.01).all()
