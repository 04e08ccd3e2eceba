"""Feeding: ration from growth and a biological FCR, pellet choice, meals, FIFO feed-stock ledger.

Daily feed of a container = bFCR × (growth of the fish alive at the start of the day), so feed and
growth agree by construction (docs/references.md §5: bFCR = feed / gross biomass gain incl. dead
fish; freshwater 0.8–1.0, sea ~1.15). The pellet follows fish weight (§5 FAO table [S9]). Feed lives
in feed containers (silos, barges) as FIFO lots: a lot is bought whenever the stock of the feed in
use falls to the reorder level, never above capacity, and meals consume the oldest lot first.
Amounts are integer grams internally so stock arithmetic is exact; lots are whole 10 g units
(FeedPurchase.quantity_kg has two decimals).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import climate, params

LOT_UNIT_G = 10


def feed_code(weight_g: np.ndarray) -> np.ndarray:
    """Index into params.FEEDS of the pellet for fish of this weight (§5 pellet table)."""
    return np.searchsorted(params.FEED_MIN_WEIGHTS_G, weight_g, side="right") - 1


def daily_ration_kg(
    rng: np.random.Generator,
    weights: np.ndarray,
    weight_at_start: np.ndarray,
    fish_at_start: np.ndarray,
    fcr: np.ndarray,
    fed: np.ndarray,
    daily_cv: float,
) -> np.ndarray:
    """Feed (kg, days × containers) = bFCR × weight gain × fish alive at the start of the day."""
    gain_kg = np.maximum(weights - weight_at_start, 0.0) * fish_at_start / 1000.0
    noise = (
        np.exp(rng.normal(-0.5 * daily_cv**2, daily_cv, size=weights.shape)) if daily_cv else 1.0
    )
    return np.where(fed, gain_kg * fcr[None, :] * noise, 0.0)


def meal_minutes(meals: int) -> np.ndarray:
    """Minute of day of each meal, spread evenly over the feeding day (params)."""
    if meals <= 1:
        return np.array([params.FIRST_MEAL_MINUTE])
    step = (params.LAST_MEAL_MINUTE - params.FIRST_MEAL_MINUTE) / (meals - 1)
    return np.round(params.FIRST_MEAL_MINUTE + step * np.arange(meals)).astype(np.int64)


DAYLIGHT_MARGIN_MINUTES = 30
"""Meals start this long after sunrise and end this long before sunset (choice: the crew
needs light to see the fish feed and the pellets fall)."""


def daylight_window(latitude: float, doy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last feeding minute of each day: sunrise to sunset by ``climate.day_length_hours``
    (solar noon at 12:00) less ``DAYLIGHT_MARGIN_MINUTES``, inside the params' feeding day."""
    half = climate.day_length_hours(latitude, doy) * 30.0  # half the day length, in minutes
    first = np.ceil(np.maximum(720.0 - half + DAYLIGHT_MARGIN_MINUTES, params.FIRST_MEAL_MINUTE))
    last = np.floor(np.minimum(720.0 + half - DAYLIGHT_MARGIN_MINUTES, params.LAST_MEAL_MINUTE))
    return first.astype(np.int64), np.maximum(last, first).astype(np.int64)


def split_meals(daily_g: np.ndarray, meals: int) -> np.ndarray:
    """Split integer daily grams into ``meals`` near-equal integer meals (rows × meals)."""
    base = daily_g[:, None] // meals
    extra = (np.arange(meals)[None, :] < (daily_g % meals)[:, None]).astype(np.int64)
    return base + extra


def feed_containers_needed(peak_daily_kg: float, capacity_kg: float) -> int:
    """Feed containers for a stage: capacity for params.FEED_DAYS_OF_COVER days of peak feed."""
    return max(1, math.ceil(peak_daily_kg * params.FEED_DAYS_OF_COVER / capacity_kg))


@dataclass(frozen=True)
class Meals:
    """One stage's meals, sorted by feed container, day and minute (day/container are grid indices).

    ``feed_of_day`` and ``meals_of_day`` (days × containers) give each container's pellet (index
    into params.FEEDS) and number of meals per day.
    """

    container: np.ndarray
    day: np.ndarray
    minute: np.ndarray
    grams: np.ndarray
    feed_container: np.ndarray
    feed: np.ndarray
    feed_container_of: np.ndarray
    feed_of_day: np.ndarray
    meals_of_day: np.ndarray


def plan_meals(
    grams: np.ndarray,
    fish_at_start: np.ndarray,
    weight_at_start: np.ndarray,
    meals_per_day: int,
    n_feed_containers: int,
    window: tuple[np.ndarray, np.ndarray] | None = None,
) -> Meals:
    """Split daily feed (grams, days × containers) into timed meals from shared feed containers.

    Containers are spread round-robin over the feed containers; each feed container serves one
    pellet a day, chosen for the mean weight of the fish it feeds and never going back to a
    smaller pellet (params.FEEDS, §5 table). With ``window`` (first and last minute per day,
    ``daylight_window``) the meal rounds, and the containers one after another inside each
    round, are spread over that day's window.
    """
    n_days, n = grams.shape
    local = np.arange(n) % n_feed_containers
    rank = np.arange(n) // n_feed_containers
    one_hot = np.eye(n_feed_containers)[local]
    weight_sum = (fish_at_start * weight_at_start) @ one_hot
    fish_sum = fish_at_start.astype(float) @ one_hot
    mean_w = np.divide(weight_sum, fish_sum, out=np.zeros_like(weight_sum), where=fish_sum > 0)
    fc_feed = np.maximum.accumulate(np.maximum(feed_code(mean_w), 0), axis=0)
    feed_of_day = fc_feed[:, local]

    cc, dd = np.nonzero((grams > 0).T)
    per_meal = split_meals(grams[dd, cc], meals_per_day)
    if window is None:
        minute = (
            meal_minutes(meals_per_day)[None, :]
            + (rank[cc] * params.MINUTES_BETWEEN_CONTAINERS)[:, None]
        )
    else:
        first, last = (np.asarray(w, dtype=np.int64)[dd] for w in window)
        ranks = int(rank.max()) + 1
        # containers of one feed container are fed one after another (at most the params'
        # spacing), the meal rounds spread over the rest of the window
        spread = np.minimum(
            params.MINUTES_BETWEEN_CONTAINERS, (last - first) // (meals_per_day * ranks)
        )
        step = (last - first - spread * (ranks - 1)) // max(meals_per_day - 1, 1)
        minute = (
            first[:, None]
            + np.arange(meals_per_day)[None, :] * step[:, None]
            + (rank[cc] * spread)[:, None]
        )
    keep = per_meal > 0
    meals_of_day = np.zeros((n_days, n), dtype=np.int64)
    meals_of_day[dd, cc] = keep.sum(axis=1)
    container = np.repeat(cc, keep.sum(axis=1))
    day = np.repeat(dd, keep.sum(axis=1))
    minutes = minute[keep]
    order = np.lexsort((minutes, day, local[container]))
    container, day = container[order], day[order]
    return Meals(
        container=container,
        day=day,
        minute=minutes[order],
        grams=per_meal[keep][order],
        feed_container=local[container],
        feed=feed_of_day[day, container],
        feed_container_of=local,
        feed_of_day=feed_of_day,
        meals_of_day=meals_of_day,
    )


def lot_prices(rng: np.random.Generator, feeds: np.ndarray) -> np.ndarray:
    """Price per kg of each purchased lot: the feed's list price ± params.FEED_PRICE_SPREAD."""
    base = np.asarray([params.FEEDS[i].price_per_kg for i in feeds], dtype=float)
    spread = params.FEED_PRICE_SPREAD
    return np.round(base * rng.uniform(1 - spread, 1 + spread, len(base)), 2)


@dataclass(frozen=True)
class Ledger:
    """FIFO ledger of one feed container: purchased lots and which lot each meal drew from.

    ``purchase_before_event[i]`` is the index (in the container's event order) of the first meal
    lot i was delivered for; ``draw_*`` list (event, lot, grams) in consumption order.
    """

    purchase_before_event: np.ndarray
    purchase_feed: np.ndarray
    purchase_g: np.ndarray
    draw_event: np.ndarray
    draw_lot: np.ndarray
    draw_g: np.ndarray


def fifo_ledger(
    event_g: np.ndarray,
    event_feed: np.ndarray,
    capacity_g: int,
    event_time: np.ndarray | None = None,
) -> Ledger:
    """Plan purchases and FIFO draws for one feed container's meals (in time order).

    Feeds must not repeat once replaced (pellet sizes only grow). For each run of one feed a
    first lot fills the free capacity; further lots of ``capacity − reorder`` arrive just before
    the meal at which stock would otherwise sit at or below the reorder level, and the last lot
    is cut to the remaining need (rounded up to 10 g), so stock is never negative and never above
    capacity. With ``event_time`` (non-decreasing, e.g. minutes), meals at the same time share
    one moment: a lot arrives only before the first meal of a moment (it cannot arrive between
    meals served at once), and the reorder level covers a whole moment's meals.
    """
    n = len(event_g)
    buy_event: list[np.ndarray] = []
    buy_feed: list[np.ndarray] = []
    buy_g: list[np.ndarray] = []
    draws: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Ledger(empty, empty, empty, empty, empty, empty)
    if event_time is None:
        first_of_moment = np.ones(n, dtype=bool)
    else:
        first_of_moment = np.r_[True, event_time[1:] != event_time[:-1]]
    starts = np.flatnonzero(first_of_moment)
    max_event = int(np.add.reduceat(event_g, starts).max())  # the largest moment's meals
    leftover = 0
    lot_offset = 0
    cuts = np.flatnonzero(np.diff(event_feed)) + 1
    for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, n], strict=True):
        demand = event_g[lo:hi]
        cumulative = np.cumsum(demand)
        total = int(cumulative[-1])
        if total == 0:
            continue
        free = capacity_g - leftover
        reorder = max(int(params.FEED_REORDER_FRACTION * capacity_g), max_event)
        refill = max(_round_down(free - reorder), _round_up(max_event))
        first = min(_round_down(free), _round_up(total))
        if first >= total:
            sizes = np.array([first], dtype=np.int64)
        else:
            n_more = -(-(total - first) // refill)
            sizes = np.full(n_more + 1, refill, dtype=np.int64)
            sizes[0] = first
            sizes[-1] = _round_up(total - first - (n_more - 1) * refill)
        supply = np.cumsum(sizes)
        before = np.concatenate([[0], cumulative[:-1]])
        # the first moment (within this run) at which stock sits at or below the reorder level
        moments = np.flatnonzero(first_of_moment[lo:hi] | (np.arange(hi - lo) == 0))
        trigger = moments[np.searchsorted(before[moments], supply[:-1] - reorder, side="left")]
        buy_event.append(lo + np.concatenate([[0], trigger]))
        buy_feed.append(np.full(len(sizes), event_feed[lo], dtype=np.int64))
        buy_g.append(sizes)
        event, lot, amount = _overlaps(before, cumulative, supply)
        draws.append((lo + event, lot_offset + lot, amount))
        leftover += int(supply[-1]) - total
        lot_offset += len(sizes)
    if not buy_g:
        empty = np.zeros(0, dtype=np.int64)
        return Ledger(empty, empty, empty, empty, empty, empty)
    return Ledger(
        np.concatenate(buy_event),
        np.concatenate(buy_feed),
        np.concatenate(buy_g),
        np.concatenate([d[0] for d in draws]),
        np.concatenate([d[1] for d in draws]),
        np.concatenate([d[2] for d in draws]),
    )


def _overlaps(
    start: np.ndarray, stop: np.ndarray, supply: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(event, lot, grams) for each event interval [start, stop) and lot interval it overlaps."""
    first_lot = np.searchsorted(supply, start, side="right")
    last_lot = np.searchsorted(supply, stop - 1, side="right")
    spans = last_lot - first_lot + 1
    event = np.repeat(np.arange(len(start)), spans)
    lot = (
        np.repeat(first_lot, spans)
        + np.arange(len(event))
        - np.repeat(np.cumsum(spans) - spans, spans)
    )
    lot_start = np.concatenate([[0], supply[:-1]])
    amount = np.minimum(stop[event], supply[lot]) - np.maximum(start[event], lot_start[lot])
    keep = amount > 0
    return event[keep], lot[keep], amount[keep]


def _round_up(grams: int) -> int:
    return -(-int(grams) // LOT_UNIT_G) * LOT_UNIT_G


def _round_down(grams: int) -> int:
    return int(grams) // LOT_UNIT_G * LOT_UNIT_G
