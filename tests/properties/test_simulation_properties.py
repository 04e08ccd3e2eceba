"""Property-based invariants of the pure simulation, written only with the public strategies and
``pytest_aquadata.invariants`` (they double as examples for users).

Each property runs 200 examples of small, early-stopping batches (few eggs, at most up to the
Smolt stage), which keeps them fast; a few properties also run full lifecycles to harvest.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_aquadata import invariants
from pytest_aquadata.sim import Trajectory
from pytest_aquadata.strategies import (
    batch_specs,
    lifecycle_stages,
    seeds,
    simulate_spec,
    trajectories,
)

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")  # numpy: no 0/0, no overflow

PURE = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FULL = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SMALL = {"eggs": st.integers(1, 200_000), "stop_at_stage": lifecycle_stages(last="Smolt")}
"""Pins for cheap batches: at most 200 000 eggs, stopped a few days into Smolt at the latest."""

TO_HARVEST = {"stop_at_stage": None, "end_date": None}
"""Pins for batches that run until they are harvested (or die out)."""


@PURE
@given(traj=trajectories(**SMALL))
def test_fish_are_conserved_every_day(traj: Trajectory) -> None:
    invariants.assert_invariants(traj, "fish_conservation")


@PURE
@given(traj=trajectories(**SMALL))
def test_biomass_is_count_times_weight(traj: Trajectory) -> None:
    invariants.assert_invariants(traj, "biomass_identity")


@PURE
@given(traj=trajectories(**SMALL))
def test_feed_stock_is_never_negative_and_used_oldest_first(traj: Trajectory) -> None:
    invariants.assert_invariants(traj, "feed_stock_fifo")


@PURE
@given(traj=trajectories(**SMALL))
def test_no_container_slot_is_double_booked(traj: Trajectory) -> None:
    invariants.assert_invariants(traj, "no_double_booking")


@PURE
@given(traj=trajectories(**SMALL))
def test_stage_order_never_goes_backwards(traj: Trajectory) -> None:
    invariants.assert_invariants(traj, "stage_order")


@PURE
@given(spec=batch_specs(**SMALL), seed=seeds())
def test_same_seed_gives_the_same_data(spec, seed: int) -> None:
    assert invariants.same_trajectory(simulate_spec(spec, seed), simulate_spec(spec, seed))


@PURE
@given(traj=trajectories(eggs=st.integers(1, 2_000), **TO_HARVEST))
def test_harvest_totals_match_the_lots(traj: Trajectory) -> None:
    invariants.assert_invariants(traj, "harvest_totals")


@FULL
@given(traj=trajectories(eggs=st.integers(1, 3_500_000), **TO_HARVEST))
def test_full_lifecycles_keep_every_invariant(traj: Trajectory) -> None:
    invariants.assert_invariants(traj)
    assert traj.status in ("COMPLETED", "TERMINATED")


@FULL
@given(spec=batch_specs(eggs=st.integers(1, 3_500_000), **TO_HARVEST), seed=seeds())
def test_full_lifecycles_are_deterministic(spec, seed: int) -> None:
    first, again = simulate_spec(spec, seed), simulate_spec(spec, seed)
    assert invariants.trajectory_differences(first, again) == []


@FULL
@given(
    traj=trajectories(
        eggs=st.integers(1, 50_000),
        overrides={
            "lice_cold_c": 10.0,
            "lice_warm_c": 10.0,
            "heat_stress_start_c": 18.0,
            "growth_temp_max_c": 18.0,
        },
        **TO_HARVEST,
    )
)
def test_ranges_closed_to_one_value_simulate_cleanly(traj: Trajectory) -> None:
    invariants.assert_invariants(traj)
    assert np.isfinite(traj.daily.lice_adult_female[traj.daily.stage == 5]).all()
