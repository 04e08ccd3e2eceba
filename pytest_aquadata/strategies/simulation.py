"""Simulation strategies: trajectories of drawn batch specs.

A drawn trajectory prints in a falsifying example as the call that makes it,
``simulate_spec(BatchSpec(...), seed=...)``, so the report is small and can be pasted back.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from pytest_aquadata.sim import BatchSpec, Trajectory, simulate_batch
from pytest_aquadata.strategies.values import batch_specs, pinned

MAX_SEED = 2**32 - 1


def seeds() -> st.SearchStrategy[int]:
    """A simulation seed in 0..2**32-1, shrinking to 0."""
    return st.integers(0, MAX_SEED)


def simulate_spec(spec: BatchSpec, seed: int = 0) -> Trajectory:
    """``simulate_batch(spec, numpy.random.default_rng(seed))``: same spec and seed, same data."""
    return simulate_batch(spec, np.random.default_rng(seed))


def trajectories(**fixed: Any) -> st.SearchStrategy[Trajectory]:
    """The simulation of a drawn ``batch_specs(**fixed)`` with a drawn (or pinned) ``seed``.

    Accepts every ``batch_specs`` pin plus ``seed``; shrinks like the spec (few eggs, the earliest
    stop stage, short durations) and toward seed 0.
    """
    seed = pinned(fixed.pop("seed")) if "seed" in fixed else seeds()
    return st.builds(simulate_spec, batch_specs(**fixed), seed=seed)
