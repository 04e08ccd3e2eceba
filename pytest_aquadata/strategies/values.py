"""Value strategies bounded by the domain: geographies, stages, batch specs, biology overrides,
sea temperatures, feed deliveries and lice counts.

Every draw is valid by construction (no ``filter``), so hypothesis' filter health checks never
fire, and each strategy shrinks toward the simplest domain value: the first geography, the
earliest stage, few eggs, short durations, no overrides. Bounds come from ``sim.params``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from hypothesis import strategies as st

from pytest_aquadata.sim import BatchSpec, params
from pytest_aquadata.sim.climate import sea_temperature
from pytest_aquadata.sim.feeding import feed_code
from pytest_aquadata.sim.spec import ORDERED_PAIRS

SPEC_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(BatchSpec))
"""``BatchSpec`` fields ``batch_specs(**fixed)`` accepts."""

FIRST_START_DATE = dt.date(2000, 1, 1)
LAST_START_DATE = dt.date(2035, 12, 31)
"""Range of drawn ``start_date`` (choice: any day works; the climate is a yearly cycle)."""

MAX_SIMULATED_DAYS = sum(params.MAX_STAGE_DAYS)
"""Longest ``end_date - start_date`` drawn: the sum of the per-stage safety horizons."""

MAX_LICE_PER_FISH = 10
"""Largest drawn count of one lice type per sampled fish (choice: docs/references.md §6 has regional
averages above 3 AF and Scotland's enforcement level at 6 AF, so 10 covers every limit)."""

MAX_FISH_SAMPLED = 5 * params.LICE_FISH_SAMPLED
"""Largest drawn ``fish_sampled`` of a lice count: five times the 20 fish per pen of §6."""

MAX_DELIVERY_GAP_HOURS = 60 * 24
"""Longest gap between two drawn feed deliveries (choice: two months)."""

_GEOGRAPHY_NAMES: tuple[str, ...] = tuple(params.GEOGRAPHIES)


def geographies() -> st.SearchStrategy[str]:
    """A geography name of ``sim.params.GEOGRAPHIES``, shrinking to the first (Scotland)."""
    return st.sampled_from(_GEOGRAPHY_NAMES)


def lifecycle_stages(first: str | None = None, last: str | None = None) -> st.SearchStrategy[str]:
    """A stage name between ``first`` and ``last`` (inclusive) in stage order, shrinking earliest."""
    names = params.STAGE_NAMES
    lo = names.index(_stage_name("first", first)) if first is not None else 0
    hi = names.index(_stage_name("last", last)) if last is not None else len(names) - 1
    if lo > hi:
        raise ValueError(f"lifecycle_stages(first={first!r}, last={last!r}): first is after last")
    return st.sampled_from(names[lo : hi + 1])


def _stage_name(argument: str, name: str) -> str:
    if name not in params.STAGE_BY_NAME:
        raise ValueError(
            f"{argument}={name!r} is invalid; allowed: {' | '.join(params.STAGE_NAMES)}"
        )
    return name


def pinned(value: Any) -> st.SearchStrategy[Any]:
    """A pinned value as a strategy (strategies pass through)."""
    return value if isinstance(value, st.SearchStrategy) else st.just(value)


def biology_overrides(
    names: tuple[str, ...] = params.PARAMETER_NAMES,
) -> st.SearchStrategy[dict[str, float]]:
    """``BatchSpec.overrides``: a subset of ``names`` with values in ``params.PARAMETER_RANGES``.

    Ordered pairs (``growth_temp_min_c ≤ heat_stress_start_c`` …) hold by construction: each
    value is drawn inside the range its partners (drawn or default) leave. Shrinks to ``{}``.
    """
    unknown = [n for n in names if n not in params.PARAMETER_RANGES]
    if unknown:
        raise ValueError(
            f"names={unknown!r} is invalid; allowed: {', '.join(params.PARAMETER_NAMES)}"
        )
    return _biology_overrides(tuple(names))


@st.composite
def _biology_overrides(draw: st.DrawFn, names: tuple[str, ...]) -> dict[str, float]:
    chosen = draw(st.lists(st.sampled_from(names), unique=True))
    effective = dataclasses.asdict(params.Biology())
    out: dict[str, float] = {}
    for name in sorted(chosen, key=params.PARAMETER_NAMES.index):
        low, high = params.PARAMETER_RANGES[name]
        for small, large in ORDERED_PAIRS:
            if name == small:
                high = min(high, effective[large])
            elif name == large:
                low = max(low, effective[small])
        value = draw(st.floats(low, high, allow_nan=False, allow_infinity=False))
        out[name] = effective[name] = value
    return out


@st.composite
def _batch_specs(draw: st.DrawFn, fixed: dict[str, Any]) -> BatchSpec:
    # in field order; the end date (which depends on the start) and overrides come after
    values = {n: draw(fixed[n]) for n in SPEC_FIELDS if n not in ("end_date", "overrides")}
    if "end_date" in fixed:
        values["end_date"] = draw(fixed["end_date"])
    else:
        # drawn in this order so the simplest choice is an end on the start day, not None
        open_ended = draw(st.booleans())
        days = draw(st.integers(0, MAX_SIMULATED_DAYS))
        values["end_date"] = None if open_ended else values["start_date"] + dt.timedelta(days)
    values["overrides"] = draw(fixed["overrides"])
    return BatchSpec(**values)


def batch_specs(**fixed: Any) -> st.SearchStrategy[BatchSpec]:
    """Valid ``BatchSpec``s; any field can be pinned to a value or given its own strategy.

    Shrinks toward 1 egg, Scotland, 2000-01-01, the earliest ``stop_at_stage``, an ``end_date``
    on the start day and no overrides. ``stop_at_stage`` is drawn from the stages then None
    (run to harvest); ``end_date`` is None half the time, else 0..``MAX_SIMULATED_DAYS`` days
    after the start.
    """
    unknown = sorted(set(fixed) - set(SPEC_FIELDS))
    if unknown:
        raise TypeError(
            f"batch_specs() got unknown field(s) {', '.join(unknown)}; "
            f"allowed: {', '.join(SPEC_FIELDS)}"
        )
    low_kg, high_kg = params.HARVEST_TARGET_KG_LIMITS
    last_start = LAST_START_DATE
    if isinstance(fixed.get("end_date"), dt.date):
        last_start = min(last_start, fixed["end_date"])
    defaults: dict[str, st.SearchStrategy[Any]] = {
        "geography": geographies(),
        "eggs": st.integers(1, params.MAX_EGGS),
        "start_date": st.dates(min(FIRST_START_DATE, last_start), last_start),
        "harvest_target_kg": st.none() | st.floats(low_kg, high_kg),
        "station": st.none(),
        "sea_area": st.none(),
        "stop_at_stage": st.sampled_from((*params.STAGE_NAMES, None)),
        "overrides": biology_overrides(),
    }
    strategies = {name: pinned(value) for name, value in fixed.items()}
    return _batch_specs({**defaults, **strategies})


@dataclass(frozen=True)
class TemperatureSeries:
    """Daily mean sea temperatures (°C, 2 decimals) of a geography from ``start_date``."""

    geography: str
    start_date: dt.date
    values_c: tuple[float, ...]

    def __len__(self) -> int:
        return len(self.values_c)

    def dates(self) -> tuple[dt.date, ...]:
        """The day of each value."""
        return tuple(self.start_date + dt.timedelta(days=i) for i in range(len(self)))


def _temperature_series(geography: str, start: dt.date, days: int, seed: int) -> TemperatureSeries:
    values = sea_temperature(geography, start, days, np.random.default_rng(seed))
    return TemperatureSeries(geography, start, tuple(round(float(v), 2) for v in values))


def temperature_series(
    geography: str | st.SearchStrategy[str] | None = None,
    *,
    min_days: int = 1,
    max_days: int = 365,
) -> st.SearchStrategy[TemperatureSeries]:
    """Daily sea temperatures of a geography: its §3 monthly climatology plus AR(1) anomalies.

    The values come from the simulation's climate model with a drawn seed, so they are as
    realistic as the simulated batches; the series shrinks toward ``min_days`` days.
    """
    if isinstance(geography, str) and geography not in params.GEOGRAPHIES:
        raise ValueError(
            f"geography={geography!r} is invalid; allowed: {' | '.join(_GEOGRAPHY_NAMES)}"
        )
    if not 1 <= min_days <= max_days:
        raise ValueError(f"min_days={min_days}, max_days={max_days}: need 1 ≤ min_days ≤ max_days")
    return st.builds(
        _temperature_series,
        geographies() if geography is None else pinned(geography),
        st.dates(FIRST_START_DATE, LAST_START_DATE),
        st.integers(min_days, max_days),
        st.integers(0, 2**32 - 1),
    )


@dataclass(frozen=True)
class FeedDelivery:
    """One lot delivered into a feed container (FeedPurchase + FeedContainerStock entry)."""

    feed_container_kind: str
    feed: str
    delivered_at: dt.datetime
    quantity_kg: Decimal
    cost_per_kg: Decimal
    supplier: str
    batch_number: str
    expiry_date: dt.date


def _kind_feeds(kind: str) -> tuple[int, ...]:
    """Indices into params.FEEDS a feed container of ``kind`` stocks (its stage's pellets)."""
    code = params.STAGE_FEED_CONTAINER.index(kind)
    stage = params.STAGES[code]
    first, last = (int(feed_code(np.asarray(w))) for w in (stage.weight_min_g, stage.weight_max_g))
    return tuple(range(max(first, 0), last + 1))


def _price_cents(feed: int) -> tuple[int, int]:
    price = params.FEEDS[feed].price_per_kg
    spread = params.FEED_PRICE_SPREAD
    return math.ceil(price * (1 - spread) * 100), math.floor(price * (1 + spread) * 100)


def feed_deliveries(
    kind: str | None = None, *, min_size: int = 1, max_size: int = 10
) -> st.SearchStrategy[list[FeedDelivery]]:
    """Lots delivered into one feed container of ``kind`` (drawn when None), oldest first.

    Each lot holds 0.01 kg up to the container's capacity (two decimals, as
    FeedPurchase.quantity_kg), a pellet of the stage the container feeds (pellets never get
    smaller), a price within ±5 % of the list price, a supplier of ``params.FEED_SUPPLIERS``;
    delivery times strictly increase (aware UTC, whole minutes). Shrinks toward one small lot.
    """
    kinds = tuple(params.FEED_CONTAINER_KINDS)
    if kind is not None and kind not in params.FEED_CONTAINER_KINDS:
        raise ValueError(f"kind={kind!r} is invalid; allowed: {' | '.join(kinds)}")
    if not 0 <= min_size <= max_size:
        raise ValueError(f"min_size={min_size}, max_size={max_size}: need 0 ≤ min_size ≤ max_size")
    return _feed_deliveries(
        st.sampled_from(kinds) if kind is None else st.just(kind), min_size, max_size
    )


@st.composite
def _feed_deliveries(
    draw: st.DrawFn, kinds: st.SearchStrategy[str], min_size: int, max_size: int
) -> list[FeedDelivery]:
    kind = draw(kinds)
    capacity_cents = int(params.FEED_CONTAINER_KINDS[kind].capacity_kg * 100)
    pellets = st.sampled_from(_kind_feeds(kind))
    feeds = sorted(draw(st.lists(pellets, min_size=min_size, max_size=max_size)))
    first = draw(st.datetimes(_midnight(FIRST_START_DATE), _midnight(LAST_START_DATE)))
    moment = first.replace(second=0, microsecond=0, tzinfo=dt.timezone.utc)
    out = []
    for i, feed in enumerate(feeds):
        if i:
            moment += dt.timedelta(hours=draw(st.integers(1, MAX_DELIVERY_GAP_HOURS)))
        supplier = draw(st.sampled_from(params.FEED_SUPPLIERS))
        out.append(
            FeedDelivery(
                feed_container_kind=kind,
                feed=params.FEEDS[feed].name,
                delivered_at=moment,
                quantity_kg=Decimal(draw(st.integers(1, capacity_cents))) / 100,
                cost_per_kg=Decimal(draw(st.integers(*_price_cents(feed)))) / 100,
                supplier=supplier,
                batch_number=f"{supplier[:2].upper()}-{moment:%Y%m%d}-{i + 1:04d}",
                expiry_date=moment.date() + dt.timedelta(days=params.FEED_SHELF_LIFE_DAYS),
            )
        )
    return out


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


@dataclass(frozen=True)
class LiceSample:
    """One lice count: fish examined and lice found per ``params.LICE_TYPES`` row."""

    fish_sampled: int
    counts: tuple[int, ...]

    def by_type(self) -> Mapping[tuple[str, str, str], int]:
        """Count per (species, gender, development stage)."""
        return dict(zip(params.LICE_TYPES, self.counts, strict=True))

    @property
    def adult_female_per_fish(self) -> float:
        """Adult females per fish: the figure lice limits (docs/references.md §6) refer to."""
        return self.counts[0] / self.fish_sampled

    @property
    def mobile_per_fish(self) -> float:
        """Adult males and pre-adults per fish."""
        return sum(self.counts[1:4]) / self.fish_sampled

    @property
    def attached_per_fish(self) -> float:
        """Chalimus (attached stages) per fish."""
        return sum(self.counts[4:]) / self.fish_sampled


def lice_counts(fish_sampled: int | None = None) -> st.SearchStrategy[LiceSample]:
    """A lice count of 1..``MAX_FISH_SAMPLED`` fish (or ``fish_sampled``) with
    0..``MAX_LICE_PER_FISH`` lice of each type per fish; shrinks toward one fish, no lice."""
    if fish_sampled is not None and not (
        isinstance(fish_sampled, int) and 1 <= fish_sampled <= MAX_FISH_SAMPLED
    ):
        raise ValueError(
            f"fish_sampled={fish_sampled!r} is invalid; allowed: 1..{MAX_FISH_SAMPLED}"
        )
    fish = st.integers(1, MAX_FISH_SAMPLED) if fish_sampled is None else st.just(fish_sampled)
    return fish.flatmap(_lice_sample)


def _lice_sample(fish_sampled: int) -> st.SearchStrategy[LiceSample]:
    per_type = st.integers(0, MAX_LICE_PER_FISH * fish_sampled)
    counts = st.tuples(*(per_type for _ in params.LICE_TYPES))
    return st.builds(LiceSample, fish_sampled=st.just(fish_sampled), counts=counts)
