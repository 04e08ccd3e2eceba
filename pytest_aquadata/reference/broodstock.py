"""Broodstock: fish weights, fecundity, spawning season, breeding traits, maintenance notes and
external egg suppliers.

Every number cites its source; "choice" marks a modelling choice. Plain data: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

BROODSTOCK_WEIGHT_KG = (4.5, 8.0)
"""Weight of a broodstock fish, kg (choice: docs/references.md has no broodstock weight; kept so that
fecundity stays at or below ~10 000 eggs per female, §2 [S15])."""

EGGS_PER_KG_FEMALE = (1100, 1300)
"""Eggs stripped per kg of female: docs/references.md §2 "> 1 000 eggs per kg female; up to ~10 000 per
female" (Salmon Scotland [S15]); range is a choice above that floor."""

BROODSTOCK_YEAR_CLASS_AGE = (3, 5)
"""Age of broodstock at spawning, years (choice; §2 egg → harvest ≈ 3 y, broodstock are kept
longer to maturity)."""

SPAWNING_START = (10, 15)
SPAWNING_DAYS = 105
"""A breeding plan's season starts on 15 October and lasts 105 days, to the end of January
(choice: Atlantic salmon spawn in late autumn–winter; docs/references.md has no spawning dates)."""

BREEDING_TRAIT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"growth_rate": 0.8, "disease_resistance": 0.7, "size": 0.5, "fertility": 0.4}
)
"""Default priority weight per broodstock.BreedingTraitPriority trait (choice)."""

BREEDING_TEXTS = MappingProxyType(
    {
        "objectives": (
            "Improve growth to harvest and sea-lice resistance while keeping inbreeding below "
            "1 % per generation; select for late maturation."
        ),
        "geneticist_notes": (
            "Use genomic breeding values (growth, lice count, PD/IPN QTL markers); avoid pairing "
            "full and half sibs; at most 3 females per male."
        ),
        "breeder_instructions": (
            "Strip mature females at ovulation, fertilise with milt of the planned male within "
            "10 min, disinfect eggs (iodophor) and record family number on each tray."
        ),
    }
)
"""Texts of a broodstock.BreedingPlan (choice)."""

MAINTENANCE_NOTES: Mapping[str, str] = MappingProxyType(
    {
        "cleaning": "Tank wall and bottom cleaning, drain screens rinsed.",
        "repair": "Replace worn inlet valve and check the oxygen diffuser.",
        "inspection": "Quarterly inspection of water flow, oxygen probes and alarms.",
        "upgrade": "Install LED lighting for photoperiod control.",
    }
)
"""broodstock.MaintenanceTask notes per task type (choice)."""

MAINTENANCE_INTERVAL_DAYS: Mapping[str, int] = MappingProxyType(
    {"cleaning": 14, "inspection": 30, "repair": 75, "upgrade": 180}
)
"""Days between two tasks of a type on one broodstock tank (choice: cleaning every other week, a
monthly inspection, a repair every few months, an upgrade twice a year)."""

MAINTENANCE_HISTORY_DAYS = 180
MAINTENANCE_AHEAD_DAYS = 21
"""A tank's task list spans the last 180 days and the next three weeks (choice)."""

MAINTENANCE_COMPLETION_DELAY: tuple[tuple[int, float], ...] = (
    (0, 0.6),
    (1, 0.2),
    (2, 0.1),
    (4, 0.1),
)
"""Days after its scheduled date a task is completed, with shares (choice: most on the day)."""

MAINTENANCE_OPEN_SHARE: tuple[tuple[int, float], ...] = (
    (14, 0.3),
    (MAINTENANCE_HISTORY_DAYS, 0.04),
)
"""Share of past tasks still open (overdue), by how many days ago they were scheduled: up to
14 days 30 %, older 4 % (choice: a busy spawning season leaves a few tasks behind)."""


@dataclass(frozen=True)
class EggSupplierSpec:
    """An external egg supplier: name, town and country, genotype sold, contact mailbox."""

    name: str
    place: str
    genotype: str
    mailbox: str


EGG_SUPPLIERS: tuple[EggSupplierSpec, ...] = (
    EggSupplierSpec("AquaGen AS", "Trondheim, Norway", "AquaGen Atlantic (QTL-innOva IPN/PD)", "aquagen"),
    EggSupplierSpec("Benchmark Genetics Norway AS", "Bergen, Norway", "SalmoBreed", "benchmark-no"),
    EggSupplierSpec("Benchmark Genetics Iceland", "Vogar, Iceland", "StofnFiskur", "benchmark-is"),
    EggSupplierSpec("Landcatch (Hendrix Genetics)", "Ormsary, Argyll, Scotland", "Landcatch", "landcatch"),
)  # fmt: skip
"""broodstock.EggSupplier rows: the main commercial suppliers of Atlantic-salmon eggs; contact
details are fictional (``@<mailbox>.example``). SCHEMA.md §9 names AquaGen and SalmoBreed."""

EGG_SUPPLIER_CERTIFICATIONS = (
    "ISO 9001:2015; ASC and GLOBALG.A.P. certified; officially free of ISA, PD, BKD and IPN "
    "(competent-authority health certificate with each shipment); eggs iodophor-disinfected."
)
