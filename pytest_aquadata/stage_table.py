"""The lifecycle stage table as the database rows see it: ``sim.params.STAGES`` plus halls,
lengths, container kinds and derived numbers, with lookups by name, order and hall.

Django-free (sim and reference only), so the row builders, the factories and the strategies
read the same table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from pytest_aquadata.container_types import container_max_biomass_kg
from pytest_aquadata.reference.layout import HALL_LETTERS
from pytest_aquadata.reference.stages import EGG_ALEVIN_LENGTH_CM, STAGE_DESCRIPTIONS
from pytest_aquadata.sim import growth, params


@dataclass(frozen=True)
class StageInfo:
    """Everything a factory needs to know about one lifecycle stage."""

    name: str
    order: int
    code: int
    weight_min_g: float
    weight_max_g: float
    typical_duration_days: int
    environment: str
    container_kind: params.ContainerKind
    hall_letter: str | None
    days_before: int
    tgc: float
    fcr: float
    temperature_c: float
    meals_per_day: int
    length_min_cm: float
    length_max_cm: float
    feed_container: params.FeedContainerKind | None
    description: str

    @property
    def is_sea(self) -> bool:
        """True for the sea stage (Adult, in rings)."""
        return self.environment == "sea"

    @property
    def typical_weight_g(self) -> float:
        """Geometric midpoint of the stage's weight range."""
        return math.sqrt(self.weight_min_g * self.weight_max_g)

    @property
    def container_max_biomass_kg(self) -> float:
        """Capacity of one container of the stage's kind (kg), from sim.params densities."""
        return container_max_biomass_kg(self.container_kind)

    @property
    def fish_per_container(self) -> int:
        """Fish a container is planned for: its capacity at the end-of-stage weight with the
        sim's planning margin, capped by the kind's fish limit."""
        kind = self.container_kind
        fish = (
            self.container_max_biomass_kg
            * 1000
            / (self.weight_max_g * params.PLANNING_WEIGHT_MARGIN)
        )
        if kind.max_fish is not None:
            fish = min(fish, kind.max_fish)
        return int(fish)

    @property
    def daily_mortality(self) -> float:
        """Background mortality per fish and day (sim.params Biology defaults and sea profile)."""
        biology = params.Biology()
        if self.code == 0:
            return (biology.egg_mortality + biology.alevin_mortality) / self.typical_duration_days
        if self.is_sea:
            monthly = sum(params.MONTHLY_SEA_MORTALITY_PCT) / 12 / 100
            return monthly / params.DAYS_PER_MONTH
        return biology.freshwater_monthly / params.DAYS_PER_MONTH


def length_for_weight(weight_g: float, condition_factor: float) -> float:
    """Fork length (cm) of a fish of ``weight_g`` with Fulton's K (``sim.growth.length_cm``)."""
    return float(growth.length_cm(weight_g, condition_factor))


def _build_stages() -> dict[str, StageInfo]:
    biology = params.Biology()
    out: dict[str, StageInfo] = {}
    days_before = 0
    for stage in params.STAGES:
        tgc_field = params.STAGE_TGC_PARAMETER[stage.code]
        if stage.code == 0:
            temperature = biology.incubation_temp_c
            lengths = EGG_ALEVIN_LENGTH_CM
        else:
            temperature = (
                sum(params.GEOGRAPHIES["Faroe Islands"].monthly_sst_c) / 12
                if stage.environment == "sea"
                else biology.freshwater_temp_c
            )
            k = params.CONDITION_FACTOR[stage.code]
            lengths = (
                length_for_weight(stage.weight_min_g, k),
                length_for_weight(stage.weight_max_g, k),
            )
        silo = params.STAGE_FEED_CONTAINER[stage.code]
        out[stage.name] = StageInfo(
            name=stage.name,
            order=stage.order,
            code=stage.code,
            weight_min_g=stage.weight_min_g,
            weight_max_g=stage.weight_max_g,
            typical_duration_days=stage.typical_duration_days,
            environment=stage.environment,
            container_kind=params.CONTAINER_KINDS[stage.container_kind],
            hall_letter=HALL_LETTERS.get(stage.name),
            days_before=days_before,
            tgc=getattr(biology, tgc_field) if tgc_field else 0.0,
            fcr=biology.fcr_sea if stage.environment == "sea" else biology.fcr_freshwater,
            temperature_c=temperature,
            meals_per_day=params.MEALS_PER_DAY[stage.code],
            length_min_cm=lengths[0],
            length_max_cm=lengths[1],
            feed_container=params.FEED_CONTAINER_KINDS[silo] if silo else None,
            description=STAGE_DESCRIPTIONS.get(stage.name, ""),
        )
        days_before += stage.typical_duration_days
    return out


STAGES: dict[str, StageInfo] = _build_stages()
STAGE_NAMES: tuple[str, ...] = tuple(STAGES)
FRESHWATER_STAGES: tuple[str, ...] = tuple(n for n, s in STAGES.items() if not s.is_sea)
LIFECYCLE_DAYS: int = sum(s.typical_duration_days for s in STAGES.values())


def stage(name: str | None = None, order: int | None = None) -> StageInfo:
    """The stage called ``name`` (or, failing that, with lifecycle ``order``).

    Raises ValueError naming the value and the allowed stage names.
    """
    if name in STAGES:
        return STAGES[name]
    for info in STAGES.values():
        if order is not None and info.order == order:
            return info
    raise ValueError(f"unknown lifecycle stage {name!r}; allowed: {', '.join(STAGE_NAMES)}")


def stage_of(lifecycle_stage: Any) -> StageInfo:
    """The StageInfo of a LifeCycleStage row (by name, else by order)."""
    return stage(lifecycle_stage.name, getattr(lifecycle_stage, "order", None))


def next_stage_name(name: str) -> str | None:
    """The stage after ``name`` in the lifecycle, None after Adult."""
    position = STAGE_NAMES.index(stage(name).name)
    return STAGE_NAMES[position + 1] if position + 1 < len(STAGE_NAMES) else None


def hall_stage(hall: Any) -> StageInfo | None:
    """The stage a hall is for, from its ``…-Hall-X`` name (None for other names)."""
    name = getattr(hall, "name", "") or ""
    letter = name.rsplit("-Hall-", 1)[1] if "-Hall-" in name else None
    return next((s for s in STAGES.values() if letter and s.hall_letter == letter), None)
