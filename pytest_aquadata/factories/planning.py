"""Factories of the `planning` app: planned operational activities and activity templates.

A planned activity's batch is at the stage where that activity is typical (vaccination in
Smolt, sea transfer from Post-Smolt, treatment and harvest at sea) and its scenario projects
that batch. Template triggers are resolved from ``sim.params`` (first feeding, winter signal,
sea-transfer weight, harvest target).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from pytest_aquadata.activity_triggers import template_value
from pytest_aquadata.factories._keyed import KeyedFactory
from pytest_aquadata.factories.values import at, now, randint, today
from pytest_aquadata.reference.planning import ACTIVITY_NOTES, ACTIVITY_STAGE, ACTIVITY_TEMPLATES
from pytest_aquadata.stage_table import STAGES, stage_of

_USER = "pytest_aquadata.factories.users.UserFactory"
_BATCH = "pytest_aquadata.factories.batch.BatchFactory"
_CONTAINER = "pytest_aquadata.factories.infrastructure.ContainerFactory"
_WORKFLOW = "pytest_aquadata.factories.batch.BatchTransferWorkflowFactory"
_SCENARIO = "pytest_aquadata.factories.scenario.ScenarioFactory"
_LIFECYCLE_STAGE = "pytest_aquadata.factories.batch.LifeCycleStageFactory"


def _link_workflow(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
    """Point a spawned transfer workflow back at its activity (BatchTransferWorkflow has a
    planned_activity link in the reference)."""
    workflow = obj.transfer_workflow
    if not create or workflow is None or not hasattr(workflow, "planned_activity_id"):
        return
    if workflow.planned_activity_id is None:
        type(workflow)._default_manager.filter(pk=workflow.pk).update(planned_activity=obj)
        workflow.planned_activity = obj


class PlannedActivityFactory(KeyedFactory):
    """A PENDING vaccination of a Smolt batch, due in 3–45 days, in a scenario of that batch.
    The batch is at the stage typical of ``activity_type`` (one trait per type: ``vaccination``,
    ``treatment``, ``cull``, ``harvest``, ``sale``, ``feed_change``, ``transfer``,
    ``maintenance``, ``sampling``, ``other``); status traits ``in_progress``, ``completed``
    (completed_at/by), ``cancelled``, ``overdue``; ``spawned`` (a TRANSFER that started its
    transfer workflow) and ``with_container``."""

    class Meta:
        model = "planning.PlannedActivity"
        skip_postgeneration_save = True

    class Params:
        stage = factory.LazyAttribute(lambda o: ACTIVITY_STAGE.get(o.activity_type, "Fry"))
        vaccination = factory.Trait(activity_type="VACCINATION")
        treatment = factory.Trait(activity_type="TREATMENT")
        cull = factory.Trait(activity_type="CULL")
        harvest = factory.Trait(activity_type="HARVEST")
        sale = factory.Trait(activity_type="SALE")
        feed_change = factory.Trait(activity_type="FEED_CHANGE")
        transfer = factory.Trait(activity_type="TRANSFER")
        maintenance = factory.Trait(activity_type="MAINTENANCE")
        sampling = factory.Trait(activity_type="SAMPLING")
        other = factory.Trait(activity_type="OTHER")
        in_progress = factory.Trait(
            status="IN_PROGRESS",
            due_date=factory.LazyFunction(lambda: today() - dt.timedelta(days=randint(0, 3))),
        )
        completed = factory.Trait(
            status="COMPLETED",
            due_date=factory.LazyFunction(lambda: today() - dt.timedelta(days=randint(1, 30))),
            completed_at=factory.LazyAttribute(lambda o: min(at(o.due_date, 15), now())),
            completed_by=factory.SelfAttribute("created_by"),
        )
        cancelled = factory.Trait(
            status="CANCELLED",
            notes=factory.LazyAttribute(
                lambda o: f"{ACTIVITY_NOTES.get(o.activity_type, '')} Cancelled: replanned."
            ),
        )
        overdue = factory.Trait(
            due_date=factory.LazyFunction(lambda: today() - dt.timedelta(days=randint(1, 14)))
        )
        spawned = factory.Trait(
            activity_type="TRANSFER",
            status="IN_PROGRESS",
            due_date=factory.LazyFunction(lambda: today() + dt.timedelta(days=randint(1, 10))),
            transfer_workflow=factory.SubFactory(
                _WORKFLOW,
                batch=factory.SelfAttribute("..batch"),
                planned_start_date=factory.SelfAttribute("..due_date"),
                initiated_by=factory.SelfAttribute("..created_by"),
            ),
            link_workflow=factory.PostGeneration(_link_workflow),
        )
        with_container = factory.Trait(
            container=factory.SubFactory(
                _CONTAINER,
                stage=factory.LazyAttribute(
                    lambda o: stage_of(o.factory_parent.batch.lifecycle_stage).name
                ),
            )
        )

    scenario = factory.SubFactory(
        _SCENARIO,
        batch=factory.SelfAttribute("..batch"),
        freshwater=factory.LazyAttribute(
            lambda o: not stage_of(o.factory_parent.batch.lifecycle_stage).is_sea
        ),
    )
    batch = factory.SubFactory(_BATCH, stage=factory.SelfAttribute("..stage"))
    activity_type = "VACCINATION"
    due_date = factory.LazyFunction(lambda: today() + dt.timedelta(days=randint(3, 45)))
    status = "PENDING"
    container = None
    notes = factory.LazyAttribute(lambda o: ACTIVITY_NOTES.get(o.activity_type))
    created_by = factory.SubFactory(_USER)
    completed_at = None
    completed_by = None
    transfer_workflow = None


_TEMPLATES = {spec.name: spec for spec in ACTIVITY_TEMPLATES}
_BY_TRIGGER = {spec.trigger_type: spec.name for spec in reversed(ACTIVITY_TEMPLATES)}




def _trigger_value(o: Any, trigger: str) -> Any:
    if o.trigger_type != trigger:
        return None
    if o.spec is not None and o.spec.trigger_type == trigger:
        return template_value(o.spec.value)
    return {"DAY_OFFSET": 30, "WEIGHT_THRESHOLD": Decimal("100.00")}.get(trigger)


class ActivityTemplateFactory(KeyedFactory):
    """A rule that plans an activity for every new batch, "First-feeding health check" by default.
    SAMPLING on DAY_OFFSET 143 days (first feeding at ~900 °C·d plus two weeks, ``sim.params``);
    traits ``stage_transition`` ("Vaccination before sea transfer" on entering Smolt),
    ``weight_threshold`` ("Sea transfer at target smolt weight", 500 g), ``harvest`` (5 500 g),
    ``winter_signal`` (day 228) and ``inactive``; get-or-create on name."""

    class Meta:
        model = "planning.ActivityTemplate"
        django_get_or_create = ("name",)

    class Params:
        spec = factory.LazyAttribute(lambda o: _TEMPLATES.get(o.name))
        stage_transition = factory.Trait(name=_BY_TRIGGER["STAGE_TRANSITION"])
        weight_threshold = factory.Trait(name=_BY_TRIGGER["WEIGHT_THRESHOLD"])
        harvest = factory.Trait(name="Harvest at target weight")
        winter_signal = factory.Trait(name="Winter signal before smoltification")
        inactive = factory.Trait(is_active=False)

    name = ACTIVITY_TEMPLATES[0].name
    description = factory.LazyAttribute(lambda o: o.spec.description if o.spec else None)
    activity_type = factory.LazyAttribute(lambda o: o.spec.activity_type if o.spec else "SAMPLING")
    trigger_type = factory.LazyAttribute(lambda o: o.spec.trigger_type if o.spec else "DAY_OFFSET")
    day_offset = factory.LazyAttribute(lambda o: _trigger_value(o, "DAY_OFFSET"))
    weight_threshold_g = factory.LazyAttribute(lambda o: _trigger_value(o, "WEIGHT_THRESHOLD"))
    target_lifecycle_stage = factory.Maybe(
        factory.LazyAttribute(lambda o: o.trigger_type == "STAGE_TRANSITION"),
        factory.SubFactory(
            _LIFECYCLE_STAGE,
            name=factory.LazyAttribute(
                lambda o: (
                    o.factory_parent.spec.value
                    if o.factory_parent.spec and o.factory_parent.spec.value in STAGES
                    else "Smolt"
                )
            ),
        ),
        None,
    )
    notes_template = factory.LazyAttribute(
        lambda o: f"{ACTIVITY_NOTES.get(o.activity_type, '')} (batch {{batch_number}})".strip()
    )
    is_active = True
