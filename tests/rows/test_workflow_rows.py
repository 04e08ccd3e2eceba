"""Transfer workflows at the farm's last day: a sea transfer cut by it is in progress, not done."""

from __future__ import annotations

import datetime as dt

import numpy as np

from pytest_aquadata.rows.context import workflows_done
from pytest_aquadata.seeding import derive_seed
from pytest_aquadata.sim import params
from pytest_aquadata.sim.farm import plan_farm

AS_OF = dt.date(2026, 10, 31)


def test_a_sea_transfer_cut_by_the_last_day_is_in_progress() -> None:
    plan = plan_farm("small", AS_OF, np.random.default_rng(derive_seed(7, "farm")))
    traj = next(b for b in plan.batches if b.role == "ladder:transition").simulate()
    w, a = traj.workflows, traj.assignments
    sea = w.dest_stage == params.SEA_STAGE
    assert sea.sum() == 1
    # its moves so far all lie on or before the last day, yet tanks still hold fish ...
    assert (w.end_date[sea] <= np.datetime64(traj.end_date, "D")).all()
    assert (np.isnat(a.end_date) & (a.stage == w.source_stage[sea][0])).any()
    # ... so it is in progress; the earlier transitions emptied their stage and are done
    done = workflows_done(traj)
    assert not done[sea].any()
    assert done[~sea].all()
