"""Full saturation: a whole farm at a scale preset, every table filled, with a summary.

``saturate(scale, seed=...)`` builds the infrastructure of the scale, plans many batches on it
(``sim.farm.plan_farm``: staggered starts, a lifecycle ladder, no container booked twice),
simulates and writes them one at a time (streamed: one trajectory in memory at a time), then
fills the reference tables no batch touches (broodstock, budgets, user access, mixing, …)
with the factories, and audits the coverage. All of it runs in one transaction: a failure
leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Q

from pytest_aquadata import clock as farm_clock
from pytest_aquadata.coverage import (
    EmptyColumn,
    TableCount,
    audit,
    column_total,
    empty_columns,
    format_audit,
    format_empty_columns,
)
from pytest_aquadata.load.indexes import deferred
from pytest_aquadata.load.offload import offloaded, release_staged
from pytest_aquadata.load.pipeline import WORTH_IT, pipelined
from pytest_aquadata.reference.layout import DEFAULT_SCALE
from pytest_aquadata.reference.layout import SCALES as LAYOUT_SCALES
from pytest_aquadata.rows.context import BuildContext, Site
from pytest_aquadata.rows.feed_stores import build_feed_deliveries
from pytest_aquadata.rows.history_sync import BUILDER_ONLY_TABLES, sync_history
from pytest_aquadata.rows.mixing import OpenPen, build_mix, open_pens, pick_pair
from pytest_aquadata.rows.run import record_as_of, write_trajectory
from pytest_aquadata.rows.site import HALL_LETTERS
from pytest_aquadata.rows.staff import ALL, acting_as, ensure_staff
from pytest_aquadata.rows.valuation import build_valuations
from pytest_aquadata.seeding import DEFAULT_READINGS_PER_DAY, derive_seed
from pytest_aquadata.sim import params
from pytest_aquadata.sim.farm import FarmPlan, PlannedBatch, plan_farm
from pytest_aquadata.sim.trajectory import Trajectory
from pytest_aquadata.workers import Simulations, parse_workers

SCALES: tuple[str, ...] = tuple(LAYOUT_SCALES)
WRITER_THREAD_VENDORS: tuple[str, ...] = WORTH_IT
"""Databases whose batch writes go to the writer thread when ``workers`` > 1 (elsewhere only
the simulation runs in worker processes): PostgreSQL, where it was measured to pay off
(docs/performance.md#both-cores)."""
STAGING_LANES: tuple[tuple[str, ...], ...] = (
    ("environmental_environmentalreading",),
    (
        *BUILDER_ONLY_TABLES,
        *(f"{app}_historical{n}" for app, n in (t.split("_", 1) for t in BUILDER_ONLY_TABLES)),
    ),
)
"""The staged tables in groups, one staging process each, side by side: the readings; the
event tables with their history."""
OFFLOADED_TABLES: tuple[str, ...] = tuple(t for lane in STAGING_LANES for t in lane)
"""Leaf tables nothing in a build reads back before its batches are written, staged on another
core when ``workers`` > 1 (``load.offload``; on PostgreSQL when no transaction encloses the
build): the readings, most of a farm's rows, and the large event tables only the row builders
write (``BUILDER_ONLY_TABLES``: never read back, never changed later) with their history."""
STAGING_VENDORS: tuple[str, ...] = ("sqlite",)
"""Databases where ``workers`` > 1 stages ``OFFLOADED_TABLES`` in staging processes. SQLite
only by default: on PostgreSQL (built and tested) the loader's binary COPY is faster than
staging (``medium``: 70.0 s direct, 78.2 s staged; docs/performance.md#both-cores); add
``"postgresql"`` to use it there."""
COMMISSIONED_DAYS_BEFORE = dt.timedelta(days=60)
"""The farm's infrastructure is entered this long before the first batch's eggs arrive."""

Progress = Callable[[str, int, float], None]


@dataclass
class SaturationReport:
    """What a saturation wrote: scale, seed, plan summary, rows per table, batches and time."""

    scale: str
    seed: int
    plan: dict[str, Any]
    rows: dict[str, int]
    batches: list[tuple[int, str, str]]  # (batch id, batch number, status)
    seconds: float
    coverage: list[TableCount] = field(default_factory=list)
    phases: list[tuple[str, int, float]] = field(default_factory=list)
    source: str = "built"  # or "cloned from <template>" (xdist on PostgreSQL)
    workers: int = 1  # cores the build used (writer thread and simulation processes if > 1)
    empty_columns: list[EmptyColumn] | None = None  # when asked for (the column view)
    columns: int = 0  # columns of the domain tables, when empty_columns was audited

    def audit_columns(self, using: str = DEFAULT_DB_ALIAS) -> None:
        """Add the column view to the summary: the columns no row of the farm fills."""
        self.empty_columns = empty_columns(using)
        self.columns = column_total()

    @property
    def total_rows(self) -> int:
        """Rows written by the builders (history included; infrastructure and extras counted
        by the coverage audit)."""
        return sum(c.rows for c in self.coverage) if self.coverage else sum(self.rows.values())

    def filled_share(self) -> float:
        """Share of the domain tables holding at least one row."""
        return sum(c.rows > 0 for c in self.coverage) / len(self.coverage) if self.coverage else 0.0

    def summary(self, *, per_table: bool = False) -> str:
        """The terminal summary: coverage per app (or per table), rows, time, rows/s, scale
        and seed."""
        rate = self.total_rows / self.seconds if self.seconds else 0.0
        head = (
            f"aquadata saturation: scale={self.scale} seed={self.seed} "
            f"batches={len(self.batches)} workers={self.workers} rows={self.total_rows:,} "
            f"time={self.seconds:.1f}s ({rate:,.0f} rows/s)"
        )
        phases = "\n".join(
            f"  {name:<28} {rows:>12,} rows {secs:>8.1f}s" for name, rows, secs in self.phases
        )
        text = f"{head}\n{phases}\n{format_audit(self.coverage, per_table=per_table)}"
        if self.empty_columns is not None:
            text += "\n" + format_empty_columns(self.empty_columns, self.columns)
        return text


def report_of_database(scale: str, seed: int, source: str, seconds: float) -> SaturationReport:
    """A report read back from a database saturated elsewhere (an xdist worker's clone)."""
    Batch = apps.get_model("batch", "Batch")
    batches = [
        tuple(row)
        for row in Batch.objects.order_by("pk").values_list("pk", "batch_number", "status")
    ]
    coverage = audit()
    report = SaturationReport(
        scale=scale,
        seed=seed,
        plan={},
        rows={},
        batches=batches,
        seconds=seconds,
        coverage=coverage,
        source=source,
    )
    report.phases.append((source, sum(c.rows for c in coverage), seconds))
    return report


def _check_scale(scale: str) -> None:
    if scale not in SCALES:
        raise ValueError(f"scale={scale!r} is invalid; allowed: {', '.join(SCALES)}")


def _check_workers(workers: object) -> int:
    try:
        return parse_workers(workers)
    except ValueError as exc:
        raise ValueError(f"workers={exc}") from None


def farm_data_present(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the database already holds farm data (any batch or container)."""
    Batch = apps.get_model("batch", "Batch")
    Container = apps.get_model("infrastructure", "Container")
    return Batch.objects.using(using).exists() or Container.objects.using(using).exists()


class _FarmIndex:
    """Real ids behind the planner's concrete containers (site, kind, index), taken from the
    infrastructure this saturation built (names may repeat when appending to a database)."""

    def __init__(self, using: str, handle: Any) -> None:
        m = apps.get_model
        self.handle = handle
        self.geography = dict(handle.geographies)
        hall_ids = [h for ids in handle.halls.values() for h in ids]
        area_ids = [a for ids in handle.areas.values() for a in ids]
        Hall = m("infrastructure", "Hall")
        self.halls: dict[tuple[int, str], int] = {}
        for pk, station, name in (
            Hall.objects.using(using)
            .filter(pk__in=hall_ids)
            .values_list("pk", "freshwater_station_id", "name")
        ):
            self.halls[(station, name.rsplit("-", 1)[-1])] = pk
        self.fish: dict[tuple[str, int], list[int]] = {}  # ("hall"|"area", id) -> by name
        self.feed: dict[tuple[str, int], list[int]] = {}
        Container = m("infrastructure", "Container")
        FeedContainer = m("infrastructure", "FeedContainer")
        for model, target in ((Container, self.fish), (FeedContainer, self.feed)):
            qs = model.objects.using(using).filter(
                Q(hall_id__in=hall_ids) | Q(area_id__in=area_ids)
            )
            if model is Container:
                qs = qs.filter(hierarchy_role="HOLDING")
            for pk, hall, area in qs.order_by("name", "pk").values_list("pk", "hall_id", "area_id"):
                key = ("hall", hall) if hall is not None else ("area", area)
                target.setdefault(key, []).append(pk)
        self.sensors: dict[tuple[int, str], int] = {}
        Sensor = m("infrastructure", "Sensor")
        fish_ids = [pk for ids in self.fish.values() for pk in ids]
        for pk, container, kind in (
            Sensor.objects.using(using)
            .filter(container_id__in=fish_ids)
            .order_by("pk")
            .values_list("pk", "container_id", "sensor_type")
        ):
            self.sensors.setdefault((container, kind), pk)
        self.vessel = {
            geo: next(iter(ids), None) for geo, ids in getattr(handle, "carriers", {}).items()
        }

    @staticmethod
    def _number(site: str) -> int:
        return int(site.rsplit("-", 1)[-1]) - 1

    def station(self, geography: str, site: str) -> int:
        return self.handle.stations[geography][self._number(site)]

    def area(self, geography: str, site: str) -> int:
        return self.handle.areas[geography][self._number(site)]

    def hall(self, geography: str, site: str, stage: int) -> int:
        return self.halls[(self.station(geography, site), HALL_LETTERS[stage])]

    def container(self, geography: str, site: str, kind: str, index: int) -> int:
        if params.CONTAINER_KINDS[kind].environment == "sea":
            return self.fish[("area", self.area(geography, site))][index]
        stage = next(s.code for s in params.STAGES if s.container_kind == kind)
        return self.fish[("hall", self.hall(geography, site, stage))][index]

    def feed_container(self, geography: str, site: str, kind: str, index: int) -> int:
        if kind == "barge":
            return self.feed[("area", self.area(geography, site))][index]
        stage = params.STAGE_FEED_CONTAINER.index(kind)
        return self.feed[("hall", self.hall(geography, site, stage))][index]

    def site_for(self, planned: PlannedBatch, traj: Any) -> Site:
        """The Site of one planned batch: its containers, feed stores and sensors."""
        geo = planned.geography
        containers = {
            slot: self.container(geo, c.site, c.kind, c.index)
            for slot, c in planned.container_map.items()
        }
        f = traj.feed_containers
        feed = {}
        for idx, kind, slot in zip(f.index, f.kind, f.slot, strict=True):
            c = planned.feed_container_map[(str(kind), int(slot))]
            feed[int(idx)] = self.feed_container(geo, c.site, c.kind, c.index)
        fw = [c.site for c in planned.container_map.values() if c.kind != "sea_pen"]
        sea = [c.site for c in planned.container_map.values() if c.kind == "sea_pen"]
        station = self.station(geo, fw[0]) if fw else self.handle.stations[geo][0]
        area = self.area(geo, sea[0]) if sea else self.handle.areas[geo][0]
        halls = {
            code: self.halls.get((station, letter), 0) for code, letter in enumerate(HALL_LETTERS)
        }
        used = set(containers.values())
        return Site(
            geography_id=self.geography[geo],
            station_id=station,
            area_id=area,
            halls=halls,
            containers=containers,
            feed_containers=feed,
            sensors={k: v for k, v in self.sensors.items() if k[0] in used},
            carrier_id=self.vessel.get(geo),
        )


def batch_number(planned: PlannedBatch, tag: str = "") -> str:
    """Readable batch number of a planned batch, e.g. ``SC-2024-017`` (``tag`` keeps farms
    appended to one database apart)."""
    code = params.GEOGRAPHIES[planned.geography].code
    return f"{code}-{planned.start_date.year}-{tag}{planned.number + 1:03d}"


HIGH_VOLUME_TABLES: tuple[str, ...] = (
    "environmental_environmentalreading",
    "inventory_feedingevent",
    "inventory_historicalfeedingevent",
    "batch_mortalityevent",
    "batch_historicalmortalityevent",
    "batch_individualgrowthobservation",
    "batch_historicalindividualgrowthobservation",
    "batch_actualdailyassignmentstate",
    "health_fishparameterscore",
    "health_historicalfishparameterscore",
    "health_individualfishobservation",
    "health_historicalindividualfishobservation",
    "health_mortalityrecord",
    "health_historicalmortalityrecord",
    "health_licecount",
    "health_historicallicecount",
    "scenario_scenarioprojection",
    "scenario_temperaturereading",
)
"""Tables that take most of a farm's rows: their plain indexes are rebuilt once at the end."""


def _write_batches(
    simulations: Iterable[tuple[PlannedBatch, Trajectory]],
    index: _FarmIndex,
    ctx: BuildContext,
    report: SaturationReport,
    progress: Progress | None,
    tag: str,
    started: float,
) -> list[OpenPen]:
    """Write the planned batches one at a time, in plan order, as their trajectories come
    (simulated here or ahead in worker processes, a few at a time); return the sea pens still
    holding fish at the last day (candidates for mixing)."""
    pens: list[OpenPen] = []
    for planned, traj in simulations:
        number = batch_number(planned, tag)
        ctx.seed = planned.seed
        rows = write_trajectory(traj, ctx, number, site=index.site_for(planned, traj))
        report.batches.append((rows.batch_id, number, traj.status))
        pens += open_pens(traj, rows)
        if progress is not None:
            progress(f"batch {number}", sum(ctx.rows.values()), time.perf_counter() - started)
    return pens


def _farm_ledger_rows(
    ctx: BuildContext, pens: list[OpenPen], last_day: dt.date, report: SaturationReport
) -> int:
    """Rows of the farm as a whole at its last day: a batch mix of two sea pens, the feed
    deliveries that keep its stores stocked, and the month-end valuations and period locks of
    the sea sites; the rows written."""
    before = sum(ctx.rows.values())
    pair = pick_pair(pens)
    if pair is not None:
        ctx.geography = params.GEOGRAPHIES[pair[0].geography].code  # its operator mixes them
        mixed = build_mix(ctx, pair, last_day)
        report.batches.append((mixed, f"MIX-{pair[0].batch_number}", "ACTIVE"))
    build_feed_deliveries(ctx, last_day)
    build_valuations(ctx, last_day)
    return sum(ctx.rows.values()) - before


def saturate(
    scale: str = DEFAULT_SCALE,
    *,
    seed: int,
    using: str = DEFAULT_DB_ALIAS,
    readings_per_day: int = DEFAULT_READINGS_PER_DAY,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    tag: str = "",
    workers: int = 1,
) -> SaturationReport:
    """Fill every table of a whole farm at ``scale``; one transaction, streamed batch by batch.

    The farm plan ends at ``as_of`` (default: the farm clock, today in UTC unless set): active
    batches have data through it, and only planned rows are dated after it. ``workers`` > 1
    uses that many cores: upcoming batches are simulated in worker processes
    (``pytest_aquadata.workers``), on the databases of ``STAGING_VENDORS`` (SQLite) the rows of
    ``OFFLOADED_TABLES`` are written by a staging process and copied in at the end
    (``load.offload``; on PostgreSQL only when no transaction encloses the build), and, on the databases of
    ``WRITER_THREAD_VENDORS`` (PostgreSQL), the batches' writes run in a writer thread;
    the rows are the same for any number of workers.
    """
    from pytest_aquadata.factory_session import restart_factory_state

    _check_scale(scale)
    workers = _check_workers(workers)
    as_of = farm_clock.check_as_of(farm_clock.as_of() if as_of is None else as_of)
    started = time.perf_counter()
    report = SaturationReport(
        scale=scale, seed=seed, plan={}, rows={}, batches=[], seconds=0.0, workers=workers
    )
    restart_factory_state(derive_seed(seed, "saturation-factories"))
    ctx = BuildContext(using=using, seed=seed, readings_per_day=readings_per_day, as_of=as_of)
    outermost = not connections[using].in_atomic_block
    try:
        _build(ctx, report, scale, as_of, workers, using, progress, tag, started, outermost)
    finally:
        release_staged(connections[using])  # scratch file, staging tables: after the transaction
    report.rows = dict(ctx.rows)
    report.seconds = time.perf_counter() - started
    return report


def _build(
    ctx: BuildContext,
    report: SaturationReport,
    scale: str,
    as_of: dt.date,
    workers: int,
    using: str,
    progress: Progress | None,
    tag: str,
    started: float,
    outermost: bool,
) -> None:
    """The farm of ``saturate`` in one transaction: plan, infrastructure, batches, the rest
    (``outermost``: no transaction encloses it, so PostgreSQL may stage readings too)."""
    from pytest_aquadata.extras import fill_remaining_tables
    from pytest_aquadata.infrastructure import build_infrastructure

    def phase(name: str, rows: int, since: float) -> None:
        report.phases.append((name, rows, time.perf_counter() - since))
        if progress is not None:
            progress(name, rows, time.perf_counter() - since)

    seed = ctx.seed
    with (
        farm_clock.pinned(as_of),
        farm_clock.stopped_at(ctx.now),
        transaction.atomic(using=using),
        ExitStack() as stack,
    ):
        t = time.perf_counter()
        plan: FarmPlan = plan_farm(scale, as_of, np.random.default_rng(derive_seed(seed, "farm")))
        report.plan = plan.summary()
        phase(f"farm plan ({len(plan.batches)} batches)", 0, t)
        # worker processes start simulating now, while the infrastructure is built
        simulations = stack.enter_context(Simulations(plan.batches, workers))
        t = time.perf_counter()
        first = min((b.start_date for b in plan.batches), default=as_of)
        commissioned = first - COMMISSIONED_DAYS_BEFORE
        with (
            farm_clock.pinned(commissioned),
            farm_clock.stopped_at(farm_clock.moment(commissioned)),
        ):  # dated (installations, …) before its first use; the staff before their first act
            ctx.staff = ensure_staff(ctx)
            with acting_as(ctx, ctx.staff[("ADMIN", ALL)]):
                handle = build_infrastructure(scale, using=using)
        phase("infrastructure", sum(c.rows for c in audit(using)), t)
        index = _FarmIndex(using, handle)
        t = time.perf_counter()
        vendor = connections[using].vendor
        writer_thread = workers > 1 and vendor in WRITER_THREAD_VENDORS
        staging = (
            workers > 1
            and not writer_thread
            and vendor in STAGING_VENDORS
            and (vendor == "sqlite" or outermost)
        )
        with (
            deferred(connections[using], list(HIGH_VOLUME_TABLES)),
            pipelined(  # drained before the rebuild
                connections[using],
                enabled=writer_thread,
            ),
            offloaded(connections[using], STAGING_LANES, enabled=staging),  # merged first
        ):
            pens = _write_batches(simulations, index, ctx, report, progress, tag, t)
        stack.close()  # the worker processes
        phase("batches (indexes rebuilt)", sum(ctx.rows.values()), t)
        t = time.perf_counter()
        with acting_as(ctx, ctx.staff[("ADMIN", ALL)]):  # rows the factories save
            phase("mixing and valuations", _farm_ledger_rows(ctx, pens, as_of, report), t)
            t = time.perf_counter()
            extra = fill_remaining_tables(using)
            phase("remaining tables", extra, t)
            t = time.perf_counter()
            phase("history of factory updates", sync_history(ctx, skip=BUILDER_ONLY_TABLES), t)
            record_as_of(ctx)
        report.coverage = audit(using)
