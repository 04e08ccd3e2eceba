"""The farm layout: scale table, halls A–E, area licences, silos and barges, racks and transport
containers, well-boat names (LEGACY_GENERATOR.md §2). Read by ``sim.farm`` and the
infrastructure writer alike, so the layout exists once.

Every number cites its source; "choice" marks a modelling choice. Plain data: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Scale:
    """How much farm a scale builds (per geography where a mapping)."""

    stations: Mapping[str, int]
    rack_stations: Mapping[str, int]
    racks_per_hall: int
    containers_per_hall: int
    areas: Mapping[str, int]
    rings_per_area: int
    barges_per_area: int
    trucks: int
    vessels: int


def _per_geo(scotland: int, faroe: int) -> Mapping[str, int]:
    """A count per geography."""
    return MappingProxyType({"Scotland": scotland, "Faroe Islands": faroe})


SCALES: Mapping[str, Scale] = MappingProxyType(
    {
        # Legacy layout (LEGACY_GENERATOR.md §2) = "full": 10 + 12 stations × 5 halls × 10
        # holding containers (hall A of stations 1–3 / 1–2 in 2 racks × 5 trays), 20 + 22
        # areas × 20 rings, 3 barges per area. "medium" is about a quarter of it, "small" the
        # smallest layout with both geographies and every stage.
        "small": Scale(_per_geo(1, 1), _per_geo(1, 1), 2, 4, _per_geo(2, 2), 10, 1, 1, 1),
        "medium": Scale(_per_geo(3, 3), _per_geo(1, 1), 2, 10, _per_geo(5, 6), 20, 3, 2, 1),
        "full": Scale(_per_geo(10, 12), _per_geo(3, 2), 2, 10, _per_geo(20, 22), 20, 3, 4, 2),
    }
)
"""The scale table: every count of the infrastructure writer and the farm planner's capacity
comes from here (the scale names are its keys)."""

DEFAULT_SCALE = "small"
"""The scale used when none is named (pytest ``--aquadata-saturate``, ``aquadata saturate``)."""


def scale(name: str) -> Scale:
    """The scale called ``name``; ValueError names a bad scale and the allowed ones."""
    try:
        return SCALES[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown infrastructure scale {name!r}; allowed: {', '.join(SCALES)}"
        ) from None


AREA_MAX_BIOMASS_KG = 5_000_000
"""Licence (max biomass) of a sea area: 5 000 t (LEGACY_GENERATOR.md §2 sea areas)."""

HALL_AREA_SQM = 1000
"""Floor area of a hall: 1000 m² (LEGACY_GENERATOR.md §2: 5 halls per station, 1000 m²)."""

HALL_LETTERS: Mapping[str, str] = MappingProxyType(
    {"Egg&Alevin": "A", "Fry": "B", "Parr": "C", "Smolt": "D", "Post-Smolt": "E"}
)
"""Hall per freshwater stage: halls A–E (SCHEMA.md §3 Hall seed convention, §16)."""

EGG_HALL_SILO_KG = 5000
"""Silo of hall A (Egg&Alevin): 5 t (LEGACY_GENERATOR.md §2 silo capacities A 5 t … E 30 t);
``sim.params`` has no hall-A silo because Egg&Alevin is not fed. [→ sim.params]"""

BARGES_PER_AREA = 3
"""Feed barges per sea area in the full legacy layout (LEGACY_GENERATOR.md §2 ``Barge-1..3``)."""


@dataclass(frozen=True)
class ContainerTypeSpec:
    """A container type not in ``sim.params.CONTAINER_KINDS``."""

    name: str
    category: str
    volume_m3: float
    max_density_kg_m3: float
    description: str


RACK_TYPE = ContainerTypeSpec(
    "Incubation Rack",
    "OTHER",
    20.0,
    0.0,
    "Structural rack holding incubation trays; holds no fish itself.",
)
"""SCHEMA.md §3 seeded type (OTHER, 20 m³, structural); racks hold no fish (max biomass 0)."""

TRUCK_TANK_TYPE = ContainerTypeSpec(
    "Transport Tanks-Truck",
    "TANK",
    10.0,
    60.0,
    "Oxygenated live-fish tank on a smolt transport truck.",
)
"""Truck tank: 10 m³ (choice: a live-fish truck carries ~30 m³ in three tanks); density ≤ 60
kg/m³ as parr/smolt tanks (docs/references.md §7, RoT). [→ sim.params]"""

WELLBOAT_HOLD_TYPE = ContainerTypeSpec(
    "Well-boat Holds",
    "TANK",
    1500.0,
    60.0,
    "Seawater well of a well-boat used for smolt transfer and live harvest transport.",
)
"""Well-boat well: 1500 m³ (choice: a 3000 m³ well-boat with two wells); density ≤ 60 kg/m³
(docs/references.md §7 parr/smolt 30–60, RoT). [→ sim.params]"""

TRUCK_TANKS = 3
WELLBOAT_HOLDS = 2
"""Tanks per truck and wells per well-boat (choice, see the two types above)."""

VESSEL_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "Faroe Islands": ("Havørn", "Norðlýsið", "Tjaldur", "Streymur", "Lómur", "Skarvur"),
        "Scotland": ("Ailsa Craig", "Kerrera", "Ulva", "Eriskay", "Scalpay", "Shuna"),
    }
)
"""Well-boat names (fictional, in the style of the region)."""
