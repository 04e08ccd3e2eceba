"""Build one batch end to end: simulate, provision its site, write every table, atomically."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from django.db import DEFAULT_DB_ALIAS, transaction

from pytest_aquadata import clock
from pytest_aquadata.db_routing import save_on
from pytest_aquadata.rows.batch import SYSTEM_USERNAME, build_batch_rows, system_user_id
from pytest_aquadata.rows.context import BatchRows, BuildContext, Site
from pytest_aquadata.rows.environment import build_environment
from pytest_aquadata.rows.history_sync import BUILDER_ONLY_TABLES, sync_history
from pytest_aquadata.rows.inventory import build_inventory
from pytest_aquadata.rows.site import provision_site
from pytest_aquadata.rows.staff import ALL, acting_as, ensure_staff
from pytest_aquadata.seeding import DEFAULT_READINGS_PER_DAY, MAX_READINGS_PER_DAY, derive_seed
from pytest_aquadata.sim import BatchSpec, Trajectory, params, simulate_batch
from pytest_aquadata.sim.timeline import place_batch, start_for_stage

Step = Callable[[Trajectory, BuildContext, Site, BatchRows], None]


def _later_steps() -> tuple[Step, ...]:
    from pytest_aquadata.rows.finance import build_finance
    from pytest_aquadata.rows.harvest import build_harvest
    from pytest_aquadata.rows.health import build_health
    from pytest_aquadata.rows.planning import build_planning
    from pytest_aquadata.rows.scenario import build_scenario

    return (build_health, build_harvest, build_finance, build_scenario, build_planning)


@dataclass(frozen=True)
class BuildReport:
    """What one batch build wrote: its batch, the trajectory, rows per table and the time."""

    batch_id: int
    batch_number: str
    trajectory: Trajectory
    rows: Mapping[str, int]
    seconds: float

    @property
    def total_rows(self) -> int:
        """All rows written, history rows included."""
        return sum(self.rows.values())


def default_batch_number(spec: BatchSpec, seed: int) -> str:
    """A readable, seed-stable batch number such as ``AQD-SC-2024-04817``."""
    code = params.GEOGRAPHIES[spec.geography].code
    return f"AQD-{code}-{spec.start_date.year}-{derive_seed(seed, 'batch-number') % 100_000:05d}"


def write_trajectory(
    traj: Trajectory, ctx: BuildContext, batch_number: str, site: Site | None = None
) -> BatchRows:
    """Write every table of one simulated batch through ``ctx`` (caller holds the transaction).

    Rows without a date of their own, and lookup or site rows written on the way,
    are stamped on the batch's first day (before their first use), not on the wall clock.
    """
    ctx.origin = dt.datetime.combine(traj.start_date, dt.time(7, 0))
    ctx.geography = None
    with (
        clock.pinned(traj.start_date),
        clock.stopped_at(ctx.origin.replace(tzinfo=dt.timezone.utc)),
    ):
        ctx.staff = ensure_staff(ctx)  # made on the batch's first day unless there already
        ctx.geography = params.GEOGRAPHIES[traj.spec.geography].code
        with acting_as(ctx, ctx.staff[("ADMIN", ALL)]):  # rows the factories save
            site = site or provision_site(traj, ctx, batch_number)
            rows = build_batch_rows(traj, ctx, site, batch_number)
            build_inventory(traj, ctx, site, rows)
            build_environment(traj, ctx, site, rows)
            for step in _later_steps():
                step(traj, ctx, site, rows)
    return rows


def record_as_of(ctx: BuildContext) -> None:
    """Record the farm's now in the database: the builders' operator user (``aquadata``) last
    logged in at it, so a tool can tell which "now" the farm was built for (``recorded_as_of``)."""
    User = ctx.model("auth.User")
    user = User._default_manager.using(ctx.using).get(pk=system_user_id(ctx))
    user.last_login = ctx.now
    with clock.stopped_at(ctx.now):  # its history row ('~') is dated at the farm's now too
        save_on(user, ctx.using, update_fields=["last_login"])


def recorded_as_of(using: str = DEFAULT_DB_ALIAS) -> dt.date | None:
    """The as-of date the database's farm was built for, or None if no build recorded one."""
    from django.apps import apps

    User = apps.get_model("auth", "User")
    moment = (
        User._default_manager.using(using)
        .filter(username=SYSTEM_USERNAME)
        .values_list("last_login", flat=True)
        .first()
    )
    return None if moment is None else moment.astimezone(dt.timezone.utc).date()


def build_batch(
    spec: BatchSpec,
    *,
    seed: int,
    readings_per_day: int = DEFAULT_READINGS_PER_DAY,
    batch_number: str | None = None,
    using: str = DEFAULT_DB_ALIAS,
    as_of: dt.date | None = None,
) -> BuildReport:
    """Simulate ``spec`` with ``seed`` and write the batch with all its rows in one transaction.

    ``as_of`` is the farm's "now" (default: the farm clock, today in UTC unless set): nothing
    is simulated after it. A spec starting on ``sim.timeline.start_for_stage(stop, geography,
    as_of)`` is placed for its own seed so that its last day is as-of (harvested: a little
    before). A failure anywhere rolls the whole batch back, leaving the database as it was.
    """
    if (
        not isinstance(readings_per_day, int)
        or isinstance(readings_per_day, bool)
        or not 0 <= readings_per_day <= MAX_READINGS_PER_DAY
    ):
        raise ValueError(
            f"readings_per_day={readings_per_day!r} is invalid; "
            f"allowed: an integer in 0..{MAX_READINGS_PER_DAY}"
        )
    as_of = clock.check_as_of(clock.as_of() if as_of is None else as_of)
    if spec.start_date > as_of:
        raise ValueError(
            f"BatchSpec.start_date={spec.start_date} is invalid; allowed: on or before "
            f"as_of={as_of}"
        )
    started = time.perf_counter()
    rng_seed = derive_seed(seed, "simulation")
    if spec.start_date == start_for_stage(spec.stop_at_stage, spec.geography, as_of):
        spec, traj = place_batch(spec, as_of, rng_seed)
    else:
        if spec.end_date is None or spec.end_date > as_of:
            spec = dataclasses.replace(spec, end_date=as_of)
        traj = simulate_batch(spec, np.random.default_rng(rng_seed))
    number = batch_number or default_batch_number(spec, seed)
    ctx = BuildContext(using=using, seed=seed, readings_per_day=readings_per_day, as_of=as_of)
    with transaction.atomic(using=using):
        rows = write_trajectory(traj, ctx, number)
        with acting_as(ctx, ctx.staff[("ADMIN", ALL)]):
            record_as_of(ctx)
            sync_history(ctx, skip=BUILDER_ONLY_TABLES)  # factory updates get their history row
        if traj.status == "ACTIVE":  # its feed stores stay stocked at its last day
            from pytest_aquadata.rows.feed_stores import build_feed_deliveries

            build_feed_deliveries(ctx, traj.end_date)
    return BuildReport(
        batch_id=rows.batch_id,
        batch_number=number,
        trajectory=traj,
        rows=dict(ctx.rows),
        seconds=time.perf_counter() - started,
    )
