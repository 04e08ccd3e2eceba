"""Feed deliveries that keep the farm's stores stocked at its last day.

Each simulated batch buys exactly the feed it eats, so a store shared by the batches of a hall
or a sea area would stand empty on the farm's last day although its fish are still fed. Here
every store of a hall or area with fish fed in the last FEED_USE_WINDOW_DAYS days gets the
delivery its supplier brings that morning: up to TOPUP_COVER_DAYS of the place's recent daily
use (shared between its stores), never above the store's capacity, of the feed the place eats
most, at the latest price paid for it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import numpy as np
from django.db.models import Max, Sum

from pytest_aquadata.rows.context import BuildContext
from pytest_aquadata.sim import params

TOPUP_COVER_DAYS = 5.0
"""Days of a place's recent feeding a last-day delivery brings its stores up to (capacity
permitting): deliveries come weekly, a store is refilled before it is down to two days."""

DELIVERY_HOUR = 6
"""Feed boats and lorries deliver from 06:00, before the first meal (or after the store's last
simulated delivery that day)."""

FEED_USE_WINDOW_DAYS = 7
"""Days of feeding before the last day that give a store's daily use."""


def _place(hall: int | None, area: int | None) -> tuple[str, int]:
    return ("hall", hall) if hall is not None else ("area", area or 0)


def _delivered(last_day: dt.date, latest: dt.datetime | None) -> dt.datetime:
    """06:00 on the last day, or a minute after the store's latest delivery if that was later
    (the new lot is the newest: FIFO draws it last)."""
    at = dt.datetime.combine(last_day, dt.time(DELIVERY_HOUR), tzinfo=dt.timezone.utc)
    if latest is not None:
        latest = latest if latest.tzinfo else latest.replace(tzinfo=dt.timezone.utc)
        at = max(at, latest + dt.timedelta(minutes=1))
    return at


def build_feed_deliveries(ctx: BuildContext, last_day: dt.date) -> int:
    """Deliver feed on ``last_day`` to every store whose place is feeding fish; the deliveries."""
    m = ctx.model
    since = last_day - dt.timedelta(days=FEED_USE_WINDOW_DAYS - 1)
    fed = (
        m("inventory.FeedingEvent")
        ._default_manager.using(ctx.using)
        .filter(feeding_date__gte=since, feeding_date__lte=last_day)
        .values_list("container__hall_id", "container__area_id", "feed_id")
        .annotate(kg=Sum("amount_kg"))
        .order_by()
    )
    use: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    by_feed: dict[tuple[str, int], dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for hall, area, feed, kg in fed:
        use[_place(hall, area)] += kg
        by_feed[_place(hall, area)][feed] += kg
    stores = (
        m("infrastructure.FeedContainer")
        ._default_manager.using(ctx.using)
        .annotate(
            stock=Sum("feed_batch_stocks__quantity_kg"),
            latest=Max("feed_batch_stocks__entry_date"),
        )
        .order_by("pk")
    )
    per_place: dict[tuple[str, int], list[tuple[int, Decimal, Decimal]]] = defaultdict(list)
    latest_entry: dict[int, dt.datetime | None] = {}
    region: dict[int, str | None] = {}  # store -> geography code (who enters its delivery)
    codes = {name: g.code for name, g in params.GEOGRAPHIES.items()}
    for pk, hall, area, capacity, stock, latest, station_geo, area_geo in stores.values_list(
        "pk",
        "hall_id",
        "area_id",
        "capacity_kg",
        "stock",
        "latest",
        "hall__freshwater_station__geography__name",
        "area__geography__name",
    ):
        per_place[_place(hall, area)].append((pk, capacity, stock or Decimal(0)))
        latest_entry[pk] = latest
        region[pk] = codes.get(station_geo or area_geo)
    purchases = m("inventory.FeedPurchase")._default_manager.using(ctx.using)
    store_ids, feed_ids, quantity, price, supplier = [], [], [], [], []
    for place, kg in sorted(use.items()):
        daily = float(kg) / FEED_USE_WINDOW_DAYS
        mine = per_place.get(place, [])
        feed = max(sorted(by_feed[place]), key=lambda f: by_feed[place][f])
        latest = purchases.filter(feed_id=feed).order_by("-purchase_date", "-pk").first()
        for pk, capacity, stock in mine:
            target = min(float(capacity), TOPUP_COVER_DAYS * daily / len(mine))
            q = np.floor((target - float(stock)) * 100) / 100
            if q <= 0:
                continue
            store_ids.append(pk)
            feed_ids.append(feed)
            quantity.append(round(float(q), 2))
            price.append(float(latest.cost_per_kg) if latest else 0.0)
            supplier.append(latest.supplier if latest else params.FEED_SUPPLIERS[0])
    if not store_ids:
        return 0
    numbers = [f"{s[:3].upper()}-{last_day:%Y%m%d}-D{k:03d}" for k, s in enumerate(supplier, 1)]
    where = np.array([region[pk] or "" for pk in store_ids])
    before = ctx.geography
    try:
        for code in sorted(set(where.tolist())):  # each geography's operator enters its own
            ctx.geography = code or before
            mine = np.flatnonzero(where == code)
            _deliver(
                ctx,
                last_day,
                [store_ids[i] for i in mine],
                [feed_ids[i] for i in mine],
                [quantity[i] for i in mine],
                [price[i] for i in mine],
                [supplier[i] for i in mine],
                [numbers[i] for i in mine],
                {pk: latest_entry[pk] for pk in store_ids},
            )
    finally:
        ctx.geography = before
    return len(store_ids)


def _deliver(
    ctx: BuildContext,
    last_day: dt.date,
    store_ids: list[int],
    feed_ids: list[int],
    quantity: list[float],
    price: list[float],
    supplier: list[str],
    numbers: list[str],
    latest_entry: dict[int, dt.datetime | None],
) -> None:
    """Write the deliveries (purchases and their store lots) of some stores on ``last_day``."""
    day = np.datetime64(last_day, "D")
    purchase_ids = ctx.emit(
        "inventory.FeedPurchase",
        {
            "feed_id": feed_ids,
            "purchase_date": day,
            "quantity_kg": quantity,
            "cost_per_kg": price,
            "supplier": supplier,
            "batch_number": numbers,
            "expiry_date": day + np.timedelta64(params.FEED_SHELF_LIFE_DAYS, "D"),
            "notes": "Delivery on the farm's last day (stores kept stocked).",
        },
    )
    ctx.emit(
        "inventory.FeedContainerStock",
        {
            "feed_container_id": store_ids,
            "feed_purchase_id": purchase_ids,
            "quantity_kg": quantity,
            "entry_date": [_delivered(last_day, latest_entry[pk]) for pk in store_ids],
        },
    )
