"""Harvest product grades and their descriptions (NBS 10-01).

Every number cites its source; "choice" marks a modelling choice. Plain data: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

PRODUCT_GRADE_DESCRIPTIONS: Mapping[str, str] = MappingProxyType(
    {
        "SUPERIOR": "Top quality: no external faults, correct shape and colour (NBS 10-01).",
        "ORDINARY": "Minor external faults (small wounds, deformities, bruises) (NBS 10-01).",
        "PRODUCTION": (
            "Serious faults (ulcers, deformities, maturation); for processing only, not "
            "exported from Norway without correction (NBS 10-01)."
        ),
    }
)
"""harvest.ProductGrade descriptions (docs/references.md §9 grades, NBS 10-01 [S101][S102])."""
