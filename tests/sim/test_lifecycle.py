"""simulate_batch end to end: stages in order, stop points, determinism, slots, status."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pytest_aquadata.sim import BatchSpec, params, simulate_batch


def test_full_batch_passes_every_invariant(full, check):
    check.conserved(full)
    check.biomass(full)
    check.weights(full)
    check.ledger(full)
    check.inside(full)


def test_stages_follow_each_other_in_order(full):
    a = full.assignments
    assert sorted(set(a.stage.tolist())) == list(range(6))
    for code in range(1, 6):
        previous_end = a.end_date[a.stage == code - 1]
        first = a.start_date[a.stage == code].min()
        assert previous_end.min() == first  # the first move starts the next stage
        assert (a.start_date[a.stage == code] <= a.end_date[a.stage == code]).all()
    assert set(a.end_reason) <= {"transfer", "harvest"}
    kinds = {params.STAGES[s].container_kind for s in range(6)}
    assert set(a.container_kind) == kinds


def test_same_seed_same_arrays(check):
    spec = BatchSpec("Scotland", 3_500_000, dt.date(2025, 5, 5))
    first = simulate_batch(spec, np.random.default_rng(42))
    again = simulate_batch(spec, np.random.default_rng(42))
    check.same(first, again)
    other = simulate_batch(spec, np.random.default_rng(43))
    assert not np.array_equal(first.daily.population[:500], other.daily.population[:500])


def test_stop_at_parr_stops_a_few_days_into_parr(simulate, check):
    tr = simulate("Scotland", eggs=500_000, seed=3, stop_at_stage="Parr")
    a = tr.assignments
    assert tr.status == "ACTIVE" and params.STAGES[tr.final_stage].name == "Parr"
    parr = a.stage == 2
    assert np.isnat(a.end_date[parr]).all() and (a.end_reason[parr] == "open").all()
    days_in_parr = (np.datetime64(tr.end_date) - a.start_date[parr].min()).astype(int) + 1
    assert days_in_parr == params.STOP_DAYS_INTO_STAGE
    assert tr.daily.date.max() == np.datetime64(tr.end_date)
    assert (a.stage <= 2).all() and not len(tr.harvests)
    check.conserved(tr)


def test_stop_at_adult_may_leave_tanks_waiting(simulate, check):
    tr = simulate("Faroe Islands", eggs=3_500_000, seed=5, stop_at_stage="Adult")
    a = tr.assignments
    assert tr.status == "ACTIVE" and tr.final_stage == params.SEA_STAGE
    assert np.isnat(a.end_date[a.stage == params.SEA_STAGE]).all()
    waiting = (a.stage == 4) & np.isnat(a.end_date)
    assert waiting.any()  # the well-boat has not yet emptied every post-smolt tank
    check.conserved(tr)


def test_end_date_is_the_last_simulated_day(simulate, check):
    end = dt.date(2024, 12, 31)
    tr = simulate("Scotland", eggs=100_000, start=dt.date(2024, 3, 1), end_date=end)
    assert tr.end_date == end and tr.daily.date.max() == np.datetime64(end)
    assert tr.status == "ACTIVE"
    check.conserved(tr)
    one_day = simulate("Scotland", eggs=100, start=end, end_date=end)
    assert len(one_day.daily) == 1 and one_day.daily.population[0] <= 100


def test_a_batch_can_die_out(simulate, check):
    tr = simulate(
        "Scotland",
        eggs=3,
        seed=0,
        overrides={
            "egg_mortality": 0.3,
            "alevin_mortality": 0.3,
            "fry_mortality": 0.5,
            "batch_mortality_cv": 0.0,
        },
    )
    outcomes = {tr.status}
    for seed in range(1, 12):
        other = simulate(
            "Scotland", eggs=3, seed=seed, overrides={"egg_mortality": 0.3, "fry_mortality": 0.5}
        )
        check.conserved(other)
        outcomes.add(other.status)
    assert "TERMINATED" in outcomes
    check.conserved(tr)


def test_slot_bookings_for_a_farm_planner(full):
    needed = full.slots_needed()
    a, fc = full.assignments, full.feed_containers
    for key in params.CONTAINER_KINDS:
        assert needed[key] == (a.container_kind == key).sum()
        slots = np.sort(a.slot[a.container_kind == key])
        assert np.array_equal(slots, np.arange(len(slots)))  # each slot used once, numbered from 0
    assert needed["tray"] == 10 and needed["sea_pen"] >= 12
    assert sum(needed[k] for k in params.FEED_CONTAINER_KINDS if k in needed) == len(fc)
    bookings = full.slot_bookings()
    assert (bookings.first_date <= bookings.last_date).all()
    assert (a.feed_container[a.stage > 0] >= 0).all() and (
        a.feed_container[a.stage == 0] == -1
    ).all()


def test_summary_headlines(full):
    s = full.summary()
    assert s["status"] == "COMPLETED" and s["final_stage"] == "Adult"
    assert s["harvested"] + s["sea_deaths"] == s["smolts"]
    assert 0.0 < s["sea_mortality"] < 1.0 and s["lice_treatments"] >= 1


@pytest.mark.parametrize("bad", [None, "spec", 3])
def test_bad_arguments_raise(bad):
    spec = BatchSpec("Scotland", 10, dt.date(2024, 1, 1))
    with pytest.raises(ValueError, match="allowed"):
        simulate_batch(spec, bad)
    with pytest.raises(ValueError, match="allowed"):
        simulate_batch(bad, np.random.default_rng(0))


def test_default_target_is_drawn_from_the_generator():
    spec = BatchSpec("Scotland", 10, dt.date(2024, 1, 1), stop_at_stage="Fry")
    targets = {simulate_batch(spec, np.random.default_rng(s)).harvest_target_kg for s in range(5)}
    assert len(targets) == 5 and all(4.5 <= t <= 6.5 for t in targets)
