"""Planning builder: the batch's planned activities in its baseline scenario.

What happened becomes COMPLETED activities (every transfer workflow as a TRANSFER linked to its
workflow, IN_PROGRESS while the workflow is; vaccinations, lice treatments, health samplings, pen
harvests); a batch still in the water also gets PENDING ones (the next transfer or harvest of each
container at its forecast date, the next monthly health sampling, a vaccination not yet given). The activity-template
catalogue is get-or-created; forecast summaries learn which containers now have a plan.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pytest_aquadata.reference.planning import ACTIVITY_NOTES, ACTIVITY_TEMPLATES
from pytest_aquadata.rows.common import days_of, minutes_of, staff_user_id, workflows_done
from pytest_aquadata.rows.context import BatchRows, BuildContext, Site, utc
from pytest_aquadata.sim import Trajectory, params

PLANNED_AHEAD_DAYS = 14
"""Completed activities were put in the plan two weeks before they were due (choice)."""

FALLBACK_DUE_DAYS = 30
"""A pending transfer or harvest without a forecast crossing is due in 30 days (choice)."""

CREATED_MINUTE = 8 * 60
COMPLETED_MINUTE = 15 * 60


def build_planning(traj: Trajectory, ctx: BuildContext, site: Site, rows: BatchRows) -> None:
    """Write the batch's PlannedActivity rows (completed and pending) and link them back."""
    scenario = rows.extra.get("scenario_id")
    if scenario is None:
        raise ValueError("build_planning needs rows.extra['scenario_id']: run build_scenario first")
    user = staff_user_id(ctx, traj, rows)
    for spec in ACTIVITY_TEMPLATES:
        ctx.lookup("planning.ActivityTemplate", name=spec.name)
    past = _completed(traj, rows)
    pending = _pending(traj, rows) if traj.status == "ACTIVE" else _empty()
    n_past = len(past["activity_type"])
    columns = {key: past[key] + pending[key] for key in past}
    if not columns["activity_type"]:
        return
    due = np.array(columns["due_date"], dtype="datetime64[D]")
    start = np.datetime64(traj.start_date, "D")
    planned = np.maximum(due - np.timedelta64(PLANNED_AHEAD_DAYS, "D"), start)
    created = minutes_of(planned, CREATED_MINUTE)
    created[n_past:] = minutes_of(np.datetime64(traj.end_date, "D"), CREATED_MINUTE)
    completed = np.array(columns["completed_at"], dtype="datetime64[us]")
    ids = ctx.emit(
        "planning.PlannedActivity",
        {
            "scenario_id": int(scenario),
            "batch_id": rows.batch_id,
            "activity_type": columns["activity_type"],
            "due_date": due,
            "status": columns["status"],
            "container_id": np.array(columns["container_id"], dtype=np.int64),
            "notes": columns["notes"],
            "created_by_id": user,
            "created_at": created,
            "updated_at": np.where(np.isnat(completed), created, completed),
            "completed_at": completed,
            "completed_by_id": np.where(np.isnat(completed), np.nan, float(user)),
            "transfer_workflow_id": np.array(columns["transfer_workflow_id"], dtype=float),
        },
    )
    rows.extra["planned_activity_ids"] = ids
    _link_workflows(ctx, ids, columns["transfer_workflow_id"])
    _link_daily_states(traj, ctx, rows, ids, columns["assignment"], due)
    _flag_forecasts(ctx, rows, pending)


def _empty() -> dict[str, list[Any]]:
    """Empty activity columns."""
    return {
        key: []
        for key in (
            "activity_type",
            "due_date",
            "container_id",
            "notes",
            "completed_at",
            "transfer_workflow_id",
            "assignment",
            "status",
        )
    }


def _add(
    columns: dict[str, list[Any]],
    kind: str,
    due: Any,
    container: int,
    notes: str,
    completed: Any = None,
    workflow: float = np.nan,
    assignment: int = -1,
    status: str | None = None,
) -> None:
    """Append one activity; COMPLETED when it has a completion time, else PENDING."""
    columns["activity_type"].append(kind)
    columns["due_date"].append(np.datetime64(due, "D"))
    columns["container_id"].append(int(container))
    columns["notes"].append(notes)
    columns["completed_at"].append(np.datetime64("NaT") if completed is None else completed)
    columns["transfer_workflow_id"].append(workflow)
    columns["assignment"].append(assignment)
    columns["status"].append(status or ("PENDING" if completed is None else "COMPLETED"))


def _completed(traj: Trajectory, rows: BatchRows) -> dict[str, list[Any]]:
    """COMPLETED activities for everything the batch went through."""
    out = _empty()
    w, t = traj.workflows, traj.transfers
    done = workflows_done(traj)
    for i in range(len(w)):
        moves = np.flatnonzero(t.workflow == i)
        dest = int(t.dest_assignment[moves[0]]) if len(moves) else -1
        container = rows.container_ids[dest] if dest >= 0 else rows.container_ids[0]
        source, target = params.STAGES[int(w.source_stage[i])], params.STAGES[int(w.dest_stage[i])]
        workflow = float(rows.workflow_ids[i]) if i < len(rows.workflow_ids) else np.nan
        _add(
            out,
            "TRANSFER",
            w.start_date[i],
            container,
            f"Transfer {source.name} → {target.name}: {int(w.total_transferred[i]):,} fish "
            f"in {int(w.actions[i])} move(s).",
            minutes_of(w.end_date[i : i + 1], COMPLETED_MINUTE)[0] if done[i] else None,
            workflow,
            dest,
            status=None if done[i] else "IN_PROGRESS",
        )
    treatment_days = days_of(traj.treatments.at)
    for i in range(len(traj.treatments)):
        row = traj.treatments
        kind = "VACCINATION" if row.treatment_type[i] == "vaccination" else "TREATMENT"
        what = "Vaccination before sea transfer" if kind == "VACCINATION" else row.description[i]
        _add(
            out,
            kind,
            treatment_days[i],
            rows.container_ids[row.assignment[i]],
            f"{what}: {int(row.fish_count[i]):,} fish.",
            utc(row.at[i : i + 1])[0] + np.timedelta64(4, "h"),
            assignment=int(row.assignment[i]),
        )
    hs = traj.health_samplings
    for i in range(len(hs)):
        _add(
            out,
            "SAMPLING",
            hs.date[i],
            rows.container_ids[hs.assignment[i]],
            f"Monthly health sampling of {int(hs.sample_size[i])} fish.",
            minutes_of(hs.date[i : i + 1], COMPLETED_MINUTE)[0],
            assignment=int(hs.assignment[i]),
        )
    h = traj.harvests
    harvest_days = days_of(h.at)
    for i in range(len(h)):
        _add(
            out,
            "HARVEST",
            harvest_days[i],
            rows.container_ids[h.assignment[i]],
            f"Harvest of the pen: {int(h.count[i]):,} fish, {float(h.live_kg[i]):,.0f} kg live.",
            minutes_of(harvest_days[i : i + 1], COMPLETED_MINUTE)[0],
            assignment=int(h.assignment[i]),
        )
    return out


def _pending(traj: Trajectory, rows: BatchRows) -> dict[str, list[Any]]:
    """PENDING activities of a batch still in the water, due after its last simulated day."""
    out = _empty()
    a = traj.assignments
    today = np.datetime64(traj.end_date, "D")
    tomorrow = today + np.timedelta64(1, "D")
    fallback = today + np.timedelta64(FALLBACK_DUE_DAYS, "D")
    forecasts = rows.extra.get("forecasts", {})
    active = np.flatnonzero(np.isnat(a.end_date))
    for i in active:
        code = int(a.stage[i])
        forecast = forecasts.get(int(i), {})
        container = rows.container_ids[i]
        if code == params.SEA_STAGE:
            due = forecast.get("harvest_date") or fallback
            _add(out, "HARVEST", due, container, ACTIVITY_NOTES["HARVEST"], assignment=int(i))
        elif code > 0:
            due = forecast.get("transfer_date") or fallback
            target = params.STAGES[code + 1].name
            _add(
                out,
                "TRANSFER",
                due,
                container,
                f"Transfer to {target} at the target weight.",
                assignment=int(i),
            )
    fed = active[a.stage[active] > 0] if len(active) else active
    if len(fed):
        hs = traj.health_samplings
        last = hs.date.max() if len(hs) else np.datetime64(traj.start_date, "D")
        due = max(last + np.timedelta64(params.HEALTH_SAMPLE_INTERVAL_DAYS, "D"), tomorrow)
        biggest = fed[np.argmax(a.start_population[fed])]
        _add(
            out,
            "SAMPLING",
            due,
            rows.container_ids[biggest],
            ACTIVITY_NOTES["SAMPLING"],
            assignment=int(biggest),
        )
    vaccinated = (traj.treatments.treatment_type == "vaccination").any()
    smolts = (
        active[a.stage[active] == params.STAGE_BY_NAME["Smolt"].code] if len(active) else active
    )
    if not vaccinated and len(smolts):
        first = a.start_date[smolts].min()
        due = max(first + np.timedelta64(params.VACCINATION_DAY_IN_SMOLT, "D"), tomorrow)
        for i in smolts:
            _add(
                out,
                "VACCINATION",
                due,
                rows.container_ids[i],
                ACTIVITY_NOTES["VACCINATION"],
                assignment=int(i),
            )
    return out


def _link_workflows(ctx: BuildContext, ids: np.ndarray, workflows: list[float]) -> None:
    """Point each transfer workflow at its TRANSFER activity (one UPDATE)."""
    pairs = [(int(w), int(pk)) for w, pk in zip(workflows, ids, strict=True) if not np.isnan(w)]
    if not pairs:
        return
    ctx.change(
        "batch.BatchTransferWorkflow",
        [w for w, _ in pairs],
        {"planned_activity_id": [pk for _, pk in pairs]},
    )


def _link_daily_states(
    traj: Trajectory,
    ctx: BuildContext,
    rows: BatchRows,
    ids: np.ndarray,
    assignment: list[int],
    due: np.ndarray,
) -> None:
    """Point the daily state of an activity's unit on its due day at the activity (the day's
    planned work: a transfer in, a treatment, a sampling); the first activity when a day has
    several. A pen has no state on its harvest day, and pending activities lie after the last
    simulated day: those stay unlinked."""
    states = rows.extra.get("daily_state_ids")
    d = traj.daily
    if states is None or len(d) == 0 or len(ids) == 0:
        return
    key = d.assignment.astype(np.int64) * 1_000_000 + days_of(d.date).astype(np.int64)
    order = np.argsort(key, kind="stable")
    unit = np.asarray(assignment, dtype=np.int64)
    wanted = unit * 1_000_000 + due.astype(np.int64)
    at = np.minimum(np.searchsorted(key[order], wanted), len(key) - 1)
    hit = (unit >= 0) & (key[order][at] == wanted)
    state = np.asarray(states, dtype=np.int64)[order[at[hit]]]
    state, first = np.unique(state, return_index=True)
    activity = np.asarray(ids, dtype=np.int64)[hit][first]
    ctx.change(
        "batch.ActualDailyAssignmentState",
        state,
        {"planned_activity_id": activity.tolist()},
        when=due[hit][first],
    )


def _flag_forecasts(ctx: BuildContext, rows: BatchRows, pending: dict[str, list[Any]]) -> None:
    """Mark the forecast summaries of containers that now have a planned transfer or harvest."""
    summaries = ctx.model("batch.ContainerForecastSummary")._default_manager.using(ctx.using)
    for kind, flag in (("TRANSFER", "has_planned_transfer"), ("HARVEST", "has_planned_harvest")):
        planned = [
            int(rows.assignment_ids[a])
            for a, k in zip(pending["assignment"], pending["activity_type"], strict=True)
            if k == kind and a >= 0
        ]
        if planned:
            summaries.filter(assignment_id__in=planned).update(
                **{flag: True, "needs_planning_attention": False}
            )
