"""Batch-app rows from a trajectory: the batch, its creation and transfer workflows, the
container assignments, mortality events, growth samples and the daily assignment states.

Conventions of the reference (SCHEMA.md §5): an assignment that ended (fish moved on, were
harvested or died out) is inactive with a departure date and a population of 0; the batch's
``lifecycle_stage`` is the stage it reached; transfers conserve fish exactly, handling losses are
MortalityEvents with cause HANDLING.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.conf import settings

from pytest_aquadata.db_routing import save_on
from pytest_aquadata.reference.broodstock import (
    BREEDING_TEXTS,
    BROODSTOCK_WEIGHT_KG,
    SPAWNING_DAYS,
    SPAWNING_START,
)
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
from pytest_aquadata.sim import Trajectory, params
from pytest_aquadata.sim.trajectory import Assignments


def system_user_id(ctx: BuildContext) -> int:
    """Id of the operator user the builders record as acting."""
    return ctx.lookup("auth.User", username=SYSTEM_USERNAME)


def _at(days: np.ndarray, minute: int) -> np.ndarray:
    return days_of(days).astype("datetime64[m]") + np.timedelta64(minute, "m")


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
            **workflow,
        },
        when=np.array([first]),  # planned on the first delivery's day, before the delivery
        story=_workflow_story(
            1,
            np.array([first]),
            np.array([True]),
            np.array([last]),
            None,
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
        },
    )


STRIPPING_HOUR = 6
"""The pair is stripped and the eggs fertilised at dawn of the first delivery day, before the
hatchery's working day in which the batch is entered (choice)."""


def _moment(day: dt.date, hour: int) -> dt.datetime:
    """``day`` at ``hour``:00 UTC, aware when the project uses time zones."""
    moment = dt.datetime.combine(day, dt.time(hour))
    return moment.replace(tzinfo=dt.timezone.utc) if settings.USE_TZ else moment


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


def _workflow_story(
    n: int,
    start: np.ndarray,
    done: np.ndarray,
    end: np.ndarray,
    closer: str | None,
    tallies: tuple[str, ...],
) -> Story:
    """A workflow's story: created PLANNED (no actual dates, its ``tallies`` zero), IN_PROGRESS
    at its first action (``start``), COMPLETED at its last (``end``) where ``done``."""
    nat = np.full(n, np.datetime64("NaT"), "datetime64[D]")
    unfinished = {"actual_completion_date": nat}
    if closer is not None:
        unfinished[closer] = np.full(n, None, dtype=object)
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
    rows.workflow_ids = ctx.emit(
        "batch.BatchTransferWorkflow",
        {
            "workflow_number": [f"TRF-{rows.batch_number}-{int(i) + 1:02d}" for i in w.index],
            "batch_id": rows.batch_id,
            "workflow_type": "LIFECYCLE_TRANSITION",
            "source_lifecycle_stage_id": ctx.stage_ids(w.source_stage),
            "dest_lifecycle_stage_id": ctx.stage_ids(w.dest_stage),
            "status": np.where(done, "COMPLETED", "IN_PROGRESS"),
            "planned_start_date": days_of(w.start_date),
            "planned_completion_date": planned_end,
            "actual_start_date": days_of(w.start_date),
            "actual_completion_date": np.where(done, end, np.datetime64("NaT")),
            "total_source_count": w.total_source_count,
            "total_transferred_count": w.total_transferred,
            "total_mortality_count": w.total_mortality,
            "total_biomass_kg": np.round(w.total_biomass_kg, 2),
            "total_actions_planned": planned_actions,
            "actions_completed": w.actions,
            "completion_percentage": np.round(100.0 * w.actions / planned_actions, 2),
            "is_dynamic_execution": to_sea,
            "dynamic_route_mode": np.where(to_sea, "DIRECT_STATION_TO_VESSEL", None),
            "estimated_total_count": w.total_source_count + waiting_fish,
            "estimated_total_biomass_kg": np.round(w.total_biomass_kg, 2),
            "is_intercompany": w.is_intercompany,
            "source_subsidiary": np.where(w.is_intercompany, "FW", ""),
            "dest_subsidiary": np.where(w.is_intercompany, "FM", ""),
            "initiated_by_id": user_id,
            "completed_by_id": np.where(done, user_id, None),
        },
        when=days_of(w.start_date) - np.timedelta64(TRANSFER_PLAN_LEAD_DAYS, "D"),
        story=_workflow_story(
            len(w),
            days_of(w.start_date),
            done,
            end,
            "completed_by_id",
            ("actions_completed", "completion_percentage", "total_transferred_count"),
        ),
    )
    if len(t) == 0:
        return
    sea_leg = to_sea[t.workflow]
    minutes = 8 * 60 + 40 * ((t.action_number - 1) % 12)
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
            "executed_at": _at(t.date, 0) + minutes.astype("timedelta64[m]"),
            "transfer_method": t.method,
            "water_temp_c": np.round(t.water_temp_c, 2),
            "oxygen_level": np.round(t.oxygen_mg_l, 2),
            "measured_avg_weight_g": np.round(t.avg_weight_g, 2),
            "selection_method": "AVERAGE",
            "executed_by_id": user_id,
            "execution_duration_minutes": 35,
        },
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
