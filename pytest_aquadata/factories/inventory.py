"""Factories of the `inventory` app: feeds, purchases, FIFO stock, feedings, FCR summaries.

Feeds are the pellet sizes of ``sim.params.FEEDS`` (FAO pellet table by fish weight), with
their composition and list price; a ration is the day's TGC growth times the stage's FCR,
split over the stage's meals per day.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.apps import apps

from pytest_aquadata.factories.base import AquaFactory
from pytest_aquadata.factories.batch import BatchContainerAssignmentFactory, BatchFactory
from pytest_aquadata.factories.infrastructure import ContainerFactory, FeedContainerFactory
from pytest_aquadata.factories.values import (
    Derived,
    at,
    biomass_kg,
    dec,
    feed_for_weight,
    grow,
    next_free_date,
    not_after_today,
    now,
    randint,
    today,
    uniform,
)
from pytest_aquadata.reference.feeding import FEED_LOT_KG, SUMMARY_PERIOD_DAYS
from pytest_aquadata.sim import params
from pytest_aquadata.stage_table import STAGES, StageInfo, hall_stage, stage, stage_of

_BRAND = params.FEED_SUPPLIERS[0]
_FEEDS_BY_NAME = {f.name: f for f in params.FEEDS}
_PERIOD_DAYS = SUMMARY_PERIOD_DAYS


def _feed_row(name: str) -> params.Feed | None:
    return _FEEDS_BY_NAME.get(name)


def _row_value(o: Any, attr: str) -> Decimal | None:
    return dec(getattr(o.row, attr)) if o.row is not None else None


class FeedFactory(AquaFactory):
    """A feed product sized for a stage: ``stage="Fry"`` (default) gives "Starter 0.5 mm",
    Parr "Starter 1.8 mm" … Adult "Finisher 6.0 mm" (``fish_weight_g=`` picks by weight),
    with pellet size, size category, protein/fat/carbohydrate %; get-or-create on name."""

    class Meta:
        model = "inventory.Feed"
        django_get_or_create = ("name",)

    class Params:
        stage = "Fry"
        fish_weight_g = Derived("the stage's minimum weight", lambda o: stage(o.stage).weight_min_g)
        row = Derived("sim.params feed of the name", lambda o: _feed_row(o.name))
        inactive = factory.Trait(is_active=False)

    name = factory.LazyAttribute(lambda o: feed_for_weight(o.fish_weight_g).name)
    brand = _BRAND
    size_category = factory.LazyAttribute(lambda o: o.row.size_category if o.row else "MEDIUM")
    pellet_size_mm = factory.LazyAttribute(lambda o: _row_value(o, "pellet_mm"))
    protein_percentage = factory.LazyAttribute(lambda o: _row_value(o, "protein_pct"))
    fat_percentage = factory.LazyAttribute(lambda o: _row_value(o, "fat_pct"))
    carbohydrate_percentage = factory.LazyAttribute(lambda o: _row_value(o, "carbohydrate_pct"))
    description = factory.LazyAttribute(
        lambda o: (
            f"{o.row.pellet_mm:g} mm extruded pellets for salmon from {o.row.min_fish_g:g} g: "
            f"{o.row.protein_pct:g} % protein, {o.row.fat_pct:g} % fat."
            if o.row
            else ""
        )
    )
    is_active = True


def _list_price(feed: Any) -> float:
    row = _feed_row(feed.name)
    return (
        row.price_per_kg
        if row is not None
        else sum(f.price_per_kg for f in params.FEEDS) / len(params.FEEDS)
    )


class FeedPurchaseFactory(AquaFactory):
    """A delivered lot of a feed (default the Fry starter feed): 5–25 t bought in the last
    two months from the feed's maker at its list price ±5 %, supplier lot number, expiry
    one year after purchase (``sim.params`` shelf life)."""

    class Meta:
        model = "inventory.FeedPurchase"

    class Params:
        stage = "Fry"

    feed = factory.SubFactory(FeedFactory, stage=factory.SelfAttribute("..stage"))
    purchase_date = factory.LazyFunction(lambda: today() - dt.timedelta(days=randint(3, 60)))
    quantity_kg = factory.LazyFunction(lambda: dec(randint(*FEED_LOT_KG) // 1000 * 1000))
    cost_per_kg = factory.LazyAttribute(
        lambda o: dec(
            _list_price(o.feed)
            * uniform(1 - params.FEED_PRICE_SPREAD, 1 + params.FEED_PRICE_SPREAD)
        )
    )
    supplier = factory.LazyAttribute(lambda o: o.feed.brand or _BRAND)
    batch_number = factory.LazyAttributeSequence(
        lambda o, n: f"{o.supplier[:2].upper()}-{o.purchase_date:%Y%m%d}-{n + 1:04d}"
    )
    expiry_date = factory.LazyAttribute(
        lambda o: o.purchase_date + dt.timedelta(days=params.FEED_SHELF_LIFE_DAYS)
    )
    notes = ""


def _stocked_stage(feed_container: Any) -> str:
    """The stage a feed container feeds: barges the sea stage, silos their hall's stage
    (first-feeding fry for the egg hall)."""
    if feed_container.area is not None or feed_container.container_type == "BARGE":
        return "Adult"
    info = hall_stage(feed_container.hall)
    if info is None or info.feed_container is None:
        return "Fry"
    return info.name


class FeedContainerStockFactory(AquaFactory):
    """A FIFO layer of feed in a feed container (default a Fry-hall silo): part of a purchase
    of the feed that container's stage eats, at most the container's capacity, entered two
    days after purchase."""

    class Meta:
        model = "inventory.FeedContainerStock"

    class Params:
        stage = Derived(
            "the stage the feed container feeds", lambda o: _stocked_stage(o.feed_container)
        )

    feed_container = factory.SubFactory(FeedContainerFactory)
    feed_purchase = factory.SubFactory(FeedPurchaseFactory, stage=factory.SelfAttribute("..stage"))
    quantity_kg = factory.LazyAttribute(
        lambda o: dec(
            min(float(o.feed_purchase.quantity_kg), float(o.feed_container.capacity_kg))
            * uniform(0.3, 1.0)
        )
    )
    entry_date = factory.LazyAttribute(
        lambda o: min(now(), at(o.feed_purchase.purchase_date + dt.timedelta(days=2), 10))
    )


def _fed_info(info: StageInfo) -> StageInfo:
    """Egg&Alevin is not fed: a feeding of that stage is a first feeding (Fry numbers)."""
    return STAGES["Fry"] if info.tgc <= 0 else info


def _daily_ration_fraction(info: StageInfo, weight_g: float) -> float:
    """Feed per day as a share of biomass: one day's TGC growth × the stage's FCR."""
    fed = _fed_info(info)
    growth = grow(weight_g, fed.tgc, fed.temperature_c, 1) - weight_g
    return max(growth / weight_g * fed.fcr, 0.001)


def _feeding_weight(o: Any) -> float:
    assignment = o.batch_assignment
    if assignment is not None and assignment.avg_weight_g:
        return float(assignment.avg_weight_g)
    return o.info.typical_weight_g


def _feeding_biomass(o: Any) -> Decimal:
    assignment = o.batch_assignment
    if assignment is not None and assignment.biomass_kg and assignment.biomass_kg > 0:
        return dec(assignment.biomass_kg)
    return max(biomass_kg(o.info.fish_per_container, o.weight), Decimal("0.01"))


def _feeding_time(o: Any) -> dt.time:
    meals = max(1, _fed_info(o.info).meals_per_day)
    span = params.LAST_MEAL_MINUTE - params.FIRST_MEAL_MINUTE
    minute = params.FIRST_MEAL_MINUTE + (span * randint(0, meals - 1)) // max(1, meals - 1)
    return dt.time(minute // 60, minute % 60)


def _feeding_date(o: Any) -> dt.date:
    day = today() - dt.timedelta(days=randint(0, 6))
    assignment = o.batch_assignment
    if assignment is not None:
        day = max(day, assignment.assignment_date)
        if assignment.departure_date is not None:
            day = min(day, assignment.departure_date)
    return day


class FeedingEventFactory(AquaFactory):
    """One meal of a batch (default a new Fry batch) in a container of its stage in the last
    week: the feed for the fish's weight, amount = biomass × (daily TGC growth × FCR) / meals
    per day (``sim.params``), cost at list price; trait ``for_assignment`` (or passing
    ``batch_assignment=``) takes batch, container, weight and biomass from an assignment."""

    class Meta:
        model = "inventory.FeedingEvent"

    class Params:
        info = Derived(
            "facts of the assignment's (else the batch's) stage",
            lambda o: stage_of((o.batch_assignment or o.batch).lifecycle_stage),
        )
        weight = Derived(
            "the assignment's weight, else the stage's typical weight", _feeding_weight
        )
        for_assignment = factory.Trait(
            batch_assignment=factory.SubFactory(BatchContainerAssignmentFactory)
        )

    batch_assignment = None
    batch = factory.Maybe(
        "batch_assignment",
        factory.SelfAttribute("batch_assignment.batch"),
        factory.SubFactory(BatchFactory),
    )
    container = factory.Maybe(
        "batch_assignment",
        factory.SelfAttribute("batch_assignment.container"),
        factory.SubFactory(ContainerFactory, stage=factory.SelfAttribute("..info.name")),
    )
    feed = factory.SubFactory(FeedFactory, fish_weight_g=factory.SelfAttribute("..weight"))
    feeding_date = factory.LazyAttribute(_feeding_date)
    feeding_time = factory.LazyAttribute(_feeding_time)
    batch_biomass_kg = factory.LazyAttribute(_feeding_biomass)
    amount_kg = factory.LazyAttribute(
        lambda o: max(
            dec(
                float(o.batch_biomass_kg)
                * _daily_ration_fraction(o.info, o.weight)
                / max(1, _fed_info(o.info).meals_per_day)
                * uniform(0.9, 1.1),
                4,
            ),
            Decimal("0.0001"),
        )
    )
    feeding_percentage = factory.LazyAttribute(
        lambda o: min(dec(o.amount_kg / o.batch_biomass_kg * 100, 6), Decimal("99.999999"))
    )
    feed_cost = factory.LazyAttribute(lambda o: dec(float(o.amount_kg) * _list_price(o.feed)))
    method = factory.LazyAttribute(
        lambda o: params.FEEDING_METHOD_BY_ENVIRONMENT.get(o.info.environment, "AUTOMATIC")
    )
    notes = ""
    recorded_by = None


def _period_start(model_label: str, filters: dict[str, Any], default: dt.date) -> dt.date:
    return next_free_date(apps.get_model(model_label), filters, "period_end", default)


def _period_growth(info: StageInfo, population: int, weight_g: float) -> tuple[float, float]:
    """(start, end) biomass in kg over a 30-day period of TGC growth at the stage's water."""
    end_weight = grow(weight_g, info.tgc, info.temperature_c, _PERIOD_DAYS)
    return population * weight_g / 1000, population * end_weight / 1000


class ContainerFeedingSummaryFactory(AquaFactory):
    """A 30-day feed and growth summary of an assignment (successive periods per
    assignment): biomass grown by TGC, feed = growth × the stage's FCR (±5 %), FCR and a
    confidence level from the days since weighing."""

    class Meta:
        model = "inventory.ContainerFeedingSummary"

    class Params:
        info = Derived(
            "facts of the assignment's stage",
            lambda o: stage_of(o.container_assignment.lifecycle_stage),
        )
        biomass = Derived(
            "(start, end) biomass over 30 days of TGC growth",
            lambda o: _period_growth(
                o.info,
                o.container_assignment.population_count,
                float(o.container_assignment.avg_weight_g or o.info.typical_weight_g),
            ),
        )

    container_assignment = factory.SubFactory(BatchContainerAssignmentFactory)
    batch = factory.SelfAttribute("container_assignment.batch")
    period_start = factory.LazyAttribute(
        lambda o: _period_start(
            "inventory.ContainerFeedingSummary",
            {"container_assignment": o.container_assignment},
            o.container_assignment.assignment_date,
        )
    )
    period_end = factory.LazyAttribute(
        lambda o: o.period_start + dt.timedelta(days=_PERIOD_DAYS - 1)
    )
    starting_biomass_kg = factory.LazyAttribute(lambda o: dec(o.biomass[0]))
    ending_biomass_kg = factory.LazyAttribute(lambda o: dec(o.biomass[1]))
    growth_kg = factory.LazyAttribute(lambda o: o.ending_biomass_kg - o.starting_biomass_kg)
    total_feed_kg = factory.LazyAttribute(
        lambda o: dec(float(o.growth_kg) * o.info.fcr * uniform(0.95, 1.05))
    )
    fcr = factory.LazyAttribute(
        lambda o: (
            min(dec(o.total_feed_kg / o.growth_kg, 3), Decimal("99.999"))
            if o.growth_kg > 0
            else None
        )
    )
    confidence_level = factory.LazyFunction(lambda: "VERY_HIGH" if uniform(0, 1) < 0.5 else "HIGH")
    estimation_method = factory.LazyAttribute(lambda o: "MEASURED" if o.fcr else None)
    data_points = factory.LazyAttribute(lambda o: _PERIOD_DAYS * _fed_info(o.info).meals_per_day)


def _batch_stock(batch: Any) -> tuple[int, int, float, StageInfo]:
    """(containers, fish, mean weight g, stage) of a batch: its active assignments when saved,
    else ten containers of its stage (LEGACY_GENERATOR.md §2: ten containers per stage)."""
    info = stage_of(batch.lifecycle_stage)
    if batch.pk is not None:
        rows = list(
            apps.get_model("batch", "BatchContainerAssignment")
            ._default_manager.filter(batch=batch, is_active=True, population_count__gt=0)
            .values_list("population_count", "avg_weight_g")
        )
        if rows:
            fish = sum(p for p, _ in rows)
            weight = sum(p * float(w or info.typical_weight_g) for p, w in rows) / fish
            return len(rows), fish, weight, info
    return 10, 10 * info.fish_per_container, info.typical_weight_g, info


class BatchFeedingSummaryFactory(AquaFactory):
    """A 30-day feed and growth roll-up of a batch (successive periods per batch) over its
    active assignments (or ten containers of its stage when it has none): growth by TGC,
    feed by the stage's FCR, average feeding %, weighted FCR."""

    class Meta:
        model = "inventory.BatchFeedingSummary"

    class Params:
        stock = Derived(
            "(containers, fish, weight, stage) of the batch", lambda o: _batch_stock(o.batch)
        )
        biomass = Derived(
            "(start, end) biomass over 30 days of TGC growth",
            lambda o: _period_growth(o.stock[3], o.stock[1], o.stock[2]),
        )

    batch = factory.SubFactory(BatchFactory)
    period_start = factory.LazyAttribute(
        lambda o: _period_start(
            "inventory.BatchFeedingSummary",
            {"batch": o.batch},
            not_after_today(
                o.batch.start_date
                + dt.timedelta(days=stage_of(o.batch.lifecycle_stage).days_before)
            ),
        )
    )
    period_end = factory.LazyAttribute(
        lambda o: o.period_start + dt.timedelta(days=_PERIOD_DAYS - 1)
    )
    total_starting_biomass_kg = factory.LazyAttribute(lambda o: dec(o.biomass[0]))
    total_ending_biomass_kg = factory.LazyAttribute(lambda o: dec(o.biomass[1]))
    total_growth_kg = factory.LazyAttribute(
        lambda o: o.total_ending_biomass_kg - o.total_starting_biomass_kg
    )
    average_biomass_kg = factory.LazyAttribute(lambda o: dec((o.biomass[0] + o.biomass[1]) / 2))
    total_feed_kg = factory.LazyAttribute(
        lambda o: dec(float(o.total_growth_kg) * o.stock[3].fcr * uniform(0.95, 1.05))
    )
    average_feeding_percentage = factory.LazyAttribute(
        lambda o: (
            min(
                dec(float(o.total_feed_kg) / _PERIOD_DAYS / float(o.average_biomass_kg) * 100),
                Decimal("100.00"),
            )
            if o.average_biomass_kg > 0
            else None
        )
    )
    weighted_avg_fcr = factory.LazyAttribute(
        lambda o: (
            min(dec(o.total_feed_kg / o.total_growth_kg, 3), Decimal("99.999"))
            if o.total_growth_kg > 0
            else None
        )
    )
    fcr = factory.SelfAttribute("weighted_avg_fcr")
    container_count = factory.LazyAttribute(lambda o: o.stock[0])
    total_feed_consumed_kg = factory.SelfAttribute("total_feed_kg")
    total_biomass_gain_kg = factory.SelfAttribute("total_growth_kg")
    overall_confidence_level = "HIGH"
    estimation_method = factory.LazyAttribute(lambda o: "MEASURED" if o.weighted_avg_fcr else None)
