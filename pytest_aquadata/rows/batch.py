"""Batch-app rows from a trajectory: the batch, its creation and transfer workflows, the
container assignments, mortality events, growth samples and the daily assignment states.

Conventions of the reference (SCHEMA.md §5): an assignment that ended (fish moved on, were
harvested or died out) is inactive with a departure date and a population of 0; the batch's
``lifecycle_stage`` is the stage it reached; transfers conserve fish exactly, handling losses are
MortalityEvents with cause HANDLING.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.conf import settings

from pytest_aquadata.db_routing import save_on
from pytest_aquadata.reference.broodstock import (
    BREEDING_TEXTS,
    BROODSTOCK_WEIGHT_KG,
    SPAWNING_DAYS,
    SPAWNING_START,
)
from pytest_aquadata.reference.notes import pick
from pytest_aquadata.rows.context import (
    BatchRows,
    BuildContext,
    Change,
    Site,
    Story,
    days_of,
    workflows_done,
)
from pytest_aquadata.rows.lookups import SYSTEM_USERNAME
from pytest_aquadata.seeding import derive_seed
from pytest_aquadata.sim import Trajectory, params
from pytest_aquadata.sim.growth import sample_fish
from pytest_aquadata.sim.trajectory import Assignments


def system_user_id(ctx: BuildContext) -> int:
    """Id of the operator user the builders record as acting."""
    return ctx.lookup("auth.User", username=SYSTEM_USERNAME)


def _at(days: np.ndarray, minute: int) -> np.ndarray:
    return days_of(days).astype("datetime64[m]") + np.timedelta64(minute, "m")


def _rng(ctx: BuildContext, rows: BatchRows, purpose: str) -> np.random.Generator:
    """A seeded generator of one purpose for one batch (its own stream: adding one never
    shifts another builder's draws)."""
    return np.random.default_rng(derive_seed(ctx.seed, purpose, rows.batch_number))


def _notes(rng: np.random.Generator, kind: str, n: int, share: float) -> np.ndarray:
    """Free-text notes of ``kind`` (``reference.notes``) on ``share`` of ``n`` rows, ""
    elsewhere (a real farm leaves most of them blank)."""
    noted = rng.random(n) < share
    phrases = np.array(pick(kind, rng.random(n)), dtype=object)
    return np.where(noted, phrases, "")


def _nullable(notes: np.ndarray) -> np.ndarray:
    """Notes of a nullable text column: NULL where there is none."""
    return np.where(notes == "", None, notes)


def _acting_operator(ctx: BuildContext, label: str) -> int:
    """The staff user who enters ``label``'s rows here (the geography's operator for batch
    tables), else the builders' operator user."""
    user = ctx.user_for(label)
    return system_user_id(ctx) if user is None else int(user)


NOTE_SHARES = {
    "creation_workflow": 0.4,
    "creation_action": 0.15,
    "transfer_workflow": 0.3,
    "transfer_action": 0.12,
    "transfer_measurement": 0.2,
    "growth_sample": 0.12,
}
"""Share of rows of each kind that carry a free-text note (choice: staff write a remark on a
minority of records; plans such as egg orders and transfers more often than routine entries)."""


def build_batch_rows(
    traj: Trajectory, ctx: BuildContext, site: Site, batch_number: str
) -> BatchRows:
    """Write the batch and its batch-app history; return the keys later builders need."""
    species_id = ctx.lookup("batch.Species", name="Atlantic Salmon")
    batch_id = int(ctx.reserve("batch.Batch", 1)[0])
    a = traj.assignments
    container_ids = site.container_ids(a.container_kind, a.slot)
    assignment_ids = ctx.reserve("batch.BatchContainerAssignment", len(a))
    rows = BatchRows(
        batch_id=batch_id,
        batch_number=batch_number,
        species_id=species_id,
        assignment_ids=assignment_ids,
        container_ids=container_ids,
    )
    _batch(traj, ctx, rows, species_id)
    _assignments(traj, ctx, rows)
    _creation(traj, ctx, rows)
    _transfers(traj, ctx, site, rows)
    _mortality(traj, ctx, rows)
    _growth_samples(traj, ctx, rows)
    _daily_states(traj, ctx, rows)
    return rows


def _batch(traj: Trajectory, ctx: BuildContext, rows: BatchRows, species_id: int) -> None:
    planned_days = sum(s.typical_duration_days for s in params.STAGES)
    ctx.emit(
        "batch.Batch",
        {
            "id": [rows.batch_id],
            "batch_number": rows.batch_number,
            "species_id": species_id,
            "lifecycle_stage_id": ctx.stage_id(traj.final_stage),
            "status": traj.status,
            "batch_type": "STANDARD",
            "start_date": traj.start_date,
            "expected_end_date": traj.start_date + dt.timedelta(days=planned_days),
            "actual_end_date": traj.end_date if traj.status != "ACTIVE" else None,
            "notes": (
                f"Simulated by pytest-aquadata: {traj.spec.eggs:,} eggs, {traj.spec.geography}, "
                f"harvest target {traj.harvest_target_kg:.2f} kg"
            ),
        },
        story=_batch_story(traj, ctx),
    )


def _batch_story(traj: Trajectory, ctx: BuildContext) -> Story:
    """A batch is created in its first stage and ACTIVE; it changes at each stage entry (the
    first assignment of the stage) and, when it ended, at its end."""
    a = traj.assignments
    stages = sorted({int(c) for c in a.stage})
    entries = [days_of(a.start_date[a.stage == c]).min() for c in stages]
    open_ = {"status": "ACTIVE", "actual_end_date": np.array([np.datetime64("NaT", "D")])}
    changes = [
        Change([True], np.array([day]), {**open_, "lifecycle_stage_id": ctx.stage_id(code)})
        for code, day in zip(stages[1:], entries[1:], strict=True)
    ]
    if traj.status != "ACTIVE":
        changes.append(Change([True], np.array([np.datetime64(traj.end_date, "D")])))
    elif changes:  # the last stage entry is the batch as it stands
        changes[-1] = Change([True], changes[-1].when)
    first = {**open_, "lifecycle_stage_id": ctx.stage_id(stages[0] if stages else 0)}
    return Story(initial=first, changes=tuple(changes))


def _assignments(traj: Trajectory, ctx: BuildContext, rows: BatchRows) -> None:
    a, d = traj.assignments, traj.daily
    active = np.isnat(a.end_date)
    n = len(a)
    # Live fish and weight of active assignments come from their last simulated day.
    last_pop = np.zeros(n, dtype=np.int64)
    last_w = np.asarray(a.end_weight_g, dtype=float).copy()
    if len(d):
        last_row = np.zeros(n, dtype=np.int64) - 1
        order = np.arange(len(d))
        np.maximum.at(last_row, d.assignment, order)
        has = last_row >= 0
        last_pop[has] = d.population[last_row[has]]
        last_w[has] = d.avg_weight_g[last_row[has]]
    population = np.where(active, last_pop, 0)
    weight = np.where(np.isfinite(last_w), last_w, a.start_weight_g)
    g = traj.growth_samples
    last_weighing = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    if len(g):
        np.maximum.at(last_weighing.view("int64"), g.assignment, days_of(g.date).view("int64"))
    ctx.emit(
        "batch.BatchContainerAssignment",
        {
            "id": rows.assignment_ids,
            "batch_id": rows.batch_id,
            "container_id": rows.container_ids,
            "lifecycle_stage_id": ctx.stage_ids(a.stage),
            "population_count": population,
            "avg_weight_g": np.round(weight, 2),
            "biomass_kg": np.round(population * np.round(weight, 2) / 1000.0, 2),
            "assignment_date": days_of(a.start_date),
            "departure_date": days_of(a.end_date),
            "is_active": active,
            "last_weighing_date": last_weighing,
            "notes": [
                f"{params.STAGES[int(s)].name}: {r}"
                for s, r in zip(a.stage, a.end_reason, strict=True)
            ],
        },
        story=_assignment_story(a, active),
    )


def _assignment_story(a: Assignments, active: np.ndarray) -> Story:
    """An assignment is created holding the fish moved in, active; a closed one changes once,
    on its departure day, to its final state."""
    start_w = np.round(np.asarray(a.start_weight_g, dtype=float), 2)
    start_n = np.asarray(a.start_population, dtype=np.int64)
    first = {
        "is_active": np.ones(len(active), dtype=bool),
        "departure_date": np.full(len(active), np.datetime64("NaT"), dtype="datetime64[D]"),
        "population_count": start_n,
        "avg_weight_g": start_w,
        "biomass_kg": np.round(start_n * start_w / 1000.0, 2),
        "last_weighing_date": np.full(len(active), np.datetime64("NaT"), dtype="datetime64[D]"),
    }
    return Story(initial=first, changes=(Change(~active, days_of(a.end_date)),))


def _creation(traj: Trajectory, ctx: BuildContext, rows: BatchRows) -> None:
    e = traj.egg_deliveries
    if len(e) == 0:
        return
    user_id = system_user_id(ctx)
    internal = ctx.seed % 2 == 0
    workflow: dict[str, object] = {}
    if internal:
        egg_production_id = _egg_production(traj, ctx, rows, int(e.eggs_received.sum()))
        workflow.update(egg_source_type="INTERNAL", egg_production_id=egg_production_id)
    else:
        supplier_id = ctx.lookup("broodstock.EggSupplier", name="Benchmark Genetics Iceland")
        workflow.update(
            egg_source_type="EXTERNAL",
            external_supplier_id=supplier_id,
            external_supplier_batch_number=f"BG-{rows.batch_number}",
            external_cost_per_thousand=120.0,
        )
    first, last = days_of(e.date).min(), days_of(e.date).max()
    rng = _rng(ctx, rows, "creation-notes")
    workflow_id = ctx.emit(
        "batch.BatchCreationWorkflow",
        {
            "workflow_number": [f"CRT-{rows.batch_number}"],
            "batch_id": rows.batch_id,
            "status": "COMPLETED",
            "total_eggs_planned": int(e.eggs_planned.sum()),
            "total_eggs_received": int(e.eggs_received.sum()),
            "total_mortality_on_arrival": int(e.dead_on_arrival.sum()),
            "planned_start_date": first,
            "planned_completion_date": last,
            "actual_start_date": first,
            "actual_completion_date": last,
            "total_actions": len(e),
            "actions_completed": len(e),
            "progress_percentage": 100.0,
            "created_by_id": user_id,
            "notes": _notes(rng, "creation_workflow", 1, NOTE_SHARES["creation_workflow"]),
            **workflow,
        },
        when=np.array([first]),  # planned on the first delivery's day, before the delivery
        story=workflow_story(
            1,
            np.array([first]),
            np.array([True]),
            np.array([last]),
            (),
            ("actions_completed", "progress_percentage", "total_eggs_received"),
        ),
    )[0]
    ctx.emit(
        "batch.CreationAction",
        {
            "workflow_id": int(workflow_id),
            "action_number": np.arange(1, len(e) + 1),
            "status": "COMPLETED",
            "dest_assignment_id": rows.assignment_ids[e.assignment],
            "egg_count_planned": e.eggs_planned,
            "egg_count_actual": e.eggs_received,
            "mortality_on_arrival": e.dead_on_arrival,
            "expected_delivery_date": days_of(e.date),
            "actual_delivery_date": days_of(e.date),
            "delivery_method": "INTERNAL_TRANSFER" if internal else "TRANSPORT",
            "water_temp_on_arrival": np.round(e.water_temp_c, 2),
            "egg_quality_score": 4,
            "execution_duration_minutes": 45,
            "executed_by_id": user_id,
            "notes": _notes(rng, "creation_action", len(e), NOTE_SHARES["creation_action"]),
        },
    )
    _cancelled_order(traj, ctx, rows, int(e.eggs_planned.sum()), first)


CANCELLED_ORDER_SHARE = 0.05
"""Share of batches with a cancelled egg order (choice: a few per cent of egg orders are called
off before any delivery — supplier shortfall, failed screening, full trays)."""

TOP_UP_DELAY_DAYS = (3, 8)
"""Days after the first delivery the top-up order is placed (choice; after the batch exists)."""

TOP_UP_LEAD_DAYS = (14, 29)
"""Days between placing an egg order and its planned delivery (choice)."""

MIN_CANCEL_DAYS = 3
"""A plan is cancelled at least this many days after it was made, so its cancellation is
entered after its creation (entry delays are at most two days)."""


def _working_moment(rng: np.random.Generator, day: np.ndarray) -> np.ndarray:
    """A seeded moment in the working day (07:00–17:00) of each ``day``."""
    day = days_of(day)
    minutes = 7 * 60 + rng.integers(0, 10 * 60, len(day))
    return day.astype("datetime64[us]") + (minutes * 60_000_000).astype("timedelta64[us]")


def _cancel_moments(
    rng: np.random.Generator, made: np.ndarray, due: np.ndarray, now: np.datetime64
) -> np.ndarray:
    """When plans made on ``made`` and due on ``due`` were cancelled: a working moment of a
    day from ``made`` + MIN_CANCEL_DAYS to ``due``, never after ``now``."""
    span = (days_of(due) - days_of(made)).astype(np.int64) - MIN_CANCEL_DAYS
    offset = (rng.random(len(span)) * (np.maximum(span, 0) + 1)).astype(np.int64)
    day = days_of(made) + (MIN_CANCEL_DAYS + offset).astype("timedelta64[D]")
    return np.minimum(_working_moment(rng, day), now)


def _cancelled_order(
    traj: Trajectory, ctx: BuildContext, rows: BatchRows, eggs: int, first: np.datetime64
) -> None:
    """A top-up egg order for the batch, planned after its first delivery and cancelled
    before its delivery (``CANCELLED_ORDER_SHARE`` of batches): an extra CANCELLED creation
    workflow without actions, so the batch's eggs and fish are untouched."""
    rng = _rng(ctx, rows, "cancelled-order")
    made = first + np.timedelta64(int(rng.integers(*TOP_UP_DELAY_DAYS)), "D")
    due = made + np.timedelta64(int(rng.integers(*TOP_UP_LEAD_DAYS)), "D")
    now = np.datetime64(ctx.now.replace(tzinfo=None), "us")
    cancel = _cancel_moments(rng, np.array([made]), np.array([due]), now)
    last = np.datetime64(traj.end_date, "D")
    fits = bool(made + np.timedelta64(MIN_CANCEL_DAYS, "D") <= min(last, days_of(now)))
    if not ctx.systematic_pick("egg order cancelled", CANCELLED_ORDER_SHARE, np.array([fits]))[0]:
        return
    user = _acting_operator(ctx, "batch.BatchCreationWorkflow")
    reason = pick("creation_cancellation", rng.random(1))
    ctx.emit(
        "batch.BatchCreationWorkflow",
        {
            "workflow_number": [f"CRT-{rows.batch_number}-C"],
            "batch_id": rows.batch_id,
            "status": "CANCELLED",
            "egg_source_type": "EXTERNAL",
            "external_supplier_id": ctx.lookup("broodstock.EggSupplier", name="AquaGen AS"),
            "external_supplier_batch_number": f"AG-{rows.batch_number}",
            "external_cost_per_thousand": 125.0,
            "total_eggs_planned": int(round(eggs * rng.uniform(0.1, 0.2), -3)) or 1000,
            "total_eggs_received": 0,
            "total_mortality_on_arrival": 0,
            "planned_start_date": due,
            "planned_completion_date": due,
            "actual_start_date": None,
            "actual_completion_date": None,
            "total_actions": 1,
            "actions_completed": 0,
            "progress_percentage": 0.0,
            "created_by_id": user,
            "cancellation_reason": reason,
            "cancelled_at": cancel,
            "cancelled_by_id": user,
        },
        when=np.array([made]),
        story=Story(
            initial={
                "status": "PLANNED",
                "cancellation_reason": "",
                "cancelled_at": np.array([np.datetime64("NaT", "us")]),
                "cancelled_by_id": np.array([None], dtype=object),
            },
            changes=(Change([True], cancel),),
        ),
    )


STRIPPING_HOUR = 6
"""The pair is stripped and the eggs fertilised at dawn of the first delivery day, before the
hatchery's working day in which the batch is entered (choice)."""


def _moment(day: dt.date, hour: int) -> dt.datetime:
    """``day`` at ``hour``:00 UTC, aware when the project uses time zones."""
    moment = dt.datetime.combine(day, dt.time(hour))
    return moment.replace(tzinfo=dt.timezone.utc) if settings.USE_TZ else moment


def _hatchery_station(ctx: BuildContext, rows: BatchRows) -> int | None:
    """The freshwater station whose egg trays receive the batch (its first container), the
    destination of the eggs stripped for it."""
    containers = ctx.model("infrastructure.Container")._default_manager.using(ctx.using)
    return (
        containers.filter(pk=int(rows.container_ids[0]))
        .values_list("hall__freshwater_station_id", flat=True)
        .first()
    )


def _egg_production(traj: Trajectory, ctx: BuildContext, rows: BatchRows, eggs: int) -> int:
    """An internal egg production and the batch's parentage row: the season's breeding plan, a
    spawned pair of broodstock fish (kept in the batch's largest freshwater tank) stripped on
    the first delivery day, and their eggs."""
    day = dt.date.fromisoformat(str(days_of(traj.egg_deliveries.date).min()))
    user = ctx.model("auth.User")._default_manager.using(ctx.using).get(pk=system_user_id(ctx))
    season = day.year if (day.month, day.day) >= SPAWNING_START else day.year - 1
    opens = dt.date(season, *SPAWNING_START)
    plan = ctx.model("broodstock.BreedingPlan")(
        name=f"Spawning season {season}/{(season + 1) % 100:02d}",
        start_date=_moment(opens, 0),
        end_date=_moment(opens + dt.timedelta(days=SPAWNING_DAYS), 9),
        objectives=BREEDING_TEXTS["objectives"],
        geneticist_notes=BREEDING_TEXTS["geneticist_notes"],
        breeder_instructions=BREEDING_TEXTS["breeder_instructions"],
        created_by=user,
    )
    save_on(plan, ctx.using)
    freshwater = np.flatnonzero(traj.assignments.stage < params.SEA_STAGE)
    tank = int(rows.container_ids[freshwater[-1] if len(freshwater) else 0])
    weight_kg = sum(BROODSTOCK_WEIGHT_KG) / 2
    fish = {}
    for sex in ("male", "female"):
        fish[sex] = ctx.model("broodstock.BroodstockFish")(
            container_id=tank,
            traits={"sex": sex, "weight_kg": weight_kg, "year_class": season - 4},
            health_status="healthy",
        )
        save_on(fish[sex], ctx.using)
    pair = ctx.model("broodstock.BreedingPair")(
        plan=plan,
        male_fish=fish["male"],
        female_fish=fish["female"],
        pairing_date=_moment(day, STRIPPING_HOUR),
        progeny_count=eggs,
    )
    save_on(pair, ctx.using)
    production = ctx.model("broodstock.EggProduction")(
        pair=pair,
        egg_batch_id=f"EGG-{rows.batch_number}",
        egg_count=eggs,
        production_date=_moment(day, STRIPPING_HOUR),
        destination_station_id=_hatchery_station(ctx, rows),
        source_type="internal",
    )
    save_on(production, ctx.using)
    ctx.emit(
        "broodstock.BatchParentage",
        {"batch_id": [rows.batch_id], "egg_production_id": production.pk},
    )
    return int(production.pk)


TRANSFER_PLAN_LEAD_DAYS = 14
"""Days between planning a transfer workflow (created PLANNED) and its first action (choice:
the well boat and the receiving units are booked two weeks ahead)."""


def workflow_story(
    n: int,
    start: np.ndarray,
    done: np.ndarray,
    end: np.ndarray,
    closers: tuple[str, ...],
    tallies: tuple[str, ...],
) -> Story:
    """A workflow's story: created PLANNED (no actual dates, its ``tallies`` zero, its
    ``closers`` — who closed it, when — empty), IN_PROGRESS at its first action (``start``),
    COMPLETED at its last (``end``, a day or a moment) where ``done``."""
    nat = np.full(n, np.datetime64("NaT"), "datetime64[D]")
    unfinished: dict[str, np.ndarray] = {"actual_completion_date": nat}
    for closer in closers:
        unfinished[closer] = (
            np.full(n, np.datetime64("NaT"), "datetime64[us]")
            if closer.endswith("_at")
            else np.full(n, None, dtype=object)
        )
    planned = {
        **unfinished,
        "status": np.full(n, "PLANNED", dtype=object),
        "actual_start_date": nat,
        **{name: np.zeros(n, dtype=np.int64) for name in tallies},
    }
    started = {**unfinished, "status": np.full(n, "IN_PROGRESS", dtype=object)}
    return Story(
        initial=planned,
        changes=(
            Change(np.ones(n, dtype=bool), start, started),
            Change(np.asarray(done, dtype=bool), end),
        ),
    )


def _transfers(traj: Trajectory, ctx: BuildContext, site: Site, rows: BatchRows) -> None:
    w, t = traj.workflows, traj.transfers
    if len(w) == 0:
        return
    user_id = system_user_id(ctx)
    to_sea = w.dest_stage == params.SEA_STAGE
    end = days_of(w.end_date)
    done = workflows_done(traj)
    waiting, waiting_fish = _still_to_move(traj)
    planned_actions = w.actions + waiting
    per_day = np.where(to_sea, params.SEA_TRANSFER_TANKS_PER_DAY, max(1, int(waiting.max())))
    planned_end = end + (-(-waiting // per_day)).astype("timedelta64[D]")
    executed = _executed_at(t)
    closed = _closed_at(ctx, w, t, executed, to_sea)
    dynamic_done = done & to_sea
    rng = _rng(ctx, rows, "transfer-notes")
    common = {
        "batch_id": rows.batch_id,
        "workflow_type": "LIFECYCLE_TRANSITION",
        "source_lifecycle_stage_id": ctx.stage_ids(w.source_stage),
        "dest_lifecycle_stage_id": ctx.stage_ids(w.dest_stage),
        "total_actions_planned": planned_actions,
        "is_dynamic_execution": to_sea,
        "dynamic_route_mode": np.where(to_sea, "DIRECT_STATION_TO_VESSEL", None),
        "estimated_total_count": w.total_source_count + waiting_fish,
        "estimated_total_biomass_kg": np.round(w.total_biomass_kg, 2),
        "is_intercompany": w.is_intercompany,
        "source_subsidiary": np.where(w.is_intercompany, "FW", ""),
        "dest_subsidiary": np.where(w.is_intercompany, "FM", ""),
        "initiated_by_id": user_id,
    }
    rows.workflow_ids = ctx.emit(
        "batch.BatchTransferWorkflow",
        {
            **common,
            "workflow_number": [f"TRF-{rows.batch_number}-{int(i) + 1:02d}" for i in w.index],
            "status": np.where(done, "COMPLETED", "IN_PROGRESS"),
            "planned_start_date": days_of(w.start_date),
            "planned_completion_date": planned_end,
            "actual_start_date": days_of(w.start_date),
            "actual_completion_date": np.where(done, end, np.datetime64("NaT")),
            "total_source_count": w.total_source_count,
            "total_transferred_count": w.total_transferred,
            "total_mortality_count": w.total_mortality,
            "total_biomass_kg": np.round(w.total_biomass_kg, 2),
            "actions_completed": w.actions,
            "completion_percentage": np.round(100.0 * w.actions / planned_actions, 2),
            "completed_by_id": np.where(done, user_id, None),
            "dynamic_completed_by_id": np.where(dynamic_done, user_id, None),
            "dynamic_completed_at": np.where(dynamic_done, closed, np.datetime64("NaT")),
            "notes": _notes(rng, "transfer_workflow", len(w), NOTE_SHARES["transfer_workflow"]),
        },
        when=days_of(w.start_date) - np.timedelta64(TRANSFER_PLAN_LEAD_DAYS, "D"),
        story=workflow_story(
            len(w),
            days_of(w.start_date),
            done,
            closed,
            ("completed_by_id", "dynamic_completed_by_id", "dynamic_completed_at"),
            ("actions_completed", "completion_percentage", "total_transferred_count"),
        ),
    )
    _cancelled_transfers(traj, ctx, rows, common, planned_end)
    if len(t) == 0:
        return
    sea_leg = to_sea[t.workflow]
    dest_container = rows.container_ids[t.dest_assignment]
    rows.transfer_action_ids = ctx.emit(
        "batch.TransferAction",
        {
            "workflow_id": rows.workflow_ids[t.workflow],
            "action_number": t.action_number,
            "source_assignment_id": rows.assignment_ids[t.source_assignment],
            "dest_assignment_id": rows.assignment_ids[t.dest_assignment],
            "dest_container_id": dest_container,
            "source_population_before": t.source_population_before,
            "transferred_count": t.transferred_count,
            "mortality_during_transfer": t.mortality_count,
            "transferred_biomass_kg": np.round(t.transferred_biomass_kg, 2),
            "status": "COMPLETED",
            "leg_type": np.where(sea_leg, "STATION_TO_VESSEL", None),
            "created_via": np.where(sea_leg, "DYNAMIC_LIVE", "PLANNED"),
            "planned_date": days_of(t.date),
            "actual_execution_date": days_of(t.date),
            "executed_at": executed,
            "transfer_method": t.method,
            "water_temp_c": np.round(t.water_temp_c, 2),
            "oxygen_level": np.round(t.oxygen_mg_l, 2),
            "measured_avg_weight_g": np.round(t.avg_weight_g, 2),
            **transfer_sample(
                _rng(ctx, rows, "transfer-samples"),
                np.asarray(t.avg_weight_g, dtype=float),
                w.source_stage[t.workflow],
                np.asarray(t.transferred_count) > 0,
                traj.biology.weight_cv,
            ),
            "selection_method": "AVERAGE",
            "executed_by_id": user_id,
            "execution_duration_minutes": 35,
            "notes": _notes(rng, "transfer_action", len(t), NOTE_SHARES["transfer_action"]),
        },
    )


def _executed_at(t: Any) -> np.ndarray:
    """When each transfer action ran: from 08:00, one every 40 minutes (12 a day)."""
    minutes = 8 * 60 + 40 * ((np.asarray(t.action_number) - 1) % 12)
    return (_at(t.date, 0) + minutes.astype("timedelta64[m]")).astype("datetime64[us]")


DYNAMIC_CLOSE_MINUTES = 45
"""Minutes after its last handoff that the ship crew explicitly completes a dynamic (station to
sea) workflow (choice: after the last tank is counted into the pen)."""


def _closed_at(
    ctx: BuildContext, w: Any, t: Any, executed: np.ndarray, to_sea: np.ndarray
) -> np.ndarray:
    """When each workflow was completed: at its last action (a dynamic one explicitly,
    DYNAMIC_CLOSE_MINUTES later), never after the farm's now; its last day without actions."""
    last = np.full(len(w), np.datetime64("NaT"), "datetime64[us]")
    if len(t):
        np.maximum.at(last.view("int64"), np.asarray(t.workflow), executed.view("int64"))
    fallback = days_of(w.end_date).astype("datetime64[us]") + np.timedelta64(16, "h")
    last = np.where(np.isnat(last), fallback, last)
    last = last + np.where(to_sea, np.timedelta64(DYNAMIC_CLOSE_MINUTES, "m"), np.timedelta64(0))
    now = np.datetime64(ctx.now.replace(tzinfo=None), "us")
    return np.where(np.isnat(last), last, np.minimum(last, now))


TRANSFER_SAMPLE_SHARE = 0.85
"""Share of transfer actions that moved fish with a weighed sample (choice: most moves are
weighed, as the transfer weight anchors the growth model; a few rely on the counter's
biomass)."""

TRANSFER_SAMPLE_SIZE = (30, 100)
"""Fish weighed per sampled transfer action, inclusive (choice: a net haul or two)."""


def transfer_sample(
    rng: np.random.Generator,
    avg_weight_g: np.ndarray,
    stage: np.ndarray,
    moved: np.ndarray,
    weight_cv: float,
) -> dict[str, np.ndarray]:
    """The measured sample of each transfer action (``TRANSFER_SAMPLE_SHARE`` of those that
    ``moved`` fish): its size, the standard deviation of the sampled weights and their mean
    fork length, drawn like a growth sample (``sim.growth.sample_fish``: lognormal weights
    around the fish's simulated mean with the batch's CV, lengths from the stage's Fulton K),
    and a note on how it was weighed on some; NULL / blank on the others."""
    n = len(avg_weight_g)
    low, high = TRANSFER_SAMPLE_SIZE
    sampled = moved & (rng.random(n) < TRANSFER_SAMPLE_SHARE)
    size = rng.integers(low, high + 1, n)
    weights, lengths = sample_fish(rng, np.maximum(avg_weight_g, 0.01), stage, high, weight_cv)
    inside = np.arange(high)[None, :] < size[:, None]
    mean_w = (weights * inside).sum(axis=1) / size
    var_w = (((weights - mean_w[:, None]) ** 2) * inside).sum(axis=1) / (size - 1)
    mean_l = (lengths * inside).sum(axis=1) / size
    notes = _notes(rng, "transfer_measurement", n, NOTE_SHARES["transfer_measurement"])
    return {
        "measured_sample_size": np.where(sampled, size, None),
        "measured_std_dev_weight_g": np.where(sampled, np.round(np.sqrt(var_w), 2), np.nan),
        "measured_avg_length_cm": np.where(sampled, np.round(mean_l, 2), np.nan),
        "measured_notes": np.where(sampled, notes, ""),
    }


CANCELLED_TRANSFER_SHARE = 0.04
"""Share of transfer workflows cancelled (choice: a few per cent of planned transfers are called
off — well boat unavailable, a lice treatment first, weather — and replanned by a new workflow
that moves the fish)."""

REPLAN_DAYS = (3, 22)
"""Days by which a cancelled transfer's plan preceded the workflow that replaced it (choice)."""


def _cancelled_transfers(
    traj: Trajectory,
    ctx: BuildContext,
    rows: BatchRows,
    common: dict[str, Any],
    planned_end: np.ndarray,
) -> None:
    """Extra CANCELLED transfer workflows (``CANCELLED_TRANSFER_SHARE``): the first plan of a
    stage transition, made TRANSFER_PLAN_LEAD_DAYS before its planned start and called off
    before it; the workflow that then moved the fish is the real one. No actions, no fish
    moved, totals zero; the plan's stages and estimates are the real workflow's."""
    w = traj.workflows
    rng = _rng(ctx, rows, "cancelled-transfers")
    start = days_of(w.start_date)
    due = start - rng.integers(*REPLAN_DAYS, len(w)).astype("timedelta64[D]")
    made = due - np.timedelta64(TRANSFER_PLAN_LEAD_DAYS, "D")
    now = np.datetime64(ctx.now.replace(tzinfo=None), "us")
    cancel = _cancel_moments(rng, made, due, now)
    reasons = np.array(pick("transfer_cancellation", rng.random(len(w))), dtype=object)
    fits = made > np.datetime64(traj.start_date, "D") + np.timedelta64(MIN_CANCEL_DAYS, "D")
    chosen = np.flatnonzero(
        ctx.systematic_pick("transfer cancelled", CANCELLED_TRANSFER_SHARE, fits)
    )
    if len(chosen) == 0:
        return
    n = len(chosen)
    columns = {
        name: (value[chosen] if isinstance(value, np.ndarray) and len(value) == len(w) else value)
        for name, value in common.items()
    }
    ctx.emit(
        "batch.BatchTransferWorkflow",
        {
            **columns,
            "workflow_number": [
                f"TRF-{rows.batch_number}-{int(w.index[i]) + 1:02d}-C" for i in chosen
            ],
            "status": "CANCELLED",
            "planned_start_date": due[chosen],
            "planned_completion_date": due[chosen] + (planned_end - start)[chosen],
            "actual_start_date": None,
            "actual_completion_date": None,
            "total_source_count": 0,
            "total_transferred_count": 0,
            "total_mortality_count": 0,
            "total_biomass_kg": 0.0,
            "actions_completed": 0,
            "completion_percentage": 0.0,
            "completed_by_id": None,
            "notes": "",
            "cancellation_reason": reasons[chosen],
        },
        when=made[chosen],
        story=Story(
            initial={
                "status": np.full(n, "PLANNED", dtype=object),
                "cancellation_reason": np.full(n, "", dtype=object),
            },
            changes=(Change(np.ones(n, dtype=bool), cancel[chosen]),),
        ),
    )


def _still_to_move(traj: Trajectory) -> tuple[np.ndarray, np.ndarray]:
    """Per workflow: source-stage assignments still holding fish at the last day and their fish
    (non-zero only for a workflow in progress: one more move per such container)."""
    w, a, d = traj.workflows, traj.assignments, traj.daily
    last_pop = np.zeros(len(a), dtype=np.int64)
    if len(d):
        last_row = np.full(len(a), -1, dtype=np.int64)
        np.maximum.at(last_row, d.assignment, np.arange(len(d)))
        has = last_row >= 0
        last_pop[has] = d.population[last_row[has]]
    waiting = np.zeros(len(w), dtype=np.int64)
    fish = np.zeros(len(w), dtype=np.int64)
    if len(w) == 0:
        return waiting, fish
    done = workflows_done(traj)
    open_ = np.isnat(a.end_date)
    for i in np.flatnonzero(~done):
        mine = open_ & (a.stage == w.source_stage[i])
        waiting[i] = int(mine.sum())
        fish[i] = int(last_pop[mine].sum())
    return waiting, fish


def _mortality(traj: Trajectory, ctx: BuildContext, rows: BatchRows) -> None:
    m = traj.mortality
    descriptions = {
        "HANDLING": "Handling losses during transfer",
        "DISEASE": "Disease outbreak losses",
        "ENVIRONMENTAL": "Environmental event (oxygen/temperature)",
        "PREDATION": "Predator attack",
        "UNKNOWN": "Daily background mortality",
        "OTHER": "Other losses",
    }
    rows.mortality_event_ids = ctx.emit(
        "batch.MortalityEvent",
        {
            "batch_id": rows.batch_id,
            "assignment_id": rows.assignment_ids[m.assignment],
            "event_date": days_of(m.date),
            "count": m.count,
            "biomass_kg": np.round(m.biomass_kg, 2),
            "cause": m.cause,
            "description": [descriptions.get(str(c), "") for c in m.cause],
        },
    )


def _growth_samples(traj: Trajectory, ctx: BuildContext, rows: BatchRows) -> None:
    g, fish = traj.growth_samples, traj.growth_fish
    if len(g) == 0:
        return
    sample_ids = ctx.emit(
        "batch.GrowthSample",
        {
            "assignment_id": rows.assignment_ids[g.assignment],
            "sample_date": days_of(g.date),
            "sample_size": g.sample_size,
            "avg_weight_g": np.round(g.avg_weight_g, 2),
            "avg_length_cm": np.round(g.avg_length_cm, 2),
            "std_deviation_weight": np.round(g.std_weight_g, 2),
            "std_deviation_length": np.round(g.std_length_cm, 2),
            "min_weight_g": np.round(g.min_weight_g, 2),
            "max_weight_g": np.round(g.max_weight_g, 2),
            "condition_factor": np.round(g.condition_factor, 2),
            "notes": _nullable(
                _notes(
                    _rng(ctx, rows, "growth-notes"),
                    "growth_sample",
                    len(g),
                    NOTE_SHARES["growth_sample"],
                )
            ),
        },
    )
    rows.extra["growth_sample_ids"] = sample_ids
    ctx.emit(
        "batch.IndividualGrowthObservation",
        {
            "growth_sample_id": sample_ids[fish.sample],
            "fish_identifier": np.char.mod("F%03d", fish.fish_number),
            "weight_g": np.round(fish.weight_g, 2),
            "length_cm": np.round(fish.length_cm, 2),
        },
    )


def _daily_states(traj: Trajectory, ctx: BuildContext, rows: BatchRows) -> None:
    d, g = traj.daily, traj.growth_samples
    if len(d) == 0:
        return
    sampled = np.zeros(len(d), dtype=bool)
    if len(g):
        keys = d.assignment.astype(np.int64) * 1_000_000 + (
            days_of(d.date) - np.datetime64(traj.start_date, "D")
        ).astype(np.int64)
        sample_keys = g.assignment.astype(np.int64) * 1_000_000 + (
            days_of(g.date) - np.datetime64(traj.start_date, "D")
        ).astype(np.int64)
        sampled = np.isin(keys, sample_keys)
    weight = np.round(d.avg_weight_g, 2)
    biomass = np.round(d.population * weight / 1000.0, 2)
    feed = np.round(d.feed_kg, 2)
    rows.extra["daily_state_ids"] = ctx.emit(
        "batch.ActualDailyAssignmentState",
        {
            "assignment_id": rows.assignment_ids[d.assignment],
            "batch_id": rows.batch_id,
            "container_id": rows.container_ids[d.assignment],
            "lifecycle_stage_id": ctx.stage_ids(d.stage),
            "date": days_of(d.date),
            "day_number": d.day_number,
            "avg_weight_g": weight,
            "population": d.population,
            "biomass_kg": biomass,
            "temp_c": np.round(d.temperature_c, 2),
            "mortality_count": d.deaths,
            "feed_kg": feed,
            "observed_fcr": observed_fcr(d.assignment, days_of(d.date), feed, biomass, sampled),
            "anchor_type": np.where(sampled, "growth_sample", None),
            "sources": {"model": "pytest-aquadata simulation"},
            "confidence_scores": {"weight": 0.9, "population": 0.95},
        },
    )


OBSERVED_FCR_MAX = 10.0
"""An observed FCR above 10 over a weighing window is noise of a tiny gain, left unset (choice)."""


def observed_fcr(
    assignment: np.ndarray,
    date: np.ndarray,
    feed_kg: np.ndarray,
    biomass_kg: np.ndarray,
    weighed: np.ndarray,
) -> np.ndarray:
    """FCR observed on each weighing day (``weighed``) of an assignment: the feed of the days
    since its previous weighing (else since its first day) over the biomass gained since then,
    from the daily states' own feed and biomass (economic FCR, like the feeding summaries).
    NaN (NULL) on other days, without feed or gain, and above ``OBSERVED_FCR_MAX``."""
    n = len(assignment)
    out = np.full(n, np.nan)
    order = np.lexsort((date, assignment))
    a, feed, biomass = assignment[order], feed_kg[order], biomass_kg[order]
    cumulative = np.cumsum(feed)
    start = np.r_[True, a[1:] != a[:-1]]
    first = np.maximum.accumulate(np.where(start, np.arange(n), 0))
    days = np.flatnonzero(np.asarray(weighed)[order] & ~start)
    if not len(days):
        return out
    previous = np.r_[-1, days[:-1]]
    previous = np.where(previous >= first[days], previous, first[days])
    eaten = cumulative[days] - cumulative[previous]
    gain = biomass[days] - biomass[previous]
    with np.errstate(divide="ignore", invalid="ignore"):
        fcr = np.where((eaten > 0) & (gain > 0), eaten / gain, np.nan)
    fcr = np.where(fcr <= OBSERVED_FCR_MAX, np.round(fcr, 3), np.nan)
    out[order[days]] = fcr
    return out
