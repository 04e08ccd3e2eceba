"""Weather draws per geography.

Every number cites its source; "choice" marks a modelling choice. Plain data: no Django.
"""

from __future__ import annotations

from types import MappingProxyType

WEATHER = MappingProxyType(
    {
        # air − sea temperature offset range °C, mean wind m/s, mean significant wave height m
        "Faroe Islands": (-3.0, 1.0, 9.0, 2.2),
        "Scotland": (-3.0, 2.0, 7.0, 1.3),
    }
)
"""Weather draws per geography (choice: docs/references.md has no weather; air temperature follows the
sea surface temperature of ``sim.params.GEOGRAPHIES`` within the offset range)."""
