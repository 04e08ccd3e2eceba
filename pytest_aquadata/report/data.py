"""Series for the report, read from a database through the ORM (models reached by label)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.apps import apps
from django.db.models import Avg, Max, Sum
from django.db.models.functions import ExtractMonth

from pytest_aquadata.coverage import TableCount, audit
from pytest_aquadata.sim import params
from pytest_aquadata.sim.growth import growth_temperature

MONTHS: tuple[int, ...] = tuple(range(1, 13))


def _m(label: str) -> type:
    return apps.get_model(*label.split("."))


@dataclass
class BatchDaily:
    """One batch's daily totals over all its containers, from ActualDailyAssignmentState."""

    batch_id: int
    batch_number: str
    dates: list[dt.date]
    avg_weight_g: np.ndarray
    population: np.ndarray
    biomass_kg: np.ndarray
    temp_c: np.ndarray
    deaths: np.ndarray
    stage_order: np.ndarray


@dataclass
class TgcBand:
    """Weight a batch would reach at the low and high end of each stage's published TGC range,
    from its own weight at first feeding and its own daily temperatures."""

    low_g: np.ndarray
    high_g: np.ndarray
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)


def batch_daily(batch_id: int, using: str = "default") -> BatchDaily:
    """Daily weight, population, biomass, temperature, deaths and stage of one batch."""
    Batch = _m("batch.Batch")
    State = _m("batch.ActualDailyAssignmentState")
    rows = list(
        State.objects.using(using)
        .filter(batch_id=batch_id)
        .values("date")
        .order_by("date")
        .annotate(
            pop=Sum("population"),
            bio=Sum("biomass_kg"),
            temp=Avg("temp_c"),
            dead=Sum("mortality_count"),
            stage=Max("lifecycle_stage__order"),
        )
    )
    pop = np.array([r["pop"] or 0 for r in rows], dtype=float)
    bio = np.array([float(r["bio"] or 0) for r in rows], dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = np.where(pop > 0, bio * 1000.0 / pop, np.nan)
    return BatchDaily(
        batch_id=batch_id,
        batch_number=Batch.objects.using(using).get(pk=batch_id).batch_number,
        dates=[r["date"] for r in rows],
        avg_weight_g=weight,
        population=pop,
        biomass_kg=bio,
        temp_c=np.array([np.nan if r["temp"] is None else float(r["temp"]) for r in rows]),
        deaths=np.array([r["dead"] or 0 for r in rows], dtype=float),
        stage_order=np.array([r["stage"] or 0 for r in rows], dtype=int),
    )


def batch_ids(using: str = "default", limit: int = 8) -> list[int]:
    """Ids of the batches with daily states (at most ``limit``, oldest first)."""
    State = _m("batch.ActualDailyAssignmentState")
    ids = State.objects.using(using).values_list("batch_id", flat=True).distinct()
    return sorted(set(ids))[:limit]


def _stage_ranges(stage_orders: np.ndarray, using: str) -> dict[int, tuple[float, float]]:
    """Published TGC range per stage order (stages without TGC are left out)."""
    Stage = _m("batch.LifeCycleStage")
    names = dict(Stage.objects.using(using).values_list("order", "name"))
    out = {}
    for order in set(stage_orders.tolist()):
        name = names.get(order)
        if name not in params.STAGE_NAMES:
            continue
        parameter = params.STAGE_TGC_PARAMETER[params.STAGE_NAMES.index(name)]
        if parameter is not None:
            out[order] = params.PARAMETER_RANGES[parameter]
    return out


def tgc_band(daily: BatchDaily, using: str = "default") -> TgcBand:
    """The published-TGC band around a batch's growth: W^(1/3) += TGC/1000 · T per day."""
    ranges = _stage_ranges(daily.stage_order, using)
    n = len(daily.dates)
    low = np.full(n, np.nan)
    high = np.full(n, np.nan)
    temps = growth_temperature(np.nan_to_num(daily.temp_c), params.Biology())
    cube_low = cube_high = None
    for i in range(n):
        tgc = ranges.get(int(daily.stage_order[i]))
        if tgc is None:
            if cube_low is None:  # not fed yet: the band is the observed weight
                low[i] = high[i] = daily.avg_weight_g[i]
            continue
        if cube_low is None:
            cube_low = cube_high = float(np.cbrt(daily.avg_weight_g[i]))
        else:
            cube_low += tgc[0] / 1000.0 * temps[i]
            cube_high += tgc[1] / 1000.0 * temps[i]
        low[i], high[i] = cube_low**3, cube_high**3
    names = dict(_m("batch.LifeCycleStage").objects.using(using).values_list("order", "name"))
    return TgcBand(low, high, {names[o]: r for o, r in sorted(ranges.items())})


def sea_temperature_by_month(using: str = "default") -> dict[str, dict[str, list[float]]]:
    """Mean sea temperature per geography and month (sensor readings, else daily states),
    with the geography's reference monthly means: {geo: {"observed": [12], "reference": [12]}}."""
    Reading = _m("environmental.EnvironmentalReading")
    State = _m("batch.ActualDailyAssignmentState")
    geo_field = "container__area__geography__name"
    rows = list(
        Reading.objects.using(using)
        .filter(parameter__name="Temperature", container__area__isnull=False)
        .annotate(month=ExtractMonth("reading_time"))
        .values(geo_field, "month")
        .annotate(mean=Avg("value"))
    )
    if not rows:
        rows = list(
            State.objects.using(using)
            .filter(container__area__isnull=False, temp_c__isnull=False)
            .annotate(month=ExtractMonth("date"))
            .values(geo_field, "month")
            .annotate(mean=Avg("temp_c"))
        )
    observed: dict[str, dict[int, float]] = defaultdict(dict)
    for r in rows:
        observed[r[geo_field]][r["month"]] = float(r["mean"])
    out = {}
    for geo in sorted(observed):
        reference = params.GEOGRAPHIES.get(geo)
        out[geo] = {
            "observed": [observed[geo].get(m, float("nan")) for m in MONTHS],
            "reference": list(reference.monthly_sst_c) if reference else [float("nan")] * 12,
        }
    return out


def survival(daily: BatchDaily) -> np.ndarray:
    """Share of the first day's fish not yet dead (harvested fish count as survivors)."""
    if not len(daily.population) or daily.population[0] <= 0:
        return np.zeros(len(daily.population))
    return 1.0 - np.cumsum(daily.deaths) / daily.population[0]


def economic_fcr(using: str = "default") -> dict[str, float]:
    """Economic FCR per batch: feed / (biomass now + harvested live weight − first biomass)."""
    Feeding = _m("inventory.FeedingEvent")
    Lot = _m("harvest.HarvestLot")
    Assignment = _m("batch.BatchContainerAssignment")
    out = {}
    feed = dict(
        Feeding.objects.using(using).values("batch_id").annotate(kg=Sum("amount_kg")).values_list(
            "batch_id", "kg"
        )
    )
    for batch_id in batch_ids(using, limit=10_000):
        if not feed.get(batch_id):
            continue
        daily = batch_daily(batch_id, using)
        harvested = Lot.objects.using(using).filter(event__batch_id=batch_id).aggregate(
            kg=Sum("live_weight_kg")
        )["kg"]
        now = Assignment.objects.using(using).filter(batch_id=batch_id, is_active=True).aggregate(
            kg=Sum("biomass_kg")
        )["kg"]
        gain = float(now or 0) + float(harvested or 0) - float(daily.biomass_kg[0])
        if gain > 0:
            out[daily.batch_number] = float(feed[batch_id]) / gain
    return out


def lice_counts(using: str = "default") -> dict[str, dict[str, list]]:
    """Adult female lice per fish at each count, per geography, with the limit at that date."""
    LiceCount = _m("health.LiceCount")
    geo_field = "container__area__geography__name"
    rows = (
        LiceCount.objects.using(using)
        .filter(lice_type__gender="female", lice_type__development_stage="adult", fish_sampled__gt=0)
        .values_list(geo_field, "count_date", "count_value", "fish_sampled")
        .order_by("count_date")
    )
    out: dict[str, dict[str, list]] = {}
    for geo, when, count, fish in rows:
        series = out.setdefault(geo, {"dates": [], "per_fish": [], "limit": []})
        reference = params.GEOGRAPHIES.get(geo)
        series["dates"].append(when)
        series["per_fish"].append(count / fish)
        series["limit"].append(reference.lice_limits[when.month - 1] if reference else np.nan)
    return out


def barge_feed_stock(using: str = "default") -> dict[str, list]:
    """Feed in the barge(s) of the sea area with most deliveries, day by day: deliveries in,
    feeding of the area's pens out. {"name", "dates", "stock_kg", "final_kg"}."""
    Stock = _m("inventory.FeedContainerStock")
    Feeding = _m("inventory.FeedingEvent")
    deliveries = list(
        Stock.objects.using(using)
        .filter(feed_container__area__isnull=False)
        .values_list("feed_container__area_id", "feed_container__name", "entry_date",
                     "feed_purchase__quantity_kg", "quantity_kg")
    )
    if not deliveries:
        return {"name": "", "dates": [], "stock_kg": [], "final_kg": 0.0}
    per_area: dict[int, int] = defaultdict(int)
    for area, *_ in deliveries:
        per_area[area] += 1
    area = max(per_area, key=lambda a: (per_area[a], -a))
    flows: dict[dt.date, float] = defaultdict(float)
    names = set()
    final = 0.0
    for a, name, when, bought, left in deliveries:
        if a == area:
            day = when.date() if isinstance(when, dt.datetime) else when
            flows[day] += float(bought)
            names.add(name)
            final += float(left)
    fed = (
        Feeding.objects.using(using)
        .filter(container__area_id=area)
        .values("feeding_date")
        .annotate(kg=Sum("amount_kg"))
    )
    for row in fed:
        flows[row["feeding_date"]] -= float(row["kg"])
    dates = sorted(flows)
    stock = np.cumsum([flows[d] for d in dates]).tolist()
    return {"name": ", ".join(sorted(names)), "dates": dates, "stock_kg": stock, "final_kg": final}


def harvest_distribution(using: str = "default") -> dict[str, dict[str, int]]:
    """Harvested fish by grade and by HOG size class: {"grade": {...}, "size_class": {...}}."""
    Lot = _m("harvest.HarvestLot")
    grade: dict[str, int] = {}
    size: dict[str, int] = {name: 0 for name in params.SIZE_CLASSES}
    rows = Lot.objects.using(using).values_list(
        "product_grade__code", "gutted_weight_kg", "unit_count"
    )
    for code, gutted, units in rows:
        if not units:
            continue
        grade[code] = grade.get(code, 0) + units
        index = int(np.searchsorted(params.SIZE_CLASS_EDGES_KG, float(gutted) / units, "right"))
        size[params.SIZE_CLASSES[index]] += units
    return {"grade": grade, "size_class": size}


def coverage(using: str = "default") -> list[TableCount]:
    """Rows of every domain table (the table-coverage audit)."""
    return audit(using)
