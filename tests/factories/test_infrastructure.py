"""Infrastructure factories: lookup tables, locations, container kinds, names."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from pytest_aquadata.factories.infrastructure import (
    AreaFactory,
    AreaGroupFactory,
    ContainerFactory,
    ContainerTypeFactory,
    FeedContainerFactory,
    FreshwaterStationFactory,
    GeographyFactory,
    HallFactory,
    SensorFactory,
    TransportCarrierFactory,
)
from pytest_aquadata.sim import params

pytestmark = pytest.mark.django_db


def model(label: str):
    return apps.get_model(label)


def location(container) -> tuple[bool, bool, bool]:
    return (
        container.hall_id is not None,
        container.area_id is not None,
        container.carrier_id is not None,
    )


def test_geography_is_got_or_created_on_name() -> None:
    GeographyFactory()
    GeographyFactory()
    GeographyFactory(scotland=True)
    names = sorted(model("infrastructure.Geography").objects.values_list("name", flat=True))
    assert names == ["Faroe Islands", "Scotland"]


def test_stations_and_areas_share_the_default_geography() -> None:
    station = FreshwaterStationFactory()
    area = AreaFactory()
    assert station.geography_id == area.geography_id
    assert model("infrastructure.Geography").objects.count() == 1


@pytest.mark.parametrize(
    ("geography", "lat", "lon"),
    [("Faroe Islands", (61.3, 62.4), (-7.5, -6.3)), ("Scotland", (55.4, 58.4), (-7.4, -3.9))],
)
def test_sites_lie_in_their_geography(geography: str, lat, lon) -> None:
    geo = GeographyFactory(name=geography)
    prefix = "FI" if geography == "Faroe Islands" else "S"
    for obj in [
        *AreaFactory.create_batch(5, geography=geo),
        FreshwaterStationFactory(geography=geo),
    ]:
        assert lat[0] <= obj.latitude <= lat[1], obj.name
        assert lon[0] <= obj.longitude <= lon[1], obj.name
        assert obj.name.startswith(f"{prefix}-")
        assert obj.latitude.as_tuple().exponent == -6


def test_area_groups_use_the_legacy_region_names() -> None:
    # The first round of the sequence (a whole farm layout built earlier in this process has
    # used the names already, and later rounds number them "LOCH FYNE 2", …).
    AreaGroupFactory.reset_sequence()
    names = {g.name for g in AreaGroupFactory.create_batch(3, scotland=True)}
    assert names <= {
        "LOCH FYNE",
        "LEWIS North",
        "LEWIS South",
        "HARRIS",
        "BENBECULA",
        "SKYE AND MAINLAND",
        "STRIVEN,ARRAN,MULL,GIGHA",
    }
    assert len(names) == 3


@pytest.mark.parametrize(
    ("stage", "letter"),
    [("Egg&Alevin", "A"), ("Fry", "B"), ("Parr", "C"), ("Smolt", "D"), ("Post-Smolt", "E")],
)
def test_hall_per_freshwater_stage(stage: str, letter: str) -> None:
    hall = HallFactory(stage=stage)
    assert hall.name == f"{hall.freshwater_station.name}-Hall-{letter}"


def test_no_hall_for_the_sea_stage() -> None:
    with pytest.raises(ValueError, match="Adult"):
        HallFactory(stage="Adult")


def test_unknown_stage_names_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match="Grilse.*Egg&Alevin, Fry, Parr"):
        ContainerFactory(stage="Grilse")


def test_container_types_are_not_duplicated() -> None:
    ContainerFactory.create_batch(3)
    ContainerTypeFactory(stage="Fry")
    assert model("infrastructure.ContainerType").objects.filter(name="Small Tanks-Fry").count() == 1


@pytest.mark.parametrize(
    ("kwargs", "type_name", "category", "where"),
    [
        ({}, "Small Tanks-Fry", "TANK", (True, False, False)),
        ({"tank": True}, "Small Tanks-Fry", "TANK", (True, False, False)),
        ({"tank": True, "stage": "Smolt"}, "Large Tanks-Smolt", "TANK", (True, False, False)),
        ({"tray": True}, "Incubation Trays", "TRAY", (True, False, False)),
        ({"stage": "Parr"}, "Medium Tanks-Parr", "TANK", (True, False, False)),
        ({"stage": "Post-Smolt"}, "Pre-Transfer Tanks-Post-Smolt", "TANK", (True, False, False)),
        ({"sea_ring": True}, "Sea Rings", "PEN", (False, True, False)),
        ({"pen": True}, "Sea Rings", "PEN", (False, True, False)),
        ({"rack": True}, "Incubation Rack", "OTHER", (True, False, False)),
        ({"in_carrier": True}, "Well-boat Holds", "TANK", (False, False, True)),
        (
            {"in_carrier": True, "carrier__truck": True},
            "Transport Tanks-Truck",
            "TANK",
            (False, False, True),
        ),
    ],
)
def test_container_kinds_and_locations(kwargs, type_name, category, where) -> None:
    container = ContainerFactory(**kwargs)
    container.full_clean()
    assert container.container_type.name == type_name
    assert container.container_type.category == category
    assert location(container) == where
    assert container.volume_m3 <= container.container_type.max_volume_m3


@pytest.mark.parametrize("stage", params.STAGE_NAMES)
def test_container_capacity_follows_the_sim_densities(stage: str) -> None:
    container = ContainerFactory(stage=stage)
    kind = params.CONTAINER_KINDS[params.STAGE_BY_NAME[stage].container_kind]
    assert container.volume_m3 == Decimal(str(kind.volume_m3)).quantize(Decimal("0.01"))
    if kind.max_density_kg_m3 is not None:
        assert container.max_biomass_kg == container.volume_m3 * Decimal(
            str(kind.max_density_kg_m3)
        )
    else:
        assert container.max_biomass_kg > 0


def test_passing_an_area_or_carrier_moves_the_container_there() -> None:
    area = AreaFactory()
    ring = ContainerFactory(area=area, stage="Adult")
    assert location(ring) == (False, True, False)
    carrier = TransportCarrierFactory(truck=True)
    tank = ContainerFactory(carrier=carrier)
    assert location(tank) == (False, False, True)
    assert tank.container_type.name == "Transport Tanks-Truck"
    assert model("infrastructure.Hall").objects.count() == 0


def test_container_in_a_given_hall_takes_the_hall_stage() -> None:
    hall = HallFactory(stage="Parr")
    tank = ContainerFactory(hall=hall)
    assert tank.container_type.name == "Medium Tanks-Parr"
    assert tank.name.startswith(hall.name.replace("-Hall-", "-") + "-C")
    assert ContainerFactory(hall=hall, stage="Smolt").container_type.name == "Large Tanks-Smolt"


def test_tray_in_a_rack_shares_the_rack_hall() -> None:
    tray = ContainerFactory(in_rack=True)
    rack = tray.parent_container
    assert rack.hierarchy_role == "STRUCTURAL"
    assert rack.hall_id == tray.hall_id
    assert tray.container_type.name == "Incubation Trays"
    assert rack.max_biomass_kg == 0
    tray.full_clean()


def test_container_in_two_places_is_refused() -> None:
    with pytest.raises(ValidationError, match="exactly one"):
        ContainerFactory(area=AreaFactory(), hall=HallFactory())


def test_sensor_kinds_map_to_sensor_types() -> None:
    container = ContainerFactory(sea_ring=True)
    sensors = {
        kind: SensorFactory(container=container, kind=kind)
        for kind in ("Temperature", "Dissolved Oxygen", "pH", "Salinity")
    }
    assert {k: s.sensor_type for k, s in sensors.items()} == {
        "Temperature": "TEMPERATURE",
        "Dissolved Oxygen": "OXYGEN",
        "pH": "PH",
        "Salinity": "SALINITY",
    }
    for kind, sensor in sensors.items():
        assert sensor.name == f"{container.name}-{kind}"
        assert sensor.installation_date <= sensor.last_calibration_date
    with pytest.raises(ValueError, match="Turbidity"):
        SensorFactory.build(kind="Turbidity")


def test_feed_containers_are_in_a_hall_or_an_area() -> None:
    silo = FeedContainerFactory()
    barge = FeedContainerFactory(barge=True)
    by_area = FeedContainerFactory(area=AreaFactory())
    assert (silo.container_type, silo.hall_id is not None, silo.area_id) == ("SILO", True, None)
    for row in (barge, by_area):
        assert (row.container_type, row.hall_id, row.area_id is not None) == ("BARGE", None, True)
        assert row.capacity_kg == Decimal("50000.00")
    assert silo.capacity_kg == Decimal("10000.00")
    egg_silo = FeedContainerFactory(hall=HallFactory(stage="Egg&Alevin"))
    assert egg_silo.capacity_kg == Decimal("5000.00")
    assert egg_silo.name.endswith("-A-Silo")


def test_carriers_truck_and_vessel_details() -> None:
    vessel = TransportCarrierFactory()
    truck = TransportCarrierFactory(truck=True)
    assert vessel.carrier_type == "VESSEL" and vessel.imo_number.startswith("IMO ")
    digits = vessel.imo_number.removeprefix("IMO ")
    assert len(digits) == 7
    assert sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True)) % 10 == int(
        digits[6]
    )
    assert vessel.captain_contact.startswith("Capt. ") and not vessel.license_plate
    assert truck.carrier_type == "TRUCK" and truck.license_plate and not truck.imo_number
    assert truck.capacity_m3 < vessel.capacity_m3


def test_generated_carrier_names_step_past_taken_ones() -> None:
    first = TransportCarrierFactory.build(truck=True)
    model("infrastructure.TransportCarrier").objects.create(
        name=first.name, carrier_type="TRUCK", geography=GeographyFactory(), capacity_m3=30
    )
    TransportCarrierFactory.reset_sequence(TransportCarrierFactory._meta.next_sequence() - 1)
    again = TransportCarrierFactory(truck=True)
    assert again.name != first.name
    assert model("infrastructure.TransportCarrier").objects.count() == 2
