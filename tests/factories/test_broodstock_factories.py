"""Broodstock factories: fish in broodstock tanks, breeding plans and pairs, eggs, suppliers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from pytest_aquadata.factories.batch import BatchCreationWorkflowFactory
from pytest_aquadata.factories.broodstock import (
    BatchParentageFactory,
    BreedingPairFactory,
    BreedingPlanFactory,
    BreedingTraitPriorityFactory,
    BroodstockFishFactory,
    EggProductionFactory,
    EggSupplierFactory,
    ExternalEggBatchFactory,
    FishMovementFactory,
    MaintenanceTaskFactory,
    maintenance_schedule,
)
from pytest_aquadata.factories.values import now, today
from pytest_aquadata.reference.batches import EGGS_PER_BATCH
from pytest_aquadata.reference.broodstock import (
    BREEDING_TRAIT_WEIGHTS,
    BROODSTOCK_WEIGHT_KG,
    EGGS_PER_KG_FEMALE,
    MAINTENANCE_AHEAD_DAYS,
    MAINTENANCE_COMPLETION_DELAY,
    MAINTENANCE_HISTORY_DAYS,
    MAINTENANCE_INTERVAL_DAYS,
    SPAWNING_START,
)

pytestmark = pytest.mark.django_db


def model(label: str):
    return apps.get_model(label)


def test_broodstock_live_in_a_broodstock_station() -> None:
    fish = BroodstockFishFactory(female=True)
    station = fish.container.hall.freshwater_station
    assert station.station_type == "BROODSTOCK"
    assert fish.traits["sex"] == "female"
    low, high = BROODSTOCK_WEIGHT_KG
    assert low <= fish.traits["weight_kg"] <= high
    assert 60 < fish.traits["length_cm"] < 100
    assert fish.health_status == "healthy"
    assert BroodstockFishFactory(male=True, sick=True).traits["sex"] == "male"


def test_fish_movement_moves_the_fish_within_its_hall() -> None:
    movement = FishMovementFactory()
    fish = model("broodstock.BroodstockFish").objects.get(pk=movement.fish.pk)
    assert fish.container == movement.to_container != movement.from_container
    assert movement.to_container.hall == movement.from_container.hall
    assert movement.movement_date <= now()
    kept = FishMovementFactory(apply=False)
    kept.fish.refresh_from_db()
    assert kept.fish.container == kept.from_container


def test_breeding_pair_is_male_by_female_inside_the_plan_season() -> None:
    pair = BreedingPairFactory(spawned=True)
    assert pair.male_fish.traits["sex"] == "male"
    assert pair.female_fish.traits["sex"] == "female"
    assert pair.plan.start_date <= pair.pairing_date <= pair.plan.end_date
    weight = pair.female_fish.traits["weight_kg"]
    low, high = EGGS_PER_KG_FEMALE
    assert weight * low - 1 <= pair.progeny_count <= weight * high + 1


def test_breeding_plan_seasons_and_priorities() -> None:
    plan = BreedingPlanFactory(trait_priorities=True)
    past = BreedingPlanFactory(past=True)
    upcoming = BreedingPlanFactory(upcoming=True)
    assert past.start_date.year == plan.start_date.year - 1
    assert upcoming.start_date.year == plan.start_date.year + 1
    assert not past.is_active
    assert (plan.start_date.month, plan.start_date.day) == SPAWNING_START
    weights = dict(plan.trait_priorities.values_list("trait_name", "priority_weight"))
    assert weights == dict(BREEDING_TRAIT_WEIGHTS)


def test_trait_priorities_take_the_next_free_trait() -> None:
    plan = BreedingPlanFactory()
    rows = BreedingTraitPriorityFactory.create_batch(4, plan=plan)
    assert sorted(r.trait_name for r in rows) == sorted(BREEDING_TRAIT_WEIGHTS)


def test_internal_eggs_come_from_a_pair() -> None:
    eggs = EggProductionFactory()
    assert eggs.source_type == "internal" and eggs.pair is not None
    assert eggs.egg_count == eggs.pair.progeny_count
    assert eggs.egg_batch_id.startswith("EGG-FI-")
    eggs.pair = None
    with pytest.raises(ValidationError):
        eggs.full_clean()


def test_external_eggs_have_a_supplier_lot_and_no_pair() -> None:
    eggs = EggProductionFactory(external=True)
    assert eggs.pair is None and eggs.source_type == "external"
    low, high = EGGS_PER_BATCH
    assert low <= eggs.egg_count <= high
    lot = model("broodstock.ExternalEggBatch").objects.get(egg_production=eggs)
    assert lot.supplier.name == "AquaGen AS"
    assert "AquaGen" in lot.provenance_data


def test_two_supplier_lots_share_one_supplier() -> None:
    ExternalEggBatchFactory()
    ExternalEggBatchFactory()
    EggSupplierFactory()
    assert model("broodstock.EggSupplier").objects.count() == 1
    assert model("broodstock.ExternalEggBatch").objects.count() == 2
    iceland = EggSupplierFactory(stofnfiskur=True)
    assert "Iceland" in iceland.contact_details and iceland.contact_details.count("+354") == 1


def test_egg_batch_ids_are_unique() -> None:
    ids = {e.egg_batch_id for e in EggProductionFactory.create_batch(3)}
    assert len(ids) == 3


def test_batch_parentage_links_eggs_to_an_egg_batch() -> None:
    link = BatchParentageFactory()
    assert link.batch.lifecycle_stage.name == "Egg&Alevin"
    assert link.assignment_date.date() == link.batch.start_date
    BatchParentageFactory(batch=link.batch)
    assert link.batch.parentage.count() == 2


def test_creation_workflow_of_own_eggs_uses_the_broodstock_factories() -> None:
    workflow = BatchCreationWorkflowFactory(internal=True)
    workflow.full_clean()
    assert workflow.egg_production.source_type == "internal"
    external = BatchCreationWorkflowFactory()
    assert external.external_supplier.name == "AquaGen AS"


def test_maintenance_task_states() -> None:
    task = MaintenanceTaskFactory()
    assert task.task_type == "inspection" and not task.is_overdue
    assert task.container.hall.freshwater_station.station_type == "BROODSTOCK"
    done = MaintenanceTaskFactory(completed=True, repair=True)
    assert done.completed_date > done.scheduled_date and not done.is_overdue
    assert "valve" in done.notes
    assert MaintenanceTaskFactory(overdue=True).is_overdue


def test_maintenance_schedule_completes_past_tasks_and_leaves_some_overdue() -> None:
    tanks = [BroodstockFishFactory().container for _ in range(4)]
    tasks = [t for tank in tanks for t in maintenance_schedule(tank)]
    first = today() - dt.timedelta(days=MAINTENANCE_HISTORY_DAYS)
    last = today() + dt.timedelta(days=MAINTENANCE_AHEAD_DAYS)
    assert {t.task_type for t in tasks} == set(MAINTENANCE_INTERVAL_DAYS)
    assert all(first <= t.scheduled_date.date() <= last for t in tasks)
    past = [t for t in tasks if t.scheduled_date.date() < today()]
    future = [t for t in tasks if t.scheduled_date.date() >= today()]
    assert future and all(t.completed_date is None for t in future)
    done = [t for t in past if t.completed_date is not None]
    overdue = [t for t in past if t.completed_date is None]
    assert len(done) >= 0.8 * len(past) and overdue  # mostly done, a few left behind
    assert all(t.is_overdue for t in overdue)
    for t in done:
        assert t.scheduled_date < t.completed_date <= now()
        assert (t.completed_date - t.scheduled_date).days <= max(
            d for d, _ in MAINTENANCE_COMPLETION_DELAY
        )
    assert any(t.completed_date.date() > t.scheduled_date.date() for t in done)
