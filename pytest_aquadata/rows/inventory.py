"""Inventory rows from a trajectory: feed purchases, FIFO container stock, feeding events and the
container / batch feeding summaries over the batch's own dates (calendar months)."""

from __future__ import annotations

import numpy as np

from pytest_aquadata.domain.derive import FEEDING_PERCENTAGE_MAX
from pytest_aquadata.reference import notes
from pytest_aquadata.rows.batch import system_user_id
from pytest_aquadata.rows.common import rng_for
from pytest_aquadata.rows.context import BatchRows, BuildContext, Site, days_of, utc
from pytest_aquadata.sim import Trajectory, params

FCR_MAX = 99.999  # dec(5,3) columns

FEEDING_NOTE_SHARE = 0.02
"""Share of meals the feeder writes a note on (modelling choice: a remark now and then)."""

HANDLING_DAYS = 3
"""Days after fish were moved into a unit during which their appetite is still remarked on."""

HANDLING_NOTE_SHARE = 0.25
"""Share of the meals in those first days that carry a note (choice: appetite is watched)."""


def build_inventory(traj: Trajectory, ctx: BuildContext, site: Site, rows: BatchRows) -> None:
    """Feed purchases and stock, feeding events, and feeding summaries of one batch."""
    _purchases_and_stock(traj, ctx, site)
    _feeding(traj, ctx, rows)
    _summaries(traj, ctx, rows)


def _purchases_and_stock(traj: Trajectory, ctx: BuildContext, site: Site) -> None:
    p = traj.feed_purchases
    if len(p) == 0:
        return
    purchase_ids = ctx.emit(
        "inventory.FeedPurchase",
        {
            "feed_id": ctx.feed_ids(p.feed),
            "purchase_date": days_of(p.date),
            "quantity_kg": np.round(p.quantity_kg, 2),
            "cost_per_kg": np.round(p.cost_per_kg, 2),
            "supplier": p.supplier,
            "batch_number": p.batch_number,
            "expiry_date": days_of(p.expiry_date),
        },
    )
    # One FIFO stock entry per delivery into its feed container, holding what is left of it.
    feed_container_ids = np.array([site.feed_containers[int(i)] for i in p.feed_container])
    ctx.emit(
        "inventory.FeedContainerStock",
        {
            "feed_container_id": feed_container_ids,
            "feed_purchase_id": purchase_ids,
            "quantity_kg": np.round(np.maximum(traj.feed_stock_remaining(), 0.0), 2),
            "entry_date": utc(p.delivered_at),
        },
    )


def _feeding(traj: Trajectory, ctx: BuildContext, rows: BatchRows) -> None:
    f = traj.feeding
    if len(f) == 0:
        return
    biomass = np.round(f.batch_biomass_kg, 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(biomass > 0, f.amount_kg / biomass * 100.0, np.nan)
    pct = np.minimum(np.round(pct, 6), float(FEEDING_PERCENTAGE_MAX))
    at = np.asarray(f.at).astype("datetime64[m]")
    minutes = (at - at.astype("datetime64[D]")).astype(np.int64)
    times = np.array([f"{m // 60:02d}:{m % 60:02d}:00" for m in range(1440)], dtype=object)[minutes]
    rows.feeding_ids = ctx.emit(
        "inventory.FeedingEvent",
        {
            "batch_id": rows.batch_id,
            "batch_assignment_id": rows.assignment_ids[f.assignment],
            "container_id": rows.container_ids[f.assignment],
            "feed_id": ctx.feed_ids(f.feed),
            "feeding_date": days_of(f.date),
            "feeding_time": times,
            "amount_kg": np.round(f.amount_kg, 4),
            "batch_biomass_kg": biomass,
            "feeding_percentage": pct,
            "feed_cost": np.round(f.feed_cost, 2),
            "method": f.method,
            "recorded_by_id": system_user_id(ctx),
            "notes": _feeding_notes(traj),
        },
    )


def _feeding_notes(traj: Trajectory) -> np.ndarray:
    """A note on a minority of meals: a quarter of those in a unit's first ``HANDLING_DAYS``
    after a move (appetite after handling), 2 % of the others (sea pens: half about the pen)."""
    f, a = traj.feeding, traj.assignments
    n = len(f)
    start = np.asarray(a.start_date, dtype="datetime64[D]")[f.assignment]
    moved = start > np.datetime64(traj.start_date, "D")
    since = (days_of(f.date) - start).astype(np.int64)
    handled = moved & (since < HANDLING_DAYS)
    sea = a.stage[f.assignment] == params.SEA_STAGE
    rng = rng_for(traj, "feeding-notes")
    share, kind_draw = rng.random(n), rng.random(n)
    out = np.full(n, "", dtype=object)
    after = handled & (share < HANDLING_NOTE_SHARE)
    out[after] = notes.pick("feeding_after_handling", share[after] / HANDLING_NOTE_SHARE)
    other = ~handled & (share < FEEDING_NOTE_SHARE)
    draw = share / FEEDING_NOTE_SHARE
    pen = other & sea & (kind_draw < 0.5)
    unit = other & ~pen
    out[pen] = notes.pick("feeding_sea", draw[pen])
    out[unit] = notes.pick("feeding", draw[unit])
    return out


def _fcr(feed: np.ndarray, growth: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        fcr = np.where(growth > 0, feed / growth, np.nan)
    return np.where(fcr > FCR_MAX, np.nan, np.round(fcr, 3))


def _summaries(traj: Trajectory, ctx: BuildContext, rows: BatchRows) -> None:
    d = traj.daily
    if len(d) == 0:
        return
    order = np.lexsort((days_of(d.date), d.assignment))
    assignment = d.assignment[order]
    date = days_of(d.date)[order]
    month = date.astype("datetime64[M]")
    feed = d.feed_kg[order]
    biomass = d.biomass_kg[order]
    # Container summaries: one per assignment and calendar month it was in.
    key = assignment.astype(np.int64) * 100_000 + month.astype(np.int64)
    groups, first = np.unique(key, return_index=True)
    last = np.r_[first[1:], len(key)] - 1
    gid = np.searchsorted(groups, key)
    total_feed = np.bincount(gid, weights=feed)
    # A period starts with the biomass its container ended the day before with (the previous
    # period's end), so summaries chain; an assignment's first period starts on its first day.
    before = np.maximum(first - 1, 0)
    chained = (first > 0) & (assignment[before] == assignment[first])
    chained &= date[before] == date[first] - np.timedelta64(1, "D")
    start_bm = np.where(chained, biomass[before], biomass[first])
    end_bm = biomass[last]
    growth = end_bm - start_bm
    fed = total_feed > 0
    g_assign = assignment[first]
    ctx.emit(
        "inventory.ContainerFeedingSummary",
        {
            "batch_id": rows.batch_id,
            "container_assignment_id": rows.assignment_ids[g_assign[fed]],
            "period_start": date[first][fed],
            "period_end": date[last][fed],
            "total_feed_kg": np.round(total_feed[fed], 2),
            "starting_biomass_kg": np.round(start_bm[fed], 2),
            "ending_biomass_kg": np.round(end_bm[fed], 2),
            "growth_kg": np.round(growth[fed], 2),
            "fcr": _fcr(total_feed[fed], growth[fed]),
            "confidence_level": "HIGH",
            "estimation_method": "MEASURED",
            "data_points": (last - first + 1)[fed],
        },
    )
    # Batch summaries: one per calendar month of the batch's life with feeding; a month starts
    # with the batch's biomass of the day before (the previous month's end) and ends with that
    # of its last day, so summaries chain.
    months, m_index = np.unique(month[first], return_inverse=True)
    m_feed = np.bincount(m_index, weights=total_feed, minlength=len(months))
    m_containers = np.bincount(m_index, minlength=len(months))
    dm_index = np.searchsorted(months, month)
    m_biomass_days = np.bincount(dm_index, weights=biomass, minlength=len(months))
    first_day = np.full(len(months), np.datetime64("NaT"), dtype="datetime64[D]")
    last_day = np.full(len(months), np.datetime64("NaT"), dtype="datetime64[D]")
    for i in range(len(months)):
        dates = date[dm_index == i]
        first_day[i], last_day[i] = dates.min(), dates.max()
    days = traj.batch_days()
    day_of = (first_day - days.date[0]).astype(np.int64)
    m_start = np.round(days.biomass_kg[np.maximum(day_of - 1, 0)], 2)
    m_end = np.round(days.biomass_kg[(last_day - days.date[0]).astype(np.int64)], 2)
    m_growth = m_end - m_start
    unique_days = np.array([len(np.unique(date[dm_index == i])) for i in range(len(months))])
    avg_biomass = m_biomass_days / np.maximum(unique_days, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        avg_pct = np.where(avg_biomass > 0, m_feed / unique_days / avg_biomass * 100, np.nan)
    keep = m_feed > 0
    fcr = _fcr(m_feed, m_growth)
    ctx.emit(
        "inventory.BatchFeedingSummary",
        {
            "batch_id": rows.batch_id,
            "period_start": first_day[keep],
            "period_end": last_day[keep],
            "total_feed_kg": np.round(m_feed[keep], 2),
            "average_biomass_kg": np.round(avg_biomass[keep], 2),
            "average_feeding_percentage": np.round(avg_pct[keep], 2),
            "total_starting_biomass_kg": np.round(m_start[keep], 2),
            "total_ending_biomass_kg": np.round(m_end[keep], 2),
            "total_growth_kg": np.round(m_growth[keep], 2),
            "weighted_avg_fcr": fcr[keep],
            "fcr": fcr[keep],
            "container_count": m_containers[keep],
            "total_feed_consumed_kg": np.round(m_feed[keep], 2),
            "total_biomass_gain_kg": np.round(m_growth[keep], 2),
            "overall_confidence_level": "HIGH",
            "estimation_method": "MEASURED",
        },
    )
