"""Fixtures for the builder tests: simulated batches and the minimum parent rows they need."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rows_helpers import Built, Step, simulate, write_parents

from pytest_aquadata.rows.context import BuildContext
from pytest_aquadata.sim import Trajectory


@pytest.fixture(scope="session")
def harvested() -> Trajectory:
    """A batch simulated from eggs to harvest."""
    return simulate()


@pytest.fixture(scope="session")
def active() -> Trajectory:
    """A batch stopped a few days into the Smolt stage (still ACTIVE)."""
    return simulate(stop_at_stage="Smolt")


@pytest.fixture(scope="session")
def at_sea() -> Trajectory:
    """500 000 eggs stopped a few days after sea transfer: several pens still growing."""
    return simulate(stop_at_stage="Adult", eggs=500_000)


@pytest.fixture
def build(db: None) -> Callable[..., Built]:
    """``build(traj, *steps)``: parents of ``traj`` written, then the steps run."""

    def make(traj: Trajectory, *steps: Step, batch_number: str = "T-0001") -> Built:
        """Write the parents of ``traj`` and run ``steps``."""
        ctx = BuildContext(seed=1)
        site, rows = write_parents(traj, ctx, batch_number)
        return Built(traj, ctx, site, rows).run(*steps)

    return make
