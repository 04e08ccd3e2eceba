"""Property-based tests over many specs: conservation, biomass, growth, feed ledger, determinism."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_aquadata.sim import BatchSpec, params, simulate_batch

CHEAP = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FULL = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SAFE_OVERRIDES = {
    "tgc_sea": st.floats(2.5, 3.5),
    "fcr_sea": st.floats(1.05, 1.3),
    "freshwater_temp_c": st.floats(10.0, 16.0),
    "incubation_temp_c": st.floats(4.0, 8.0),
    "sea_mortality_scale": st.floats(0.0, 3.0),
    "disease_outbreaks_per_pen_year": st.floats(0.0, 5.0),
    "egg_mortality": st.floats(0.0, 0.3),
    "fry_mortality": st.floats(0.0, 0.5),
    "weight_cv": st.floats(0.05, 0.4),
    "feed_daily_cv": st.floats(0.0, 0.3),
}


@st.composite
def specs(draw, full: bool = False) -> BatchSpec:
    """Batch specs; short ones stop early (cheap), full ones run to harvest."""
    stop = None if full else draw(st.sampled_from(params.STAGE_NAMES[:5] + (None,)))
    eggs = draw(st.integers(1, 3_500_000 if full else 400_000))
    start = draw(st.dates(dt.date(2010, 1, 1), dt.date(2035, 12, 31)))
    end = None
    if not full and draw(st.booleans()):
        end = start + dt.timedelta(days=draw(st.integers(0, 700)))
    return BatchSpec(
        geography=draw(st.sampled_from(tuple(params.GEOGRAPHIES))),
        eggs=eggs,
        start_date=start,
        harvest_target_kg=draw(st.none() | st.floats(1.0, 10.0)),
        stop_at_stage=stop,
        end_date=end,
        overrides=draw(st.fixed_dictionaries({}, optional=SAFE_OVERRIDES)),
    )


def _simulate(spec: BatchSpec, seed: int):
    return simulate_batch(spec, np.random.default_rng(seed))


@CHEAP
@given(spec=specs(), seed=st.integers(0, 2**32 - 1))
def test_fish_are_conserved_every_day(spec, seed, check):
    check.conserved(_simulate(spec, seed))


@CHEAP
@given(spec=specs(), seed=st.integers(0, 2**32 - 1))
def test_biomass_is_count_times_weight(spec, seed, check):
    check.biomass(_simulate(spec, seed))


@CHEAP
@given(spec=specs(), seed=st.integers(0, 2**32 - 1))
def test_weights_never_fall_while_fed(spec, seed, check):
    check.weights(_simulate(spec, seed))


@CHEAP
@given(spec=specs(), seed=st.integers(0, 2**32 - 1))
def test_feed_stock_never_negative_and_oldest_first(spec, seed, check):
    check.ledger(_simulate(spec, seed))


@CHEAP
@given(spec=specs(), seed=st.integers(0, 2**32 - 1))
def test_records_fall_inside_their_assignments(spec, seed, check):
    check.inside(_simulate(spec, seed))


@CHEAP
@given(spec=specs(), seed=st.integers(0, 2**32 - 1))
def test_same_seed_gives_identical_arrays(spec, seed, check):
    check.same(_simulate(spec, seed), _simulate(spec, seed))


@FULL
@given(spec=specs(full=True), seed=st.integers(0, 2**32 - 1))
def test_full_batches_keep_every_invariant(spec, seed, check):
    tr = _simulate(spec, seed)
    check.conserved(tr)
    check.biomass(tr)
    check.weights(tr)
    check.ledger(tr)
    check.inside(tr)
    assert tr.status in ("COMPLETED", "TERMINATED")
    d, a = tr.daily, tr.assignments
    for key, kind in params.CONTAINER_KINDS.items():
        rows = a.container_kind[d.assignment] == key
        if kind.max_density_kg_m3 is not None and rows.any():
            assert d.density_kg_m3[rows].max() <= kind.max_density_kg_m3
        if kind.max_fish is not None and rows.any():
            assert d.population[rows].max() <= kind.max_fish
