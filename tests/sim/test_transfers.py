"""Transfers conserve fish exactly and containers respect docs/references.md §7 densities and
limits."""

from __future__ import annotations

import numpy as np
import pytest

from pytest_aquadata.sim import params, transfers


def test_even_split_and_north_west_corner_conserve():
    assert transfers.even_split(10, 3).tolist() == [4, 3, 3]
    supply = np.array([5, 0, 7, 3])
    demand = transfers.even_split(int(supply.sum()), 4)
    src, dst, amount = transfers.north_west_corner(supply, demand)
    assert np.array_equal(np.bincount(src, weights=amount, minlength=4), supply)
    assert np.array_equal(np.bincount(dst, weights=amount, minlength=4), demand)
    assert (amount > 0).all() and len(amount) <= len(supply) + len(demand) - 1


def test_containers_needed_follow_density_and_count_limits():
    pen = params.CONTAINER_KINDS["sea_pen"]
    assert transfers.containers_needed(pen, 2_600_000, 5500) == 14  # 200 000 fish per pen binds
    assert transfers.containers_needed(pen, 2_600_000, 6500) >= 16  # 25 kg/m3 binds at 6.5 kg
    tray = params.CONTAINER_KINDS["tray"]
    assert transfers.containers_needed(tray, 3_500_000, 0.14) == 10
    assert transfers.containers_needed(tray, 3, 0.14) == 1


@pytest.mark.parametrize("seed", range(10))
def test_move_fish_loses_only_handling_deaths(seed):
    rng = np.random.default_rng(seed)
    fish = rng.integers(0, 400_000, size=int(rng.integers(1, 12)))
    weight = rng.uniform(400, 600, size=len(fish))
    move = transfers.move_fish(rng, fish, weight, params.CONTAINER_KINDS["sea_pen"], 5500.0, 0.002)
    moved = np.bincount(move.flow_source, weights=move.flow_count, minlength=len(fish))
    assert np.array_equal(moved + move.source_dead, fish)
    assert np.array_equal(
        np.bincount(move.flow_dest, weights=move.flow_count, minlength=len(move.dest_fish)),
        move.dest_fish,
    )
    assert (move.dest_fish <= 200_000).all() and (move.dest_fish > 0).all()
    with_flows = np.unique(move.flow_source)
    assert np.array_equal(
        np.bincount(move.flow_source, weights=move.flow_dead, minlength=len(fish))[with_flows],
        move.source_dead[with_flows],
    )
    assert (
        move.dest_weight_g.min() >= weight.min() - 1e-9
        and move.dest_weight_g.max() <= weight.max() + 1e-9
    )


def test_no_doubling_and_no_invented_transfer_losses(full, check):
    """The legacy defects (§6 of LEGACY_GENERATOR.md): fish counts never jump at transfers."""
    check.conserved(full)
    w, t = full.workflows, full.transfers
    assert len(w) == 5
    for row in range(len(w)):
        actions = t.workflow == w.index[row]
        assert w.total_transferred[row] + w.total_mortality[row] <= w.total_source_count[row]
        assert (
            w.total_mortality[row] <= 0.005 * w.total_source_count[row]
        )  # small, real handling losses
        assert w.total_transferred[row] == t.transferred_count[actions].sum()
    handling = full.mortality.cause == "HANDLING"
    assert full.mortality.count[handling].sum() < 0.02 * full.spec.eggs
    days = full.batch_days()
    assert (np.diff(days.alive) <= 0).all()  # the batch only ever shrinks


def test_densities_and_fish_per_pen_stay_within_limits(full_runs):
    for tr in full_runs:
        d, a = tr.daily, tr.assignments
        kinds = a.container_kind[d.assignment]
        for key, kind in params.CONTAINER_KINDS.items():
            rows = kinds == key
            if kind.max_density_kg_m3 is not None:
                assert d.density_kg_m3[rows].max() <= kind.max_density_kg_m3, key
            if kind.max_fish is not None:
                assert d.population[rows].max() <= kind.max_fish, key


def test_a_full_batch_ends_in_a_dozen_or_more_pens(full):
    a = full.assignments
    pens = (a.stage == params.SEA_STAGE).sum()
    assert 12 <= pens <= 24
    assert (a.start_population[a.stage == params.SEA_STAGE] <= 200_000).all()
    d = full.daily
    sea = d.stage == params.SEA_STAGE
    assert 10 <= d.density_kg_m3[sea].max() <= 25  # §7 SC typical 15–17.5, limit 25


def test_transfer_actions_carry_water_and_schema_values(full):
    t = full.transfers
    assert set(t.method) <= set(params.TRANSFER_METHODS)
    assert (t.transferred_count > 0).all()
    assert np.allclose(t.transferred_biomass_kg, t.transferred_count * t.avg_weight_g / 1000.0)
    assert (t.oxygen_mg_l > 5).all() and (t.water_temp_c > 4).all()
    sea = full.assignments.stage[t.dest_assignment] == params.SEA_STAGE
    assert (full.workflows.is_intercompany == [False, False, False, False, True]).all()
    assert len(np.unique(t.date[sea])) >= 2  # the sea transfer takes several days
    per_workflow = [
        np.array_equal(t.action_number[t.workflow == i], np.arange(1, (t.workflow == i).sum() + 1))
        for i in full.workflows.index
    ]
    assert all(per_workflow)
