"""Planning factories: planned activities and activity templates."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from pytest_aquadata.factories.planning import ActivityTemplateFactory, PlannedActivityFactory
from pytest_aquadata.factories.values import today
from pytest_aquadata.reference.planning import ACTIVITY_NOTES, ACTIVITY_STAGE
from pytest_aquadata.sim import params

pytestmark = pytest.mark.django_db


def test_pending_vaccination_of_a_smolt_batch_in_its_scenario() -> None:
    activity = PlannedActivityFactory()
    assert (activity.activity_type, activity.status) == ("VACCINATION", "PENDING")
    assert activity.batch.lifecycle_stage.name == "Smolt"
    assert activity.scenario.batch == activity.batch
    assert "freshwater" in activity.scenario.tgc_model.location
    assert activity.due_date > today() and not activity.is_overdue
    assert activity.notes == ACTIVITY_NOTES["VACCINATION"]


@pytest.mark.parametrize("activity_type", sorted(ACTIVITY_STAGE))
def test_batch_stage_follows_the_activity_type(activity_type: str) -> None:
    activity = PlannedActivityFactory(**{activity_type.lower(): True})
    assert activity.activity_type == activity_type
    assert activity.batch.lifecycle_stage.name == ACTIVITY_STAGE[activity_type]


def test_status_traits() -> None:
    done = PlannedActivityFactory(completed=True, harvest=True)
    assert done.status == "COMPLETED" and done.completed_by == done.created_by
    assert done.completed_at.date() == done.due_date
    assert PlannedActivityFactory(overdue=True).is_overdue
    assert not PlannedActivityFactory(overdue=True, cancelled=True).is_overdue
    with pytest.raises(ValidationError, match="COMPLETED"):
        done.mark_completed(done.created_by)


def test_spawned_transfer_links_its_workflow_both_ways() -> None:
    activity = PlannedActivityFactory(spawned=True)
    workflow = activity.transfer_workflow
    assert activity.activity_type == "TRANSFER" and activity.status == "IN_PROGRESS"
    assert workflow.batch == activity.batch
    assert workflow.planned_start_date == activity.due_date
    workflow.refresh_from_db()
    assert workflow.planned_activity_id == activity.pk
    assert workflow.source_lifecycle_stage.name == "Post-Smolt"


def test_templates_resolve_their_triggers_from_sim_params() -> None:
    biology = params.Biology()
    first = ActivityTemplateFactory()
    assert first.trigger_type == "DAY_OFFSET"
    assert (
        first.day_offset
        == round(biology.first_feeding_degree_days / biology.incubation_temp_c) + 14
    )
    assert first.weight_threshold_g is None and first.target_lifecycle_stage is None
    vaccination = ActivityTemplateFactory(stage_transition=True)
    assert vaccination.activity_type == "VACCINATION"
    assert vaccination.target_lifecycle_stage.name == "Smolt" and vaccination.day_offset is None
    transfer = ActivityTemplateFactory(weight_threshold=True)
    assert transfer.weight_threshold_g == biology.sea_transfer_weight_g
    harvest = ActivityTemplateFactory(harvest=True)
    assert harvest.weight_threshold_g == sum(params.HARVEST_TARGET_KG_RANGE) / 2 * 1000


def test_templates_are_looked_up_by_name() -> None:
    ActivityTemplateFactory()
    ActivityTemplateFactory()
    ActivityTemplateFactory(stage_transition=True)
    ActivityTemplateFactory(stage_transition=True)
    assert apps.get_model("planning.ActivityTemplate").objects.count() == 2
    assert apps.get_model("batch.LifeCycleStage").objects.filter(name="Smolt").count() == 1
