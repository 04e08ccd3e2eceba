"""A whole farm layout in one call: ``build_infrastructure("small" | "medium" | "full", using=...)``.

The layout is the legacy generator's (LEGACY_GENERATOR.md §2): per geography, freshwater
stations with halls A–E (one per freshwater stage) holding trays (some in structural racks)
and tanks, a silo per hall, sea areas in the legacy area-group tree with rings and barges,
sensors on every holding container, and transport carriers (trucks, well-boats) with tanks.
The counts come from the scale table in ``pytest_aquadata.reference.layout`` (the farm planner
reads the same table). Rows are made with the factories' ``build()`` (so values are the
factories' realistic ones) and inserted level by level with ``bulk_create`` on the database
``using``, plus simple-history rows through the bulk loader where the model keeps history, all
inside one ``transaction.atomic(using=...)``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model

from pytest_aquadata.db_routing import save_on
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
from pytest_aquadata.factories.values import bump, now, site_near
from pytest_aquadata.load import load_history
from pytest_aquadata.reference import layout
from pytest_aquadata.reference.geography import (
    AREA_GROUPS,
    GEOGRAPHY_ORDER,
    STATION_SITES,
    AreaGroupSpec,
    geography_prefix,
)
from pytest_aquadata.reference.layout import (
    RACK_TYPE,
    TRUCK_TANK_TYPE,
    TRUCK_TANKS,
    VESSEL_NAMES,
    WELLBOAT_HOLD_TYPE,
    WELLBOAT_HOLDS,
    Scale,
)
from pytest_aquadata.reference.sensors import FRESHWATER_PROBES, SEA_PROBES
from pytest_aquadata.rows.staff import acting_user_id
from pytest_aquadata.stage_table import FRESHWATER_STAGES, STAGES


def expected_counts(scale: str) -> dict[str, int]:
    """Row counts ``build_infrastructure(scale)`` creates, computed from the scale table."""
    spec = layout.scale(scale)
    stations = sum(spec.stations.values())
    halls = stations * len(FRESHWATER_STAGES)
    areas = sum(spec.areas.values())
    rings = areas * spec.rings_per_area
    freshwater = halls * spec.containers_per_hall
    racks = sum(spec.rack_stations.values()) * spec.racks_per_hall
    geos = len(GEOGRAPHY_ORDER)
    carriers = geos * (spec.trucks + spec.vessels)
    carrier_tanks = geos * (spec.trucks * TRUCK_TANKS + spec.vessels * WELLBOAT_HOLDS)
    return {
        "geographies": geos,
        "area_groups": sum(len(AREA_GROUPS[g]) for g in GEOGRAPHY_ORDER),
        "stations": stations,
        "halls": halls,
        "freshwater_containers": freshwater,
        "racks": racks,
        "areas": areas,
        "rings": rings,
        "carriers": carriers,
        "carrier_tanks": carrier_tanks,
        "containers": freshwater + racks + rings + carrier_tanks,
        "feed_containers": halls + areas * spec.barges_per_area,
        "sensors": freshwater * len(FRESHWATER_PROBES) + rings * len(SEA_PROBES),
    }


@dataclass(frozen=True)
class InfrastructureHandle:
    """Ids of what ``build_infrastructure`` created, grouped the way tests and builders ask."""

    scale: str
    geographies: Mapping[str, int]
    area_groups: tuple[int, ...]
    stations: Mapping[str, tuple[int, ...]]
    halls: Mapping[str, tuple[int, ...]]
    hall_containers: Mapping[int, tuple[int, ...]]
    containers: Mapping[str, tuple[int, ...]]
    containers_by_type: Mapping[str, tuple[int, ...]]
    racks: tuple[int, ...]
    areas: Mapping[str, tuple[int, ...]]
    rings: Mapping[int, tuple[int, ...]]
    feed_containers: Mapping[str, tuple[int, ...]]
    carriers: Mapping[str, tuple[int, ...]]
    carrier_tanks: tuple[int, ...]
    sensors: int
    counts: Mapping[str, int] = field(default_factory=dict)

    def container_ids(self) -> tuple[int, ...]:
        """Every container id: holding containers of all stages, racks and carrier tanks."""
        return tuple(i for ids in self.containers_by_type.values() for i in ids)


def _insert(objs: Sequence[Model], using: str) -> list[Model]:
    """Insert same-model rows in bulk on ``using`` (with history rows through the bulk loader
    when the model keeps history) and return them with primary keys; falls back to save()
    where the backend cannot return ids."""
    if not objs:
        return []
    model = type(objs[0])
    if not connections[using].features.can_return_rows_from_bulk_insert:
        for obj in objs:  # saved one by one, simple-history rows by its signal
            save_on(obj, using)
        return list(objs)
    made = model._default_manager.db_manager(using).bulk_create(list(objs), batch_size=500)
    if hasattr(model, "history"):
        fields = model.history.model.tracked_fields
        columns = {f.attname: [getattr(obj, f.attname) for obj in made] for f in fields}
        load_history(
            model, columns, using=using, history_date=now(), history_user_id=acting_user_id()
        )
    return made


def _largest_remainder(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` over ``weights`` by largest remainder (the legacy area allocation)."""
    weight_sum = sum(weights)
    quotas = [total * w / weight_sum for w in weights]
    shares = [int(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: -(quotas[i] - shares[i]))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _free_names(model: type[Model], names: Iterable[str], using: str) -> list[str]:
    """Names renumbered past those already in the table (for unique name columns)."""
    taken = set(model._default_manager.using(using).values_list("name", flat=True))
    out = []
    for name in names:
        while name in taken:
            name = bump(name)
        taken.add(name)
        out.append(name)
    return out


def _freeze(mapping: Mapping[Any, list[int]]) -> Mapping[Any, tuple[int, ...]]:
    return MappingProxyType({k: tuple(v) for k, v in mapping.items()})


class _LayoutBuilder:
    """Builds one scale of the layout; each step inserts one level in bulk."""

    def __init__(self, scale: str, spec: Scale, using: str) -> None:
        self.scale = scale
        self.spec = spec
        self.using = using
        self.types = {
            name: self._get_or_make(ContainerTypeFactory, name)
            for name in dict.fromkeys(  # distinct, in a fixed order (ids never follow the hash seed)
                [
                    *(STAGES[s].container_kind.type_name for s in STAGES),
                    RACK_TYPE.name,
                    TRUCK_TANK_TYPE.name,
                    WELLBOAT_HOLD_TYPE.name,
                ]
            )
        }
        self.geographies = {
            name: self._get_or_make(GeographyFactory, name) for name in GEOGRAPHY_ORDER
        }
        self.by_type: dict[str, list[int]] = defaultdict(list)
        self.by_stage: dict[str, list[int]] = defaultdict(list)
        self.hall_containers: dict[int, list[int]] = defaultdict(list)
        self.sensor_count = 0

    def _get_or_make(self, factory: Any, name: str) -> Model:
        """The row called ``name`` on this database, made by ``factory`` when missing."""
        model = factory._meta.get_model_class()
        found = model._default_manager.using(self.using).filter(name=name).first()
        if found is None:
            found = save_on(factory.build(name=name), self.using)
        return found

    def _insert(self, objs: Sequence[Model]) -> list[Model]:
        return _insert(objs, self.using)

    # -- sea -------------------------------------------------------------------------------

    def area_groups(self) -> dict[str, list[tuple[AreaGroupSpec, Model]]]:
        """The legacy area-group tree of each geography, parents inserted before children."""
        made: dict[str, list[tuple[AreaGroupSpec, Model]]] = {}
        by_name: dict[tuple[str, str], Model] = {}
        depth = 0
        while True:
            level = [
                (geo, spec)
                for geo in GEOGRAPHY_ORDER
                for spec in AREA_GROUPS[geo]
                if self._depth(geo, spec) == depth
            ]
            if not level:
                break
            rows = [
                AreaGroupFactory.build(
                    geography=self.geographies[geo],
                    name=spec.name,
                    code=spec.code,
                    parent=by_name[(geo, spec.parent)] if spec.parent else None,
                )
                for geo, spec in level
            ]
            for (geo, spec), row in zip(level, self._insert(rows), strict=True):
                by_name[(geo, spec.name)] = row
                made.setdefault(geo, []).append((spec, row))
            depth += 1
        return made

    @staticmethod
    def _depth(geo: str, spec: AreaGroupSpec) -> int:
        parents = {s.name: s.parent for s in AREA_GROUPS[geo]}
        depth, parent = 0, spec.parent
        while parent:
            depth, parent = depth + 1, parents[parent]
        return depth

    def areas(self, groups: dict[str, list[tuple[AreaGroupSpec, Model]]]) -> list[Model]:
        rows = []
        for geo in GEOGRAPHY_ORDER:
            leaves = [(s, g) for s, g in groups[geo] if s.weight > 0]
            shares = _largest_remainder(self.spec.areas[geo], [s.weight for s, _ in leaves])
            number = 0
            for (spec, group), share in zip(leaves, shares, strict=True):
                for k in range(share):
                    number += 1
                    _, lat, lon = site_near(spec.sites, k)
                    rows.append(
                        AreaFactory.build(
                            geography=self.geographies[geo],
                            area_group=group,
                            name=f"{geography_prefix(geo)}-SEA-{number:02d}",
                            latitude=lat,
                            longitude=lon,
                        )
                    )
        return self._insert(rows)

    def rings(self, areas: list[Model]) -> dict[int, list[int]]:
        ring_type = self.types[STAGES["Adult"].container_kind.type_name]
        rows = [
            ContainerFactory.build(
                area=area,
                stage="Adult",
                container_type=ring_type,
                name=f"{area.name}-Ring-{k:02d}",
            )
            for area in areas
            for k in range(1, self.spec.rings_per_area + 1)
        ]
        rows = self._insert(rows)
        rings: dict[int, list[int]] = defaultdict(list)
        for ring in rows:
            rings[ring.area_id].append(ring.pk)
            self.by_stage["Adult"].append(ring.pk)
            self.by_type[ring_type.name].append(ring.pk)
        self.sensors(rows, SEA_PROBES)
        return rings

    # -- freshwater ------------------------------------------------------------------------

    def stations(self) -> dict[str, list[Model]]:
        rows, geos = [], []
        for geo in GEOGRAPHY_ORDER:
            sites = STATION_SITES[geo]
            for k in range(self.spec.stations[geo]):
                name, lat, lon = site_near(sites, k)
                rows.append(
                    FreshwaterStationFactory.build(
                        geography=self.geographies[geo],
                        name=f"{geography_prefix(geo)}-FW-{k + 1:02d}",
                        latitude=lat,
                        longitude=lon,
                        description=f"Hatchery and smolt station at {name}, {geo}.",
                    )
                )
                geos.append(geo)
        out: dict[str, list[Model]] = defaultdict(list)
        for geo, station in zip(geos, self._insert(rows), strict=True):
            out[geo].append(station)
        return out

    def halls(self, stations: dict[str, list[Model]]) -> list[tuple[Model, str, bool]]:
        """Halls A–E of every station: (hall, stage, has racks)."""
        rows, meta = [], []
        for geo, geo_stations in stations.items():
            for index, station in enumerate(geo_stations):
                for stage_name in FRESHWATER_STAGES:
                    rows.append(HallFactory.build(freshwater_station=station, stage=stage_name))
                    racked = stage_name == "Egg&Alevin" and index < self.spec.rack_stations[geo]
                    meta.append((stage_name, racked))
        return [(h, s, r) for h, (s, r) in zip(self._insert(rows), meta, strict=True)]

    def freshwater_containers(self, halls: list[tuple[Model, str, bool]]) -> None:
        per_hall = self.spec.containers_per_hall
        rack_type = self.types[RACK_TYPE.name]
        racks = [
            ContainerFactory.build(
                hall=hall,
                rack=True,
                container_type=rack_type,
                name=f"{self._base(hall)}-R{k:02d}",
            )
            for hall, _, racked in halls
            if racked
            for k in range(1, self.spec.racks_per_hall + 1)
        ]
        racks = self._insert(racks)
        racks_by_hall: dict[int, list[Model]] = defaultdict(list)
        for rack in racks:
            racks_by_hall[rack.hall_id].append(rack)
            self.by_type[rack_type.name].append(rack.pk)
        rows, stages = [], []
        for hall, stage_name, _ in halls:
            ctype = self.types[STAGES[stage_name].container_kind.type_name]
            hall_racks = racks_by_hall.get(hall.pk, [])
            for k in range(1, per_hall + 1):
                parent = hall_racks[(k - 1) * len(hall_racks) // per_hall] if hall_racks else None
                rows.append(
                    ContainerFactory.build(
                        hall=hall,
                        stage=stage_name,
                        container_type=ctype,
                        parent_container=parent,
                        name=f"{self._base(hall)}-C{k:02d}",
                    )
                )
                stages.append(stage_name)
        rows = self._insert(rows)
        for row, stage_name in zip(rows, stages, strict=True):
            self.by_stage[stage_name].append(row.pk)
            self.by_type[row.container_type.name].append(row.pk)
            self.hall_containers[row.hall_id].append(row.pk)
        self.sensors(rows, FRESHWATER_PROBES)

    @staticmethod
    def _base(hall: Model) -> str:
        return hall.name.replace("-Hall-", "-")

    # -- shared ----------------------------------------------------------------------------

    def sensors(self, containers: Sequence[Model], probes: Sequence[str]) -> None:
        rows = [
            SensorFactory.build(container=container, kind=probe)
            for container in containers
            for probe in probes
        ]
        self.sensor_count += len(self._insert(rows))

    def feed_containers(self, halls: list[tuple[Model, str, bool]], areas: list[Model]) -> dict:
        rows = [FeedContainerFactory.build(hall=hall) for hall, _, _ in halls]
        rows += [
            FeedContainerFactory.build(area=area, name=f"{area.name}-Barge-{k}")
            for area in areas
            for k in range(1, self.spec.barges_per_area + 1)
        ]
        out: dict[str, list[int]] = defaultdict(list)
        for row in self._insert(rows):
            out[row.container_type].append(row.pk)
        return out

    def carriers(self) -> tuple[dict[str, list[int]], list[int]]:
        rows = []
        for geo in GEOGRAPHY_ORDER:
            vessel_names = VESSEL_NAMES[geo]
            for k in range(self.spec.vessels):
                rows.append(
                    TransportCarrierFactory.build(
                        geography=self.geographies[geo],
                        vessel=True,
                        name=vessel_names[k % len(vessel_names)],
                    )
                )
            for k in range(self.spec.trucks):
                rows.append(
                    TransportCarrierFactory.build(
                        geography=self.geographies[geo],
                        truck=True,
                        name=f"{geography_prefix(geo)}-TRK-{k + 1:02d}",
                    )
                )
        model = type(rows[0])
        for row, name in zip(
            rows, _free_names(model, [r.name for r in rows], self.using), strict=True
        ):
            row.name = name
        carriers: dict[str, list[int]] = defaultdict(list)
        tanks = []
        for carrier in self._insert(rows):
            carriers[carrier.carrier_type].append(carrier.pk)
            vessel = carrier.carrier_type == "VESSEL"
            spec = WELLBOAT_HOLD_TYPE if vessel else TRUCK_TANK_TYPE
            count = WELLBOAT_HOLDS if vessel else TRUCK_TANKS
            tanks += [
                ContainerFactory.build(
                    carrier=carrier,
                    container_type=self.types[spec.name],
                    name=f"{carrier.name}-Tank-{k:02d}",
                )
                for k in range(1, count + 1)
            ]
        tank_ids = []
        for tank in self._insert(tanks):
            tank_ids.append(tank.pk)
            self.by_type[tank.container_type.name].append(tank.pk)
        return carriers, tank_ids

    def run(self) -> InfrastructureHandle:
        groups = self.area_groups()
        areas = self.areas(groups)
        rings = self.rings(areas)
        stations = self.stations()
        halls = self.halls(stations)
        self.freshwater_containers(halls)
        feed = self.feed_containers(halls, areas)
        carriers, tanks = self.carriers()
        halls_by_stage: dict[str, list[int]] = defaultdict(list)
        for hall, stage_name, _ in halls:
            halls_by_stage[stage_name].append(hall.pk)
        areas_by_geo: dict[str, list[int]] = defaultdict(list)
        geo_names = {g.pk: name for name, g in self.geographies.items()}
        for area in areas:
            areas_by_geo[geo_names[area.geography_id]].append(area.pk)
        handle = InfrastructureHandle(
            scale=self.scale,
            geographies=MappingProxyType({n: g.pk for n, g in self.geographies.items()}),
            area_groups=tuple(row.pk for geo in groups.values() for _, row in geo),
            stations=_freeze({geo: [s.pk for s in rows] for geo, rows in stations.items()}),
            halls=_freeze(halls_by_stage),
            hall_containers=_freeze(self.hall_containers),
            containers=_freeze(self.by_stage),
            containers_by_type=_freeze(self.by_type),
            racks=tuple(self.by_type[RACK_TYPE.name]),
            areas=_freeze(areas_by_geo),
            rings=_freeze(rings),
            feed_containers=_freeze(feed),
            carriers=_freeze(carriers),
            carrier_tanks=tuple(tanks),
            sensors=self.sensor_count,
        )
        object.__setattr__(handle, "counts", MappingProxyType(_handle_counts(handle)))
        return handle


def _handle_counts(handle: InfrastructureHandle) -> dict[str, int]:
    freshwater = sum(len(handle.containers.get(s, ())) for s in FRESHWATER_STAGES)
    rings = sum(len(v) for v in handle.rings.values())
    return {
        "geographies": len(handle.geographies),
        "area_groups": len(handle.area_groups),
        "stations": sum(len(v) for v in handle.stations.values()),
        "halls": sum(len(v) for v in handle.halls.values()),
        "freshwater_containers": freshwater,
        "racks": len(handle.racks),
        "areas": sum(len(v) for v in handle.areas.values()),
        "rings": rings,
        "carriers": sum(len(v) for v in handle.carriers.values()),
        "carrier_tanks": len(handle.carrier_tanks),
        "containers": len(handle.container_ids()),
        "feed_containers": sum(len(v) for v in handle.feed_containers.values()),
        "sensors": handle.sensors,
    }


def build_infrastructure(
    scale: str = "small", *, using: str = DEFAULT_DB_ALIAS
) -> InfrastructureHandle:
    """Create a farm layout at ``scale`` ("small", "medium" or "full") on database ``using``
    in one transaction and return the ids of what was made; ValueError names a bad scale and
    the allowed ones."""
    spec = layout.scale(scale)
    with transaction.atomic(using=using):
        return _LayoutBuilder(scale, spec, using).run()
