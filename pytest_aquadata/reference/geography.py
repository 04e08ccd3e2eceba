"""Geographies: legacy name prefixes, descriptions, the area-group tree with its sea sites and
the freshwater station places (LEGACY_GENERATOR.md §2; real fjords and sea lochs).

Every number cites its source; "choice" marks a modelling choice. Plain data: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

GEOGRAPHY_ORDER: tuple[str, ...] = ("Scotland", "Faroe Islands")
"""The farm's geographies in layout order (rows, plans and carriers are made in this order)."""

SITE_PREFIX: Mapping[str, str] = MappingProxyType({"Scotland": "S", "Faroe Islands": "FI"})
"""Name prefix per geography: stations ``S-FW-01`` / ``FI-FW-01``, areas ``S-SEA-01`` /
``FI-SEA-01``, batches ``FI-2026-001`` (LEGACY_GENERATOR.md §2, §1 step 3)."""

GEOGRAPHY_DESCRIPTIONS: Mapping[str, str] = MappingProxyType(
    {
        "Faroe Islands": (
            "Faroe Islands: sea sites in the fjords and sounds of Eysturoy, Streymoy, Vágar, "
            "the northern isles and Suðuroy; freshwater stations inland on Eysturoy and Streymoy."
        ),
        "Scotland": (
            "Scotland: sea sites in the west-coast sea lochs and around the Western Isles; "
            "freshwater hatcheries and smolt units in the Highlands."
        ),
    }
)


@dataclass(frozen=True)
class AreaGroupSpec:
    """One area group of the legacy tree: name, code, parent name, weight, sea sites."""

    name: str
    code: str
    parent: str | None
    weight: int
    sites: tuple[tuple[str, float, float], ...]


AREA_GROUPS: Mapping[str, tuple[AreaGroupSpec, ...]] = MappingProxyType(
    {
        # Root "{geo} Marine", then groups; areas are spread over the weighted leaf groups by
        # largest remainder (LEGACY_GENERATOR.md §2: Scotland 6/2/1/3/2/2/4 of 20, Faroe 7/4/11
        # of 22). Site coordinates are the real fjords / sea lochs (approximate, WGS84).
        "Scotland": (
            AreaGroupSpec("Scotland Marine", "SCO", None, 0, ()),
            AreaGroupSpec(
                "LOCH FYNE",
                "LFY",
                "Scotland Marine",
                10,
                (
                    ("Loch Fyne (Furnace)", 56.152, -5.178),
                    ("Loch Fyne (Ardcastle)", 56.090, -5.263),
                    ("Loch Fyne (Otter Ferry)", 56.020, -5.335),
                    ("Loch Fyne (Portavadie)", 55.880, -5.320),
                    ("Loch Fyne (Strachur)", 56.168, -5.090),
                    ("Loch Fyne (Tarbert)", 55.868, -5.410),
                ),
            ),
            AreaGroupSpec("LEWIS", "LEW", "Scotland Marine", 0, ()),
            AreaGroupSpec(
                "LEWIS North",
                "LEW-N",
                "LEWIS",
                3,
                (("Loch Roag", 58.220, -6.850), ("Loch Erisort", 58.118, -6.440)),
            ),
            AreaGroupSpec(
                "LEWIS South",
                "LEW-S",
                "LEWIS",
                2,
                (("Loch Seaforth", 58.010, -6.640), ("Loch Shell", 57.995, -6.490)),
            ),
            AreaGroupSpec(
                "HARRIS",
                "HAR",
                "Scotland Marine",
                5,
                (
                    ("East Loch Tarbert", 57.893, -6.760),
                    ("West Loch Tarbert", 57.905, -6.870),
                    ("Loch Grosebay", 57.835, -6.730),
                ),
            ),
            AreaGroupSpec(
                "BENBECULA",
                "BEN",
                "Scotland Marine",
                3,
                (("Loch Carnan", 57.370, -7.280), ("Loch Eynort", 57.230, -7.300)),
            ),
            AreaGroupSpec(
                "SKYE AND MAINLAND",
                "SKM",
                "Scotland Marine",
                4,
                (
                    ("Loch Snizort", 57.520, -6.400),
                    ("Loch Ainort", 57.280, -6.020),
                    ("Loch Torridon", 57.560, -5.750),
                    ("Loch Ewe", 57.810, -5.620),
                ),
            ),
            AreaGroupSpec(
                "STRIVEN,ARRAN,MULL,GIGHA",
                "SAMG",
                "Scotland Marine",
                8,
                (
                    ("Loch Striven", 55.950, -5.060),
                    ("Lamlash Bay", 55.530, -5.100),
                    ("Loch Spelve", 56.390, -5.750),
                    ("Sound of Gigha", 55.680, -5.730),
                ),
            ),
        ),
        "Faroe Islands": (
            AreaGroupSpec("Faroe Islands Marine", "FAR", None, 0, ()),
            AreaGroupSpec(
                "North",
                "FAR-N",
                "Faroe Islands Marine",
                8,
                (
                    ("Hvannasund", 62.290, -6.520),
                    ("Árnafjørður", 62.258, -6.548),
                    ("Borðoyarvík", 62.230, -6.560),
                    ("Funningsfjørður", 62.270, -6.950),
                    ("Fuglafjørður", 62.240, -6.800),
                    ("Gøtuvík", 62.190, -6.720),
                    ("Skálafjørður", 62.160, -6.800),
                ),
            ),
            AreaGroupSpec(
                "South",
                "FAR-S",
                "Faroe Islands Marine",
                4,
                (
                    ("Trongisvágsfjørður", 61.560, -6.820),
                    ("Vágsfjørður", 61.470, -6.790),
                    ("Hvalba", 61.600, -6.930),
                    ("Fámjin", 61.525, -6.870),
                ),
            ),
            AreaGroupSpec(
                "West",
                "FAR-W",
                "Faroe Islands Marine",
                13,
                (
                    ("Vestmanna", 62.150, -7.170),
                    ("Sundalagið", 62.220, -7.050),
                    ("Kaldbaksfjørður", 62.070, -6.850),
                    ("Kollafjørður", 62.110, -6.900),
                    ("Sørvágsfjørður", 62.070, -7.350),
                    ("Miðvágur", 62.050, -7.190),
                    ("Hestfjørður", 61.970, -6.900),
                    ("Skopunarfjørður", 61.920, -6.880),
                ),
            ),
        ),
    }
)
"""Area-group tree per geography, root first and parents before children (13 groups in all,
LEGACY_GENERATOR.md §2). ``weight`` 0 marks a group that takes no areas itself."""

STATION_SITES: Mapping[str, tuple[tuple[str, float, float], ...]] = MappingProxyType(
    {
        "Faroe Islands": (
            ("Glyvradalur", 62.140, -6.740),
            ("Norðtoftir", 62.250, -6.600),
            ("Fossá", 62.180, -6.980),
            ("Kaldbak", 62.065, -6.950),
            ("Lopra", 61.440, -6.770),
            ("Gjógv", 62.300, -6.930),
        ),
        "Scotland": (
            ("Lairg", 58.020, -4.400),
            ("Inchmore", 57.350, -5.560),
            ("Fort William", 56.830, -5.100),
            ("Fort Augustus", 57.150, -4.680),
            ("Golspie", 57.970, -3.980),
            ("Kinlochleven", 56.710, -4.960),
        ),
    }
)
"""Inland places of the freshwater stations (real places near hatchery sites, approximate)."""

SITE_JITTER_DEG = 0.02
"""Stations and areas sit within ±0.02° of their site so that neighbours differ (choice)."""


def geography_prefix(name: str) -> str:
    """Legacy name prefix of a geography (``FI``, ``S``), else its first three capital letters."""
    return SITE_PREFIX.get(name) or re.sub(r"[^A-Z]", "", name.upper())[:3] or "GEO"
