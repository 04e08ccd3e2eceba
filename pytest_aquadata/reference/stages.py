"""Lifecycle stage wording and the Egg&Alevin length range (the stage biology is in
``sim.params``).

Every number cites its source; "choice" marks a modelling choice. Plain data: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

STAGE_DESCRIPTIONS: Mapping[str, str] = MappingProxyType(
    {
        "Egg&Alevin": "Eyed eggs and yolk-sac alevins in incubation trays (hall A), not fed.",
        "Fry": "First-feeding fry in small tanks (hall B) on starter feed.",
        "Parr": "Parr in medium tanks (hall C), growing towards smoltification.",
        "Smolt": "Smolts in large tanks (hall D), vaccinated before sea transfer.",
        "Post-Smolt": "Post-smolts in pre-transfer tanks (hall E), grown on to transfer size.",
        "Adult": "Grow-out in sea rings until harvest.",
    }
)

EGG_ALEVIN_LENGTH_CM = (0.60, 2.90)
"""Egg&Alevin length range: egg diameter ~6 mm to first-feeding length 2.8–2.9 cm (docs/references.md
§2 [S14]); later stages derive length from weight and ``sim.params.CONDITION_FACTOR``."""
