"""A sample of the reference schema's constraints really exists in the database.

Rows go in through ``QuerySet.bulk_create`` or raw updates so that no model ``save()`` or
``clean()`` logic can stand in for the database: only the database can refuse them here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

pytestmark = pytest.mark.django_db


def model(label: str):
    return apps.get_model(label)


def geography(name: str = "Faroe Islands"):
    return model("infrastructure.Geography").objects.create(name=name)


def hall():
    geo = geography()
    station = model("infrastructure.FreshwaterStation").objects.create(
        name="S-FW-01",
        station_type="FRESHWATER",
        geography=geo,
        latitude=Decimal("62.0"),
        longitude=Decimal("-6.8"),
    )
    return model("infrastructure.Hall").objects.create(name="Hall A", freshwater_station=station)


def area(geo=None):
    geo = geo or geography("Scotland")
    return model("infrastructure.Area").objects.create(
        name="Loch A",
        geography=geo,
        latitude=Decimal("56.5"),
        longitude=Decimal("-5.5"),
        max_biomass=Decimal("3000000"),
    )


def container_type(name: str = "Small Tank"):
    return model("infrastructure.ContainerType").objects.create(
        name=name, category="TANK", max_volume_m3=Decimal("100")
    )


def container_row(**where):
    Container = model("infrastructure.Container")
    return Container(
        name="T-01",
        container_type=where.pop("ctype", None) or container_type(),
        volume_m3=Decimal("100"),
        max_biomass_kg=Decimal("5000"),
        **where,
    )


def batch_setup():
    Species = model("batch.Species")
    species = Species.objects.create(name="Atlantic Salmon", scientific_name="Salmo salar")
    stage = model("batch.LifeCycleStage").objects.create(name="Fry", species=species, order=2)
    batch = model("batch.Batch").objects.create(
        batch_number="FI-2026-001",
        species=species,
        lifecycle_stage=stage,
        start_date=dt.date(2026, 1, 5),
    )
    return batch, stage


def integrity_error(fn) -> bool:
    try:
        with transaction.atomic():
            fn()
    except IntegrityError:
        return True
    return False


def test_unique_column_is_enforced() -> None:
    geography("Scotland")
    Geography = model("infrastructure.Geography")
    assert integrity_error(lambda: Geography.objects.bulk_create([Geography(name="Scotland")]))


def test_container_must_be_in_exactly_one_place() -> None:
    Container = model("infrastructure.Container")
    h, a = hall(), area()
    assert integrity_error(lambda: Container.objects.bulk_create([container_row(hall=h, area=a)]))
    assert integrity_error(lambda: Container.objects.bulk_create([container_row()]))
    Container.objects.bulk_create([container_row(hall=h)])
    assert Container.objects.count() == 1


def test_feed_container_in_hall_xor_area() -> None:
    FeedContainer = model("infrastructure.FeedContainer")
    required = {
        f.name
        for f in FeedContainer._meta.local_fields
        if not f.null
        and not f.has_default()
        and not f.primary_key
        and not f.blank
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    }
    assert required == {"name", "container_type", "capacity_kg"}
    h, a = hall(), area()
    row = {"name": "Silo A1", "capacity_kg": Decimal("20000"), "container_type": "SILO"}
    both = FeedContainer(hall=h, area=a, **row)
    assert integrity_error(lambda: FeedContainer.objects.bulk_create([both]))
    FeedContainer.objects.bulk_create([FeedContainer(area=a, **row)])


def test_partial_unique_active_assignment() -> None:
    batch, stage = batch_setup()
    BCA = model("batch.BatchContainerAssignment")
    tank = container_row(hall=hall())
    tank.save()
    common = {
        "batch": batch,
        "container": tank,
        "lifecycle_stage": stage,
        "population_count": 1000,
        "biomass_kg": Decimal("1.00"),
        "assignment_date": dt.date(2026, 3, 1),
    }
    BCA.objects.bulk_create([BCA(is_active=True, **common)])
    assert integrity_error(lambda: BCA.objects.bulk_create([BCA(is_active=True, **common)]))
    # Inactive (historical) rows of the same batch and container are allowed.
    BCA.objects.bulk_create([BCA(is_active=False, **common), BCA(is_active=False, **common)])
    assert BCA.objects.filter(batch=batch, container=tank).count() == 3


def test_unique_together_is_enforced() -> None:
    batch, stage = batch_setup()
    Stage = model("batch.LifeCycleStage")
    dup = Stage(name="Fry (copy)", species=stage.species, order=stage.order)
    assert integrity_error(lambda: Stage.objects.bulk_create([dup]))


def test_foreign_keys_are_checked_by_the_database() -> None:
    Hall = model("infrastructure.Hall")

    def dangling() -> None:
        Hall.objects.bulk_create([Hall(name="Orphan", freshwater_station_id=987654321)])
        # Both backends defer FK checks to commit; ask for them now.
        connection.check_constraints(table_names=[Hall._meta.db_table])

    assert integrity_error(dangling)


def test_protect_and_cascade_on_delete() -> None:
    Container = model("infrastructure.Container")
    h = hall()
    tank = container_row(hall=h)
    tank.save()
    with pytest.raises(ProtectedError):
        tank.container_type.delete()
    h.delete()  # Container.hall is CASCADE
    assert not Container.objects.filter(pk=tank.pk).exists()


def test_set_null_on_delete() -> None:
    h = hall()
    parent = container_row(hall=h, hierarchy_role="STRUCTURAL")  # clean(): parents are racks
    parent.save()
    child = container_row(hall=h, ctype=parent.container_type)
    child.parent_container = parent
    child.save()
    parent.delete()  # Container.parent_container is SET_NULL
    child.refresh_from_db()
    assert child.parent_container_id is None
