"""Factories of the `infrastructure` app: the farm's physical layout.

Names follow the legacy layout (LEGACY_GENERATOR.md §2): stations ``FI-FW-01``, halls
``FI-FW-01-Hall-B``, tanks ``FI-FW-01-B-C01``, racks ``FI-FW-01-A-R01``, areas ``FI-SEA-01``,
rings ``FI-SEA-01-Ring-01``, sensors ``FI-FW-01-B-C01-Temperature``, silos ``FI-FW-01-B-Silo``,
barges ``FI-SEA-01-Barge-1``. Container types, volumes and capacities come from
``sim.params.CONTAINER_KINDS``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from pytest_aquadata.container_types import container_type_row
from pytest_aquadata.factories.base import AquaFactory
from pytest_aquadata.factories.values import (
    Derived,
    Generated,
    container_capacity_kg,
    dec,
    free_unique,
    imo_number,
    numerify,
    person,
    pick,
    randint,
    sensor_probe,
    site_near,
    today,
)
from pytest_aquadata.reference.geography import (
    AREA_GROUPS,
    GEOGRAPHY_DESCRIPTIONS,
    STATION_SITES,
    AreaGroupSpec,
    geography_prefix,
)
from pytest_aquadata.reference.layout import (
    AREA_MAX_BIOMASS_KG,
    BARGES_PER_AREA,
    EGG_HALL_SILO_KG,
    HALL_AREA_SQM,
    HALL_LETTERS,
    RACK_TYPE,
    TRUCK_TANK_TYPE,
    TRUCK_TANKS,
    VESSEL_NAMES,
    WELLBOAT_HOLD_TYPE,
    WELLBOAT_HOLDS,
)
from pytest_aquadata.reference.people import PHONE_FORMATS
from pytest_aquadata.reference.sensors import SENSOR_CALIBRATION_DAYS
from pytest_aquadata.sim import params
from pytest_aquadata.stage_table import hall_stage, stage

_FAROE = "Faroe Islands"


def _hall_letter(stage_name: str) -> str:
    info = stage(stage_name)
    if info.hall_letter is None:
        halls = ", ".join(f"{k} ({v})" for k, v in HALL_LETTERS.items())
        raise ValueError(f"stage {stage_name!r} lives at sea, not in a hall; hall stages: {halls}")
    return info.hall_letter


def _leaf_groups(geography: str) -> list[AreaGroupSpec]:
    return [g for g in AREA_GROUPS.get(geography, ()) if g.weight > 0]


def _area_group_name(geography: str, n: int) -> str:
    leaves = _leaf_groups(geography)
    if not leaves:
        return f"{geography} Group {n + 1}"
    base = leaves[n % len(leaves)].name
    round_ = n // len(leaves)
    return base if round_ == 0 else f"{base} {round_ + 1}"


def _area_group_code(geography: str, name: str) -> str:
    for spec in AREA_GROUPS.get(geography, ()):
        if name == spec.name or name.startswith(f"{spec.name} "):
            return spec.code + name[len(spec.name) :].replace(" ", "-")
    return "".join(word[0] for word in name.upper().split())[:32]


def _area_sites(geography: str, area_group: Any) -> tuple[tuple[str, float, float], ...]:
    specs = AREA_GROUPS.get(geography) or AREA_GROUPS[_FAROE]
    group_name = getattr(area_group, "name", None)
    for spec in specs:
        if group_name and spec.sites and group_name.startswith(spec.name):
            return spec.sites
    return tuple(site for spec in specs for site in spec.sites)


def _station_sites(geography: str) -> tuple[tuple[str, float, float], ...]:
    return STATION_SITES.get(geography) or STATION_SITES[_FAROE]


class GeographyFactory(AquaFactory):
    """An operating region, "Faroe Islands" by default (trait ``scotland`` for "Scotland"),
    with a description of its sites; get-or-create on name."""

    class Meta:
        model = "infrastructure.Geography"
        django_get_or_create = ("name",)

    class Params:
        scotland = factory.Trait(name="Scotland")
        faroe = factory.Trait(name=_FAROE)

    name = _FAROE
    description = factory.LazyAttribute(
        lambda o: GEOGRAPHY_DESCRIPTIONS.get(o.name, f"{o.name} operating region.")
    )


class AreaGroupFactory(AquaFactory):
    """A group of sea areas named after the legacy regions of its geography ("North",
    "West", "LOCH FYNE", "HARRIS", …) with its code; top-level unless ``parent`` is given."""

    class Meta:
        model = "infrastructure.AreaGroup"

    class Params:
        scotland = factory.Trait(geography=factory.SubFactory(GeographyFactory, name="Scotland"))

    geography = factory.SubFactory(GeographyFactory)
    name = factory.LazyAttributeSequence(lambda o, n: _area_group_name(o.geography.name, n))
    code = factory.LazyAttribute(lambda o: _area_group_code(o.geography.name, o.name))
    parent = None
    active = True


class AreaFactory(AquaFactory):
    """A sea farming area (licence site) ``FI-SEA-01`` at a real fjord or sea loch of its
    geography (of its area group if given), with a 5 000 t max biomass licence."""

    class Meta:
        model = "infrastructure.Area"

    class Params:
        site = Derived(
            "a real fjord or sea loch of the geography (or area group), ±0.02°",
            lambda o: site_near(_area_sites(o.geography.name, o.area_group)),
        )
        scotland = factory.Trait(geography=factory.SubFactory(GeographyFactory, name="Scotland"))
        inactive = factory.Trait(active=False)

    name = factory.LazyAttributeSequence(
        lambda o, n: f"{geography_prefix(o.geography.name)}-SEA-{n + 1:02d}"
    )
    geography = factory.SubFactory(GeographyFactory)
    area_group = None
    latitude = factory.LazyAttribute(lambda o: o.site[1])
    longitude = factory.LazyAttribute(lambda o: o.site[2])
    max_biomass = dec(AREA_MAX_BIOMASS_KG)
    active = True


class FreshwaterStationFactory(AquaFactory):
    """A land-based hatchery and smolt station ``FI-FW-01`` inland in its geography (trait
    ``broodstock`` for a broodstock station ``FI-BS-01``), with coordinates and description."""

    class Meta:
        model = "infrastructure.FreshwaterStation"

    class Params:
        site = Derived(
            "an inland place of the geography, ±0.02°",
            lambda o: site_near(_station_sites(o.geography.name)),
        )
        broodstock = factory.Trait(station_type="BROODSTOCK")
        scotland = factory.Trait(geography=factory.SubFactory(GeographyFactory, name="Scotland"))
        inactive = factory.Trait(active=False)

    name = factory.LazyAttributeSequence(
        lambda o, n: (
            f"{geography_prefix(o.geography.name)}-"
            f"{'BS' if o.station_type == 'BROODSTOCK' else 'FW'}-{n + 1:02d}"
        )
    )
    station_type = "FRESHWATER"
    geography = factory.SubFactory(GeographyFactory)
    latitude = factory.LazyAttribute(lambda o: o.site[1])
    longitude = factory.LazyAttribute(lambda o: o.site[2])
    description = factory.LazyAttribute(
        lambda o: (
            f"{'Broodstock' if o.station_type == 'BROODSTOCK' else 'Hatchery and smolt'} "
            f"station at {o.site[0]}, {o.geography.name}."
        )
    )
    active = True


class HallFactory(AquaFactory):
    """A hall of a freshwater station, one per freshwater stage: ``stage="Fry"`` (default)
    gives ``<station>-Hall-B``; A Egg&Alevin, B Fry, C Parr, D Smolt, E Post-Smolt; 1000 m²."""

    class Meta:
        model = "infrastructure.Hall"

    class Params:
        stage = "Fry"

    freshwater_station = factory.SubFactory(FreshwaterStationFactory)
    name = factory.LazyAttribute(
        lambda o: f"{o.freshwater_station.name}-Hall-{_hall_letter(o.stage)}"
    )
    description = factory.LazyAttribute(
        lambda o: f"Hall {_hall_letter(o.stage)}: {stage(o.stage).description}"
    )
    area_sqm = dec(HALL_AREA_SQM)
    active = True


class ContainerTypeFactory(AquaFactory):
    """A container type from the seeded catalogue: ``stage="Fry"`` (default) gives
    "Small Tanks-Fry" (TANK, 100 m³); also trays, parr/smolt/post-smolt tanks, "Sea Rings"
    (PEN, 50 000 m³), racks and transport tanks; get-or-create on name."""

    class Meta:
        model = "infrastructure.ContainerType"
        django_get_or_create = ("name",)

    class Params:
        stage = "Fry"
        row = Derived(
            "catalogue row of the name: category, max volume, description",
            lambda o: container_type_row(o.name),
        )
        tray = factory.Trait(stage="Egg&Alevin")
        sea_ring = factory.Trait(stage="Adult")
        rack = factory.Trait(name=RACK_TYPE.name)
        truck_tank = factory.Trait(name=TRUCK_TANK_TYPE.name)
        wellboat_hold = factory.Trait(name=WELLBOAT_HOLD_TYPE.name)

    name = factory.LazyAttribute(lambda o: stage(o.stage).container_kind.type_name)
    category = factory.LazyAttribute(lambda o: o.row.category)
    max_volume_m3 = factory.LazyAttribute(lambda o: dec(o.row.max_volume_m3))
    description = factory.LazyAttribute(lambda o: o.row.description)


def _vessel_name(geography: str, n: int) -> str:
    names = VESSEL_NAMES.get(geography) or VESSEL_NAMES[_FAROE]
    base = names[n % len(names)]
    round_ = n // len(names)
    return base if round_ == 0 else f"{base} {round_ + 1}"


def _license_plate(geography: str) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVXYZ"
    if geography == _FAROE:
        return f"{pick(letters)}{pick(letters)} {numerify('###')}"
    return f"{pick(letters)}{pick(letters)}{numerify('##')} {pick(letters)}{pick(letters)}{pick(letters)}"


class TransportCarrierFactory(AquaFactory):
    """A well-boat (default; named vessel with IMO number, captain contact, 2 × 1500 m³
    wells) or, with trait ``truck``, a live-fish truck ``FI-TRK-01`` with plate and 3 × 10 m³."""

    class Meta:
        model = "infrastructure.TransportCarrier"

    class Params:
        captain = Derived(
            "a Faroese or Scottish name, by geography",
            lambda o: person("FO" if o.geography.name == _FAROE else "SC").name(),
        )
        truck = factory.Trait(carrier_type="TRUCK")
        vessel = factory.Trait(carrier_type="VESSEL")

    carrier_type = "VESSEL"
    geography = factory.SubFactory(GeographyFactory)
    name = factory.LazyAttributeSequence(
        lambda o, n: Generated(
            _vessel_name(o.geography.name, n)
            if o.carrier_type == "VESSEL"
            else f"{geography_prefix(o.geography.name)}-TRK-{n + 1:02d}"
        )
    )
    capacity_m3 = factory.LazyAttribute(
        lambda o: dec(
            WELLBOAT_HOLDS * WELLBOAT_HOLD_TYPE.volume_m3
            if o.carrier_type == "VESSEL"
            else TRUCK_TANKS * TRUCK_TANK_TYPE.volume_m3
        )
    )
    license_plate = factory.LazyAttribute(
        lambda o: _license_plate(o.geography.name) if o.carrier_type == "TRUCK" else ""
    )
    imo_number = factory.LazyAttributeSequence(
        lambda o, n: imo_number(n) if o.carrier_type == "VESSEL" else ""
    )
    captain_contact = factory.LazyAttribute(
        lambda o: (
            f"Capt. {o.captain}, "
            f"{numerify(PHONE_FORMATS['FO' if o.geography.name == _FAROE else 'SC'])}"
            if o.carrier_type == "VESSEL"
            else ""
        )
    )
    active = True

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        """Renumber a generated name another row already holds (names are unique)."""
        free_unique(model_class, kwargs, ("name",))
        return super()._create(model_class, *args, **kwargs)


def _container_type_name(o: Any) -> str:
    if o.hierarchy_role == "STRUCTURAL":
        return RACK_TYPE.name
    if o.carrier is not None:
        if o.carrier.carrier_type == "VESSEL":
            return WELLBOAT_HOLD_TYPE.name
        return TRUCK_TANK_TYPE.name
    return stage(o.stage_name).container_kind.type_name


def _container_stage(o: Any) -> str:
    """The stage a container is for: as given, else its hall's, else Adult at sea, else Fry."""
    if o.stage is not None:
        return o.stage
    info = hall_stage(o.hall) if o.hall is not None else None
    if info is not None:
        return info.name
    return "Adult" if o.area is not None else "Fry"


def _container_name(o: Any, n: int) -> str:
    if o.carrier is not None:
        return f"{o.carrier.name}-Tank-{n + 1:02d}"
    if o.area is not None:
        return f"{o.area.name}-Ring-{n + 1:02d}"
    hall_name = getattr(o.hall, "name", "") or ""
    base = hall_name.replace("-Hall-", "-") if "-Hall-" in hall_name else hall_name
    kind = "R" if o.hierarchy_role == "STRUCTURAL" else "C"
    return f"{base}-{kind}{n + 1:02d}"


class ContainerFactory(AquaFactory):
    """A container in exactly one of hall / area / carrier: by default a Fry tank in hall B
    (``stage=`` picks the hall and tank type of another stage; Adult gives a sea ring in an
    area); traits ``tray``, ``tank``, ``sea_ring``/``pen``, ``rack``, ``in_rack``, ``in_carrier``.

    Volume is the type's volume; max biomass is volume × the stage's max density from
    ``sim.params`` (trays: 350 000 eggs at the top Egg&Alevin weight; racks hold no fish).
    Passing ``area=`` or ``carrier=`` moves the container there (no hall is made); passing a
    ``hall=`` of a stage (``…-Hall-C``) gives that stage's tank unless ``stage=`` says otherwise.
    """

    class Meta:
        model = "infrastructure.Container"

    class Params:
        stage = None
        stage_name = Derived(
            "stage given, else the hall's stage, else Adult in an area, else Fry",
            _container_stage,
        )
        type_name = Derived(
            "rack, transport tank, or the stage's container type", _container_type_name
        )
        tray = factory.Trait(stage="Egg&Alevin")
        tank = factory.Trait(stage="Fry")
        sea_ring = factory.Trait(stage="Adult")
        pen = factory.Trait(stage="Adult")
        rack = factory.Trait(stage="Egg&Alevin", hierarchy_role="STRUCTURAL")
        in_rack = factory.Trait(
            stage="Egg&Alevin",
            parent_container=factory.SubFactory(
                "pytest_aquadata.factories.infrastructure.ContainerFactory",
                rack=True,
                hall=factory.SelfAttribute("..hall"),
            ),
        )
        in_carrier = factory.Trait(carrier=factory.SubFactory(TransportCarrierFactory))
        inactive = factory.Trait(active=False)

    carrier = None
    area = factory.Maybe(
        factory.LazyAttribute(
            lambda o: o.carrier is None and o.stage is not None and stage(o.stage).is_sea
        ),
        factory.SubFactory(AreaFactory),
        None,
    )
    hall = factory.Maybe(
        factory.LazyAttribute(lambda o: o.carrier is None and o.area is None),
        factory.SubFactory(
            HallFactory, stage=factory.LazyAttribute(lambda h: h.factory_parent.stage or "Fry")
        ),
        None,
    )
    container_type = factory.SubFactory(
        ContainerTypeFactory, name=factory.SelfAttribute("..type_name")
    )
    parent_container = None
    hierarchy_role = "HOLDING"
    name = factory.LazyAttributeSequence(_container_name)
    volume_m3 = factory.LazyAttribute(lambda o: o.container_type.max_volume_m3)
    max_biomass_kg = factory.LazyAttribute(
        lambda o: (
            dec(0)
            if o.hierarchy_role == "STRUCTURAL"
            else container_capacity_kg(o.container_type.name, o.volume_m3)
        )
    )
    feed_recommendations_enabled = True
    active = True


class SensorFactory(AquaFactory):
    """A probe installed in a container (default a Fry tank): ``kind="Temperature"``
    (default), "Dissolved Oxygen", "pH", "CO2", "NH4", "NO2", "NO3" or "Salinity"; named
    ``<container>-<kind>``, with serial, maker, installation and calibration dates."""

    class Meta:
        model = "infrastructure.Sensor"

    class Params:
        kind = "Temperature"
        probe = Derived(
            "the probe of kind: sensor type, serial code, maker", lambda o: sensor_probe(o.kind)
        )
        oxygen = factory.Trait(kind="Dissolved Oxygen")
        salinity = factory.Trait(kind="Salinity")
        inactive = factory.Trait(active=False)

    container = factory.SubFactory(ContainerFactory)
    name = factory.LazyAttribute(lambda o: f"{o.container.name}-{o.probe.label}")
    sensor_type = factory.LazyAttribute(lambda o: o.probe.sensor_type)
    serial_number = factory.LazyAttributeSequence(lambda o, n: f"SN-{n + 1:06d}-{o.probe.code}")
    manufacturer = factory.LazyAttribute(lambda o: o.probe.manufacturer)
    installation_date = factory.LazyFunction(
        lambda: today() - dt.timedelta(days=randint(200, 1500))
    )
    last_calibration_date = factory.LazyAttribute(
        lambda o: max(
            o.installation_date,
            today() - dt.timedelta(days=randint(0, SENSOR_CALIBRATION_DAYS)),
        )
    )
    active = True


def _silo_capacity_kg(hall: Any) -> float:
    info = hall_stage(hall)
    if info is None:
        return params.FEED_CONTAINER_KINDS["fry_silo"].capacity_kg
    if info.feed_container is None:
        return float(EGG_HALL_SILO_KG)
    return info.feed_container.capacity_kg


def _feed_container_name(o: Any, n: int) -> str:
    if o.area is not None:
        return f"{o.area.name}-Barge-{n % BARGES_PER_AREA + 1}"
    hall_name = getattr(o.hall, "name", "") or ""
    base = hall_name.replace("-Hall-", "-") if "-Hall-" in hall_name else hall_name
    return f"{base}-Silo"


class FeedContainerFactory(AquaFactory):
    """Feed storage in exactly one of hall / area: by default a silo in a Fry hall
    (``<station>-B-Silo``, 10 t; hall A 5 t … hall E 30 t); trait ``barge`` (or passing
    ``area=``) gives a 50 t feed barge ``<area>-Barge-1`` in a sea area."""

    class Meta:
        model = "infrastructure.FeedContainer"

    class Params:
        silo = factory.Trait(area=None)
        barge = factory.Trait(area=factory.SubFactory(AreaFactory))
        inactive = factory.Trait(active=False)

    area = None
    hall = factory.Maybe(
        factory.LazyAttribute(lambda o: o.area is None), factory.SubFactory(HallFactory), None
    )
    container_type = factory.LazyAttribute(lambda o: "BARGE" if o.area is not None else "SILO")
    name = factory.LazyAttributeSequence(_feed_container_name)
    capacity_kg = factory.LazyAttribute(
        lambda o: dec(
            params.FEED_CONTAINER_KINDS["barge"].capacity_kg
            if o.area is not None
            else _silo_capacity_kg(o.hall)
        )
    )
    active = True
