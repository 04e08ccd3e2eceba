"""Feeding against docs/references.md §5: FCR, rations, meals, and the FIFO feed-stock ledger."""

from __future__ import annotations

import numpy as np
import pytest

from pytest_aquadata.sim import feeding, params


def test_freshwater_fcr_in_range(full):
    """bFCR in freshwater (feed / gross gain incl. dead fish) is §5's 0.8–1.0."""
    d, a, m = full.daily, full.assignments, full.mortality
    fed = (d.stage > 0) & (d.stage < params.SEA_STAGE)
    stages = np.flatnonzero((a.stage > 0) & (a.stage < params.SEA_STAGE))
    start = (a.start_population * a.start_weight_g)[stages].sum() / 1000.0
    end = (a.end_population * a.end_weight_g)[stages].sum() / 1000.0
    dead = m.biomass_kg[np.isin(m.assignment, stages)].sum()
    bfcr = d.feed_kg[fed].sum() / (end - start + dead)
    assert 0.8 <= bfcr <= 1.0


def test_sea_fcr_in_range(full_runs):
    for tr in full_runs:
        s = tr.summary()
        assert 1.05 <= s["sea_bfcr"] <= 1.25  # §5 typical ~1.15 (1.1–1.3); good crop 1.09
        assert 1.05 <= s["sea_efcr"] <= 1.40  # economic FCR incl. lost fish; §5 NO eFCR 1.30–1.35
        assert s["sea_efcr"] > s["sea_bfcr"]


def _sgr_pct(tgc, temp_c, weight_g):
    """§5 derived row: SGR = 300·(TGC/1000)·T / W^(1/3) in %/day."""
    return 300.0 * (tgc / 1000.0) * temp_c / np.cbrt(weight_g)


def test_sgr_formula_reproduces_the_section_5_table():
    table = {(6, 100): 1.16, (10, 500): 1.13, (10, 1000): 0.90, (12, 2000): 0.86, (14, 4000): 0.79}
    for (temp, weight), sgr in table.items():
        assert _sgr_pct(3.0, temp, weight) == pytest.approx(sgr, abs=0.01)


def test_ration_is_sgr_times_bfcr(full):
    """Daily feed as % of biomass at sea is §5's ration ≈ SGR × bFCR (0.6–1.6 %/day for 0.5–6 kg)."""
    d, a = full.daily, full.assignments
    sea = (d.stage == params.SEA_STAGE) & (d.feed_kg > 0)
    pct = 100 * d.feed_kg[sea] / d.biomass_kg[sea]
    rows = d.assignment[sea]
    predicted = _sgr_pct(a.tgc[rows], d.temperature_c[sea], d.avg_weight_g[sea]) * a.fcr[rows]
    ratio = pct / predicted
    assert 0.95 < np.median(ratio) < 1.05
    assert np.quantile(ratio, 0.1) > 0.85 and np.quantile(ratio, 0.9) < 1.15  # 8 % daily noise
    big = d.avg_weight_g[sea] > 4000
    assert 0.3 < np.median(pct[big]) < 1.0  # §5 table: 4 kg at 6–14 °C → 0.34–0.79 %/day × bFCR


def test_meals_add_up_to_the_daily_feed(full):
    d, f = full.daily, full.feeding
    per_day = {}
    for i, date, kg in zip(f.assignment, f.date.astype(int), f.amount_kg, strict=True):
        per_day[(int(i), date)] = per_day.get((int(i), date), 0.0) + kg
    fed = np.flatnonzero(d.feed_kg > 0)
    sums = np.array([per_day[(int(d.assignment[r]), int(d.date[r].astype(int)))] for r in fed])
    assert np.allclose(sums, d.feed_kg[fed])
    assert (d.feedings[fed] >= 2).all()  # several feeding events per container per day
    assert (f.amount_kg >= 0.001).all() and set(f.method) <= set(params.FEEDING_METHODS)


def test_pellet_follows_fish_weight(full):
    d = full.daily
    pellets = np.array([p.pellet_mm for p in params.FEEDS])[d.feed[d.feed >= 0]]
    assert pellets.min() <= 0.5 and pellets.max() >= 9.0  # first feeding to harvest size (§5 table)
    medians = [np.median(d.avg_weight_g[d.feed == k]) for k in np.unique(d.feed[d.feed >= 0])]
    assert medians == sorted(medians)  # bigger fish, bigger pellets


def test_purchases_carry_supplier_lot_price_and_date(full):
    p = full.feed_purchases
    assert set(p.supplier) <= set(params.FEED_SUPPLIERS) and len(set(p.batch_number)) == len(p)
    assert (p.quantity_kg >= 0.01).all() and np.allclose(
        p.quantity_kg * 100, np.round(p.quantity_kg * 100)
    )
    list_price = np.array([f.price_per_kg for f in params.FEEDS])[p.feed]
    assert (np.abs(p.cost_per_kg / list_price - 1) <= params.FEED_PRICE_SPREAD + 0.01).all()
    assert ((p.expiry_date - p.date).astype(int) == params.FEED_SHELF_LIFE_DAYS).all()
    assert (p.delivered_at.astype("datetime64[D]") == p.date).all()


def test_feed_cost_is_fifo_cost(full):
    f, p, dr = full.feeding, full.feed_purchases, full.feed_draws
    cost = np.bincount(
        dr.feeding_event, weights=dr.kg * p.cost_per_kg[dr.purchase], minlength=len(f)
    )
    assert np.allclose(cost, f.feed_cost)


def test_ledger_is_capacity_aware_at_sea(full, check):
    """A 50 t barge cannot hold a week's feed: it is refilled many times, never above capacity."""
    check.ledger(full)
    fc, p, f = full.feed_containers, full.feed_purchases, full.feeding
    barges = np.flatnonzero(fc.kind == "barge")
    at_sea = np.isin(f.feed_container, barges)
    _, day = np.unique(f.date[at_sea], return_inverse=True)
    peak_day_kg = np.bincount(day, weights=f.amount_kg[at_sea]).max()
    assert peak_day_kg > fc.capacity_kg[barges[0]]  # peak demand exceeds one barge
    assert fc.capacity_kg[barges].sum() >= peak_day_kg  # sized for at least a day of feed
    assert (
        np.isin(p.feed_container, barges).sum()
        > f.amount_kg[at_sea].sum() / fc.capacity_kg[barges[0]]
    )


@pytest.mark.parametrize("seed", range(20))
def test_fifo_ledger_unit(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    grams = rng.integers(1, 3000, size=n)
    feed = np.sort(rng.integers(0, 4, size=n))
    capacity = int(rng.integers(20_000, 80_000))
    ledger = feeding.fifo_ledger(grams, feed, capacity)
    assert (ledger.purchase_g % feeding.LOT_UNIT_G == 0).all()
    assert np.array_equal(np.bincount(ledger.draw_event, weights=ledger.draw_g, minlength=n), grams)
    assert (np.diff(ledger.draw_lot) >= 0).all()  # oldest lot first, lots in delivery order
    assert (ledger.purchase_feed[ledger.draw_lot] == feed[ledger.draw_event]).all()
    assert (ledger.purchase_before_event[ledger.draw_lot] <= ledger.draw_event).all()
    # walk the stock: deliveries land before the meal they were bought for
    stock = 0
    lots = list(zip(ledger.purchase_before_event, ledger.purchase_g, strict=True))
    for event in range(n):
        while lots and lots[0][0] == event:
            stock += lots.pop(0)[1]
            assert stock <= capacity
        stock -= grams[event]
        assert stock >= 0
    used = np.bincount(ledger.draw_lot, weights=ledger.draw_g, minlength=len(ledger.purchase_g))
    unused = ledger.purchase_g - used
    assert (unused >= 0).all() and (unused < feeding.LOT_UNIT_G).all()  # a lot's rest is < 10 g


def test_split_meals_and_meal_times():
    grams = np.array([0, 1, 7, 1000])
    meals = feeding.split_meals(grams, 3)
    assert (
        np.array_equal(meals.sum(axis=1), grams)
        and (meals.max(axis=1) - meals.min(axis=1) <= 1).all()
    )
    times = feeding.meal_minutes(4)
    assert times[0] == params.FIRST_MEAL_MINUTE and times[-1] == params.LAST_MEAL_MINUTE


@pytest.mark.parametrize("seed", range(20))
def test_fifo_ledger_delivers_before_a_whole_moment(seed):
    """Meals at the same minute are served at once: a lot arrives before the first of them, and
    the stock at that moment (all earlier moments' meals served) never exceeds capacity."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 400))
    grams = rng.integers(1, 1500, size=n)
    feed = np.sort(rng.integers(0, 3, size=n))
    time = np.sort(rng.integers(0, n, size=n))  # many minutes with two or three meals
    capacity = int(rng.integers(20_000, 80_000))  # a minute's meals well below capacity
    ledger = feeding.fifo_ledger(grams, feed, capacity, event_time=time)
    first_of_moment = np.r_[True, time[1:] != time[:-1]]
    changes_feed = np.r_[True, feed[1:] != feed[:-1]]
    assert (first_of_moment | changes_feed)[ledger.purchase_before_event].all()
    stock = 0
    lots = list(zip(ledger.purchase_before_event, ledger.purchase_g, strict=True))
    for event in range(n):
        if first_of_moment[event]:
            while lots and lots[0][0] == event:
                stock += lots.pop(0)[1]
                assert stock <= capacity
        while lots and lots[0][0] == event:  # a new feed's first lot inside a moment
            stock += lots.pop(0)[1]
        stock -= grams[event]
        assert stock >= 0
