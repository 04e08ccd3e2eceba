"""Feed stores at a batch's last day: an ACTIVE batch's stores get the day's delivery (several
days of cover, never above capacity, the newest lot); a harvested batch's get none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db.models import Sum

from pytest_aquadata.db_invariants import FEED_COVER_DAYS_MIN, feed_stores_cover
from pytest_aquadata.rows.context import BuildContext
from pytest_aquadata.rows.feed_stores import build_feed_deliveries
from pytest_aquadata.rows.run import build_batch
from pytest_aquadata.sim import BatchSpec

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2025, 6, 30)


def _deliveries() -> list[tuple[dt.date, float]]:
    Purchase = apps.get_model("inventory", "FeedPurchase")
    return [
        (day, float(kg))
        for day, kg in Purchase.objects.filter(notes__startswith="Delivery on the farm's last day")
        .order_by("pk")
        .values_list("purchase_date", "quantity_kg")
    ]


def test_an_active_batch_keeps_its_stores_stocked_at_its_last_day() -> None:
    spec = BatchSpec(
        geography="Scotland", eggs=20_000, start_date=dt.date(2024, 9, 1), stop_at_stage="Smolt"
    )
    report = build_batch(spec, seed=3, readings_per_day=0, as_of=AS_OF)
    last_day = report.trajectory.end_date
    delivered = _deliveries()
    assert delivered and {day for day, _kg in delivered} == {last_day}
    assert feed_stores_cover(last_day) == []
    Stock = apps.get_model("inventory", "FeedContainerStock")
    newest = Stock.objects.order_by("-entry_date", "-pk").first()
    assert newest.feed_purchase.notes.startswith("Delivery on the farm's last day")
    for store in apps.get_model("infrastructure", "FeedContainer").objects.annotate(
        stock=Sum("feed_batch_stocks__quantity_kg")
    ):
        assert 0 <= (store.stock or 0) <= store.capacity_kg
    # a second call finds the stores stocked and delivers nothing more
    assert build_feed_deliveries(BuildContext(seed=3, as_of=AS_OF), last_day) == 0


def test_a_harvested_batch_gets_no_delivery() -> None:
    spec = BatchSpec(geography="Faroe Islands", eggs=20_000, start_date=dt.date(2022, 3, 1))
    report = build_batch(spec, seed=4, readings_per_day=0, as_of=AS_OF)
    assert report.trajectory.status == "COMPLETED"
    assert _deliveries() == []


def test_a_store_left_empty_is_named_with_its_days_of_cover() -> None:
    spec = BatchSpec(
        geography="Scotland", eggs=20_000, start_date=dt.date(2024, 9, 1), stop_at_stage="Smolt"
    )
    report = build_batch(spec, seed=3, readings_per_day=0, as_of=AS_OF)
    Stock = apps.get_model("inventory", "FeedContainerStock")
    Stock.objects.filter(feed_purchase__notes__startswith="Delivery on").update(quantity_kg=0)
    problems = feed_stores_cover(report.trajectory.end_date)
    assert problems and all(f"(< {FEED_COVER_DAYS_MIN})" in p for p in problems)
