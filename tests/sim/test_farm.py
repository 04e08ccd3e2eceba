"""Farm planner: ladder at the end date, harvests, no double booking, utilisation, determinism."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_aquadata.sim import farm, params
from pytest_aquadata.sim.farm import FARM_CAPACITY, FarmPlan, plan_farm

END = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def small() -> FarmPlan:
    return plan_farm("small", END, np.random.default_rng(11))


@pytest.fixture(scope="module")
def medium() -> FarmPlan:
    return plan_farm("medium", END, np.random.default_rng(12))


@pytest.fixture(scope="module", params=["small", "medium"])
def plan(request, small, medium) -> FarmPlan:
    """The small and the medium plan in turn."""
    return small if request.param == "small" else medium


def container_key(b) -> np.ndarray:
    """One string per booking naming its container (geography, site, kind, index)."""
    return np.array(
        [
            f"{g}|{s}|{k}|{i}"
            for g, s, k, i in zip(b.geography, b.site, b.kind, b.index, strict=True)
        ]
    )


def empty_days_between(plan: FarmPlan) -> tuple[np.ndarray, np.ndarray]:
    """Consecutive bookings of each fish container: empty days between them, and the kind."""
    b = plan.bookings(feed=False)
    key = container_key(b)
    order = np.lexsort((b.first_date, key))
    key, first, last, kind = key[order], b.first_date[order], b.last_date[order], b.kind[order]
    same = key[1:] == key[:-1]
    gaps = (first[1:] - last[:-1]).astype(np.int64) - 1
    return gaps[same], kind[1:][same]


def assert_no_double_booking(plan: FarmPlan) -> None:
    """No fish container holds two slots on the same day (sorted-interval overlap test)."""
    b = plan.bookings(feed=False)
    assert len(b), "no bookings"
    assert (b.first_date <= b.last_date).all()
    gaps, kind = empty_days_between(plan)
    assert (gaps >= 0).all(), (
        f"{int((gaps < 0).sum())} overlapping bookings ({set(kind[gaps < 0])})"
    )


def assert_ladder(plan: FarmPlan) -> None:
    summary = plan.summary()
    missing = [name for name, n in summary["stages_at_end"].items() if n < 1]
    assert not missing, f"no active batch in {missing} at {plan.end_date}"
    assert summary["in_transition"] >= 1, "no transfer in progress at the end date"
    assert summary["harvested"] >= 1, "no harvested batch"


# -- capacity counts agree with what the infrastructure writer builds ------------------------------


@pytest.mark.parametrize("scale", sorted(FARM_CAPACITY))
def test_capacity_counts_match_the_infrastructure_writer(scale):
    # One scale table (reference.layout) feeds both; the planner's site and container counting
    # must give the writer's row counts.
    from pytest_aquadata import infrastructure as layout

    cap = FARM_CAPACITY[scale]
    counts = layout.expected_counts(scale)
    stations = sum(len(cap.sites(g, "tray")) for g in farm.GEOGRAPHY_ORDER)
    assert stations == counts["stations"]
    assert stations * len(farm.FRESHWATER_KINDS) == counts["halls"]
    assert sum(cap.count(k) for k in farm.FRESHWATER_KINDS) == counts["freshwater_containers"]
    assert sum(len(cap.sites(g, "sea_pen")) for g in farm.GEOGRAPHY_ORDER) == counts["areas"]
    assert cap.count("sea_pen") == counts["rings"]
    # one silo per hall (hall A's holds no feed: eggs and alevins are not fed) plus the barges
    silos = sum(cap.count(k) for k in farm.SILO_KINDS) + stations
    assert silos + cap.count("barge") == counts["feed_containers"]


# -- the plan -------------------------------------------------------------------------------------


def test_every_stage_active_a_transfer_in_progress_and_harvests(plan):
    assert_ladder(plan)


def test_no_fish_container_is_double_booked(plan):
    assert_no_double_booking(plan)


def test_containers_get_their_turnaround_days(plan):
    gaps, kind = empty_days_between(plan)
    sea = np.isin(kind, farm.SEA_KINDS)
    assert (gaps[sea] >= farm.TURNAROUND_DAYS["sea"]).all()
    assert (gaps[~sea] >= farm.TURNAROUND_DAYS["freshwater"]).all()


def test_slots_map_onto_real_containers_of_the_scale(plan):
    cap = plan.capacity
    for batch in plan:
        geo = batch.geography
        for (kind, _), c in {**batch.container_map, **batch.feed_container_map}.items():
            assert c.geography == geo and c.kind == kind
            assert c.site in cap.sites(geo, kind), (c, cap.sites(geo, kind))
            assert 0 <= c.index < cap.per_site(kind)
        stations = {c.site for (k, _), c in batch.container_map.items() if k != "sea_pen"}
        assert len(stations) <= 1, f"batch {batch.number} in several stations: {stations}"
        assert batch.spec.station == next(iter(stations), None)
        silos = {c.site for (k, _), c in batch.feed_container_map.items() if k != "barge"}
        assert silos <= stations
        assert set(batch.container_map) | set(batch.feed_container_map) == set(batch.booked)


def test_sea_pens_mostly_stay_in_one_area(plan):
    areas = [{c.site for (k, _), c in b.container_map.items() if k == "sea_pen"} for b in plan]
    at_sea = [a for a in areas if a]
    assert at_sea
    assert sum(len(a) == 1 for a in at_sea) / len(at_sea) >= 0.5


def test_batches_are_in_start_order_and_cut_at_the_end_date(plan):
    starts = [b.start_date for b in plan]
    assert starts == sorted(starts)
    assert [b.number for b in plan] == list(range(len(plan)))
    assert all(b.spec.end_date == plan.end_date and b.start_date <= plan.end_date for b in plan)
    assert all(date <= plan.end_date for b in plan for _, date in b.booked.values())
    for b in plan:
        assert b.harvested == (b.status == "COMPLETED")
        assert (b.status == "ACTIVE") == bool(b.stages_at_end)


def test_eggs_fit_one_station_and_are_realistic_per_container(plan):
    low, high = farm.SCALE_PROFILES[plan.scale].eggs
    for b in plan:
        assert b.spec.eggs <= high
        trays = sum(1 for k in b.container_map if k[0] == "tray")
        assert b.spec.eggs <= trays * params.CONTAINER_KINDS["tray"].max_fish


def test_resimulation_reproduces_the_planned_bookings(small):
    for batch in small.batches[:: max(1, len(small) // 4)]:
        tr = batch.simulate()
        b = tr.slot_bookings()
        booked = {
            (str(k), int(s)): (f.item(), lst.item())
            for k, s, f, lst in zip(b.kind, b.slot, b.first_date, b.last_date, strict=True)
        }
        assert booked == dict(batch.booked)
        assert tr.status == batch.status
        assert tr.spec == batch.spec


def test_summary_and_utilisation(small, medium):
    for plan in (small, medium):
        s = plan.summary()
        assert s["batches"] == len(plan) == sum(s["by_geography"].values())
        assert all(n > 0 for n in s["by_geography"].values())
        assert s["harvested"] == sum(b.harvested for b in plan)
        assert set(s["stages_at_end"]) == set(params.STAGE_NAMES)
        assert set(s["utilisation"]) == set(farm.FISH_KINDS) | set(farm.KIND_GROUPS)
        assert all(0.0 <= u <= 1.0 for u in s["utilisation"].values())
        for geo in farm.GEOGRAPHY_ORDER:
            assert all(0.0 <= u <= 1.0 for u in plan.utilisation(geo).values())
    assert 8 <= len(small) <= 16, "small stays a handful of batches"
    assert len(small) < len(medium)


def test_utilisation_near_saturation_at_sea(medium):
    """Sea rings are the bottleneck of the layout; they run near the saturation target."""
    sea = medium.utilisation()["sea"]
    assert medium.saturation - 0.12 <= sea <= medium.saturation + 0.05, sea
    assert medium.utilisation()["freshwater"] < sea


def test_lower_saturation_books_fewer_container_days(medium):
    low = plan_farm("medium", END, np.random.default_rng(12), saturation=0.6)
    sea = low.utilisation()["sea"]
    assert 0.6 - 0.12 <= sea <= 0.6 + 0.05, sea
    assert sea < medium.utilisation()["sea"] - 0.1
    assert_ladder(low)
    assert_no_double_booking(low)


def test_fixed_eggs_and_years():
    plan = plan_farm("small", END, np.random.default_rng(3), eggs=900_000, years=1.0)
    assert all(b.spec.eggs <= 900_000 for b in plan)
    fill = [b for b in plan if b.role == "fill"]
    assert all(b.start_date >= END - dt.timedelta(days=366) for b in fill)
    assert_ladder(plan)


def test_same_inputs_same_plan_other_seed_other_plan(small):
    again = plan_farm("small", END, np.random.default_rng(11))
    assert again == small
    other = plan_farm("small", END, np.random.default_rng(99))
    assert other != small


def test_full_scale_counts():
    """One full-scale plan (legacy layout, ~5 s): counts only, plus the cheap booking check."""
    plan = plan_farm("full", END, np.random.default_rng(13))
    s = plan.summary()
    assert 140 <= s["batches"] <= 220, s["batches"]
    for geo in farm.GEOGRAPHY_ORDER:
        at_end = plan.stages_at_end(geo)
        assert all(n >= 1 for n in at_end.values()), (geo, at_end)
    assert s["in_transition"] >= 2 and s["harvested"] >= 20
    assert abs(s["utilisation"]["sea"] - plan.saturation) <= 0.1
    assert_no_double_booking(plan)


# -- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        ({"scale": "huge"}, "scale", "'huge'"),
        ({"scale": None}, "scale", "None"),
        ({"end_date": "2025-06-30"}, "end_date", "'2025-06-30'"),
        ({"end_date": dt.datetime(2025, 6, 30)}, "end_date", "datetime.datetime(2025, 6, 30"),
        ({"rng": 42}, "rng", "42"),
        ({"saturation": 0}, "saturation", "0"),
        ({"saturation": 1.2}, "saturation", "1.2"),
        ({"saturation": math.nan}, "saturation", "nan"),
        ({"saturation": True}, "saturation", "True"),
        ({"years": 0}, "years", "0"),
        ({"years": 11}, "years", "11"),
        ({"years": "3"}, "years", "'3'"),
        ({"eggs": 50}, "eggs", "50"),
        ({"eggs": 5_000_000}, "eggs", "5000000"),
        ({"eggs": 900_000.0}, "eggs", "900000.0"),
    ],
)
def test_invalid_values_raise_naming_field_value_and_allowed(kwargs, field, value):
    args = {"scale": "small", "end_date": END, "rng": np.random.default_rng(0), **kwargs}
    scale, end, rng = args.pop("scale"), args.pop("end_date"), args.pop("rng")
    with pytest.raises(ValueError) as error:
        plan_farm(scale, end, rng, **args)
    message = str(error.value)
    assert f"{field}=" in message and value in message and "allowed" in message, message


def test_unknown_geography_in_utilisation(small):
    with pytest.raises(ValueError, match="geography='Norway'.*allowed"):
        small.utilisation("Norway")


# -- property: no double booking for any seed ------------------------------------------------------


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    end=st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31)),
)
def test_small_plans_never_double_book(seed, end):
    plan = plan_farm("small", end, np.random.default_rng(seed))
    assert_no_double_booking(plan)
    assert_ladder(plan)
