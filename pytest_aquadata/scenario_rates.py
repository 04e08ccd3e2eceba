"""Scenario biology by stage: daily and weekly mortality rates and the biological constraint
window (weights, temperatures, days) of each scenario stage, from ``sim.params``.

Django-free, so the scenario rows and the scenario factories compute them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from pytest_aquadata.reference.scenario import SCENARIO_STAGES, SEA_MORTALITY_PCT_PER_MONTH_RANGE
from pytest_aquadata.sim import params
from pytest_aquadata.stage_table import STAGES

_BIOLOGY = params.Biology()


def daily_from_total(total: float, days: float) -> float:
    """Daily % of a loss of ``total`` (fraction) spread evenly over ``days`` days."""
    return (1 - (1 - total) ** (1 / days)) * 100


def weekly_percent(daily_pct: float) -> float:
    """Weekly % of a daily % compounded over 7 days (the reference's weekly rule)."""
    return (1 - (1 - daily_pct / 100) ** 7) * 100


def sea_daily_percent(level: str = "Standard") -> float:
    """Daily sea mortality, %: the mean of ``sim.params.MONTHLY_SEA_MORTALITY_PCT`` (Standard)
    or the Scottish regional range (Low / High, docs/references.md §4)."""
    monthly = {
        "Low": SEA_MORTALITY_PCT_PER_MONTH_RANGE[0],
        "High": SEA_MORTALITY_PCT_PER_MONTH_RANGE[1],
    }.get(level, sum(params.MONTHLY_SEA_MORTALITY_PCT) / 12)
    return daily_from_total(monthly / 100, params.DAYS_PER_MONTH)


def stage_daily_percent(scenario_stage: str, level: str = "Standard") -> float:
    """Daily mortality % of a scenario stage from ``sim.params`` Biology: egg and alevin
    losses over their degree-day periods, fry loss over the Fry stage, freshwater monthly
    rate for parr to post-smolt, sea mortality (at the model's level) for harvest."""
    b = _BIOLOGY
    if scenario_stage == "egg":
        return daily_from_total(b.egg_mortality, b.hatch_degree_days / b.incubation_temp_c)
    if scenario_stage == "alevin":
        days = (b.first_feeding_degree_days - b.hatch_degree_days) / b.alevin_temp_c
        return daily_from_total(b.alevin_mortality, days)
    if scenario_stage == "fry":
        return daily_from_total(b.fry_mortality, STAGES["Fry"].typical_duration_days)
    if scenario_stage == "harvest":
        return sea_daily_percent(level)
    return daily_from_total(b.freshwater_monthly, params.DAYS_PER_MONTH)


@dataclass(frozen=True)
class ConstraintRow:
    """Stage window of a scenario stage: weights (g), optimal temperatures, days, FW cap."""

    min_weight_g: float
    max_weight_g: float
    min_temperature_c: float
    max_temperature_c: float
    typical_duration_days: int
    max_freshwater_weight_g: float | None


def constraint_row(scenario_stage: str) -> ConstraintRow:
    """The constraint window of a scenario stage from ``sim.params``: Egg&Alevin split at the
    egg weight, temperatures from the Biology ranges (incubation 4–8, alevin 6–12, freshwater
    10–16 °C) and the sea temperature optimum (6–16 °C), durations from degree-days or the stage
    table, freshwater weight cap = stage maximum except at sea (SCHEMA.md §16 seed set)."""
    b, info = _BIOLOGY, STAGES[SCENARIO_STAGES.get(scenario_stage, "Adult")]
    ranges = params.PARAMETER_RANGES
    low, high = info.weight_min_g, info.weight_max_g
    if scenario_stage == "egg":
        days = round(b.hatch_degree_days / b.incubation_temp_c)
        return ConstraintRow(
            low, b.egg_weight_g, *ranges["incubation_temp_c"], days, b.egg_weight_g
        )
    if scenario_stage == "alevin":
        days = round((b.first_feeding_degree_days - b.hatch_degree_days) / b.alevin_temp_c)
        return ConstraintRow(b.egg_weight_g, high, *ranges["alevin_temp_c"], days, high)
    if info.is_sea:
        sea = next(p for p in params.ENV_PARAMETERS if p.key == "temperature_c")
        return ConstraintRow(
            low,
            high,
            sea.optimal_min or 6.0,
            sea.optimal_max or 16.0,
            info.typical_duration_days,
            None,
        )
    return ConstraintRow(low, high, *ranges["freshwater_temp_c"], info.typical_duration_days, high)
