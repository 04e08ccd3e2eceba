"""Species the factories know by name, with their scientific names.

Every number cites its source; "choice" marks a modelling choice. Plain data: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

SCIENTIFIC_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "Atlantic Salmon": "Salmo salar",
        "Rainbow Trout": "Oncorhynchus mykiss",
        "Arctic Char": "Salvelinus alpinus",
        "Lumpfish": "Cyclopterus lumpus",
        "Ballan Wrasse": "Labrus bergylta",
    }
)
"""Species the factories know by name (SCHEMA.md §5 seed: Atlantic Salmon / Salmo salar;
lumpfish and wrasse are the cleaner fish used against sea lice)."""

SALMON = "Atlantic Salmon"
