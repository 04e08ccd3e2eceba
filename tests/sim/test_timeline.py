"""sim.timeline: the start that puts a batch in a stage at as-of, found by the simulation."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pytest_aquadata.sim import BatchSpec, params, simulate_batch
from pytest_aquadata.sim.timeline import (
    HARVESTED_DAYS_BEFORE_AS_OF,
    place_batch,
    start_for_stage,
)

AS_OF = dt.date(2026, 6, 30)


@pytest.mark.parametrize("stage", ["Fry", "Smolt", "Adult"])
def test_reference_batch_is_in_stage_on_as_of(stage: str) -> None:
    start = start_for_stage(stage, "Scotland", AS_OF)
    spec = BatchSpec(geography="Scotland", eggs=400_000, start_date=start, stop_at_stage=stage)
    traj = simulate_batch(spec, np.random.default_rng(0))
    assert traj.end_date == AS_OF
    open_ = np.isnat(traj.assignments.end_date)
    assert {params.STAGES[int(c)].name for c in traj.assignments.stage[open_]} == {stage}


@pytest.mark.parametrize("seed", [1, 5])
def test_place_batch_lands_on_as_of_for_its_own_seed(seed: int) -> None:
    start = start_for_stage("Adult", "Faroe Islands", AS_OF)
    spec = BatchSpec(
        geography="Faroe Islands", eggs=400_000, start_date=start, stop_at_stage="Adult"
    )
    placed, traj = place_batch(spec, AS_OF, seed)
    assert traj.end_date == AS_OF
    assert placed.start_date == traj.start_date


def test_harvested_start_ends_a_few_months_before_as_of() -> None:
    start = start_for_stage(None, "Scotland", AS_OF)
    spec = BatchSpec(geography="Scotland", eggs=400_000, start_date=start)
    _, traj = place_batch(spec, AS_OF, 3)
    assert traj.status == "COMPLETED"
    lag = (AS_OF - traj.end_date).days
    assert 0 < lag <= HARVESTED_DAYS_BEFORE_AS_OF + 30


def test_invalid_stage_names_the_allowed_values() -> None:
    with pytest.raises(ValueError, match="stage='Smolts'.*Post-Smolt"):
        start_for_stage("Smolts", "Scotland", AS_OF)
