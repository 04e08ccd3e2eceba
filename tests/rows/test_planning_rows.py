"""build_planning: completed and pending planned activities of the batch's scenario."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest
from rows_helpers import assert_foreign_keys, assert_history, model

from pytest_aquadata.reference.planning import ACTIVITY_TEMPLATES
from pytest_aquadata.rows.health import build_health
from pytest_aquadata.rows.planning import build_planning
from pytest_aquadata.rows.scenario import build_scenario
from pytest_aquadata.sim import params

pytestmark = pytest.mark.django_db


def _completed_count(traj) -> int:
    """Completed activities a trajectory gives: transfers, treatments, samplings, harvests."""
    return (
        len(traj.workflows) + len(traj.treatments) + len(traj.health_samplings) + len(traj.harvests)
    )


def test_completed_activities_mirror_the_batch(build, harvested) -> None:
    built = build(harvested, build_scenario, build_planning)
    activities = model("planning.PlannedActivity").objects
    assert activities.count() == _completed_count(harvested)
    assert set(activities.values_list("status", flat=True)) == {"COMPLETED"}
    counts = dict.fromkeys(("TRANSFER", "VACCINATION", "TREATMENT", "SAMPLING", "HARVEST"), 0)
    for kind in activities.values_list("activity_type", flat=True):
        counts[kind] += 1
    assert counts == {
        "TRANSFER": len(harvested.workflows),
        "VACCINATION": len(harvested.vaccinations),
        "TREATMENT": len(harvested.treatments) - len(harvested.vaccinations),
        "SAMPLING": len(harvested.health_samplings),
        "HARVEST": len(harvested.harvests),
    }
    scenario = built.rows.extra["scenario_id"]
    for activity in activities.all():
        assert activity.scenario_id == scenario and activity.batch_id == built.rows.batch_id
        assert activity.completed_at is not None and activity.completed_by_id
        assert activity.created_at <= activity.completed_at
        assert activity.completed_at.date() >= activity.due_date
        assert not activity.is_overdue


def test_transfers_link_their_workflows_both_ways(build, harvested) -> None:
    built = build(harvested, build_scenario, build_planning)
    transfers = model("planning.PlannedActivity").objects.filter(activity_type="TRANSFER")
    assert sorted(transfers.values_list("transfer_workflow_id", flat=True)) == sorted(
        built.rows.workflow_ids.tolist()
    )
    for activity in transfers.select_related("transfer_workflow"):
        workflow = activity.transfer_workflow
        assert workflow.planned_activity_id == activity.pk
        assert activity.due_date == workflow.planned_start_date


def test_activities_are_in_a_container_of_the_batch_on_their_day(build, harvested) -> None:
    build(harvested, build_scenario, build_planning)
    assignments = model("batch.BatchContainerAssignment").objects
    for activity in model("planning.PlannedActivity").objects.all():
        here = assignments.filter(
            batch_id=activity.batch_id,
            container_id=activity.container_id,
            assignment_date__lte=activity.due_date,
        )
        assert any(
            a.departure_date is None or activity.due_date <= a.departure_date for a in here
        ), activity


def test_templates_history_foreign_keys_and_full_clean(build, harvested) -> None:
    built = build(harvested, build_scenario, build_planning)
    names = set(model("planning.ActivityTemplate").objects.values_list("name", flat=True))
    assert {spec.name for spec in ACTIVITY_TEMPLATES} <= names
    assert_history(built, "planning.PlannedActivity")
    assert_foreign_keys("planning.PlannedActivity", "batch.BatchTransferWorkflow")
    for activity in model("planning.PlannedActivity").objects.order_by("pk")[:5]:
        activity.full_clean()


def test_active_batch_gets_pending_activities(build, active) -> None:
    built = build(active, build_health, build_scenario, build_planning)
    activities = model("planning.PlannedActivity").objects
    pending = activities.filter(status="PENDING")
    assert activities.filter(status="COMPLETED").count() == _completed_count(active)
    open_ = np.flatnonzero(np.isnat(active.assignments.end_date))
    kinds = sorted(pending.values_list("activity_type", flat=True))
    assert kinds.count("TRANSFER") == len(open_)
    assert "SAMPLING" in kinds
    for activity in pending:
        assert activity.due_date > active.end_date
        assert activity.completed_at is None and activity.completed_by_id is None
        assert activity.created_at.date() == active.end_date
        activity.full_clean()
    transfer = pending.filter(activity_type="TRANSFER").first()
    summary = model("batch.ContainerForecastSummary").objects.get(
        assignment_id=built.rows.assignment_ids[open_[0]]
    )
    assert transfer.due_date == summary.projected_transfer_date
    assert summary.has_planned_transfer and summary.tier == "PLANNED"
    assert not summary.needs_planning_attention


def test_pending_vaccination_when_smolts_are_not_vaccinated(build, active) -> None:
    t = active.treatments
    traj = dataclasses.replace(active, treatments=t.take(t.treatment_type != "vaccination"))
    build(traj, build_scenario, build_planning)
    vaccination = model("planning.PlannedActivity").objects.get(
        status="PENDING", activity_type="VACCINATION"
    )
    a = traj.assignments
    smolt_start = a.start_date[a.stage == params.STAGE_BY_NAME["Smolt"].code].min()
    due = smolt_start + np.timedelta64(params.VACCINATION_DAY_IN_SMOLT, "D")
    assert vaccination.due_date == max(due.item(), traj.end_date + dt.timedelta(days=1))


def test_needs_the_scenario(build, harvested) -> None:
    with pytest.raises(ValueError, match="build_scenario"):
        build(harvested, build_planning)


def test_pens_at_sea_get_pending_harvests(build, at_sea) -> None:
    built = build(at_sea, build_scenario, build_planning)
    pens = np.flatnonzero(np.isnat(at_sea.assignments.end_date))
    harvests = model("planning.PlannedActivity").objects.filter(
        status="PENDING", activity_type="HARVEST"
    )
    assert harvests.count() == len(pens)
    summaries = model("batch.ContainerForecastSummary").objects.select_related("assignment")
    due = {s.assignment.container_id: s.projected_harvest_date for s in summaries}
    for activity in harvests:
        assert activity.due_date == due[activity.container_id]
    assert all(s.has_planned_harvest and not s.has_planned_transfer for s in summaries)
    assert set(harvests.values_list("batch_id", flat=True)) == {built.rows.batch_id}
