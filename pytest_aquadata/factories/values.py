"""Value helpers shared by the factory modules: seeded draws, decimals, dates, unique names,
and the biology the factories ask of ``sim`` (growth, temperatures, day length, pellets).

Random draws go through factory_boy's random generator, so ``reseed(seed)`` (and with it
``--aquadata-seed``) makes them reproducible. The stage table is ``pytest_aquadata.stage_table``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, TypeVar

import factory
import factory.random
from django.conf import settings
from django.db import models
from django.db.models import Max
from django.utils import timezone

from pytest_aquadata import clock
from pytest_aquadata.container_types import container_type_row
from pytest_aquadata.decimals import dec
from pytest_aquadata.reference.geography import SITE_JITTER_DEG
from pytest_aquadata.reference.sensors import SENSOR_PROBES, SensorProbe
from pytest_aquadata.sim import climate, feeding, growth, params
from pytest_aquadata.stage_table import stage

T = TypeVar("T")

# ---------------------------------------------------------------------------------------------
# Seeded draws, decimals and dates.
# ---------------------------------------------------------------------------------------------


def uniform(low: float, high: float) -> float:
    """A seeded uniform draw in [low, high]."""
    return factory.random.randgen.uniform(low, high)


def randint(low: int, high: int) -> int:
    """A seeded integer draw in [low, high]."""
    return factory.random.randgen.randint(low, high)


def pick(options: Sequence[T]) -> T:
    """A seeded choice from a non-empty sequence."""
    return options[factory.random.randgen.randrange(len(options))]


def numerify(pattern: str) -> str:
    """``"+298 ## ## ##"`` with every ``#`` replaced by a seeded digit."""
    return "".join(str(randint(0, 9)) if c == "#" else c for c in pattern)


def person(country: str | None, n: int = 0) -> Any:
    """A seeded Faker for names of ``country`` ("FO" Danish/Faroese, else British); without a
    country, Faroese and Scottish alternate with ``n``."""
    if country is None:
        country = "FO" if n % 2 == 0 else "SC"
    return factory.Faker._get_faker(locale="da_DK" if country == "FO" else "en_GB")


def biomass_kg(population: int, avg_weight_g: float | Decimal | None) -> Decimal:
    """population × avg weight (g) / 1000, 2 decimals (the reference's biomass rule)."""
    if avg_weight_g is None or Decimal(str(avg_weight_g)) <= 0:
        return Decimal("0.00")
    return dec(Decimal(population) * Decimal(str(avg_weight_g)) / 1000)


@contextmanager
def pinned_clock(moment: dt.datetime) -> Iterator[None]:
    """Pin the farm clock to ``moment``'s date inside the block (kept for callers of the older
    instant-based API; ``pytest_aquadata.clock.pinned`` takes the date)."""
    with clock.pinned(moment.date()):
        yield


def today() -> dt.date:
    """The farm's today: the farm clock's as-of date (set by the plugin or CLI, else today in
    UTC) — never the wall clock of a later day, so the same seed gives the same dates."""
    return clock.as_of()


def now() -> dt.datetime:
    """The farm's now: the as-of day at ``clock.DAY_END`` (aware when USE_TZ is on)."""
    moment = clock.moment()
    return moment if settings.USE_TZ else timezone.make_naive(moment, dt.timezone.utc)


def at(day: dt.date, hour: int = 0, minute: int = 0) -> dt.datetime:
    """``day`` at ``hour:minute`` in the current time zone (naive when USE_TZ is off)."""
    moment = dt.datetime.combine(day, dt.time(hour, minute))
    return timezone.make_aware(moment) if settings.USE_TZ else moment


def not_after_today(day: dt.date) -> dt.date:
    """``day``, or today if ``day`` is in the future."""
    return min(day, today())


# ---------------------------------------------------------------------------------------------
# Derived parameters with a readable repr (the docs page lists Params by repr).
# ---------------------------------------------------------------------------------------------


class Derived(factory.LazyAttribute):
    """A LazyAttribute parameter whose repr says what it derives (stable in generated docs)."""

    def __init__(self, description: str, function: Any) -> None:
        super().__init__(function)
        self.description = description

    def __repr__(self) -> str:
        return f"<{self.description}>"


# ---------------------------------------------------------------------------------------------
# Generated unique values: renumbered on create if a row already holds them.
# ---------------------------------------------------------------------------------------------


class Generated(str):
    """A unique value a factory made up (the caller did not pass it): safe to renumber."""


_TRAILING_NUMBER = re.compile(r"^(.*?)(\d+)$")


def bump(value: str) -> str:
    """``FI-2026-007`` → ``FI-2026-008``; a value without a trailing number gets ``-2``."""
    match = _TRAILING_NUMBER.match(value)
    if not match:
        return f"{value}-2"
    head, digits = match.groups()
    return f"{head}{int(digits) + 1:0{len(digits)}d}"


def free_unique(model: type[models.Model], kwargs: dict[str, Any], fields: Sequence[str]) -> None:
    """Renumber generated values of unique ``fields`` already taken in the database (in place).

    Sequences restart in every process and other writers (the sim builders, a test's own rows)
    may already hold ``FI-2026-001``; values the caller passed are left alone.
    """
    manager = model._default_manager
    for field in fields:
        value = kwargs.get(field)
        if not isinstance(value, Generated):
            continue
        candidate = str(value)
        while manager.filter(**{field: candidate}).exists():
            candidate = bump(candidate)
        kwargs[field] = candidate


def next_number(
    model: type[models.Model], parent_field: str, parent: models.Model | None, field: str
) -> int:
    """1 + the highest ``field`` among saved rows of ``parent`` (1 for an unsaved parent)."""
    if parent is None or parent.pk is None:
        return 1
    last = model._default_manager.filter(**{parent_field: parent}).aggregate(n=Max(field))["n"]
    return int(last or 0) + 1


def next_free_date(
    model: type[models.Model], filters: dict[str, Any], field: str, default: dt.date
) -> dt.date:
    """The day after the latest ``field`` among saved rows matching ``filters``, else default."""
    if any(getattr(v, "pk", 0) is None for v in filters.values()):
        return default
    last = model._default_manager.filter(**filters).aggregate(d=Max(field))["d"]
    return default if last is None else max(default, last + dt.timedelta(days=1))


def fulton_k(weight_g: float, length_cm: float) -> float:
    """Fulton's condition factor K = 100·W/L³ of one fish (``sim.growth.condition_factor``)."""
    return float(growth.condition_factor(weight_g, length_cm))


def weight_in_stage(name: str, low: float = 0.0, high: float = 1.0) -> float:
    """A seeded weight (g) between fractions ``low``..``high`` of the stage's range, drawn on
    the cube-root scale growth follows (TGC), so small and large fish are equally likely."""
    info = stage(name)
    lo, hi = info.weight_min_g ** (1 / 3), info.weight_max_g ** (1 / 3)
    root = lo + (hi - lo) * uniform(low, high)
    return max(root**3, 0.01)


def grow(weight_g: float, tgc: float, temperature_c: float, days: float) -> float:
    """Weight after ``days`` at ``temperature_c`` of TGC growth (``sim.growth.grown_weight``)."""
    if tgc <= 0 or days <= 0:
        return weight_g
    return float(growth.grown_weight(weight_g, tgc, temperature_c * days))


def sea_temperature(geography: str, day: dt.date) -> float:
    """Mean sea temperature of ``geography`` on ``day`` (``sim.climate.mean_sea_temperature``;
    the Faroe profile for a geography the simulation does not know)."""
    known = geography if geography in params.GEOGRAPHIES else "Faroe Islands"
    return climate.mean_sea_temperature(known, day)


def feed_for_weight(weight_g: float) -> params.Feed:
    """The feed (pellet size) for a fish of ``weight_g`` (``sim.feeding.feed_code``; the
    smallest pellet below the table's first weight)."""
    return params.FEEDS[max(int(feeding.feed_code(weight_g)), 0)]


def site_near(
    sites: Sequence[tuple[str, float, float]], n: int | None = None
) -> tuple[str, Decimal, Decimal]:
    """The n-th site (cycling; a seeded pick when n is None) with seeded jitter:
    (site name, latitude, longitude), coordinates at 6 decimals."""
    name, lat, lon = sites[n % len(sites)] if n is not None else pick(sites)
    jitter = SITE_JITTER_DEG
    return (
        name,
        dec(lat + uniform(-jitter, jitter), 6),
        dec(lon + uniform(-jitter, jitter), 6),
    )


def imo_number(n: int) -> str:
    """A well-formed IMO ship number (7 digits, last one the check digit) for index ``n``."""
    body = f"{(930000 + n * 37) % 1_000_000:06d}"
    if body[0] == "0":
        body = "9" + body[1:]
    check = sum(int(d) * w for d, w in zip(body, range(7, 1, -1), strict=True)) % 10
    return f"IMO {body}{check}"


def day_length_hours(latitude: float, day: dt.date) -> float:
    """Astronomical day length (h) at ``latitude`` on ``day`` (``sim.climate.day_length_hours``,
    the CBM model of Forsythe et al. 1995)."""
    return float(climate.day_length_hours(latitude, day.timetuple().tm_yday))


def container_capacity_kg(type_name: str, volume_m3: float | Decimal) -> Decimal:
    """max_biomass_kg of a container: volume × the type's max density, or the type's fixed
    capacity (trays: fish limit × top Egg&Alevin weight), 2 decimals."""
    row = container_type_row(type_name)
    if row.fixed_capacity_kg is not None:
        return dec(row.fixed_capacity_kg)
    return dec(float(volume_m3) * (row.max_density_kg_m3 or 0.0))


def sensor_probe(label: str) -> SensorProbe:
    """The probe called ``label``; ValueError names the allowed labels."""
    try:
        return SENSOR_PROBES[label]
    except KeyError:
        raise ValueError(
            f"unknown sensor kind {label!r}; allowed: {', '.join(SENSOR_PROBES)}"
        ) from None


def env_parameter(name: str) -> params.EnvParameter | None:
    """The sim.params environmental parameter called ``name`` (None if unknown)."""
    return next((p for p in params.ENV_PARAMETERS if p.name == name), None)


def water_draw(key: str, sea: bool) -> tuple[float, float, float, float] | None:
    """(mean, sd, low, high) of a daily water-quality draw in ``sim.params.DAILY_WATER`` for
    freshwater or sea; None where the parameter is not measured in that water."""
    entry = params.DAILY_WATER.get(key)
    if entry is None:
        return None
    if len(entry) == 2:  # ((freshwater mean, sd, low, high), (sea …) or None)
        fresh, salt = entry
        return tuple(salt if sea else fresh) if (salt if sea else fresh) else None
    fw_mean, fw_sd, sea_mean, sea_sd, low, high = entry  # older flat layout
    if sea:
        return None if math.isnan(sea_mean) else (sea_mean, sea_sd, low, high)
    return fw_mean, fw_sd, low, high
