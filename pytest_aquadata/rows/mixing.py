"""Batch mixing on the farm's last day: the fish of two batches' sea pens become one MIXED batch.

A well boat moves the fish of one pen into another pen of a batch of the same geography; the
two pens' fish form a new MIXED batch there (BatchMixEvent, one component per source pen, the
batch composition). The source pens close (departure on the last day, no fish left), so the
ledger holds: the mixed batch received exactly the fish of its components; the pens' pending
activities (harvest, sampling) follow the fish to the mixed batch. Its forecast is the
sum of the two pens' forecasts (the same fish, the same water) and it gets a scenario with a
forecast run to harvest like every batch at sea.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Q

from pytest_aquadata.rows.batch import (
    TRANSFER_PLAN_LEAD_DAYS,
    system_user_id,
    transfer_sample,
    workflow_story,
)
from pytest_aquadata.rows.context import BatchRows, BuildContext
from pytest_aquadata.rows.scenario import (
    ATTENTION_DAYS,
    BIAS_CLAMP_C,
    BIAS_WINDOW_DAYS,
    FORWARD_DAYS,
    forecast_run,
)
from pytest_aquadata.seeding import derive_seed
from pytest_aquadata.sim import Trajectory, params

MIX_MINUTE = 10 * 60
"""Mixing happens at 10:00 on the farm's last day (well-boat work in daylight)."""


@dataclass(frozen=True)
class OpenPen:
    """A sea pen of an ACTIVE batch still holding fish at the last day, with its forecast."""

    batch_id: int
    batch_number: str
    geography: str
    assignment_id: int
    container_id: int
    scenario_id: int
    temperature_profile_id: int
    forecast: dict[str, Any]


def open_pens(traj: Trajectory, rows: BatchRows) -> list[OpenPen]:
    """The open sea pens of a written ACTIVE batch that keeps fish elsewhere if one is mixed."""
    if traj.status != "ACTIVE":
        return []
    forecasts = rows.extra.get("forecasts", {})
    sea = [i for i, f in sorted(forecasts.items()) if f["sea"] and f["population0"] > 0]
    if len(sea) < 2:
        return []
    return [
        OpenPen(
            batch_id=rows.batch_id,
            batch_number=rows.batch_number,
            geography=traj.spec.geography,
            assignment_id=int(rows.assignment_ids[i]),
            container_id=int(rows.container_ids[i]),
            scenario_id=int(rows.extra["scenario_id"]),
            temperature_profile_id=int(rows.extra["temperature_profile_id"]),
            forecast=forecasts[i],
        )
        for i in sea
    ]


def pick_pair(pens: list[OpenPen]) -> tuple[OpenPen, OpenPen] | None:
    """The first two pens (in build order) of different batches in one geography, the smaller
    pen of the second batch moving into the first; None when no such pair exists."""
    for k, first in enumerate(pens):
        others = [
            p
            for p in pens[k + 1 :]
            if p.geography == first.geography and p.batch_id != first.batch_id
        ]
        if others:
            mover = min(
                (p for p in others if p.batch_id == others[0].batch_id),
                key=lambda p: p.forecast["population0"],
            )
            return first, mover
    return None


def build_mix(ctx: BuildContext, pair: tuple[OpenPen, OpenPen], last_day: dt.date) -> int:
    """Write the mixed batch of ``pair`` on ``last_day``; return its id."""
    target, mover = pair
    pens = (target, mover)
    count = [int(p.forecast["population0"]) for p in pens]
    weight = [round(float(p.forecast["weight0"]), 2) for p in pens]
    biomass = [round(n * w / 1000.0, 2) for n, w in zip(count, weight, strict=True)]
    total = sum(count)
    mean_weight = round(sum(biomass) * 1000.0 / total, 2)
    forecast = _summed_forecast(target.forecast, mover.forecast)
    harvest = forecast["harvest_day"]
    day = np.datetime64(last_day, "D")
    stage_id = ctx.stage_id(params.SEA_STAGE)
    pen_name = (  # by name, not id: ids differ between databases, the notes must not
        ctx.model("infrastructure.Container")
        ._default_manager.using(ctx.using)
        .values_list("name", flat=True)
        .get(pk=target.container_id)
    )
    mixed_id = int(
        ctx.emit(
            "batch.Batch",
            {
                "batch_number": [f"MIX-{target.batch_number}"],
                "species_id": ctx.lookup("batch.Species", name="Atlantic Salmon"),
                "lifecycle_stage_id": stage_id,
                "status": "ACTIVE",
                "batch_type": "MIXED",
                "start_date": last_day,
                "expected_end_date": day + harvest + 1 if harvest is not None else None,
                "actual_end_date": None,
                "notes": (
                    f"Mixed in pen {pen_name}: {count[0]:,} fish of "
                    f"{target.batch_number} and {count[1]:,} of {mover.batch_number}."
                ),
            },
        )[0]
    )
    closed = [p.assignment_id for p in pens]
    on_day = np.full(len(closed), np.datetime64(last_day, "D"))
    ctx.change(  # the pens close on the mixing day: a '~' history row each
        "batch.BatchContainerAssignment",
        closed,
        {
            "population_count": [0] * len(closed),
            "biomass_kg": [Decimal(0)] * len(closed),
            "is_active": [False] * len(closed),
            "departure_date": [last_day] * len(closed),
        },
        when=on_day,
    )
    planned = ctx.model("planning.PlannedActivity")._default_manager.using(ctx.using)
    moved = list(
        planned.filter(
            Q(batch_id=target.batch_id, container_id=target.container_id)
            | Q(batch_id=mover.batch_id, container_id=mover.container_id),
            due_date__gt=last_day,
            status="PENDING",
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ctx.change(  # the fish are in the mix
        "planning.PlannedActivity",
        moved,
        {"batch_id": [mixed_id] * len(moved), "container_id": [target.container_id] * len(moved)},
        when=np.full(len(moved), np.datetime64(last_day, "D")),
    )
    for label in ("batch.LiveForwardProjection", "batch.ContainerForecastSummary"):
        ctx.model(label)._default_manager.using(ctx.using).filter(
            assignment_id__in=[p.assignment_id for p in pens]
        ).delete()
    assignment = int(
        ctx.emit(
            "batch.BatchContainerAssignment",
            {
                "batch_id": [mixed_id],
                "container_id": target.container_id,
                "lifecycle_stage_id": stage_id,
                "population_count": total,
                "avg_weight_g": mean_weight,
                "biomass_kg": round(total * mean_weight / 1000.0, 2),
                "assignment_date": last_day,
                "departure_date": None,
                "is_active": True,
                "notes": "Adult: mixed",
            },
        )[0]
    )
    mixed_at = day.astype("datetime64[m]") + np.timedelta64(MIX_MINUTE, "m")
    action = _mix_action(ctx, pair, assignment, last_day, mixed_at.astype("datetime64[us]"))
    event = ctx.emit(
        "batch.BatchMixEvent",
        {
            "container_id": [target.container_id],
            "mixed_batch_id": mixed_id,
            "workflow_action_id": action,
            "mixed_at": mixed_at.astype("datetime64[us]"),
            "notes": f"Pen of {mover.batch_number} moved by well boat into {target.batch_number}.",
        },
    )[0]
    share = [round(100.0 * b / sum(biomass), 2) for b in biomass]
    ctx.emit(
        "batch.BatchMixEventComponent",
        {
            "mix_event_id": int(event),
            "source_assignment_id": [p.assignment_id for p in pens],
            "source_batch_id": [p.batch_id for p in pens],
            "population_count": count,
            "biomass_kg": biomass,
            "percentage": share,
            "is_transferred_in": [False, True],
        },
    )
    ctx.emit(
        "batch.BatchComposition",
        {
            "mixed_batch_id": mixed_id,
            "source_batch_id": [p.batch_id for p in pens],
            "percentage": share,
            "population_count": count,
            "biomass_kg": biomass,
        },
    )
    _forecast_rows(ctx, target, mixed_id, assignment, forecast, last_day)
    return mixed_id


MIX_ACTION_MINUTES = 90
"""Minutes the well boat takes to pump one pen into another (choice)."""


def _mix_action(
    ctx: BuildContext,
    pair: tuple[OpenPen, OpenPen],
    assignment: int,
    last_day: dt.date,
    mixed_at: np.datetime64,
) -> int:
    """The mix as a transfer: a CONTAINER_REDISTRIBUTION workflow of the moving pen's batch
    (planned TRANSFER_PLAN_LEAD_DAYS before, COMPLETED on the mixing day) whose one action
    pumps that pen's fish into the mixed assignment (``allow_mixed``), with a weighed sample;
    returns the action's id (the mix event's ``workflow_action``). Its fish are counted once,
    by the mix event's components (``db_invariants.assignment_ledger``)."""
    target, mover = pair
    count = int(mover.forecast["population0"])
    weight = round(float(mover.forecast["weight0"]), 2)
    biomass = round(count * weight / 1000.0, 2)
    stage_id = ctx.stage_id(params.SEA_STAGE)
    user = system_user_id(ctx)
    day = np.datetime64(last_day, "D")
    workflow = ctx.emit(
        "batch.BatchTransferWorkflow",
        {
            "workflow_number": [f"TRF-{mover.batch_number}-MIX"],
            "batch_id": mover.batch_id,
            "workflow_type": "CONTAINER_REDISTRIBUTION",
            "source_lifecycle_stage_id": stage_id,
            "dest_lifecycle_stage_id": stage_id,
            "status": "COMPLETED",
            "planned_start_date": day,
            "planned_completion_date": day,
            "actual_start_date": day,
            "actual_completion_date": day,
            "total_source_count": count,
            "total_transferred_count": count,
            "total_mortality_count": 0,
            "total_biomass_kg": biomass,
            "total_actions_planned": 1,
            "actions_completed": 1,
            "completion_percentage": 100.0,
            "is_dynamic_execution": False,
            "estimated_total_count": count,
            "estimated_total_biomass_kg": biomass,
            "is_intercompany": False,
            "source_subsidiary": "",
            "dest_subsidiary": "",
            "initiated_by_id": user,
            "completed_by_id": user,
            "notes": f"Pen pumped into the pen of {target.batch_number}; the fish are mixed.",
        },
        when=np.array([day - np.timedelta64(TRANSFER_PLAN_LEAD_DAYS, "D")]),
        story=workflow_story(
            1,
            np.array([day]),
            np.array([True]),
            np.array([mixed_at + np.timedelta64(MIX_ACTION_MINUTES, "m")]),
            ("completed_by_id",),
            ("actions_completed", "completion_percentage", "total_transferred_count"),
        ),
    )[0]
    rng = np.random.default_rng(derive_seed(ctx.seed, "mix-sample", mover.batch_number))
    return int(
        ctx.emit(
            "batch.TransferAction",
            {
                "workflow_id": [int(workflow)],
                "action_number": 1,
                "source_assignment_id": mover.assignment_id,
                "dest_assignment_id": assignment,
                "dest_container_id": target.container_id,
                "source_population_before": count,
                "transferred_count": count,
                "mortality_during_transfer": 0,
                "transferred_biomass_kg": biomass,
                "allow_mixed": True,
                "status": "COMPLETED",
                "created_via": "PLANNED",
                "planned_date": day,
                "actual_execution_date": day,
                "executed_at": np.array([mixed_at]),
                "transfer_method": "PUMP",
                "measured_avg_weight_g": weight,
                **transfer_sample(
                    rng,
                    np.array([weight]),
                    np.array([params.SEA_STAGE]),
                    np.array([True]),
                    params.Biology().weight_cv,
                ),
                "selection_method": "AVERAGE",
                "executed_by_id": user,
                "execution_duration_minutes": MIX_ACTION_MINUTES,
            },
        )[0]
    )


def _summed_forecast(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """The forecast of both pens' fish together: counts add, weights average by count."""
    population = a["population"] + b["population"]
    biomass = a["population"] * a["weight"] + b["population"] * b["weight"]
    weight = np.round(biomass / np.maximum(population, 1), 2)
    n0 = a["population0"] + b["population0"]
    weight0 = (a["population0"] * a["weight0"] + b["population0"] * b["weight0"]) / n0
    crossing = np.flatnonzero(weight >= a["harvest_g"])
    return {
        **a,
        "population": population,
        "weight": weight,
        "population0": n0,
        "weight0": weight0,
        "harvest_day": int(crossing[0]) if len(crossing) else None,
    }


def _forecast_rows(
    ctx: BuildContext,
    pen: OpenPen,
    mixed_id: int,
    assignment: int,
    forecast: dict[str, Any],
    last_day: dt.date,
) -> None:
    """Live forward projection, forecast summary, scenario and forecast run of the mixed pen."""
    day = np.datetime64(last_day, "D")
    future = day + np.arange(1, FORWARD_DAYS + 1)
    n = FORWARD_DAYS
    weight, population = forecast["weight"], forecast["population"]
    profile_name = f"{pen.batch_number} daily mean temperature"
    ctx.emit(
        "batch.LiveForwardProjection",
        {
            "assignment_id": np.full(n, assignment),
            "container_id": pen.container_id,
            "batch_id": mixed_id,
            "computed_date": day,
            "projection_date": future,
            "day_number": np.arange(1, n + 1),
            "projected_weight_g": weight[:n],
            "projected_population": population[:n],
            "projected_biomass_kg": np.round(population[:n] * weight[:n] / 1000.0, 2),
            "temperature_used_c": forecast["temperature"][:n],
            "tgc_value_used": round(float(forecast["tgc"]), 4),
            "temp_bias_c": round(float(forecast["bias"]), 2),
            "temp_profile_id": pen.temperature_profile_id,
            "temp_profile_name": profile_name,
            "temp_bias_window_days": BIAS_WINDOW_DAYS,
            "temp_bias_clamp_min_c": -BIAS_CLAMP_C,
            "temp_bias_clamp_max_c": BIAS_CLAMP_C,
        },
    )
    harvest = forecast["harvest_day"]
    weight0 = round(float(forecast["weight0"]), 2)
    ctx.emit(
        "batch.ContainerForecastSummary",
        {
            "assignment_id": [assignment],
            "current_weight_g": weight0,
            "current_population": int(forecast["population0"]),
            "current_biomass_kg": round(int(forecast["population0"]) * weight0 / 1000.0, 2),
            "state_date": day,
            "state_day_number": 1,
            "state_confidence": 0.9,
            "projected_harvest_date": day + harvest + 1 if harvest is not None else None,
            "projected_harvest_weight_g": float(weight[harvest]) if harvest is not None else None,
            "days_to_harvest": harvest + 1 if harvest is not None else None,
            "harvest_threshold_g": forecast["harvest_g"],
            # the mix's pen is a new assignment: this is its first forecast
            "original_harvest_date": day + harvest + 1 if harvest is not None else None,
            "harvest_variance_days": 0 if harvest is not None else None,
            "projected_transfer_date": None,
            "projected_transfer_weight_g": None,
            "days_to_transfer": None,
            "transfer_threshold_g": None,
            "needs_planning_attention": harvest is not None and harvest + 1 <= ATTENTION_DAYS,
            "temp_profile_name": profile_name,
            "temp_bias_c": round(float(forecast["bias"]), 2),
            "temp_bias_window_days": BIAS_WINDOW_DAYS,
            "computed_date": day,
        },
    )
    scenarios = ctx.model("scenario.Scenario")._default_manager.using(ctx.using)
    source = scenarios.get(pk=pen.scenario_id)
    scenario = ctx.emit(
        "scenario.Scenario",
        {
            "name": [f"MIX-{pen.batch_number} forecast"],
            "start_date": last_day,
            "duration_days": max(1, (harvest or 0) + 1),
            "initial_count": int(forecast["population0"]),
            "genotype": source.genotype,
            "supplier": source.supplier,
            "initial_weight": weight0,
            "tgc_model_id": source.tgc_model_id,
            "fcr_model_id": source.fcr_model_id,
            "mortality_model_id": source.mortality_model_id,
            "batch_id": mixed_id,
            "biological_constraints_id": source.biological_constraints_id,
            "created_by_id": system_user_id(ctx),
        },
    )[0]
    forecast_run(
        ctx,
        int(scenario),
        system_user_id(ctx),
        day,
        0,
        [forecast],
        fcr=float(params.Biology().fcr_sea),
        stage_id=ctx.stage_id(params.SEA_STAGE),
    )
