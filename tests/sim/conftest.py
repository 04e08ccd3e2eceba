"""Shared simulations and invariant checks for the simulation-core tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
from types import SimpleNamespace

import numpy as np
import pytest

from pytest_aquadata.sim import BatchSpec, Trajectory, simulate_batch
from pytest_aquadata.sim.trajectory import Table

GEOGRAPHIES = ("Scotland", "Faroe Islands")


def run(
    geography: str = "Scotland",
    eggs: int = 3_500_000,
    start: dt.date = dt.date(2024, 3, 1),
    seed: int = 0,
    **kwargs,
) -> Trajectory:
    """Simulate one batch with a fresh generator from ``seed``."""
    return simulate_batch(BatchSpec(geography, eggs, start, **kwargs), np.random.default_rng(seed))


def assert_conserved(tr: Trajectory) -> None:
    """Every fish is accounted for every day: eggs = alive + dead + harvested (no culls)."""
    days = tr.batch_days()
    accounted = days.alive + np.cumsum(days.deaths) + np.cumsum(days.harvested)
    bad = np.flatnonzero(accounted != tr.spec.eggs)
    assert not len(bad), (
        f"fish not conserved on {days.date[bad[:3]]}: {accounted[bad[:3]]} != {tr.spec.eggs}"
    )
    a, t = tr.assignments, tr.transfers
    out = np.bincount(
        t.source_assignment, weights=t.transferred_count + t.mortality_count, minlength=len(a)
    )
    moved = np.isin(np.arange(len(a)), t.source_assignment)
    assert (out[moved] == a.end_population[moved]).all(), (
        "a source's actions do not add up to its fish"
    )
    into = np.bincount(t.dest_assignment, weights=t.transferred_count, minlength=len(a))
    later = a.stage > 0
    assert (into[later] == a.start_population[later]).all(), (
        "a destination did not start with what arrived"
    )
    assert (tr.daily.population >= 0).all()
    assert (tr.mortality.count > 0).all()


def assert_biomass_consistent(tr: Trajectory) -> None:
    d = tr.daily
    assert np.allclose(d.biomass_kg, d.population * d.avg_weight_g / 1000.0, rtol=1e-12, atol=1e-9)
    h = tr.harvests
    assert np.allclose(h.live_kg, h.count * h.avg_weight_g / 1000.0)


def assert_weights_never_fall(tr: Trajectory) -> None:
    """Within an assignment weight never drops from day to day, and feed implies growth."""
    d = tr.daily
    same = d.assignment[1:] == d.assignment[:-1]
    fed = (d.feed_kg[1:] > 0) & (d.temperature_c[1:] > 0)
    drop = np.diff(d.avg_weight_g) < -1e-9
    assert not (same & drop).any()
    assert not (same & fed & (np.diff(d.avg_weight_g) <= 0)).any(), "fed fish that did not grow"


def assert_feed_ledger(tr: Trajectory) -> None:
    """Stock never negative nor above capacity; lots consumed oldest first, after delivery."""
    f, p, dr, fc = tr.feeding, tr.feed_purchases, tr.feed_draws, tr.feed_containers
    assert np.allclose(np.bincount(dr.feeding_event, weights=dr.kg, minlength=len(f)), f.amount_kg)
    used = np.bincount(dr.purchase, weights=dr.kg, minlength=len(p))
    assert (used <= p.quantity_kg + 1e-9).all(), "a lot gave more than it held"
    assert (tr.feed_stock_remaining() >= 0).all()
    assert (p.delivered_at[dr.purchase] <= f.at[dr.feeding_event]).all(), (
        "feed drawn before delivery"
    )
    assert (dr.kg > 0).all()
    for i in range(len(fc)):
        events = np.flatnonzero(f.feed_container == i)
        lots = np.flatnonzero(p.feed_container == i)
        times = np.concatenate([p.delivered_at[lots], f.at[events]])
        change = np.concatenate([p.quantity_kg[lots], -f.amount_kg[events]])
        order = np.argsort(times, kind="stable")
        stock = np.cumsum(change[order])
        if len(stock):
            assert stock.min() >= -1e-6, f"feed container {i} went negative: {stock.min()}"
            assert stock.max() <= fc.capacity_kg[i] + 1e-6, f"feed container {i} over capacity"
        mine = np.isin(dr.feeding_event, events)
        for feed in np.unique(p.feed[lots]):
            rows = mine & (p.feed[dr.purchase] == feed)
            order = np.argsort(f.at[dr.feeding_event[rows]], kind="stable")
            assert (np.diff(dr.purchase[rows][order]) >= 0).all(), (
                "a newer lot was used before an older one"
            )


def assert_records_inside_assignments(tr: Trajectory) -> None:
    """Every record names an assignment and falls inside its lifetime (start ≤ day < end)."""
    a = tr.assignments
    last = np.datetime64(tr.end_date, "D")
    end = np.where(np.isnat(a.end_date), last + 1, a.end_date)

    def inside(assignment, dates, closing=False, what=""):
        dates = dates.astype("datetime64[D]")
        assert (a.start_date[assignment] <= dates).all(), f"{what} before its assignment"
        limit = end[assignment]
        ok = dates <= limit if closing else dates < limit
        assert ok.all(), f"{what} after its assignment ended"
        assert (dates <= last).all(), f"{what} after the last simulated day"

    inside(tr.daily.assignment, tr.daily.date, what="daily row")
    inside(tr.mortality.assignment, tr.mortality.date, closing=True, what="death")
    inside(tr.feeding.assignment, tr.feeding.at, what="meal")
    inside(tr.growth_samples.assignment, tr.growth_samples.date, what="growth sample")
    inside(tr.health_samplings.assignment, tr.health_samplings.date, what="health sampling")
    inside(tr.lice_counts.assignment, tr.lice_counts.at, what="lice count")
    inside(tr.treatments.assignment, tr.treatments.at, what="treatment")
    inside(tr.harvests.assignment, tr.harvests.at, closing=True, what="harvest")
    linked = tr.journal.assignment >= 0
    inside(tr.journal.assignment[linked], tr.journal.at[linked], closing=True, what="journal entry")
    assert (tr.treatments.fish_count > 0).all() and (tr.harvests.count > 0).all()


def assert_same(a: Trajectory, b: Trajectory) -> None:
    """Two trajectories are identical, array for array."""
    assert a.status == b.status and a.end_date == b.end_date and a.biology == b.biology
    for field in dataclasses.fields(a):
        left, right = getattr(a, field.name), getattr(b, field.name)
        if not isinstance(left, Table):
            continue
        for name, column in left.columns().items():
            other = getattr(right, name)
            assert column.dtype == other.dtype, (field.name, name)
            if column.dtype.kind in "fMm":
                assert np.array_equal(column, other, equal_nan=True), (field.name, name)
            else:
                assert np.array_equal(column, other), (field.name, name)


@pytest.fixture(scope="session")
def check() -> SimpleNamespace:
    """The invariant checks, for tests in any module."""
    return SimpleNamespace(
        conserved=assert_conserved,
        biomass=assert_biomass_consistent,
        weights=assert_weights_never_fall,
        ledger=assert_feed_ledger,
        inside=assert_records_inside_assignments,
        same=assert_same,
    )


@pytest.fixture(scope="session")
def simulate():
    """``simulate(geography, eggs, start, seed, **spec_fields)`` → Trajectory."""
    return run


@pytest.fixture(scope="session")
def scotland() -> Trajectory:
    """One complete Scottish batch of 3.5 M eggs."""
    return run("Scotland", seed=1, harvest_target_kg=5.5)


@pytest.fixture(scope="session")
def faroe() -> Trajectory:
    """One complete Faroese batch of 3.5 M eggs."""
    return run("Faroe Islands", seed=2, harvest_target_kg=5.5)


@pytest.fixture(scope="session", params=GEOGRAPHIES)
def full(request, scotland, faroe) -> Trajectory:
    """Each complete batch in turn."""
    return scotland if request.param == "Scotland" else faroe


@pytest.fixture(scope="session")
def full_runs() -> list[Trajectory]:
    """Sixteen complete batches: both geographies, four start months, two seeds each."""
    return [
        run(geography, start=dt.date(2021 + k, month, 1), seed=100 * k + month + 7 * g)
        for g, geography in enumerate(GEOGRAPHIES)
        for month in (1, 4, 7, 10)
        for k in range(2)
    ]
