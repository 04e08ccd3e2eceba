"""Sensor probes: one probe per measured quantity; 7 per freshwater container, 4 per sea ring
(LEGACY_GENERATOR.md §2; 11 060 in the full layout).

Every number cites its source; "choice" marks a modelling choice. Plain data: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class SensorProbe:
    """A probe: label used in the sensor name, Sensor.sensor_type, serial code, maker."""

    label: str
    sensor_type: str
    code: str
    manufacturer: str
    parameters: tuple[str, ...]


SENSOR_PROBES: Mapping[str, SensorProbe] = MappingProxyType(
    {
        p.label: p
        for p in (
            SensorProbe("Temperature", "TEMPERATURE", "TMP", "OxyGuard", ("Temperature",)),
            SensorProbe(
                "Dissolved Oxygen",
                "OXYGEN",
                "DOX",
                "OxyGuard",
                ("Dissolved Oxygen", "Oxygen Saturation"),
            ),
            SensorProbe("pH", "PH", "PHX", "Hach", ("pH",)),
            SensorProbe("CO2", "CO2", "CO2", "OxyGuard", ("CO2",)),
            SensorProbe("NH4", "OTHER", "NH4", "Hach", ("Ammonia",)),
            SensorProbe("NO2", "OTHER", "NO2", "Hach", ("Nitrite",)),
            SensorProbe("NO3", "OTHER", "NO3", "Hach", ("Nitrate",)),
            SensorProbe("Salinity", "SALINITY", "SAL", "Aanderaa", ("Salinity",)),
        )
    }
)
"""Probes by label (LEGACY_GENERATOR.md §2 sensor list; real aquaculture probe makers).
``parameters`` are the ``sim.params.ENV_PARAMETERS`` names the probe reads."""

FRESHWATER_PROBES: tuple[str, ...] = (
    "Temperature",
    "Dissolved Oxygen",
    "pH",
    "CO2",
    "NH4",
    "NO2",
    "NO3",
)
SEA_PROBES: tuple[str, ...] = ("Temperature", "Dissolved Oxygen", "pH", "Salinity")
"""Probes per freshwater container (7) and per sea ring (4), LEGACY_GENERATOR.md §2."""

SENSOR_CALIBRATION_DAYS = 180
"""Probes are calibrated at least every 180 days (choice)."""
