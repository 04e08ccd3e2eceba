"""Pure derivations of the reference schema's computed columns, usable without a model instance.

Model ``save()`` methods call these, and so can builders and bulk loaders, which bypass
``save()``: a row built in bulk gets the same ``biomass_kg`` or ``feeding_percentage`` as one
saved through the ORM. Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

Number = Decimal | int | float | str

ZERO = Decimal("0.00")
#: Largest value a dec(8,6) column (FeedingEvent.feeding_percentage) can hold.
FEEDING_PERCENTAGE_MAX = Decimal("99.999999")
#: Stage names (lower-cased) that make a lifecycle transfer station-to-sea, hence dynamic.
DYNAMIC_SOURCE_STAGES = frozenset({"fry", "parr", "smolt", "post-smolt"})
DYNAMIC_DEST_STAGES = frozenset({"post-smolt", "adult"})
#: Transport legs allowed per dynamic route mode of a BatchTransferWorkflow.
ROUTE_LEGS: dict[str, tuple[str, ...]] = {
    "DIRECT_STATION_TO_VESSEL": ("STATION_TO_VESSEL", "VESSEL_TO_RING"),
    "VIA_TRUCK_TO_VESSEL": ("STATION_TO_TRUCK", "TRUCK_TO_VESSEL", "VESSEL_TO_RING"),
}


def to_decimal(value: Number) -> Decimal:
    """Convert a number to Decimal through its string form (no binary-float noise)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def quantize(value: Number, places: int = 2) -> Decimal:
    """Round half-up to ``places`` decimals, as a DecimalField with that scale stores it."""
    return to_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def biomass_kg(population_count: int | None, avg_weight_g: Number | None) -> Decimal:
    """Biomass in kg = population × average weight (g) / 1000; 0.00 without a positive weight."""
    if population_count is None or avg_weight_g is None:
        return ZERO
    weight = to_decimal(avg_weight_g)
    if weight <= 0:
        return ZERO
    return quantize(Decimal(population_count) * weight / 1000)


def avg_weight_g(biomass: Number | None, population_count: int | None) -> Decimal | None:
    """Average weight in g = biomass (kg) × 1000 / population; None for an empty population."""
    if biomass is None or not population_count or population_count <= 0:
        return None
    return quantize(to_decimal(biomass) * 1000 / Decimal(population_count))


def condition_factor(
    weight_g: Number | None, length_cm: Number | None, places: int = 2
) -> Decimal | None:
    """Fulton's condition factor K = 100 × weight (g) / length (cm)³; None if unmeasured."""
    if weight_g is None or length_cm is None:
        return None
    length = to_decimal(length_cm)
    if length <= 0:
        return None
    return quantize(100 * to_decimal(weight_g) / length**3, places)


def feeding_percentage(amount_kg: Number | None, batch_biomass_kg: Number | None) -> Decimal | None:
    """Feed as % of biomass (amount / biomass × 100), capped to fit dec(8,6); None without biomass."""
    if amount_kg is None or batch_biomass_kg is None:
        return None
    biomass = to_decimal(batch_biomass_kg)
    if biomass <= 0:
        return None
    return min(quantize(to_decimal(amount_kg) / biomass * 100, 6), FEEDING_PERCENTAGE_MAX)


def weekly_mortality_percent(daily_rate_percent: Number) -> Decimal:
    """Weekly mortality % compounded from a daily %: (1 − (1 − d/100)^7) × 100, 3 decimals."""
    survival = 1 - to_decimal(daily_rate_percent) / 100
    return quantize((1 - survival**7) * 100, 3)


def completion_percentage(done: int, total: int) -> Decimal:
    """Share of ``done`` in ``total`` as a 0–100 percentage with 2 decimals (0 when total is 0)."""
    if not total or total <= 0:
        return ZERO
    return min(quantize(Decimal(done) / Decimal(total) * 100), Decimal("100.00"))


def expected_departure_date(
    assignment_date: dt.date | None,
    departure_date: dt.date | None,
    typical_duration_days: int | None,
) -> dt.date | None:
    """Actual departure if known, else assignment date + the stage's typical duration."""
    if departure_date is not None:
        return departure_date
    if assignment_date is None or typical_duration_days is None:
        return None
    return assignment_date + dt.timedelta(days=typical_duration_days)


def withholding_end_date(
    treatment_date: dt.datetime | dt.date | None, withholding_period_days: int | None
) -> dt.date | None:
    """Last day of the withholding period (treatment day + N days); None for no period."""
    if treatment_date is None or not withholding_period_days:
        return None
    day = treatment_date.date() if isinstance(treatment_date, dt.datetime) else treatment_date
    return day + dt.timedelta(days=withholding_period_days)


def lice_total(
    count_value: int | None, adult_female: int = 0, adult_male: int = 0, juvenile: int = 0
) -> int:
    """Lice on a count row: the normalized count_value, else the three legacy columns summed."""
    if count_value is not None:
        return count_value
    return (adult_female or 0) + (adult_male or 0) + (juvenile or 0)


def lice_per_fish(total: int, fish_sampled: int | None) -> float:
    """Average lice per sampled fish (0.0 when no fish were sampled)."""
    if not fish_sampled or fish_sampled <= 0:
        return 0.0
    return total / fish_sampled


def fcr(total_feed_kg: Number | None, growth_kg: Number | None) -> Decimal | None:
    """Feed conversion ratio = feed / growth (3 decimals); None without positive growth."""
    if total_feed_kg is None or growth_kg is None:
        return None
    growth = to_decimal(growth_kg)
    if growth <= 0:
        return None
    return quantize(to_decimal(total_feed_kg) / growth, 3)


def feeding_confidence_level(days_since_weighing: int | None) -> str:
    """FCR-summary confidence by days since the last weighing: <10, <20, <40 days, else LOW."""
    if days_since_weighing is None:
        return "LOW"
    if days_since_weighing < 10:
        return "VERY_HIGH"
    if days_since_weighing < 20:
        return "HIGH"
    if days_since_weighing < 40:
        return "MEDIUM"
    return "LOW"


def forecast_tier(
    has_planned_harvest: bool, has_planned_transfer: bool, needs_planning_attention: bool
) -> str:
    """Dashboard tier of a forecast: PLANNED, else NEEDS_PLANNING if flagged, else PROJECTED."""
    if has_planned_harvest or has_planned_transfer:
        return "PLANNED"
    if needs_planning_attention:
        return "NEEDS_PLANNING"
    return "PROJECTED"


def confidence_overall(scores: Mapping[str, float] | None) -> float:
    """Overall confidence of a daily state = the lowest component score (0.0 without scores)."""
    if not scores:
        return 0.0
    return float(min(scores.values()))


def infer_dynamic_execution(
    workflow_type: str, source_stage_name: str | None, dest_stage_name: str | None
) -> bool:
    """True for station-to-sea lifecycle transitions, which run as live (dynamic) workflows."""
    if workflow_type != "LIFECYCLE_TRANSITION" or not source_stage_name or not dest_stage_name:
        return False
    source, dest = source_stage_name.strip().lower(), dest_stage_name.strip().lower()
    return source in DYNAMIC_SOURCE_STAGES and dest in DYNAMIC_DEST_STAGES


def allowed_leg_types(dynamic_route_mode: str | None) -> list[str]:
    """Transport legs a dynamic route mode allows (empty for no or unknown mode)."""
    return list(ROUTE_LEGS.get(dynamic_route_mode or "", ()))


def distribute_mortality(count: int, populations: Sequence[int]) -> list[int]:
    """Split dead fish over assignments by population, as health.MortalityRecord does."""
    # The reference: one assignment takes all; several share proportionally with at least one
    # fish each, never more than they hold. Unlike the reference, the shares never add up to
    # more than ``count`` (or the total population).
    alive = [max(0, p) for p in populations]
    total = sum(alive)
    to_remove = min(max(0, count), total)
    if to_remove == 0:
        return [0] * len(alive)
    shares = [to_remove * p // total for p in alive]
    nonempty = [i for i, p in enumerate(alive) if p > 0]
    if to_remove >= len(nonempty):  # the reference's "at least one each"
        for i in nonempty:
            shares[i] = max(shares[i], 1)
    shares = [min(s, p) for s, p in zip(shares, alive, strict=True)]
    # Trim an overshoot from "at least one", largest shares first, keeping one each.
    excess = sum(shares) - to_remove
    for i in sorted(nonempty, key=lambda j: -shares[j]):
        if excess <= 0:
            break
        cut = min(excess, shares[i] - 1)
        shares[i] -= cut
        excess -= cut
    # Hand out what rounding left over, largest populations first.
    left = to_remove - sum(shares)
    for i in sorted(nonempty, key=lambda j: -alive[j]):
        if left <= 0:
            break
        extra = min(left, alive[i] - shares[i])
        shares[i] += extra
        left -= extra
    return shares


class SampleStats(NamedTuple):
    """Mean, sample standard deviation (None below two values), min and max of a sample."""

    mean: Decimal | None
    std: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None


def sample_stats(values: Sequence[Number | None], places: int = 2) -> SampleStats:
    """Summary statistics over the non-null values, rounded to ``places`` decimals."""
    data = [to_decimal(v) for v in values if v is not None]
    if not data:
        return SampleStats(None, None, None, None)
    std = quantize(statistics.stdev(data), places) if len(data) > 1 else None
    return SampleStats(
        quantize(statistics.mean(data), places),
        std,
        quantize(min(data), places),
        quantize(max(data), places),
    )


def mean_condition_factor(
    pairs: Sequence[tuple[Number | None, Number | None]], places: int = 2
) -> Decimal | None:
    """Mean of per-fish K over (weight, length) pairs where both are measured."""
    factors = [
        100 * to_decimal(w) / to_decimal(length) ** 3
        for w, length in pairs
        if w is not None and length is not None and to_decimal(length) > 0
    ]
    if not factors:
        return None
    return quantize(sum(factors) / len(factors), places)


def template_due_date(
    trigger_type: str, day_offset: int | None, anchor: dt.date, today: dt.date
) -> dt.date | None:
    """Due date a template gives: anchor + day_offset, today + 30 for weights, else None."""
    if trigger_type == "DAY_OFFSET" and day_offset is not None:
        return anchor + dt.timedelta(days=day_offset)
    if trigger_type == "WEIGHT_THRESHOLD":
        return today + dt.timedelta(days=30)
    return None
