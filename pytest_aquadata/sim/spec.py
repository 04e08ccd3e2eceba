"""BatchSpec: the validated input of one batch simulation."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from . import params

ORDERED_PAIRS = (
    ("hatch_degree_days", "first_feeding_degree_days"),
    ("growth_temp_min_c", "heat_stress_start_c"),
    ("heat_stress_start_c", "growth_temp_max_c"),
    ("lice_growth_min", "lice_growth_max"),
    ("lice_infection_min", "lice_infection_max"),
    ("lice_cold_c", "lice_warm_c"),
)
"""Biology parameters that must stay ordered (low ≤ high) after overrides."""


def _invalid(name: str, value: object, allowed: str) -> ValueError:
    return ValueError(f"BatchSpec.{name}={value!r} is invalid; allowed: {allowed}")


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass(frozen=True)
class BatchSpec:
    """What to simulate: geography, eggs, start, harvest target, optional stop point and overrides.

    Invalid values raise ``ValueError`` naming the field, the value and what is allowed.
    ``harvest_target_kg`` is live weight (drawn in 4.5–6.5 kg when None). ``stop_at_stage``
    stops ``params.STOP_DAYS_INTO_STAGE`` days into that stage; ``end_date`` is the last
    simulated day (inclusive); with both, the earlier wins. ``station`` and ``sea_area`` are hints
    for the layer that maps slots onto real containers; the simulation only carries them.
    ``overrides`` maps ``params.Biology`` field names to values inside ``params.PARAMETER_RANGES``.
    """

    geography: str
    eggs: int
    start_date: dt.date
    harvest_target_kg: float | None = None
    station: str | None = None
    sea_area: str | None = None
    stop_at_stage: str | None = None
    end_date: dt.date | None = None
    overrides: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.geography not in params.GEOGRAPHIES:
            raise _invalid("geography", self.geography, " | ".join(params.GEOGRAPHIES))
        if (
            not isinstance(self.eggs, int)
            or isinstance(self.eggs, bool)
            or not (1 <= self.eggs <= params.MAX_EGGS)
        ):
            raise _invalid("eggs", self.eggs, f"an integer in 1..{params.MAX_EGGS:,}")
        if not isinstance(self.start_date, dt.date) or isinstance(self.start_date, dt.datetime):
            raise _invalid("start_date", self.start_date, "a datetime.date")
        if self.harvest_target_kg is not None:
            low, high = params.HARVEST_TARGET_KG_LIMITS
            if not _is_number(self.harvest_target_kg) or not (
                low <= self.harvest_target_kg <= high
            ):
                raise _invalid(
                    "harvest_target_kg", self.harvest_target_kg, f"{low}–{high} kg or None"
                )
        for name in ("station", "sea_area"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise _invalid(name, value, "a string or None")
        if self.stop_at_stage is not None and self.stop_at_stage not in params.STAGE_BY_NAME:
            raise _invalid("stop_at_stage", self.stop_at_stage, " | ".join(params.STAGE_NAMES))
        if self.end_date is not None and (
            not isinstance(self.end_date, dt.date)
            or isinstance(self.end_date, dt.datetime)
            or self.end_date < self.start_date
        ):
            raise _invalid(
                "end_date", self.end_date, f"a datetime.date on or after {self.start_date}"
            )
        if not isinstance(self.overrides, Mapping):
            raise _invalid("overrides", self.overrides, "a mapping of parameter name to number")
        for name, value in self.overrides.items():
            if name not in params.PARAMETER_RANGES:
                raise _invalid(
                    f"overrides[{name!r}]",
                    value,
                    "known parameter names: " + ", ".join(params.PARAMETER_NAMES),
                )
            low, high = params.PARAMETER_RANGES[name]
            if not _is_number(value) or not math.isfinite(value) or not (low <= value <= high):
                raise _invalid(f"overrides[{name!r}]", value, f"a number in {low}–{high}")
        object.__setattr__(self, "overrides", MappingProxyType(dict(self.overrides)))
        bio = self.biology()
        for low_name, high_name in ORDERED_PAIRS:
            if getattr(bio, low_name) > getattr(bio, high_name):
                raise _invalid(
                    f"overrides[{low_name!r}]",
                    getattr(bio, low_name),
                    f"at most {high_name} ({getattr(bio, high_name)})",
                )

    def __hash__(self) -> int:
        values = tuple(
            getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "overrides"
        )
        return hash((values, tuple(sorted(self.overrides.items()))))

    def biology(self) -> params.Biology:
        """The biology parameters with this spec's overrides applied."""
        return dataclasses.replace(
            params.Biology(), **{k: float(v) for k, v in self.overrides.items()}
        )

    def last_day(self) -> int | None:
        """Day index (from ``start_date``) of the last day to simulate per ``end_date``, or None."""
        return None if self.end_date is None else (self.end_date - self.start_date).days
