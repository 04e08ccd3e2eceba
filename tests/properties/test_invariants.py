"""The trajectory invariants report nothing on simulated batches and name what a corrupted
trajectory breaks (each check is shown to fail on a broken copy)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from pytest_aquadata import invariants
from pytest_aquadata.sim import BatchSpec, Trajectory
from pytest_aquadata.sim.trajectory import Table
from pytest_aquadata.strategies import simulate_spec


@pytest.fixture(scope="module")
def traj() -> Trajectory:
    """A complete batch of 3.5 M eggs: ten trays, transfers, feed lots, harvests."""
    return simulate_spec(BatchSpec("Scotland", 3_500_000, dt.date(2024, 3, 1)), seed=1)


def with_column(traj: Trajectory, table: str, column: str, change) -> Trajectory:
    """A copy of ``traj`` whose ``table.column`` is ``change(copy of the column)``."""
    old: Table = getattr(traj, table)
    values = np.array(getattr(old, column))
    new = type(old)(**{**old.columns(), column: change(values)})
    return dataclasses.replace(traj, **{table: new})


def test_a_simulated_batch_keeps_every_invariant(traj: Trajectory) -> None:
    assert traj.status == "COMPLETED" and len(traj.harvests) > 1
    assert invariants.trajectory_violations(traj) == []
    invariants.assert_invariants(traj)


def bump(i: int, by: float = 1):
    def change(values: np.ndarray) -> np.ndarray:
        values[i] += by
        return values

    return change


def test_a_fish_from_nowhere_breaks_conservation(traj: Trajectory) -> None:
    broken = with_column(traj, "daily", "population", bump(5))
    (message,) = invariants.fish_conservation(broken)[:1]
    assert "not the 3500000 eggs" in message
    broken = with_column(traj, "transfers", "transferred_count", bump(0))
    assert any("arrived" in m for m in invariants.fish_conservation(broken))


def test_a_heavier_day_breaks_the_biomass_identity(traj: Trajectory) -> None:
    broken = with_column(traj, "daily", "biomass_kg", bump(3, 0.5))
    assert invariants.biomass_identity(broken) == [
        f"daily state row 3: {broken.daily.biomass_kg[3]} kg, but {broken.daily.population[3]} "
        f"fish × {broken.daily.avg_weight_g[3]} g = {traj.daily.biomass_kg[3]} kg"
    ]


def test_a_newer_lot_first_or_a_short_lot_breaks_the_feed_ledger(traj: Trajectory) -> None:
    p = traj.feed_purchases
    container = int(np.bincount(p.feed_container).argmax())
    lots = np.flatnonzero(p.feed_container == container)[:2]
    first, second = lots
    draws = traj.feed_draws
    early = np.flatnonzero(draws.purchase == first)[0]
    broken = with_column(
        traj, "feed_draws", "purchase", lambda v: np.where(np.arange(len(v)) == early, second, v)
    )
    assert any(
        "moved on" in m or "delivered later" in m for m in invariants.feed_stock_fifo(broken)
    )
    short = with_column(
        traj, "feed_purchases", "quantity_kg", bump(int(first), -p.quantity_kg[first] / 2)
    )
    assert any("drawn from a lot of" in m for m in invariants.feed_stock_fifo(short))


def test_two_trays_in_one_slot_is_a_double_booking(traj: Trajectory) -> None:
    a = traj.assignments
    trays = np.flatnonzero(a.container_kind == "tray")
    broken = with_column(
        traj,
        "assignments",
        "slot",
        lambda v: np.where(np.arange(len(v)) == trays[1], v[trays[0]], v),
    )
    (message,) = invariants.no_double_booking(broken)
    assert message.startswith(f"tray slot {a.slot[trays[0]]}: booked")


def test_fish_moving_back_a_stage_break_the_stage_order(traj: Trajectory) -> None:
    broken = with_column(traj, "workflows", "dest_stage", lambda v: v - 2)
    messages = invariants.stage_order(broken)
    assert any(m.startswith("workflow 0: Egg&Alevin →") for m in messages)


def test_a_lot_with_an_extra_fish_breaks_the_harvest_totals(traj: Trajectory) -> None:
    broken = with_column(traj, "harvest_lots", "count", bump(0))
    harvest = traj.harvest_lots.harvest[0]
    (message,) = invariants.harvest_totals(broken)
    assert message == (
        f"harvest {harvest}: {traj.harvests.count[harvest]} fish, "
        f"but its lots hold {traj.harvests.count[harvest] + 1}"
    )


def test_many_violations_are_summarised(traj: Trajectory) -> None:
    broken = with_column(traj, "daily", "biomass_kg", lambda v: v + 1.0)
    messages = invariants.biomass_identity(broken)
    assert len(messages) == invariants.MAX_REPORTED + 1
    assert messages[-1] == f"... and {len(traj.daily) - invariants.MAX_REPORTED} more"


def test_assert_invariants_lists_every_violation(traj: Trajectory) -> None:
    broken = with_column(traj, "harvest_lots", "count", bump(0))
    broken = with_column(broken, "daily", "biomass_kg", bump(0, 1.0))
    with pytest.raises(AssertionError) as info:
        invariants.assert_invariants(broken)
    text = str(info.value)
    assert text.startswith("2 invariant violation(s) for BatchSpec(geography='Scotland'")
    assert "\n  - biomass_identity: daily state row 0" in text
    assert "\n  - harvest_totals: harvest " in text
    invariants.assert_invariants(broken, "fish_conservation", "stage_order")
    with pytest.raises(ValueError, match="fish_counting.*unknown; allowed: fish_conservation"):
        invariants.assert_invariants(broken, "fish_counting")


def test_determinism_helpers(traj: Trajectory) -> None:
    again = simulate_spec(traj.spec, seed=1)
    assert invariants.same_trajectory(traj, again)
    assert invariants.trajectory_differences(traj, again) == []
    other = simulate_spec(traj.spec, seed=2)
    differences = invariants.trajectory_differences(traj, other)
    assert not invariants.same_trajectory(traj, other)
    assert differences[0].startswith("biology: differs in tgc_fry")
    changed = with_column(traj, "daily", "temperature_c", bump(7, 0.01))
    assert invariants.trajectory_differences(traj, changed) == [
        f"daily.temperature_c: first differs at row 7: "
        f"{traj.daily.temperature_c[7]!r} != {changed.daily.temperature_c[7]!r}"
    ]


def test_the_module_imports_without_django() -> None:
    import subprocess
    import sys

    code = "import sys, pytest_aquadata.invariants; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
