"""Provision a dedicated site for one batch: a station with a hall per freshwater stage, a sea
area with pens, feed containers, sensors and a well-boat — exactly the slots the trajectory uses.

A lifecycle fixture or ``make_batch`` gets its own site, so no container ever holds two
batches at once; the saturation build maps slots onto a shared farm instead (``sim.farm``).
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from pytest_aquadata.reference import layout
from pytest_aquadata.rows.context import BuildContext, Site
from pytest_aquadata.sim import Trajectory, params

HALL_LETTERS: tuple[str, ...] = tuple(layout.HALL_LETTERS.values())
"""Hall letters in freshwater-stage order (A–E), from ``reference.layout``."""
# Station and sea-site coordinates per geography (a hatchery and a sea loch / fjord site).
_STATION_AT = {"Scotland": (57.05, -5.83), "Faroe Islands": (62.10, -7.05)}
_AREA_AT = {"Scotland": (56.45, -5.45), "Faroe Islands": (62.02, -6.77)}
_AREA_MAX_BIOMASS_KG = Decimal("5000000")  # a 5,000 t licence, LEGACY_GENERATOR.md §2


def sensor_types(environment: str) -> tuple[str, ...]:
    """Sensor types that measure the parameters read in an environment (sim.params)."""
    out: list[str] = []
    for p in params.ENV_PARAMETERS:
        if environment in p.environments and p.sensor_type not in out:
            out.append(p.sensor_type)
    return tuple(out)


def provision_site(traj: Trajectory, ctx: BuildContext, prefix: str) -> Site:
    """Create the places and containers the trajectory's slots need; return their ids."""
    geo_name = traj.spec.geography
    geography_id = ctx.lookup("infrastructure.Geography", name=geo_name)
    code = params.GEOGRAPHIES[geo_name].code
    lat, lon = _STATION_AT[geo_name]
    station_id = int(
        ctx.emit(
            "infrastructure.FreshwaterStation",
            {
                "name": [f"{prefix} {code} Hatchery"],
                "station_type": "FRESHWATER",
                "geography_id": geography_id,
                "latitude": lat,
                "longitude": lon,
                "description": f"Freshwater station of batch {prefix}",
            },
        )[0]
    )
    hall_ids = ctx.emit(
        "infrastructure.Hall",
        {
            "name": [f"{prefix} Hall {letter}" for letter in HALL_LETTERS],
            "freshwater_station_id": station_id,
            "area_sqm": 1000.0,
            "description": [f"{s.name} hall" for s in params.STAGES[: len(HALL_LETTERS)]],
        },
    )
    halls = {code_: int(hall_ids[code_]) for code_ in range(len(HALL_LETTERS))}
    alat, alon = _AREA_AT[geo_name]
    area_id = int(
        ctx.emit(
            "infrastructure.Area",
            {
                "name": [f"{prefix} {code} Sea Site"],
                "geography_id": geography_id,
                "latitude": alat,
                "longitude": alon,
                "max_biomass": _AREA_MAX_BIOMASS_KG,
            },
        )[0]
    )
    containers = _containers(traj, ctx, prefix, halls, area_id)
    feed = _feed_containers(traj, ctx, prefix, halls, area_id)
    sensors = _sensors(ctx, containers, prefix, traj)
    carrier_id = int(
        ctx.emit(
            "infrastructure.TransportCarrier",
            {
                "name": [f"{prefix} well-boat"],
                "carrier_type": "VESSEL",
                "geography_id": geography_id,
                "capacity_m3": 1500.0,
            },
        )[0]
    )
    return Site(
        geography_id=geography_id,
        station_id=station_id,
        area_id=area_id,
        halls=halls,
        containers=containers,
        feed_containers=feed,
        sensors=sensors,
        carrier_id=carrier_id,
    )


def _stage_of_kind() -> dict[str, int]:
    return {s.container_kind: s.code for s in params.STAGES}


def _containers(
    traj: Trajectory, ctx: BuildContext, prefix: str, halls: dict[int, int], area_id: int
) -> dict[tuple[str, int], int]:
    a = traj.assignments
    slots = sorted({(str(k), int(s)) for k, s in zip(a.container_kind, a.slot, strict=True)})
    if not slots:
        return {}
    stage_of = _stage_of_kind()
    kinds = [params.CONTAINER_KINDS[k] for k, _ in slots]
    in_sea = np.array([k.environment == "sea" for k in kinds])
    stage = np.array([stage_of[k] for k, _ in slots])
    volume = np.array([k.volume_m3 for k in kinds])
    density = np.array([k.max_density_kg_m3 or 0.0 for k in kinds])
    max_biomass = np.where(density > 0, volume * density, volume * 25.0)
    type_ids = [ctx.lookup("infrastructure.ContainerType", name=k.type_name) for k in kinds]
    label = {"sea_pen": "Ring", "tray": "Tray"}
    ids = ctx.emit(
        "infrastructure.Container",
        {
            "name": [f"{prefix}-{label.get(k, 'Tank')}-{s + 1:02d}" for k, s in slots],
            "container_type_id": type_ids,
            "hall_id": [
                None if sea else halls[int(st)] for sea, st in zip(in_sea, stage, strict=True)
            ],
            "area_id": [area_id if sea else None for sea in in_sea],
            "hierarchy_role": "HOLDING",
            "volume_m3": volume,
            "max_biomass_kg": np.minimum(max_biomass, 99_999_999.0),
        },
    )
    return {slot: int(pk) for slot, pk in zip(slots, ids, strict=True)}


def _feed_containers(
    traj: Trajectory, ctx: BuildContext, prefix: str, halls: dict[int, int], area_id: int
) -> dict[int, int]:
    f = traj.feed_containers
    if len(f) == 0:
        return {}
    barge = f.container_type == "BARGE"
    ids = ctx.emit(
        "infrastructure.FeedContainer",
        {
            "name": [
                f"{prefix}-{'Barge' if b else 'Silo'}-{int(i) + 1:02d}"
                for b, i in zip(barge, f.index, strict=True)
            ],
            "container_type": f.container_type,
            "hall_id": [None if b else halls[int(s)] for b, s in zip(barge, f.stage, strict=True)],
            "area_id": [area_id if b else None for b in barge],
            "capacity_kg": f.capacity_kg,
        },
    )
    return {int(i): int(pk) for i, pk in zip(f.index, ids, strict=True)}


def _sensors(
    ctx: BuildContext, containers: dict[tuple[str, int], int], prefix: str, traj: Trajectory
) -> dict[tuple[int, str], int]:
    rows: list[tuple[int, str, str]] = []
    for (kind, slot), container_id in containers.items():
        env = params.CONTAINER_KINDS[kind].environment
        for sensor_type in sensor_types(env):
            rows.append(
                (container_id, sensor_type, f"{prefix}-{kind}-{slot + 1:02d}-{sensor_type}")
            )
    if not rows:
        return {}
    installed = np.datetime64(traj.start_date, "D") - np.timedelta64(30, "D")
    ids = ctx.emit(
        "infrastructure.Sensor",
        {
            "name": [name for _, _, name in rows],
            "sensor_type": [t for _, t, _ in rows],
            "container_id": [c for c, _, _ in rows],
            "serial_number": [f"SN-{ctx.seed % 100000:05d}-{i:05d}" for i in range(len(rows))],
            "manufacturer": "Xylem",
            "installation_date": installed,
            "last_calibration_date": installed,
        },
    )
    return {(c, t): int(pk) for (c, t, _), pk in zip(rows, ids, strict=True)}
