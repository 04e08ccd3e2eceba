"""The farm clock's placement of one batch: which start date puts it in a stage at as-of.

The simulation decides stage transitions from degree-days, weights and the climate of the
dates it runs through, so the start that puts a batch *in* a stage at the farm's "now" (as-of)
is found by running the simulation itself (one source of truth), not from a table of
durations: ``start_for_stage`` for a reference batch, ``place_batch`` for a batch's own seed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable

import numpy as np

from . import params
from .lifecycle import simulate_batch
from .spec import BatchSpec
from .trajectory import Trajectory

HARVESTED_DAYS_BEFORE_AS_OF = 60
"""A batch placed as "harvested" at as-of finished its harvest this many days before (choice:
"within the last few months")."""

REFERENCE_EGGS = 400_000
"""Egg count of the reference batch ``start_for_stage`` simulates (a commercial intake)."""

REFERENCE_SEED = 0
"""Seed of the reference batch's random stream (placement estimate only)."""

MAX_PLACEMENT_STEPS = 8
"""Most re-simulations spent moving a start until the batch's last day lands on its target."""


def target_last_day(stage: str | None, as_of: dt.date) -> dt.date:
    """The last simulated day a batch placed at ``as_of`` should have: as-of itself for a
    stage, a little before it for a harvested batch (``stage=None``)."""
    if stage is None:
        return as_of - dt.timedelta(days=HARVESTED_DAYS_BEFORE_AS_OF)
    return as_of


def _first_guess(stage: str | None, target: dt.date) -> dt.date:
    """A start from the stage table's typical durations, refined by simulation afterwards."""
    code = len(params.STAGES) if stage is None else params.STAGE_BY_NAME[stage].code
    days = sum(s.typical_duration_days for s in params.STAGES[:code])
    days += params.STOP_DAYS_INTO_STAGE - 1 if stage is not None else 0
    return target - dt.timedelta(days=days)


def _check(stage: str | None, geography: str, as_of: dt.date) -> None:
    if stage is not None and stage not in params.STAGE_BY_NAME:
        raise ValueError(
            f"stage={stage!r} is invalid; allowed: None | {' | '.join(params.STAGE_NAMES)}"
        )
    if geography not in params.GEOGRAPHIES:
        raise ValueError(
            f"geography={geography!r} is invalid; allowed: {' | '.join(params.GEOGRAPHIES)}"
        )
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise ValueError(f"as_of={as_of!r} is invalid; allowed: a datetime.date")


def _settle(
    spec: BatchSpec, target: dt.date, simulate: Callable[[BatchSpec], Trajectory]
) -> tuple[BatchSpec, Trajectory]:
    """Move ``spec``'s start until its simulated last day is ``target`` (or as near as the
    climate's feedback allows, preferring a last day on or before the target)."""
    best: tuple[int, BatchSpec, Trajectory] | None = None
    seen: set[dt.date] = set()
    for _ in range(MAX_PLACEMENT_STEPS):
        traj = simulate(spec)
        gap = (target - traj.end_date).days
        score = abs(gap) * 2 + (gap < 0)  # equal distance: ending early beats ending late
        if best is None or score < best[0]:
            best = (score, spec, traj)
        if gap == 0:
            break
        seen.add(spec.start_date)
        start = spec.start_date + dt.timedelta(days=gap)
        while start in seen:  # oscillating around the target: try the neighbouring day
            start += dt.timedelta(days=1 if gap > 0 else -1)
        spec = dataclasses.replace(spec, start_date=start)
    assert best is not None
    return best[1], best[2]


@functools.lru_cache(maxsize=256)
def start_for_stage(stage: str | None, geography: str, as_of: dt.date) -> dt.date:
    """Start (first egg delivery) that puts a batch simulated with ``stop_at_stage=stage`` in
    that stage at ``as_of`` (``None``: harvested ``HARVESTED_DAYS_BEFORE_AS_OF`` days before).

    Found by simulating a reference batch; a batch's own seed moves its stage transitions by
    days to weeks, which ``place_batch`` settles exactly.
    """
    _check(stage, geography, as_of)
    target = target_last_day(stage, as_of)
    spec = BatchSpec(
        geography=geography,
        eggs=REFERENCE_EGGS,
        start_date=_first_guess(stage, target),
        stop_at_stage=stage,
    )
    spec, _ = _settle(
        spec, target, lambda s: simulate_batch(s, np.random.default_rng(REFERENCE_SEED))
    )
    return spec.start_date


def place_batch(spec: BatchSpec, as_of: dt.date, rng_seed: int) -> tuple[BatchSpec, Trajectory]:
    """``spec`` with its start moved so that, simulated with ``default_rng(rng_seed)``, its last
    day is as-of (in ``spec.stop_at_stage``) or ``HARVESTED_DAYS_BEFORE_AS_OF`` days before it
    (harvested); returns the placed spec and its trajectory, cut at as-of."""
    _check(spec.stop_at_stage, spec.geography, as_of)
    target = target_last_day(spec.stop_at_stage, as_of)
    spec = dataclasses.replace(spec, end_date=None)

    def simulate(s: BatchSpec) -> Trajectory:
        return simulate_batch(s, np.random.default_rng(rng_seed))

    spec, traj = _settle(spec, target, simulate)
    if traj.end_date > as_of:  # never data after as-of, even if the climate would not settle
        spec = dataclasses.replace(spec, end_date=as_of)
        traj = simulate(spec)
    return spec, traj
