"""Factories of the `batch` app: species, stages, batches, assignments, workflows and events.

Stage names, weight ranges, durations, TGC, FCR and mortality come from ``sim.params``.
Assignments keep ``biomass_kg = population_count × avg_weight_g / 1000``; a batch built at a
stage (``BatchFactory(stage="Parr")``) starts as many days ago as the earlier stages last, so
its dates, weights and containers agree with that stage.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import factory
from django.apps import apps

from pytest_aquadata.factories.base import AquaFactory
from pytest_aquadata.factories.exact_biomass import fitting_count, fitting_pair
from pytest_aquadata.factories.infrastructure import (
    AreaFactory,
    ContainerFactory,
    HallFactory,
)
from pytest_aquadata.factories.users import UserFactory
from pytest_aquadata.factories.values import (
    Derived,
    Generated,
    at,
    biomass_kg,
    dec,
    env_parameter,
    free_unique,
    fulton_k,
    grow,
    next_free_date,
    next_number,
    not_after_today,
    now,
    pick,
    randint,
    sea_temperature,
    today,
    uniform,
    weight_in_stage,
)
from pytest_aquadata.reference.batches import (
    EGG_COST_PER_THOUSAND,
    EGG_DOA_FRACTION,
    EGGS_PER_BATCH,
    TRANSFER_DURATION_MINUTES,
    WORKFLOW_ACTIONS,
)
from pytest_aquadata.reference.geography import geography_prefix
from pytest_aquadata.reference.mortality import MORTALITY_DESCRIPTIONS
from pytest_aquadata.reference.species import SALMON, SCIENTIFIC_NAMES
from pytest_aquadata.sim import params
from pytest_aquadata.stage_table import (
    LIFECYCLE_DAYS,
    STAGES,
    StageInfo,
    length_for_weight,
    next_stage_name,
    stage_of,
)

_DAY = dt.timedelta(days=1)


def _model(label: str) -> Any:
    return apps.get_model(label)


def _info(lifecycle_stage: Any) -> StageInfo:
    return stage_of(lifecycle_stage)


def _weight(assignment: Any) -> float:
    """The assignment's average weight (g), or its stage's typical weight when unweighed."""
    if assignment.avg_weight_g is not None and assignment.avg_weight_g > 0:
        return float(assignment.avg_weight_g)
    return _info(assignment.lifecycle_stage).typical_weight_g


def _water_temperature(info: StageInfo, container: Any, day: dt.date) -> float:
    """Water temperature of a container on a day: sea SST by geography, else the set point."""
    if info.is_sea or getattr(container, "area_id", None) is not None:
        area = getattr(container, "area", None)
        geography = area.geography.name if area is not None else "Faroe Islands"
        return sea_temperature(geography, day)
    return info.temperature_c


def _growth_per_day(info: StageInfo, weight_g: float, temperature_c: float) -> float:
    """Grams a fish of ``weight_g`` gains in one day (first-feeding fry rate for Egg&Alevin)."""
    if info.tgc <= 0:
        fry = STAGES["Fry"]
        return grow(weight_g, fry.tgc, fry.temperature_c, 1) - weight_g
    return grow(weight_g, info.tgc, temperature_c, 1) - weight_g


def _condition_factor(info: StageInfo) -> float:
    return params.CONDITION_FACTOR[info.code] or 1.0


# ---------------------------------------------------------------------------------------------
# Species and stages.
# ---------------------------------------------------------------------------------------------


def _optimum(name: str, attr: str, species: str) -> Decimal | None:
    row = env_parameter(name)
    value = getattr(row, attr, None) if row is not None and species == SALMON else None
    return dec(value) if value is not None else None


class SpeciesFactory(AquaFactory):
    """A farmed species, "Atlantic Salmon" (Salmo salar) by default, with its optimal
    temperature, oxygen and pH ranges from ``sim.params``; get-or-create on name."""

    class Meta:
        model = "batch.Species"
        django_get_or_create = ("name",)

    name = SALMON
    scientific_name = factory.LazyAttributeSequence(
        lambda o, n: SCIENTIFIC_NAMES.get(o.name) or f"{o.name} (sp. {n + 1})"
    )
    description = factory.LazyAttribute(
        lambda o: (
            "Anadromous salmonid: hatched and grown to smolt in freshwater, grown out in sea pens."
            if o.name == SALMON
            else f"{o.name}."
        )
    )
    optimal_temperature_min = factory.LazyAttribute(
        lambda o: _optimum("Temperature", "optimal_min", o.name)
    )
    optimal_temperature_max = factory.LazyAttribute(
        lambda o: _optimum("Temperature", "optimal_max", o.name)
    )
    optimal_oxygen_min = factory.LazyAttribute(
        lambda o: _optimum("Dissolved Oxygen", "optimal_min", o.name)
    )
    optimal_ph_min = factory.LazyAttribute(lambda o: _optimum("pH", "optimal_min", o.name))
    optimal_ph_max = factory.LazyAttribute(lambda o: _optimum("pH", "optimal_max", o.name))


def _stage_value(o: Any, attr: str, places: int = 2) -> Decimal | None:
    return dec(getattr(o.info, attr), places) if o.info is not None else None


class LifeCycleStageFactory(AquaFactory):
    """A lifecycle stage of the species: ``name="Fry"`` (default) or any of Egg&Alevin, Fry,
    Parr, Smolt, Post-Smolt, Adult with its order, weight and length range and typical
    duration (SCHEMA.md §16 via ``sim.params``); get-or-create on name."""

    class Meta:
        model = "batch.LifeCycleStage"
        django_get_or_create = ("name",)

    class Params:
        info = Derived(
            "the stage table row of the name (None for a custom stage)",
            lambda o: STAGES.get(o.name),
        )
        egg_alevin = factory.Trait(name="Egg&Alevin")
        fry = factory.Trait(name="Fry")
        parr = factory.Trait(name="Parr")
        smolt = factory.Trait(name="Smolt")
        post_smolt = factory.Trait(name="Post-Smolt")
        adult = factory.Trait(name="Adult")

    name = "Fry"
    species = factory.SubFactory(SpeciesFactory)
    order = factory.LazyAttributeSequence(lambda o, n: o.info.order if o.info else 100 + n)
    description = factory.LazyAttribute(lambda o: o.info.description if o.info else "")
    expected_weight_min_g = factory.LazyAttribute(lambda o: _stage_value(o, "weight_min_g"))
    expected_weight_max_g = factory.LazyAttribute(lambda o: _stage_value(o, "weight_max_g"))
    expected_length_min_cm = factory.LazyAttribute(lambda o: _stage_value(o, "length_min_cm"))
    expected_length_max_cm = factory.LazyAttribute(lambda o: _stage_value(o, "length_max_cm"))
    typical_duration_days = factory.LazyAttribute(
        lambda o: o.info.typical_duration_days if o.info else None
    )


# ---------------------------------------------------------------------------------------------
# Batches and assignments.
# ---------------------------------------------------------------------------------------------


class BatchFactory(AquaFactory):
    """An ACTIVE standard batch of Atlantic salmon at ``stage="Fry"`` (default; any stage
    name), numbered ``FI-<year>-NNN``, started so that it is now a few weeks into that stage;
    traits ``planned``, ``receiving``, ``completed`` (harvested), ``terminated``,
    ``cancelled``, ``mixed`` (``MIX-…`` number) and one per stage (``parr``, ``adult``, …)."""

    class Meta:
        model = "batch.Batch"

    class Params:
        stage = "Fry"
        geography = "Faroe Islands"
        days_in_stage = Derived(
            "1 to 2/3 of the stage's typical duration",
            lambda o: randint(1, max(1, _info(o.lifecycle_stage).typical_duration_days * 2 // 3)),
        )
        planned = factory.Trait(
            status="PLANNED",
            stage="Egg&Alevin",
            start_date=factory.LazyFunction(lambda: today() + dt.timedelta(days=randint(14, 60))),
        )
        receiving = factory.Trait(
            status="RECEIVING",
            stage="Egg&Alevin",
            start_date=factory.LazyFunction(lambda: today() - dt.timedelta(days=randint(0, 3))),
        )
        completed = factory.Trait(
            status="COMPLETED",
            stage="Adult",
            start_date=factory.LazyFunction(
                lambda: today() - dt.timedelta(days=LIFECYCLE_DAYS + randint(30, 365))
            ),
            actual_end_date=factory.LazyAttribute(
                lambda o: o.start_date + dt.timedelta(days=LIFECYCLE_DAYS)
            ),
        )
        terminated = factory.Trait(
            status="TERMINATED",
            actual_end_date=factory.LazyFunction(lambda: today() - dt.timedelta(days=1)),
            notes="Terminated early after a disease outbreak.",
        )
        cancelled = factory.Trait(
            status="CANCELLED",
            stage="Egg&Alevin",
            start_date=factory.LazyFunction(lambda: today() + dt.timedelta(days=randint(14, 60))),
            notes="Egg delivery cancelled by the supplier.",
        )
        mixed = factory.Trait(
            batch_type="MIXED",
            batch_number=factory.LazyAttributeSequence(
                lambda o, n: Generated(f"MIX-{now():%y%m%d%H%M%S}-{n + 1:04d}")
            ),
        )
        egg_alevin = factory.Trait(stage="Egg&Alevin")
        fry = factory.Trait(stage="Fry")
        parr = factory.Trait(stage="Parr")
        smolt = factory.Trait(stage="Smolt")
        post_smolt = factory.Trait(stage="Post-Smolt")
        adult = factory.Trait(stage="Adult")

    species = factory.SubFactory(SpeciesFactory)
    lifecycle_stage = factory.SubFactory(
        LifeCycleStageFactory,
        name=factory.SelfAttribute("..stage"),
        species=factory.SelfAttribute("..species"),
    )
    start_date = factory.LazyAttribute(
        lambda o: (
            today() - dt.timedelta(days=_info(o.lifecycle_stage).days_before + o.days_in_stage)
        )
    )
    batch_number = factory.LazyAttributeSequence(
        lambda o, n: Generated(f"{geography_prefix(o.geography)}-{o.start_date.year}-{n + 1:03d}")
    )
    status = "ACTIVE"
    batch_type = "STANDARD"
    expected_end_date = factory.LazyAttribute(
        lambda o: o.start_date + dt.timedelta(days=LIFECYCLE_DAYS)
    )
    actual_end_date = None
    notes = ""
    pinned_projection_run = None

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        """Renumber a generated batch number another row already holds."""
        free_unique(model_class, kwargs, ("batch_number",))
        return super()._create(model_class, *args, **kwargs)


def _population(o: Any, weight_g: float | Decimal | None) -> int:
    """Fish in one container: the stage's planned load (sim.params capacity and planning
    margin) less up to 15 % (``o.load``), never more than 95 % of the container's capacity at
    ``weight_g``."""
    info = o.info
    fish = int(info.fish_per_container * o.load)
    capacity = float(getattr(o.container, "max_biomass_kg", 0) or 0)
    weight = float(weight_g or info.typical_weight_g)
    if capacity > 0 and weight > 0:
        fish = min(fish, int(0.95 * capacity * 1000 / weight))
    return max(fish, 1)


class BatchContainerAssignmentFactory(AquaFactory):
    """The fish of one batch in one container at one stage: by default a new Fry batch in a
    Fry tank (``stage=`` for another stage: tray, tank or sea ring to match), a realistic
    load for the container and a weight inside the stage's range, biomass_kg =
    population_count × avg_weight_g / 1000 exactly (count and weight chosen so the product
    needs no rounding: a host save() may compute it unrounded); trait ``departed`` (alias
    ``inactive``)."""

    class Meta:
        model = "batch.BatchContainerAssignment"

    class Params:
        stage = "Fry"
        info = Derived(
            "facts of the assignment's lifecycle stage", lambda o: _info(o.lifecycle_stage)
        )
        load = Derived("share of the stage's planned load, 85-100 %", lambda o: uniform(0.85, 1.0))
        wanted_weight_g = Derived(
            "a weight inside the stage's range; avg_weight_g is the nearest (±2 %) whose "
            "biomass with the count is exact",
            lambda o: weight_in_stage(o.info.name, 0.1, 0.7),
        )
        departed = factory.Trait(
            is_active=False,
            departure_date=factory.LazyAttribute(
                lambda o: not_after_today(
                    o.assignment_date + dt.timedelta(days=o.info.typical_duration_days)
                )
            ),
        )
        inactive = factory.Trait(
            is_active=False,
            departure_date=factory.LazyAttribute(
                lambda o: not_after_today(
                    o.assignment_date + dt.timedelta(days=o.info.typical_duration_days)
                )
            ),
        )

    batch = factory.SubFactory(BatchFactory, stage=factory.SelfAttribute("..stage"))
    lifecycle_stage = factory.SelfAttribute("batch.lifecycle_stage")
    container = factory.SubFactory(ContainerFactory, stage=factory.SelfAttribute("..info.name"))
    avg_weight_g = factory.LazyAttribute(
        lambda o: fitting_pair(_population(o, o.wanted_weight_g), o.wanted_weight_g)[1]
    )
    population_count = factory.LazyAttribute(
        lambda o: fitting_count(_population(o, o.avg_weight_g), o.avg_weight_g)
    )
    biomass_kg = factory.LazyAttribute(lambda o: biomass_kg(o.population_count, o.avg_weight_g))
    assignment_date = factory.LazyAttribute(
        lambda o: o.batch.start_date + dt.timedelta(days=o.info.days_before)
    )
    departure_date = None
    is_active = True
    last_weighing_date = None
    notes = ""


class BatchCompositionFactory(AquaFactory):
    """One source batch's share of a MIXED batch (default 50 %): count and biomass of a
    container's worth of fish of the mixed batch's stage."""

    class Meta:
        model = "batch.BatchComposition"

    class Params:
        info = Derived(
            "facts of the mixed batch's stage", lambda o: _info(o.mixed_batch.lifecycle_stage)
        )
        avg_weight_g = Derived(
            "a weight inside the stage's range", lambda o: weight_in_stage(o.info.name, 0.2, 0.8)
        )

    mixed_batch = factory.SubFactory(BatchFactory, mixed=True)
    source_batch = factory.SubFactory(BatchFactory, stage=factory.SelfAttribute("..info.name"))
    percentage = dec(50)
    population_count = factory.LazyAttribute(
        lambda o: int(o.info.fish_per_container * float(o.percentage) / 100)
    )
    biomass_kg = factory.LazyAttribute(lambda o: biomass_kg(o.population_count, o.avg_weight_g))


# ---------------------------------------------------------------------------------------------
# Transfer workflows and actions.
# ---------------------------------------------------------------------------------------------


def _stage_end(batch: Any, info: StageInfo) -> dt.date:
    return batch.start_date + dt.timedelta(days=info.days_before + info.typical_duration_days)


def _transfer_start(o: Any) -> dt.date:
    """A transfer starts at the end of the source stage; executed ones not after today."""
    end = _stage_end(o.batch, _info(o.source_lifecycle_stage))
    if o.status in ("IN_PROGRESS", "COMPLETED"):
        return min(end, today() - dt.timedelta(days=randint(3, 10)))
    return end


def _crosses_to_sea(o: Any) -> bool:
    dest = o.dest_lifecycle_stage
    return dest is not None and _info(dest).is_sea and not _info(o.source_lifecycle_stage).is_sea


def _infer_dynamic(o: Any) -> bool:
    """Station-to-sea lifecycle transitions run as dynamic (live) workflows (the reference's
    rule on creation: source Fry…Post-Smolt, destination Post-Smolt or Adult)."""
    if o.workflow_type != "LIFECYCLE_TRANSITION" or o.dest_lifecycle_stage is None:
        return False
    source = o.source_lifecycle_stage.name.strip().lower()
    dest = o.dest_lifecycle_stage.name.strip().lower()
    return source in {"fry", "parr", "smolt", "post-smolt"} and dest in {"post-smolt", "adult"}


def _refresh_transfer_totals(workflow: Any, estimate: bool = False) -> None:
    """Recompute a workflow's totals and progress from its actions (the reference's
    recalculate_totals/update_progress), written with one UPDATE. A dynamic workflow's
    progress is fish moved / the operator's estimate (``estimate=True`` sets that estimate
    to the fish in the source assignments when none was given)."""
    actions = list(_model("batch.TransferAction")._default_manager.filter(workflow=workflow))
    done = [a for a in actions if a.status == "COMPLETED"]
    values: dict[str, Any] = {
        "total_source_count": sum(a.source_population_before for a in actions),
        "total_transferred_count": sum(a.transferred_count for a in done),
        "total_mortality_count": sum(a.mortality_during_transfer for a in done),
        "total_biomass_kg": dec(sum((a.transferred_biomass_kg for a in done), Decimal(0))),
        "total_actions_planned": len(actions),
        "actions_completed": len(done),
    }
    if workflow.is_dynamic_execution:
        if estimate and workflow.estimated_total_count is None:
            values["estimated_total_count"] = values["total_source_count"]
        expected = (
            values.get("estimated_total_count")
            or workflow.estimated_total_count
            or values["total_source_count"]
        )
        share = values["total_transferred_count"] / expected if expected else 0
    else:
        share = len(done) / len(actions) if actions else 0
    values["completion_percentage"] = min(dec(share * 100), Decimal("100.00"))
    type(workflow)._default_manager.filter(pk=workflow.pk).update(**values)
    for name, value in values.items():
        setattr(workflow, name, value)


class BatchTransferWorkflowFactory(AquaFactory):
    """A DRAFT lifecycle transfer of a Fry batch to the next stage (``stage=`` sets the
    source stage), numbered ``TRF-<year>-NNN``, station-to-sea moves dynamic as in the
    reference; traits ``planned``, ``in_progress``, ``completed``, ``cancelled``,
    ``redistribution``, ``emergency``. ``actions=N`` adds N actions; ``completed`` and
    ``in_progress`` move the batch's active source-stage assignments (or 3 new ones)."""

    class Meta:
        model = "batch.BatchTransferWorkflow"
        skip_postgeneration_save = True

    class Params:
        stage = "Fry"
        dest_stage_name = Derived(
            "the next stage for a lifecycle transition, else None",
            lambda o: (
                next_stage_name(_info(o.source_lifecycle_stage).name)
                if o.workflow_type == "LIFECYCLE_TRANSITION"
                else None
            ),
        )
        planned = factory.Trait(status="PLANNED")
        in_progress = factory.Trait(
            status="IN_PROGRESS", actual_start_date=factory.SelfAttribute("planned_start_date")
        )
        completed = factory.Trait(
            status="COMPLETED",
            actual_start_date=factory.SelfAttribute("planned_start_date"),
            actual_completion_date=factory.SelfAttribute("planned_completion_date"),
            completed_by=factory.SelfAttribute("initiated_by"),
            dynamic_completed_by=factory.Maybe(
                "is_dynamic_execution", factory.SelfAttribute("initiated_by"), None
            ),
            dynamic_completed_at=factory.Maybe(
                "is_dynamic_execution",
                factory.LazyAttribute(lambda o: at(o.planned_completion_date, 16)),
                None,
            ),
        )
        cancelled = factory.Trait(
            status="CANCELLED", cancellation_reason="Postponed: receiving capacity not ready."
        )
        redistribution = factory.Trait(workflow_type="CONTAINER_REDISTRIBUTION")
        emergency = factory.Trait(
            workflow_type="EMERGENCY_CASCADE",
            notes="Emergency move after a low-oxygen alarm.",
        )

    batch = factory.SubFactory(BatchFactory, stage=factory.SelfAttribute("..stage"))
    planned_activity = None
    workflow_type = "LIFECYCLE_TRANSITION"
    source_lifecycle_stage = factory.SelfAttribute("batch.lifecycle_stage")
    dest_lifecycle_stage = factory.Maybe(
        "dest_stage_name",
        factory.SubFactory(
            LifeCycleStageFactory,
            name=factory.SelfAttribute("..dest_stage_name"),
            species=factory.SelfAttribute("..batch.species"),
        ),
        None,
    )
    status = "DRAFT"
    planned_start_date = factory.LazyAttribute(_transfer_start)
    planned_completion_date = factory.LazyAttribute(
        lambda o: o.planned_start_date + dt.timedelta(days=2)
    )
    workflow_number = factory.LazyAttributeSequence(
        lambda o, n: Generated(f"TRF-{o.planned_start_date.year}-{n + 1:03d}")
    )
    actual_start_date = None
    actual_completion_date = None
    is_dynamic_execution = factory.LazyAttribute(_infer_dynamic)
    dynamic_route_mode = factory.LazyAttribute(
        lambda o: "DIRECT_STATION_TO_VESSEL" if o.is_dynamic_execution else None
    )
    estimated_total_count = None
    estimated_total_biomass_kg = None
    is_intercompany = factory.LazyAttribute(
        lambda o: o.status in ("PLANNED", "IN_PROGRESS", "COMPLETED") and _crosses_to_sea(o)
    )
    source_subsidiary = factory.LazyAttribute(lambda o: "FW" if o.is_intercompany else None)
    dest_subsidiary = factory.LazyAttribute(lambda o: "FM" if o.is_intercompany else None)
    finance_transaction = None
    initiated_by = factory.SubFactory(UserFactory)
    completed_by = None
    dynamic_completed_by = None
    dynamic_completed_at = None
    notes = factory.LazyAttribute(
        lambda o: (
            f"{o.source_lifecycle_stage.name} → "
            f"{o.dest_lifecycle_stage.name if o.dest_lifecycle_stage else 'same stage'} "
            f"transfer of batch {o.batch.batch_number}."
        )
    )
    cancellation_reason = ""

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        """Renumber a generated workflow number another row already holds."""
        free_unique(model_class, kwargs, ("workflow_number",))
        return super()._create(model_class, *args, **kwargs)

    @factory.post_generation
    def actions(obj: Any, create: bool, extracted: int | None, **kwargs: Any) -> None:
        """``actions=N``: N actions; COMPLETED / IN_PROGRESS workflows get them by default."""
        if not create:
            return
        if extracted is None and obj.status not in ("IN_PROGRESS", "COMPLETED"):
            return
        _make_transfer_actions(obj, extracted)


def _source_assignments(workflow: Any, count: int | None) -> list[Any]:
    """The batch's active assignments at the source stage, topped up with new ones."""
    existing = list(
        _model("batch.BatchContainerAssignment")
        ._default_manager.filter(
            batch=workflow.batch,
            lifecycle_stage=workflow.source_lifecycle_stage,
            is_active=True,
        )
        .select_related("container__hall__freshwater_station", "container__area")
        .order_by("container__name", "pk")
    )
    wanted = (len(existing) or WORKFLOW_ACTIONS) if count is None else count
    sources = existing[:wanted]
    missing = wanted - len(sources)
    if missing > 0:
        info = _info(workflow.source_lifecycle_stage)
        place: dict[str, Any] = (
            {"area": AreaFactory()} if info.is_sea else {"hall": HallFactory(stage=info.name)}
        )
        for _ in range(missing):
            sources.append(
                BatchContainerAssignmentFactory(
                    batch=workflow.batch,
                    lifecycle_stage=workflow.source_lifecycle_stage,
                    container=ContainerFactory(stage=info.name, **place),
                    avg_weight_g=dec(weight_in_stage(info.name, 0.85, 1.0)),
                )
            )
    return sources


def _dest_place(workflow: Any, sources: list[Any], dest: StageInfo) -> dict[str, Any]:
    """Where the destination containers go: a hall of the same station, or a sea area of
    the same geography."""
    container = sources[0].container if sources else None
    hall = getattr(container, "hall", None)
    station = getattr(hall, "freshwater_station", None)
    if dest.is_sea:
        area = getattr(container, "area", None)
        if area is not None and not _info(workflow.source_lifecycle_stage).is_sea:
            area = None
        geography = station.geography if station is not None else None
        if area is None:
            area = AreaFactory(geography=geography) if geography else AreaFactory()
        return {"area": area}
    if station is not None:
        return {"hall": HallFactory(freshwater_station=station, stage=dest.name)}
    return {"hall": HallFactory(stage=dest.name)}


def _make_transfer_actions(workflow: Any, count: int | None) -> None:
    sources = _source_assignments(workflow, count)
    dest_stage = workflow.dest_lifecycle_stage or workflow.source_lifecycle_stage
    dest = _info(dest_stage)
    place = _dest_place(workflow, sources, dest)
    done_until = (
        len(sources)
        if workflow.status == "COMPLETED"
        else math.ceil(len(sources) / 2)
        if workflow.status == "IN_PROGRESS"
        else 0
    )
    for i, source in enumerate(sources):
        TransferActionFactory(
            workflow=workflow,
            source_assignment=source,
            dest_container=ContainerFactory(stage=dest.name, **place),
            completed=i < done_until,
        )
    _refresh_transfer_totals(workflow, estimate=True)
    if workflow.status == "COMPLETED":
        _close_transfer(workflow)
    if workflow.status == "COMPLETED" and workflow.dest_lifecycle_stage is not None:
        batch = workflow.batch
        batch.lifecycle_stage = workflow.dest_lifecycle_stage
        batch.save(update_fields=["lifecycle_stage", "updated_at"])


def _close_transfer(workflow: Any) -> None:
    """A completed workflow ends on the day of its last executed action."""
    last = (
        _model("batch.TransferAction")
        ._default_manager.filter(workflow=workflow, actual_execution_date__isnull=False)
        .order_by("-actual_execution_date")
        .values_list("actual_execution_date", flat=True)
        .first()
    )
    if last is None or last == workflow.actual_completion_date:
        return
    values: dict[str, Any] = {"actual_completion_date": last}
    if workflow.dynamic_completed_at is not None:
        values["dynamic_completed_at"] = at(last, 16)
    type(workflow)._default_manager.filter(pk=workflow.pk).update(**values)
    for name, value in values.items():
        setattr(workflow, name, value)


def _execution_date(o: Any) -> dt.date:
    workflow = o.workflow
    start = workflow.actual_start_date or o.planned_date or today()
    return not_after_today(start + dt.timedelta(days=(o.action_number - 1) // 2))


def _handling_losses(o: Any) -> int:
    """Fish lost while moving (``sim.params`` handling mortality), so many that the moved
    count has an exact biomass at the source's weight (the destination assignment's)."""
    before = o.source_population_before
    lost = round(before * params.TRANSFER_HANDLING_MORTALITY[o.dest_info.code] * uniform(0.5, 1.5))
    return max(0, before - fitting_count(before - lost, dec(_weight(o.source_assignment))))


class TransferActionFactory(AquaFactory):
    """One PENDING move of a whole source assignment (of the workflow's batch and source
    stage) into a new container of the destination stage; trait ``completed`` executes it:
    handling mortality from ``sim.params``, a destination assignment with the moved fish,
    the source closed (its count kept), a HANDLING MortalityEvent, workflow totals updated."""

    class Meta:
        model = "batch.TransferAction"
        skip_postgeneration_save = True

    class Params:
        source_info = Derived(
            "facts of the source assignment's stage",
            lambda o: _info(o.source_assignment.lifecycle_stage),
        )
        dest_stage = Derived(
            "the workflow's destination stage, else its source stage",
            lambda o: o.workflow.dest_lifecycle_stage or o.workflow.source_lifecycle_stage,
        )
        dest_info = Derived("facts of the destination stage", lambda o: _info(o.dest_stage))
        completed = factory.Trait(
            status="COMPLETED",
            mortality_during_transfer=factory.LazyAttribute(_handling_losses),
            actual_execution_date=factory.LazyAttribute(_execution_date),
            executed_at=factory.LazyAttribute(
                lambda o: at(o.actual_execution_date, 8 + 2 * ((o.action_number - 1) % 4))
            ),
            transfer_method=factory.LazyAttribute(
                lambda o: params.TRANSFER_METHOD_BY_STAGE[o.dest_info.code]
            ),
            water_temp_c=factory.LazyAttribute(
                lambda o: dec(
                    _water_temperature(o.dest_info, o.dest_container, o.actual_execution_date)
                    + uniform(-0.3, 0.3)
                )
            ),
            oxygen_level=factory.LazyFunction(lambda: dec(uniform(8.5, 11.0))),
            measured_avg_weight_g=factory.LazyAttribute(
                lambda o: dec(_weight(o.source_assignment) * uniform(0.97, 1.03))
            ),
            measured_std_dev_weight_g=factory.LazyAttribute(
                lambda o: dec(float(o.measured_avg_weight_g) * uniform(0.12, 0.2))
            ),
            measured_sample_size=params.GROWTH_SAMPLE_SIZE,
            executed_by=factory.SelfAttribute("workflow.initiated_by"),
            execution_duration_minutes=factory.LazyFunction(
                lambda: randint(*TRANSFER_DURATION_MINUTES)
            ),
            dest_assignment=factory.SubFactory(
                BatchContainerAssignmentFactory,
                batch=factory.SelfAttribute("..workflow.batch"),
                container=factory.SelfAttribute("..dest_container"),
                lifecycle_stage=factory.SelfAttribute("..dest_stage"),
                population_count=factory.SelfAttribute("..transferred_count"),
                avg_weight_g=factory.LazyAttribute(
                    lambda o: dec(_weight(o.factory_parent.source_assignment))
                ),
                assignment_date=factory.SelfAttribute("..actual_execution_date"),
            ),
        )

    workflow = factory.SubFactory(BatchTransferWorkflowFactory)
    action_number = factory.LazyAttribute(
        lambda o: next_number(
            _model("batch.TransferAction"), "workflow", o.workflow, "action_number"
        )
    )
    source_assignment = factory.SubFactory(
        BatchContainerAssignmentFactory,
        batch=factory.SelfAttribute("..workflow.batch"),
        lifecycle_stage=factory.SelfAttribute("..workflow.source_lifecycle_stage"),
    )
    dest_container = factory.SubFactory(
        ContainerFactory, stage=factory.SelfAttribute("..dest_info.name")
    )
    dest_assignment = None
    source_population_before = factory.SelfAttribute("source_assignment.population_count")
    mortality_during_transfer = 0
    transferred_count = factory.LazyAttribute(
        lambda o: max(1, o.source_population_before - o.mortality_during_transfer)
    )
    transferred_biomass_kg = factory.LazyAttribute(
        lambda o: biomass_kg(o.transferred_count, _weight(o.source_assignment))
    )
    allow_mixed = False
    status = "PENDING"
    leg_type = None
    created_via = factory.LazyAttribute(
        lambda o: (
            "DYNAMIC_LIVE"
            if o.workflow.is_dynamic_execution and o.status != "PENDING"
            else "PLANNED"
        )
    )
    planned_date = factory.LazyAttribute(
        lambda o: o.workflow.planned_start_date + dt.timedelta(days=(o.action_number - 1) // 2)
    )
    actual_execution_date = None
    executed_at = None
    transfer_method = None
    water_temp_c = None
    oxygen_level = None
    measured_avg_weight_g = None
    measured_std_dev_weight_g = None
    measured_sample_size = None
    measured_avg_length_cm = None
    measured_notes = ""
    selection_method = "AVERAGE"
    executed_by = None
    execution_duration_minutes = None
    notes = ""

    @factory.post_generation
    def execute(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """On create: close the source of a COMPLETED action, record its handling losses as a
        MortalityEvent and refresh the workflow's totals (``execute=False`` skips all this)."""
        if not create or extracted is False:
            return
        if obj.status == "COMPLETED":
            source = obj.source_assignment
            source.is_active = False
            source.departure_date = obj.actual_execution_date
            source.save(update_fields=["is_active", "departure_date", "updated_at"])
            if obj.mortality_during_transfer > 0:
                MortalityEventFactory(
                    batch=source.batch,
                    assignment=source,
                    event_date=obj.actual_execution_date,
                    count=obj.mortality_during_transfer,
                    biomass_kg=biomass_kg(obj.mortality_during_transfer, _weight(source)),
                    cause="HANDLING",
                    description=f"Losses during transfer action {obj.action_number} of "
                    f"{obj.workflow.workflow_number}.",
                )
        _refresh_transfer_totals(obj.workflow)


# ---------------------------------------------------------------------------------------------
# Creation workflows and actions.
# ---------------------------------------------------------------------------------------------

_BATCH_STATUS_FOR_CREATION = {
    "DRAFT": "PLANNED",
    "PLANNED": "PLANNED",
    "IN_PROGRESS": "RECEIVING",
    "COMPLETED": "ACTIVE",
    "CANCELLED": "CANCELLED",
}


def _creation_start(status: str) -> dt.date:
    if status == "COMPLETED":
        return today() - dt.timedelta(days=randint(5, 60))
    if status == "IN_PROGRESS":
        return today() - dt.timedelta(days=1)
    return today() + dt.timedelta(days=randint(14, 60))


def _refresh_creation_totals(workflow: Any) -> None:
    """Recompute a creation workflow's counters and progress from its actions (one UPDATE)."""
    actions = list(_model("batch.CreationAction")._default_manager.filter(workflow=workflow))
    done = [a for a in actions if a.status == "COMPLETED"]
    values = {
        "total_actions": len(actions),
        "actions_completed": len(done),
        "total_eggs_received": sum(a.egg_count_actual or 0 for a in done),
        "total_mortality_on_arrival": sum(a.mortality_on_arrival for a in done),
        "progress_percentage": min(
            dec(len(done) / len(actions) * 100 if actions else 0), Decimal("100.00")
        ),
    }
    type(workflow)._default_manager.filter(pk=workflow.pk).update(**values)
    for name, value in values.items():
        setattr(workflow, name, value)


def _supplier_code(supplier: Any) -> str:
    name = getattr(supplier, "name", "") or "EXT"
    return "".join(word[0] for word in name.split() if word[:1].isalpha()).upper()[:3] or "EXT"


class BatchCreationWorkflowFactory(AquaFactory):
    """A DRAFT creation of a new PLANNED batch from ~3.4 M external eggs (EggSupplier from
    the broodstock factories), numbered ``CRT-<year>-NNN``; traits ``internal`` (broodstock
    EggProduction), ``planned``, ``in_progress``, ``completed`` (a tray per 350 000 eggs delivered, batch
    ACTIVE) and ``cancelled``. ``actions=N`` adds N deliveries of ~350 000 eggs to trays."""

    class Meta:
        model = "batch.BatchCreationWorkflow"
        skip_postgeneration_save = True

    class Params:
        start = Derived(
            "planned start: weeks ahead, yesterday if in progress, weeks ago if completed",
            lambda o: _creation_start(o.status),
        )
        internal = factory.Trait(
            egg_source_type="INTERNAL",
            egg_production=factory.SubFactory(
                "pytest_aquadata.factories.broodstock.EggProductionFactory"
            ),
            external_supplier=None,
            external_supplier_batch_number="",
            external_cost_per_thousand=None,
        )
        planned = factory.Trait(status="PLANNED")
        in_progress = factory.Trait(
            status="IN_PROGRESS", actual_start_date=factory.SelfAttribute("planned_start_date")
        )
        completed = factory.Trait(
            status="COMPLETED",
            actual_start_date=factory.SelfAttribute("planned_start_date"),
            actual_completion_date=factory.LazyAttribute(
                lambda o: not_after_today(o.planned_completion_date)
            ),
        )
        cancelled = factory.Trait(
            status="CANCELLED",
            cancellation_reason="Supplier could not deliver: broodstock failed screening.",
            cancelled_at=factory.LazyFunction(now),
            cancelled_by=factory.SelfAttribute("created_by"),
        )

    batch = factory.SubFactory(
        BatchFactory,
        stage="Egg&Alevin",
        status=factory.LazyAttribute(
            lambda o: _BATCH_STATUS_FOR_CREATION.get(o.factory_parent.status, "PLANNED")
        ),
        start_date=factory.SelfAttribute("..start"),
    )
    status = "DRAFT"
    egg_source_type = "EXTERNAL"
    egg_production = None
    external_supplier = factory.SubFactory(
        "pytest_aquadata.factories.broodstock.EggSupplierFactory"
    )
    planned_start_date = factory.SelfAttribute("batch.start_date")
    planned_completion_date = factory.LazyAttribute(
        lambda o: o.planned_start_date + dt.timedelta(days=4)
    )
    workflow_number = factory.LazyAttributeSequence(
        lambda o, n: Generated(f"CRT-{o.planned_start_date.year}-{n + 1:03d}")
    )
    external_supplier_batch_number = factory.LazyAttributeSequence(
        lambda o, n: (
            f"{_supplier_code(o.external_supplier)}-{o.planned_start_date:%y%m}-{n + 1:04d}"
            if o.external_supplier is not None
            else ""
        )
    )
    external_cost_per_thousand = factory.LazyAttribute(
        lambda o: dec(uniform(*EGG_COST_PER_THOUSAND)) if o.external_supplier else None
    )
    total_eggs_planned = factory.LazyFunction(lambda: randint(*EGGS_PER_BATCH))
    total_eggs_received = 0
    total_mortality_on_arrival = 0
    actual_start_date = None
    actual_completion_date = None
    total_actions = 0
    actions_completed = 0
    progress_percentage = Decimal("0.00")
    created_by = factory.SubFactory(UserFactory)
    cancellation_reason = ""
    cancelled_at = None
    cancelled_by = None
    notes = ""

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        """Renumber a generated workflow number another row already holds."""
        free_unique(model_class, kwargs, ("workflow_number",))
        return super()._create(model_class, *args, **kwargs)

    @factory.post_generation
    def actions(obj: Any, create: bool, extracted: int | None, **kwargs: Any) -> None:
        """``actions=N``: N tray deliveries; COMPLETED / IN_PROGRESS get one per 350 000 eggs."""
        if not create:
            return
        if extracted is None and obj.status not in ("IN_PROGRESS", "COMPLETED"):
            return
        per_tray = params.CONTAINER_KINDS["tray"].max_fish or 350_000
        count = extracted if extracted is not None else math.ceil(obj.total_eggs_planned / per_tray)
        hall = HallFactory(stage="Egg&Alevin")
        done_until = (
            count
            if obj.status == "COMPLETED"
            else math.ceil(count / 2)
            if obj.status == "IN_PROGRESS"
            else 0
        )
        share, rest = divmod(obj.total_eggs_planned, max(count, 1))
        for i in range(count):
            CreationActionFactory(
                workflow=obj,
                egg_count_planned=share + (1 if i < rest else 0),
                dest_assignment__container=ContainerFactory(tray=True, hall=hall),
                completed=i < done_until,
            )


def _dead_on_arrival(o: Any) -> int:
    """Eggs dead on arrival (``EGG_DOA_FRACTION``), so many that the live eggs have an exact
    biomass at the egg weight (the tray assignment's)."""
    planned = o.egg_count_planned
    dead = round(planned * uniform(*EGG_DOA_FRACTION))
    return max(0, planned - fitting_count(planned - dead, dec(params.Biology().egg_weight_g)))


class CreationActionFactory(AquaFactory):
    """One PENDING egg delivery (~350 000 eggs) of a creation workflow into an Egg&Alevin
    tray assignment (empty, inactive until delivered); trait ``completed`` delivers it:
    dead-on-arrival count, arrival temperature, quality score, the tray assignment activated
    with the live eggs, and the workflow's counters updated."""

    class Meta:
        model = "batch.CreationAction"
        skip_postgeneration_save = True

    class Params:
        delivered = Derived("True once the action is COMPLETED", lambda o: o.status == "COMPLETED")
        completed = factory.Trait(
            status="COMPLETED",
            mortality_on_arrival=factory.LazyAttribute(_dead_on_arrival),
            egg_count_actual=factory.LazyAttribute(
                lambda o: o.egg_count_planned - o.mortality_on_arrival
            ),
            actual_delivery_date=factory.LazyAttribute(
                lambda o: not_after_today(o.expected_delivery_date)
            ),
            water_temp_on_arrival=factory.LazyFunction(
                lambda: dec(params.Biology().incubation_temp_c + uniform(-0.5, 0.5))
            ),
            egg_quality_score=factory.LazyFunction(lambda: randint(4, 5)),
            execution_duration_minutes=factory.LazyFunction(lambda: randint(30, 120)),
            executed_by=factory.SelfAttribute("workflow.created_by"),
        )

    workflow = factory.SubFactory(BatchCreationWorkflowFactory)
    action_number = factory.LazyAttribute(
        lambda o: next_number(
            _model("batch.CreationAction"), "workflow", o.workflow, "action_number"
        )
    )
    status = "PENDING"
    egg_count_planned = factory.LazyFunction(
        lambda: int((params.CONTAINER_KINDS["tray"].max_fish or 350_000) * uniform(0.95, 1.0))
    )
    egg_count_actual = None
    mortality_on_arrival = 0
    expected_delivery_date = factory.LazyAttribute(
        lambda o: o.workflow.planned_start_date + dt.timedelta(days=(o.action_number - 1) // 4)
    )
    dest_assignment = factory.SubFactory(
        BatchContainerAssignmentFactory,
        batch=factory.SelfAttribute("..workflow.batch"),
        stage="Egg&Alevin",
        population_count=factory.LazyAttribute(lambda o: o.factory_parent.egg_count_actual or 0),
        avg_weight_g=factory.LazyFunction(lambda: dec(params.Biology().egg_weight_g)),
        is_active=factory.SelfAttribute("..delivered"),
        assignment_date=factory.LazyAttribute(
            lambda o: (
                o.factory_parent.actual_delivery_date or o.factory_parent.expected_delivery_date
            )
        ),
    )
    actual_delivery_date = None
    delivery_method = factory.LazyAttribute(
        lambda o: "INTERNAL_TRANSFER" if o.workflow.egg_source_type == "INTERNAL" else "TRANSPORT"
    )
    water_temp_on_arrival = None
    egg_quality_score = None
    execution_duration_minutes = None
    executed_by = None
    notes = ""

    @factory.post_generation
    def execute(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """On create: refresh the workflow's counters from its actions (``execute=False``
        skips it)."""
        if create and extracted is not False:
            _refresh_creation_totals(obj.workflow)


# ---------------------------------------------------------------------------------------------
# Events and samples.
# ---------------------------------------------------------------------------------------------


def _event_stock(o: Any) -> tuple[int, float, StageInfo]:
    """(fish, weight g, stage) an event draws from: its assignment, else one container's load."""
    if o.assignment is not None:
        return (
            o.assignment.population_count,
            _weight(o.assignment),
            _info(o.assignment.lifecycle_stage),
        )
    info = _info(o.batch.lifecycle_stage)
    return info.fish_per_container, info.typical_weight_g, info


def _event_date(o: Any) -> dt.date:
    start = o.assignment.assignment_date if o.assignment is not None else o.batch.start_date
    return max(start, today() - dt.timedelta(days=randint(0, 14)))


class MortalityEventFactory(AquaFactory):
    """A day's dead fish of a batch (cause UNKNOWN by default), counted from the stage's
    background mortality in ``sim.params``; optional ``assignment=`` (trait
    ``with_assignment``) ties it to a container; traits per cause (``disease``, ``handling``,
    ``predation``, ``environmental``)."""

    class Meta:
        model = "batch.MortalityEvent"

    class Params:
        stock = Derived(
            "(fish, weight, stage) of the assignment, else one container's load", _event_stock
        )
        with_assignment = factory.Trait(
            assignment=factory.SubFactory(BatchContainerAssignmentFactory)
        )
        disease = factory.Trait(cause="DISEASE")
        handling = factory.Trait(cause="HANDLING")
        predation = factory.Trait(cause="PREDATION")
        environmental = factory.Trait(cause="ENVIRONMENTAL")

    assignment = None
    batch = factory.Maybe(
        "assignment",
        factory.SelfAttribute("assignment.batch"),
        factory.SubFactory(BatchFactory),
    )
    event_date = factory.LazyAttribute(_event_date)
    count = factory.LazyAttribute(
        lambda o: max(1, round(o.stock[0] * o.stock[2].daily_mortality * uniform(0.5, 2.0)))
    )
    biomass_kg = factory.LazyAttribute(lambda o: biomass_kg(o.count, o.stock[1]))
    cause = "UNKNOWN"
    description = factory.LazyAttribute(lambda o: pick(MORTALITY_DESCRIPTIONS.get(o.cause, ("",))))


def _sample_date(o: Any) -> dt.date:
    """Weekly: a week after the assignment's last sample (or its start), not after today."""
    first = o.assignment.assignment_date + dt.timedelta(days=params.GROWTH_SAMPLE_INTERVAL_DAYS)
    if o.assignment.pk is not None:
        last = (
            _model("batch.GrowthSample")
            ._default_manager.filter(assignment=o.assignment)
            .order_by("-sample_date")
            .values_list("sample_date", flat=True)
            .first()
        )
        if last is not None:
            first = last + dt.timedelta(days=params.GROWTH_SAMPLE_INTERVAL_DAYS)
    return not_after_today(first)


class GrowthSampleFactory(AquaFactory):
    """A weekly weighing of 30 fish of an assignment (default a Fry tank): mean weight near
    the assignment's, length from Fulton's K of the stage (``sim.params``), spread, min/max
    and K; ``observations=N`` also creates N fish and sets the aggregates from them."""

    class Meta:
        model = "batch.GrowthSample"
        skip_postgeneration_save = True

    class Params:
        info = Derived(
            "facts of the assignment's stage", lambda o: _info(o.assignment.lifecycle_stage)
        )
        k = Derived(
            "the stage's condition factor ±4 %",
            lambda o: _condition_factor(o.info) * uniform(0.96, 1.04),
        )

    assignment = factory.SubFactory(BatchContainerAssignmentFactory)
    sample_date = factory.LazyAttribute(_sample_date)
    sample_size = params.GROWTH_SAMPLE_SIZE
    avg_weight_g = factory.LazyAttribute(lambda o: dec(_weight(o.assignment) * uniform(0.97, 1.03)))
    avg_length_cm = factory.LazyAttribute(
        lambda o: dec(length_for_weight(float(o.avg_weight_g), o.k))
    )
    std_deviation_weight = factory.LazyAttribute(
        lambda o: dec(float(o.avg_weight_g) * uniform(0.12, 0.18))
    )
    std_deviation_length = factory.LazyAttribute(
        lambda o: dec(float(o.avg_length_cm) * uniform(0.04, 0.06))
    )
    min_weight_g = factory.LazyAttribute(lambda o: dec(float(o.avg_weight_g) * uniform(0.75, 0.88)))
    max_weight_g = factory.LazyAttribute(lambda o: dec(float(o.avg_weight_g) * uniform(1.12, 1.3)))
    condition_factor = factory.LazyAttribute(
        lambda o: dec(fulton_k(float(o.avg_weight_g), float(o.avg_length_cm)))
    )
    notes = None

    @factory.post_generation
    def observations(obj: Any, create: bool, extracted: int | None, **kwargs: Any) -> None:
        """``observations=N`` weighs N individual fish and recomputes the sample from them."""
        if not create or not extracted:
            return
        IndividualGrowthObservationFactory.create_batch(extracted, growth_sample=obj, **kwargs)
        _aggregate_sample(obj)


def _aggregate_sample(sample: Any) -> None:
    """The reference's calculate_aggregates: size, weight/length stats, mean K, saved."""
    rows = list(
        _model("batch.IndividualGrowthObservation")
        ._default_manager.filter(growth_sample=sample)
        .values_list("weight_g", "length_cm")
    )
    weights = [float(w) for w, _ in rows]
    lengths = [float(length) for _, length in rows]
    n = len(rows)

    def sd(values: list[float]) -> Decimal | None:
        if len(values) < 2:
            return None
        mean = sum(values) / len(values)
        return dec(math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1)))

    sample.sample_size = n
    sample.avg_weight_g = dec(sum(weights) / n)
    sample.std_deviation_weight = sd(weights)
    sample.min_weight_g = dec(min(weights))
    sample.max_weight_g = dec(max(weights))
    sample.avg_length_cm = dec(sum(lengths) / n)
    sample.std_deviation_length = sd(lengths)
    factors = [fulton_k(w, le) for w, le in zip(weights, lengths, strict=True)]
    sample.condition_factor = dec(sum(factors) / n)
    sample.save()


def _fish_identifier(o: Any) -> str:
    sample = o.growth_sample
    if sample.pk is None:
        return "1"
    manager = _model("batch.IndividualGrowthObservation")._default_manager
    number = manager.filter(growth_sample=sample).count() + 1
    while manager.filter(growth_sample=sample, fish_identifier=str(number)).exists():
        number += 1
    return str(number)


class IndividualGrowthObservationFactory(AquaFactory):
    """One weighed and measured fish of a growth sample, numbered 1, 2, … within it: weight
    within ±15 % of the sample mean, length from the stage's condition factor."""

    class Meta:
        model = "batch.IndividualGrowthObservation"

    class Params:
        info = Derived(
            "facts of the sampled assignment's stage",
            lambda o: _info(o.growth_sample.assignment.lifecycle_stage),
        )

    growth_sample = factory.SubFactory(GrowthSampleFactory)
    fish_identifier = factory.LazyAttribute(_fish_identifier)
    weight_g = factory.LazyAttribute(
        lambda o: dec(float(o.growth_sample.avg_weight_g) * uniform(0.85, 1.15))
    )
    length_cm = factory.LazyAttribute(
        lambda o: dec(
            length_for_weight(float(o.weight_g), _condition_factor(o.info) * uniform(0.9, 1.1))
        )
    )


class BatchMixEventFactory(AquaFactory):
    """Fish of several batches mixed in one container (of the mixed batch's stage) in the
    last month, producing a MIXED batch; no triggering transfer action unless given."""

    class Meta:
        model = "batch.BatchMixEvent"

    mixed_batch = factory.SubFactory(BatchFactory, mixed=True)
    container = factory.SubFactory(
        ContainerFactory,
        stage=factory.LazyAttribute(
            lambda o: _info(o.factory_parent.mixed_batch.lifecycle_stage).name
        ),
    )
    workflow_action = None
    mixed_at = factory.LazyFunction(
        lambda: now() - dt.timedelta(days=randint(0, 30), hours=randint(0, 8))
    )
    notes = factory.LazyAttribute(
        lambda o: f"Batches mixed in {o.container.name} into {o.mixed_batch.batch_number}."
    )


class BatchMixEventComponentFactory(AquaFactory):
    """One source of a mix event: a (closed) assignment of another batch in the mix
    container, with its count, biomass and a 50 % share; trait ``transferred_in`` for the
    incoming fish (vs fish already resident)."""

    class Meta:
        model = "batch.BatchMixEventComponent"

    class Params:
        transferred_in = factory.Trait(is_transferred_in=True)

    mix_event = factory.SubFactory(BatchMixEventFactory)
    source_assignment = factory.SubFactory(
        BatchContainerAssignmentFactory,
        container=factory.SelfAttribute("..mix_event.container"),
        stage=factory.LazyAttribute(
            lambda o: _info(o.factory_parent.mix_event.mixed_batch.lifecycle_stage).name
        ),
        is_active=False,
        departure_date=factory.LazyAttribute(
            lambda o: max(o.assignment_date, o.factory_parent.mix_event.mixed_at.date())
        ),
    )
    source_batch = factory.SelfAttribute("source_assignment.batch")
    population_count = factory.SelfAttribute("source_assignment.population_count")
    biomass_kg = factory.SelfAttribute("source_assignment.biomass_kg")
    percentage = dec(50)
    is_transferred_in = False


# ---------------------------------------------------------------------------------------------
# Derived, recomputable tables.
# ---------------------------------------------------------------------------------------------


def _previous_state(o: Any) -> Any:
    assignment = o.assignment
    if assignment.pk is None:
        return None
    return (
        _model("batch.ActualDailyAssignmentState")
        ._default_manager.filter(assignment=assignment, date__lt=o.date)
        .order_by("-date")
        .first()
    )


def _state_weight(o: Any) -> Decimal:
    prev = o.previous
    if prev is None:
        return dec(_weight(o.assignment))
    days = (o.date - prev.date).days
    return dec(grow(float(prev.avg_weight_g), o.info.tgc, float(o.temp_c), days))


def _state_population(o: Any) -> int:
    prev = o.previous
    if prev is None:
        return o.assignment.population_count
    return max(0, prev.population - prev.mortality_count)


class ActualDailyAssignmentStateFactory(AquaFactory):
    """The derived state of an assignment on one day: successive calls for the same
    assignment give successive days, weight grown by TGC at the day's water temperature and
    population less the previous day's deaths (``sim.params`` TGC, mortality, FCR)."""

    class Meta:
        model = "batch.ActualDailyAssignmentState"

    class Params:
        info = Derived("facts of the stage", lambda o: _info(o.lifecycle_stage))
        previous = Derived("the assignment's state on the latest earlier day", _previous_state)
        anchored = factory.Trait(anchor_type="growth_sample")

    assignment = factory.SubFactory(BatchContainerAssignmentFactory)
    batch = factory.SelfAttribute("assignment.batch")
    container = factory.SelfAttribute("assignment.container")
    lifecycle_stage = factory.SelfAttribute("assignment.lifecycle_stage")
    date = factory.LazyAttribute(
        lambda o: next_free_date(
            _model("batch.ActualDailyAssignmentState"),
            {"assignment": o.assignment},
            "date",
            o.assignment.assignment_date,
        )
    )
    day_number = factory.LazyAttribute(lambda o: max(1, (o.date - o.batch.start_date).days + 1))
    temp_c = factory.LazyAttribute(
        lambda o: dec(_water_temperature(o.info, o.container, o.date) + uniform(-0.3, 0.3))
    )
    avg_weight_g = factory.LazyAttribute(_state_weight)
    population = factory.LazyAttribute(_state_population)
    biomass_kg = factory.LazyAttribute(lambda o: biomass_kg(o.population, o.avg_weight_g))
    mortality_count = factory.LazyAttribute(
        lambda o: round(o.population * o.info.daily_mortality * uniform(0.5, 1.5))
    )
    feed_kg = factory.LazyAttribute(
        lambda o: dec(
            0
            if o.info.tgc <= 0
            else o.population
            * _growth_per_day(o.info, float(o.avg_weight_g), float(o.temp_c))
            * o.info.fcr
            / 1000
        )
    )
    observed_fcr = None
    anchor_type = None
    planned_activity = None
    sources = factory.LazyAttribute(
        lambda o: {
            "weight": "measured" if o.anchor_type else "tgc_model",
            "temperature": "profile" if o.info.is_sea else "sensor",
            "mortality": "actual",
            "feed": "actual",
        }
    )
    confidence_scores = factory.LazyAttribute(
        lambda o: {
            "weight": 1.0 if o.anchor_type else round(uniform(0.6, 0.9), 2),
            "temperature": round(uniform(0.8, 1.0), 2),
            "mortality": 1.0,
            "feed": 1.0,
        }
    )


def _profile_name(container: Any, info: StageInfo) -> str:
    """Name of the temperature profile a projection uses for this container."""
    area = getattr(container, "area", None)
    if area is not None:
        return f"{area.geography.name} Sea Temperature"
    return f"Freshwater {info.temperature_c:g} °C"


class LiveForwardProjectionFactory(AquaFactory):
    """One day of a forward growth projection computed today for an assignment: successive
    calls give successive projection days, weight grown by the stage's TGC at the profile
    temperature plus a small sensor bias, population thinned by background mortality."""

    class Meta:
        model = "batch.LiveForwardProjection"

    class Params:
        info = Derived(
            "facts of the assignment's stage", lambda o: _info(o.assignment.lifecycle_stage)
        )
        horizon = Derived(
            "days from computed_date to projection_date",
            lambda o: (o.projection_date - o.computed_date).days,
        )

    computed_date = factory.LazyFunction(today)
    assignment = factory.SubFactory(BatchContainerAssignmentFactory)
    batch = factory.SelfAttribute("assignment.batch")
    container = factory.SelfAttribute("assignment.container")
    projection_date = factory.LazyAttribute(
        lambda o: next_free_date(
            _model("batch.LiveForwardProjection"),
            {"assignment": o.assignment, "computed_date": o.computed_date},
            "projection_date",
            o.computed_date + _DAY,
        )
    )
    day_number = factory.LazyAttribute(
        lambda o: max(1, (o.projection_date - o.batch.start_date).days + 1)
    )
    temp_bias_c = factory.LazyFunction(lambda: dec(uniform(-0.5, 0.5)))
    temperature_used_c = factory.LazyAttribute(
        lambda o: dec(
            _water_temperature(o.info, o.container, o.projection_date) + float(o.temp_bias_c)
        )
    )
    tgc_value_used = factory.LazyAttribute(lambda o: dec(o.info.tgc, 4))
    projected_weight_g = factory.LazyAttribute(
        lambda o: dec(
            grow(_weight(o.assignment), o.info.tgc, float(o.temperature_used_c), o.horizon)
        )
    )
    projected_population = factory.LazyAttribute(
        lambda o: int(o.assignment.population_count * (1 - o.info.daily_mortality) ** o.horizon)
    )
    projected_biomass_kg = factory.LazyAttribute(
        lambda o: biomass_kg(o.projected_population, o.projected_weight_g)
    )
    temp_profile_id = None
    temp_profile_name = factory.LazyAttribute(lambda o: _profile_name(o.container, o.info))
    temp_bias_window_days = 14
    temp_bias_clamp_min_c = Decimal("-2.00")
    temp_bias_clamp_max_c = Decimal("2.00")


def _days_to_weight(
    weight_g: float, target_g: float, info: StageInfo, container: Any, start: dt.date
) -> int | None:
    """Days of TGC growth from ``weight_g`` until ``target_g``, stage by stage (None if the
    stage does not grow)."""
    days, weight, current = 0, weight_g, info
    while weight < target_g:
        if current.tgc <= 0:
            return None
        temperature = _water_temperature(current, container, start + dt.timedelta(days=days))
        cap = current.weight_max_g if current.name != "Adult" else target_g
        root_gain = current.tgc / 1000 * temperature
        needed = (min(cap, target_g) ** (1 / 3) - weight ** (1 / 3)) / root_gain
        days += max(1, math.ceil(needed))
        weight = min(cap, target_g)
        nxt = next_stage_name(current.name)
        if weight >= target_g or nxt is None:
            break
        current = STAGES[nxt]
    return days


class ContainerForecastSummaryFactory(AquaFactory):
    """The dashboard forecast of an assignment: current state from the assignment, days and
    dates until the transfer weight (its stage's maximum) and the harvest weight (midpoint of
    the ``sim.params`` harvest target range) by TGC growth; flags planning attention within
    30 days."""

    class Meta:
        model = "batch.ContainerForecastSummary"

    class Params:
        info = Derived(
            "facts of the assignment's stage", lambda o: _info(o.assignment.lifecycle_stage)
        )
        weight = Derived(
            "the assignment's weight, else the stage's typical weight",
            lambda o: _weight(o.assignment),
        )

    assignment = factory.SubFactory(BatchContainerAssignmentFactory)
    current_weight_g = factory.LazyAttribute(lambda o: dec(o.weight))
    current_population = factory.SelfAttribute("assignment.population_count")
    current_biomass_kg = factory.LazyAttribute(
        lambda o: biomass_kg(o.current_population, o.current_weight_g)
    )
    state_date = factory.LazyFunction(today)
    state_day_number = factory.LazyAttribute(
        lambda o: max(1, (o.state_date - o.assignment.batch.start_date).days + 1)
    )
    state_confidence = factory.LazyFunction(lambda: dec(uniform(0.7, 0.95)))
    harvest_threshold_g = dec(sum(params.HARVEST_TARGET_KG_RANGE) / 2 * 1000)
    days_to_harvest = factory.LazyAttribute(
        lambda o: _days_to_weight(
            o.weight, float(o.harvest_threshold_g), o.info, o.assignment.container, o.state_date
        )
    )
    projected_harvest_date = factory.LazyAttribute(
        lambda o: (
            o.state_date + dt.timedelta(days=o.days_to_harvest)
            if o.days_to_harvest is not None
            else None
        )
    )
    projected_harvest_weight_g = factory.LazyAttribute(
        lambda o: o.harvest_threshold_g if o.days_to_harvest is not None else None
    )
    transfer_threshold_g = factory.LazyAttribute(
        lambda o: None if o.info.is_sea else dec(o.info.weight_max_g)
    )
    days_to_transfer = factory.LazyAttribute(
        lambda o: (
            None
            if o.transfer_threshold_g is None
            else _days_to_weight(
                o.weight,
                float(o.transfer_threshold_g),
                o.info,
                o.assignment.container,
                o.state_date,
            )
        )
    )
    projected_transfer_date = factory.LazyAttribute(
        lambda o: (
            o.state_date + dt.timedelta(days=o.days_to_transfer)
            if o.days_to_transfer is not None
            else None
        )
    )
    projected_transfer_weight_g = factory.LazyAttribute(
        lambda o: o.transfer_threshold_g if o.days_to_transfer is not None else None
    )
    harvest_variance_days = factory.LazyAttribute(
        lambda o: randint(-10, 10) if o.days_to_harvest is not None else None
    )
    original_harvest_date = factory.LazyAttribute(
        lambda o: (
            o.projected_harvest_date - dt.timedelta(days=o.harvest_variance_days)
            if o.projected_harvest_date is not None
            else None
        )
    )
    has_planned_harvest = False
    has_planned_transfer = False
    needs_planning_attention = factory.LazyAttribute(
        lambda o: any(d is not None and d <= 30 for d in (o.days_to_transfer, o.days_to_harvest))
    )
    temp_profile_name = factory.LazyAttribute(
        lambda o: _profile_name(o.assignment.container, o.info)
    )
    temp_bias_c = factory.LazyFunction(lambda: dec(uniform(-0.5, 0.5)))
    temp_bias_window_days = 14
    computed_date = factory.LazyFunction(today)
