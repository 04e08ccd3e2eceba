"""Inventory factories: feeds by stage, purchases, FIFO stock, feedings, FCR summaries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps

from pytest_aquadata.factories.batch import BatchContainerAssignmentFactory, BatchFactory
from pytest_aquadata.factories.infrastructure import FeedContainerFactory, HallFactory
from pytest_aquadata.factories.inventory import (
    BatchFeedingSummaryFactory,
    ContainerFeedingSummaryFactory,
    FeedContainerStockFactory,
    FeedFactory,
    FeedingEventFactory,
    FeedPurchaseFactory,
)
from pytest_aquadata.factories.values import today
from pytest_aquadata.sim import params

pytestmark = pytest.mark.django_db


def model(label: str):
    return apps.get_model(label)


@pytest.mark.parametrize(
    ("stage", "pellet"),
    [("Fry", "0.5"), ("Parr", "1.8"), ("Smolt", "3.0"), ("Post-Smolt", "4.0"), ("Adult", "6.0")],
)
def test_feed_for_each_stage_is_a_sim_feed(stage: str, pellet: str) -> None:
    feed = FeedFactory(stage=stage)
    assert feed.pellet_size_mm == Decimal(pellet).quantize(Decimal("0.01"))
    assert feed.name in {f.name for f in params.FEEDS}
    assert 0 < feed.fat_percentage < feed.protein_percentage < 60


def test_feeds_are_got_or_created_on_name() -> None:
    first, second = FeedingEventFactory.create_batch(2, batch=BatchFactory(stage="Fry"))
    assert first.feed_id == second.feed_id
    assert FeedFactory(name=first.feed.name).pk == first.feed_id
    assert model("inventory.Feed").objects.count() == 1


def test_purchase_is_priced_around_the_feed_list_price() -> None:
    purchase = FeedPurchaseFactory(stage="Adult")
    listed = {f.name: f.price_per_kg for f in params.FEEDS}[purchase.feed.name]
    assert abs(float(purchase.cost_per_kg) - listed) <= listed * params.FEED_PRICE_SPREAD + 0.01
    assert purchase.supplier == purchase.feed.brand
    assert purchase.expiry_date == purchase.purchase_date + dt.timedelta(
        days=params.FEED_SHELF_LIFE_DAYS
    )
    assert 5000 <= purchase.quantity_kg <= 25000


def test_stock_fits_its_container_and_purchase() -> None:
    for stock in (
        FeedContainerStockFactory(),
        FeedContainerStockFactory(feed_container=FeedContainerFactory(barge=True)),
        FeedContainerStockFactory(
            feed_container=FeedContainerFactory(hall=HallFactory(stage="Egg&Alevin"))
        ),
    ):
        assert 0 < stock.quantity_kg <= stock.feed_container.capacity_kg
        assert stock.quantity_kg <= stock.feed_purchase.quantity_kg
        assert stock.entry_date.date() >= stock.feed_purchase.purchase_date
    barge_stock = FeedContainerStockFactory(feed_container=FeedContainerFactory(barge=True))
    assert barge_stock.feed_purchase.feed.pellet_size_mm >= Decimal("6.00")


def test_feeding_of_an_assignment_uses_its_biomass() -> None:
    bca = BatchContainerAssignmentFactory(stage="Smolt")
    event = FeedingEventFactory(batch_assignment=bca)
    assert (event.batch_id, event.container_id) == (bca.batch_id, bca.container_id)
    assert event.batch_biomass_kg == bca.biomass_kg
    assert event.feeding_percentage == (event.amount_kg / event.batch_biomass_kg * 100).quantize(
        Decimal("0.000001")
    )
    daily = event.feeding_percentage * params.MEALS_PER_DAY[3]
    assert Decimal("0.5") < daily < Decimal("4")
    assert bca.assignment_date <= event.feeding_date <= today()


@pytest.mark.parametrize("stage", params.STAGE_NAMES)
def test_feeding_amount_is_a_plausible_ration(stage: str) -> None:
    event = FeedingEventFactory(for_assignment=True, batch_assignment__stage=stage)
    assert event.amount_kg >= Decimal("0.0001")
    assert event.feeding_percentage < 5
    listed = {f.name: f.price_per_kg for f in params.FEEDS}[event.feed.name]
    assert abs(event.feed_cost - event.amount_kg * Decimal(str(listed))) <= Decimal("0.01")
    expected = "BROADCAST" if stage == "Adult" else "AUTOMATIC"
    assert event.method == expected
    assert dt.time(7) <= event.feeding_time <= dt.time(19)


def test_container_summaries_are_successive_periods_with_a_stage_fcr() -> None:
    bca = BatchContainerAssignmentFactory(stage="Parr")
    first, second = ContainerFeedingSummaryFactory.create_batch(2, container_assignment=bca)
    assert first.period_start == bca.assignment_date
    assert second.period_start == first.period_end + dt.timedelta(days=1)
    for row in (first, second):
        assert row.batch_id == bca.batch_id
        assert row.growth_kg == row.ending_biomass_kg - row.starting_biomass_kg > 0
        assert row.fcr == (row.total_feed_kg / row.growth_kg).quantize(Decimal("0.001"))
        assert abs(float(row.fcr) - params.Biology().fcr_freshwater) < 0.1


def test_egg_stage_summary_has_no_growth_and_no_fcr() -> None:
    row = ContainerFeedingSummaryFactory(container_assignment__stage="Egg&Alevin")
    assert row.growth_kg == 0 and row.fcr is None and row.total_feed_kg == 0


def test_batch_summary_rolls_up_the_active_assignments() -> None:
    batch = BatchFactory(stage="Adult")
    rows = BatchContainerAssignmentFactory.create_batch(3, batch=batch)
    summary = BatchFeedingSummaryFactory(batch=batch)
    assert summary.container_count == 3
    start = sum(r.biomass_kg for r in rows)
    assert abs(summary.total_starting_biomass_kg - start) <= Decimal("0.05")
    assert summary.total_feed_consumed_kg == summary.total_feed_kg
    assert summary.total_biomass_gain_kg == summary.total_growth_kg > 0
    assert abs(float(summary.weighted_avg_fcr) - params.Biology().fcr_sea) < 0.1
    again = BatchFeedingSummaryFactory(batch=batch)
    assert again.period_start == summary.period_end + dt.timedelta(days=1)


def test_built_feeding_carries_its_own_feeding_percentage() -> None:
    # build(): the bundled model recomputes the percentage on save, a host model may not.
    event = FeedingEventFactory.build()
    assert event.feeding_percentage == (event.amount_kg / event.batch_biomass_kg * 100).quantize(
        Decimal("0.000001")
    )
