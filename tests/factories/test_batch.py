"""Batch factories: stages, assignments, workflows, events and derived tables."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.apps import apps
from django.db.models import Sum

from pytest_aquadata.factories.batch import (
    ActualDailyAssignmentStateFactory,
    BatchCompositionFactory,
    BatchContainerAssignmentFactory,
    BatchCreationWorkflowFactory,
    BatchFactory,
    BatchMixEventComponentFactory,
    BatchTransferWorkflowFactory,
    ContainerForecastSummaryFactory,
    CreationActionFactory,
    GrowthSampleFactory,
    IndividualGrowthObservationFactory,
    LifeCycleStageFactory,
    LiveForwardProjectionFactory,
    MortalityEventFactory,
    SpeciesFactory,
    TransferActionFactory,
)
from pytest_aquadata.factories.values import today
from pytest_aquadata.sim import params

pytestmark = pytest.mark.django_db

STAGE_CONTAINER = {
    "Egg&Alevin": "Incubation Trays",
    "Fry": "Small Tanks-Fry",
    "Parr": "Medium Tanks-Parr",
    "Smolt": "Large Tanks-Smolt",
    "Post-Smolt": "Pre-Transfer Tanks-Post-Smolt",
    "Adult": "Sea Rings",
}


def model(label: str):
    return apps.get_model(label)


def biomass(population: int, weight: Decimal | None) -> Decimal:
    # Half-up, as DecimalField rounding and the reference's biomass rule (derive.quantize).
    return (Decimal(population) * Decimal(weight) / 1000).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def test_two_batches_share_one_species_and_one_stage() -> None:
    BatchFactory()
    BatchFactory()
    assert model("batch.Species").objects.count() == 1
    assert model("batch.LifeCycleStage").objects.filter(name="Fry").count() == 1
    species = model("batch.Species").objects.get()
    assert (species.name, species.scientific_name) == ("Atlantic Salmon", "Salmo salar")


def test_other_species_get_their_scientific_name() -> None:
    assert SpeciesFactory(name="Lumpfish").scientific_name == "Cyclopterus lumpus"
    assert model("batch.Species").objects.count() == 1


@pytest.mark.parametrize("stage", params.STAGES, ids=lambda s: s.name)
def test_stage_rows_follow_the_sim_stage_table(stage) -> None:
    row = LifeCycleStageFactory(name=stage.name)
    assert row.order == stage.order
    assert row.expected_weight_min_g == Decimal(str(stage.weight_min_g)).quantize(Decimal("0.01"))
    assert row.expected_weight_max_g == Decimal(str(stage.weight_max_g)).quantize(Decimal("0.01"))
    assert row.typical_duration_days == stage.typical_duration_days
    assert row.expected_length_min_cm < row.expected_length_max_cm


def test_all_six_stages_make_one_ordered_ladder() -> None:
    for name in params.STAGE_NAMES:
        LifeCycleStageFactory(name=name)
    LifeCycleStageFactory(parr=True)
    stages = model("batch.LifeCycleStage").objects.order_by("order")
    assert [s.name for s in stages] == list(params.STAGE_NAMES)
    assert len({s.species_id for s in stages}) == 1


def test_custom_stage_names_get_a_free_order() -> None:
    LifeCycleStageFactory(name="Fry")
    custom = LifeCycleStageFactory(name="Grilse")
    assert custom.order >= 100 and custom.expected_weight_min_g is None


@pytest.mark.parametrize("stage", params.STAGE_NAMES)
def test_batch_at_a_stage_is_dated_into_that_stage(stage: str) -> None:
    batch = BatchFactory(stage=stage)
    assert batch.lifecycle_stage.name == stage
    assert batch.status == "ACTIVE"
    info = params.STAGE_BY_NAME[stage]
    days_before = sum(s.typical_duration_days for s in params.STAGES if s.order < info.order)
    age = (today() - batch.start_date).days
    assert days_before < age <= days_before + info.typical_duration_days
    assert batch.batch_number.startswith(f"FI-{batch.start_date.year}-")


def test_stage_traits_and_status_traits() -> None:
    assert BatchFactory(smolt=True).lifecycle_stage.name == "Smolt"
    planned = BatchFactory(planned=True)
    assert planned.status == "PLANNED" and planned.start_date > today()
    done = BatchFactory(completed=True)
    assert done.status == "COMPLETED" and done.lifecycle_stage.name == "Adult"
    assert done.start_date < done.actual_end_date < today()
    mixed = BatchFactory(mixed=True)
    assert mixed.batch_type == "MIXED" and mixed.batch_number.startswith("MIX-")


def test_generated_batch_numbers_step_past_taken_ones() -> None:
    built = BatchFactory.build()
    BatchFactory(batch_number=built.batch_number)
    BatchFactory.reset_sequence(BatchFactory._meta.next_sequence() - 1)
    again = BatchFactory(start_date=built.start_date)
    assert again.batch_number != built.batch_number
    assert model("batch.Batch").objects.count() == 2


@pytest.mark.parametrize("stage", params.STAGE_NAMES)
def test_assignment_fits_its_stage_and_container(stage: str) -> None:
    bca = BatchContainerAssignmentFactory(stage=stage)
    info = params.STAGE_BY_NAME[stage]
    assert bca.lifecycle_stage.name == stage == bca.batch.lifecycle_stage.name
    assert bca.container.container_type.name == STAGE_CONTAINER[stage]
    assert info.weight_min_g <= bca.avg_weight_g <= info.weight_max_g
    assert bca.biomass_kg == biomass(bca.population_count, bca.avg_weight_g)
    assert 0 < bca.biomass_kg <= bca.container.max_biomass_kg
    assert bca.assignment_date >= bca.batch.start_date
    bca.refresh_from_db()
    assert bca.biomass_kg == biomass(bca.population_count, bca.avg_weight_g)


@pytest.mark.parametrize("stage", params.STAGE_NAMES)
def test_built_assignment_carries_its_own_biomass(stage: str) -> None:
    # build(): no model save() may fill biomass_kg in, as on a host schema without one.
    bca = BatchContainerAssignmentFactory.build(stage=stage)
    assert bca.biomass_kg == biomass(bca.population_count, bca.avg_weight_g)
    assert 0 < bca.biomass_kg <= bca.container.max_biomass_kg


def test_assignment_biomass_from_given_count_and_weight() -> None:
    bca = BatchContainerAssignmentFactory(population_count=10_000, avg_weight_g=250)
    assert bca.biomass_kg == Decimal("2500.00")


def test_departed_assignment() -> None:
    bca = BatchContainerAssignmentFactory(departed=True, stage="Parr")
    assert not bca.is_active
    assert bca.assignment_date < bca.departure_date <= today()


def test_several_assignments_of_one_batch() -> None:
    batch = BatchFactory(stage="Parr")
    rows = BatchContainerAssignmentFactory.create_batch(3, batch=batch)
    assert {r.lifecycle_stage_id for r in rows} == {batch.lifecycle_stage_id}
    assert len({r.container_id for r in rows}) == 3
    assert batch.calculated_population_count == sum(r.population_count for r in rows)


def test_composition_is_consistent() -> None:
    row = BatchCompositionFactory()
    assert row.mixed_batch.batch_type == "MIXED"
    assert row.source_batch.batch_type == "STANDARD"
    assert row.source_batch.lifecycle_stage_id == row.mixed_batch.lifecycle_stage_id
    assert row.population_count > 0 and row.biomass_kg > 0


# -- transfer workflows ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "dest"),
    [
        ("Egg&Alevin", "Fry"),
        ("Fry", "Parr"),
        ("Parr", "Smolt"),
        ("Smolt", "Post-Smolt"),
        ("Post-Smolt", "Adult"),
    ],
)
def test_completed_transfer_moves_the_fish(stage: str, dest: str) -> None:
    workflow = BatchTransferWorkflowFactory(stage=stage, completed=True)
    workflow.refresh_from_db()
    actions = list(workflow.actions.select_related("source_assignment", "dest_assignment"))
    assert len(actions) == 3
    assert workflow.status == "COMPLETED" and workflow.dest_lifecycle_stage.name == dest
    assert workflow.total_actions_planned == workflow.actions_completed == 3
    moved = sum(a.transferred_count for a in actions)
    dead = sum(a.mortality_during_transfer for a in actions)
    assert workflow.total_transferred_count == moved
    assert workflow.total_mortality_count == dead
    assert workflow.total_source_count == moved + dead
    assert workflow.total_biomass_kg == sum(a.transferred_biomass_kg for a in actions)
    for action in actions:
        action.full_clean()
        assert action.status == "COMPLETED"
        assert not action.source_assignment.is_active
        assert action.source_assignment.departure_date == action.actual_execution_date
        dest_bca = action.dest_assignment
        assert dest_bca.is_active and dest_bca.lifecycle_stage.name == dest
        assert dest_bca.population_count == action.transferred_count
        assert dest_bca.container_id == action.dest_container_id
        assert dest_bca.container.container_type.name == STAGE_CONTAINER[dest]
        assert workflow.actual_start_date <= action.actual_execution_date <= today()
    assert workflow.actual_completion_date == max(a.actual_execution_date for a in actions)
    batch = workflow.batch
    batch.refresh_from_db()
    assert batch.lifecycle_stage.name == dest
    assert batch.calculated_population_count == moved
    handling = model("batch.MortalityEvent").objects.filter(batch=batch, cause="HANDLING")
    assert handling.aggregate(n=Sum("count"))["n"] == dead


def test_sea_transfer_is_dynamic_intercompany_and_lands_in_one_area() -> None:
    workflow = BatchTransferWorkflowFactory(stage="Post-Smolt", completed=True)
    workflow.refresh_from_db()
    assert workflow.is_dynamic_execution
    assert workflow.dynamic_route_mode == "DIRECT_STATION_TO_VESSEL"
    assert (workflow.is_intercompany, workflow.source_subsidiary, workflow.dest_subsidiary) == (
        True,
        "FW",
        "FM",
    )
    assert workflow.dynamic_completed_by_id == workflow.completed_by_id is not None
    rings = [a.dest_container for a in workflow.actions.all()]
    assert len({r.area_id for r in rings}) == 1
    stations = {
        a.source_assignment.container.hall.freshwater_station for a in workflow.actions.all()
    }
    assert {s.geography_id for s in stations} == {rings[0].area.geography_id}
    assert all(a.created_via == "DYNAMIC_LIVE" for a in workflow.actions.all())
    assert Decimal("99") < workflow.completion_percentage <= Decimal("100")


def test_freshwater_transfer_stays_in_the_station() -> None:
    workflow = BatchTransferWorkflowFactory(stage="Parr", completed=True)
    stations = set()
    for action in workflow.actions.select_related("source_assignment__container__hall"):
        stations.add(action.source_assignment.container.hall.freshwater_station_id)
        stations.add(action.dest_container.hall.freshwater_station_id)
        assert action.dest_container.hall.name.endswith("-Hall-D")
    assert len(stations) == 1
    assert not workflow.is_dynamic_execution and not workflow.is_intercompany


def test_transfers_chain_through_the_batch_assignments() -> None:
    first = BatchTransferWorkflowFactory(stage="Fry", completed=True, actions=4)
    second = BatchTransferWorkflowFactory(batch=first.batch, completed=True)
    assert second.source_lifecycle_stage.name == "Parr"
    assert second.actions.count() == 4
    assert second.total_source_count == first.total_transferred_count


def test_draft_and_in_progress_workflows() -> None:
    draft = BatchTransferWorkflowFactory()
    assert draft.status == "DRAFT" and draft.actions.count() == 0
    assert draft.planned_start_date > today() - dt.timedelta(days=1)
    planned = BatchTransferWorkflowFactory(planned=True, actions=2)
    assert [a.status for a in planned.actions.all()] == ["PENDING", "PENDING"]
    assert planned.total_actions_planned == 2 and planned.completion_percentage == 0
    running = BatchTransferWorkflowFactory(in_progress=True, stage="Parr")
    assert sorted(a.status for a in running.actions.all()) == ["COMPLETED", "COMPLETED", "PENDING"]
    assert running.actions_completed == 2 and running.actual_completion_date is None


def test_redistribution_keeps_the_stage() -> None:
    workflow = BatchTransferWorkflowFactory(redistribution=True, stage="Smolt", completed=True)
    assert workflow.dest_lifecycle_stage is None
    for action in workflow.actions.all():
        assert action.dest_assignment.lifecycle_stage.name == "Smolt"


def test_standalone_transfer_action() -> None:
    action = TransferActionFactory()
    assert action.status == "PENDING" and action.dest_assignment is None
    assert action.source_assignment.batch_id == action.workflow.batch_id
    assert action.transferred_count == action.source_population_before
    assert action.workflow.total_actions_planned == 1
    second = TransferActionFactory(workflow=action.workflow)
    assert second.action_number == 2


# -- creation workflows -----------------------------------------------------------------------


def test_draft_creation_workflow_plans_a_batch_from_external_eggs() -> None:
    workflow = BatchCreationWorkflowFactory()
    workflow.full_clean()
    assert (
        workflow.batch.status == "PLANNED" and workflow.batch.lifecycle_stage.name == "Egg&Alevin"
    )
    assert workflow.egg_source_type == "EXTERNAL" and workflow.external_supplier is not None
    assert workflow.egg_production is None
    assert 3_000_000 <= workflow.total_eggs_planned <= 3_800_000
    assert workflow.planned_start_date == workflow.batch.start_date > today()


def test_internal_creation_workflow_links_an_egg_production() -> None:
    workflow = BatchCreationWorkflowFactory(internal=True)
    workflow.full_clean()
    assert workflow.egg_source_type == "INTERNAL"
    assert workflow.egg_production is not None and workflow.external_supplier is None


def test_completed_creation_fills_trays_and_activates_the_batch() -> None:
    workflow = BatchCreationWorkflowFactory(completed=True)
    workflow.refresh_from_db()
    actions = list(workflow.actions.select_related("dest_assignment__container"))
    per_tray = params.CONTAINER_KINDS["tray"].max_fish
    assert len(actions) == -(-workflow.total_eggs_planned // per_tray)
    assert sum(a.egg_count_planned for a in actions) == workflow.total_eggs_planned
    received = sum(a.egg_count_actual for a in actions)
    doa = sum(a.mortality_on_arrival for a in actions)
    assert received + doa == workflow.total_eggs_planned
    assert (workflow.total_eggs_received, workflow.total_mortality_on_arrival) == (received, doa)
    assert workflow.progress_percentage == Decimal("100.00")
    assert workflow.batch.status == "ACTIVE"
    assert workflow.batch.calculated_population_count == received
    halls = {a.dest_assignment.container.hall_id for a in actions}
    assert len(halls) == 1
    for action in actions:
        action.full_clean()
        tray = action.dest_assignment
        assert tray.is_active and tray.population_count == action.egg_count_actual
        assert tray.container.container_type.name == "Incubation Trays"
        assert tray.population_count <= per_tray


def test_pending_creation_action_has_an_empty_tray() -> None:
    action = CreationActionFactory()
    assert action.status == "PENDING" and action.egg_count_actual is None
    assert not action.dest_assignment.is_active and action.dest_assignment.population_count == 0
    assert action.workflow.total_actions == 1


# -- events and samples -----------------------------------------------------------------------


def test_mortality_event_defaults_and_assignment_link() -> None:
    event = MortalityEventFactory()
    assert event.assignment is None and event.cause == "UNKNOWN" and event.count >= 1
    linked = MortalityEventFactory(with_assignment=True, disease=True)
    assert linked.batch_id == linked.assignment.batch_id and linked.cause == "DISEASE"
    assert linked.count < linked.assignment.population_count * 0.01
    assert linked.biomass_kg == biomass(linked.count, linked.assignment.avg_weight_g)
    bca = BatchContainerAssignmentFactory(stage="Adult")
    assert MortalityEventFactory(assignment=bca).batch_id == bca.batch_id


def test_growth_sample_with_observations_aggregates_them() -> None:
    sample = GrowthSampleFactory(observations=30)
    sample.refresh_from_db()
    fish = list(sample.individual_observations.all())
    assert sample.sample_size == len(fish) == 30
    weights = [f.weight_g for f in fish]
    assert sample.min_weight_g == min(weights) and sample.max_weight_g == max(weights)
    assert abs(sample.avg_weight_g - sum(weights) / 30) <= Decimal("0.01")
    assert sorted(int(f.fish_identifier) for f in fish) == list(range(1, 31))
    assert Decimal("0.8") < sample.condition_factor < Decimal("1.4")


def test_growth_samples_are_weekly() -> None:
    bca = BatchContainerAssignmentFactory(stage="Parr")
    first, second = GrowthSampleFactory.create_batch(2, assignment=bca)
    assert first.sample_date <= second.sample_date <= today()
    assert abs(first.avg_weight_g - bca.avg_weight_g) <= bca.avg_weight_g * Decimal("0.03") + 1
    obs = IndividualGrowthObservationFactory(growth_sample=first)
    assert obs.fish_identifier == "1"


def test_mix_event_component_is_a_resident_batch() -> None:
    component = BatchMixEventComponentFactory()
    component.full_clean()
    source = component.source_assignment
    assert source.container_id == component.mix_event.container_id
    assert source.batch_id == component.source_batch_id != component.mix_event.mixed_batch_id
    assert not source.is_active
    assert component.biomass_kg == source.biomass_kg


def test_daily_states_are_successive_days_of_growth() -> None:
    bca = BatchContainerAssignmentFactory(stage="Smolt")
    states = ActualDailyAssignmentStateFactory.create_batch(5, assignment=bca)
    dates = [s.date for s in states]
    assert dates == [bca.assignment_date + dt.timedelta(days=i) for i in range(5)]
    weights = [s.avg_weight_g for s in states]
    assert weights == sorted(weights) and weights[-1] > weights[0]
    for prev, state in zip(states, states[1:], strict=False):
        assert state.population == prev.population - prev.mortality_count
        assert state.day_number == prev.day_number + 1
    for state in states:
        assert state.biomass_kg == biomass(state.population, state.avg_weight_g)
        assert state.feed_kg > 0


def test_live_projection_days_follow_each_other() -> None:
    bca = BatchContainerAssignmentFactory(stage="Adult")
    days = LiveForwardProjectionFactory.create_batch(3, assignment=bca)
    assert [d.projection_date - d.computed_date for d in days] == [
        dt.timedelta(days=i) for i in (1, 2, 3)
    ]
    assert days[0].projected_weight_g < days[2].projected_weight_g
    assert days[0].temp_profile_name.endswith("Sea Temperature")


def test_forecast_summary_thresholds() -> None:
    fry = ContainerForecastSummaryFactory(assignment__stage="Fry")
    assert fry.transfer_threshold_g == Decimal("6.00")
    assert 0 <= fry.days_to_transfer < fry.days_to_harvest
    assert fry.projected_transfer_date == fry.state_date + dt.timedelta(days=fry.days_to_transfer)
    adult = ContainerForecastSummaryFactory(assignment__stage="Adult")
    assert adult.transfer_threshold_g is None and adult.days_to_harvest is not None


@pytest.mark.parametrize(
    ("stage", "dynamic"), [("Fry", False), ("Smolt", True), ("Post-Smolt", True), ("Adult", False)]
)
def test_built_workflow_infers_dynamic_execution_itself(stage: str, dynamic: bool) -> None:
    # build(): the bundled model infers it on save, a host model may not.
    workflow = BatchTransferWorkflowFactory.build(stage=stage)
    assert workflow.is_dynamic_execution is dynamic
    assert (workflow.dynamic_route_mode is not None) is dynamic
