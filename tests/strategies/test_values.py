"""Value and simulation strategies: every draw is valid, pins are kept, and the minimal example
is the simplest domain value (checked with ``hypothesis.find``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from pytest_aquadata.sim import BatchSpec, params
from pytest_aquadata.strategies import (
    FeedDelivery,
    batch_specs,
    biology_overrides,
    feed_deliveries,
    geographies,
    lice_counts,
    lifecycle_stages,
    seeds,
    simulate_spec,
    temperature_series,
    trajectories,
)
from pytest_aquadata.strategies.values import (
    MAX_FISH_SAMPLED,
    MAX_LICE_PER_FISH,
    MAX_SIMULATED_DAYS,
)

FAST = settings(max_examples=100, deadline=None)
ANY = settings(database=None, max_examples=500)


def minimal(strategy, condition=lambda _: True):
    """The example hypothesis shrinks to (no example database, so the search is fresh)."""
    return find(strategy, condition, settings=ANY)


# --- geographies and stages ---------------------------------------------------------------------


@FAST
@given(name=geographies())
def test_geographies_are_the_simulated_ones(name: str) -> None:
    assert name in params.GEOGRAPHIES


def test_geographies_shrink_to_the_first() -> None:
    assert minimal(geographies()) == "Scotland"


@FAST
@given(name=lifecycle_stages(first="Fry", last="Smolt"))
def test_lifecycle_stages_keep_their_bounds(name: str) -> None:
    assert name in ("Fry", "Parr", "Smolt")


def test_lifecycle_stages_shrink_to_the_earliest() -> None:
    assert minimal(lifecycle_stages()) == "Egg&Alevin"
    assert minimal(lifecycle_stages(first="Parr")) == "Parr"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"first": "Smolt", "last": "Fry"}, "first is after last"), ({"last": "Salmon"}, "Salmon")],
)
def test_lifecycle_stages_reject_bad_bounds(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        lifecycle_stages(**kwargs)


# --- batch specs ----------------------------------------------------------------------------------


@FAST
@given(spec=batch_specs())
def test_batch_specs_are_valid_specs(spec: BatchSpec) -> None:
    assert dataclasses.replace(spec) == spec  # __post_init__ validates again
    assert 1 <= spec.eggs <= params.MAX_EGGS
    if spec.end_date is not None:
        assert 0 <= (spec.end_date - spec.start_date).days <= MAX_SIMULATED_DAYS


def test_batch_specs_shrink_to_the_simplest_spec() -> None:
    spec = minimal(batch_specs())
    assert spec == BatchSpec(
        geography="Scotland",
        eggs=1,
        start_date=dt.date(2000, 1, 1),
        stop_at_stage="Egg&Alevin",
        end_date=dt.date(2000, 1, 1),
    )


def test_eggs_shrink_to_the_boundary_of_a_failure() -> None:
    assert minimal(batch_specs(), lambda s: s.eggs >= 1234).eggs == 1234


def test_durations_shrink_toward_the_start_day() -> None:
    spec = minimal(
        batch_specs(), lambda s: s.end_date is not None and (s.end_date - s.start_date).days >= 100
    )
    assert (spec.end_date - spec.start_date).days == 100


def test_full_lifecycle_is_drawn_when_asked() -> None:
    spec = minimal(batch_specs(), lambda s: s.stop_at_stage is None and s.end_date is None)
    assert spec.stop_at_stage is None and spec.end_date is None


@FAST
@given(
    spec=batch_specs(
        geography="Faroe Islands",
        eggs=st.integers(10, 20),
        end_date=dt.date(2001, 3, 1),
        overrides={"tgc_sea": 3.1},
    )
)
def test_any_field_can_be_pinned_to_a_value_or_a_strategy(spec: BatchSpec) -> None:
    assert spec.geography == "Faroe Islands"
    assert 10 <= spec.eggs <= 20
    assert spec.end_date == dt.date(2001, 3, 1) and spec.start_date <= spec.end_date
    assert dict(spec.overrides) == {"tgc_sea": 3.1}


@FAST
@given(spec=batch_specs(stop_at_stage=None, end_date=None))
def test_pinning_none_is_a_pin(spec: BatchSpec) -> None:
    assert spec.stop_at_stage is None and spec.end_date is None


def test_unknown_spec_fields_fail_at_once() -> None:
    with pytest.raises(TypeError, match="unknown field.*egg_count.*allowed: geography"):
        batch_specs(egg_count=3)


@FAST
@given(overrides=biology_overrides())
def test_biology_overrides_stay_in_range_and_in_order(overrides: dict[str, float]) -> None:
    for name, value in overrides.items():
        low, high = params.PARAMETER_RANGES[name]
        assert low <= value <= high
    BatchSpec("Scotland", 1, dt.date(2020, 1, 1), overrides=overrides)  # raises if out of order


@settings(max_examples=200, deadline=None)
@given(overrides=biology_overrides(("lice_growth_min", "lice_growth_max", "lice_cold_c")))
def test_ordered_pairs_hold_when_both_are_drawn(overrides: dict[str, float]) -> None:
    bio = BatchSpec("Scotland", 1, dt.date(2020, 1, 1), overrides=overrides).biology()
    assert bio.lice_growth_min <= bio.lice_growth_max


def test_biology_overrides_shrink_to_none_and_reject_unknown_names() -> None:
    assert minimal(biology_overrides()) == {}
    with pytest.raises(ValueError, match="tgc_moon"):
        biology_overrides(("tgc_moon",))


# --- temperatures ---------------------------------------------------------------------------------


@FAST
@given(series=temperature_series("Faroe Islands", max_days=400))
def test_temperature_series_follow_the_geography(series) -> None:
    monthly = params.GEOGRAPHIES["Faroe Islands"].monthly_sst_c
    assert series.geography == "Faroe Islands" and 1 <= len(series) <= 400
    assert min(monthly) - 3.0 <= min(series.values_c)
    assert max(series.values_c) <= max(monthly) + 3.0
    dates = series.dates()
    assert dates[0] == series.start_date
    assert all((b - a).days == 1 for a, b in zip(dates, dates[1:], strict=False))


def test_temperature_series_shrink_to_one_day_and_validate() -> None:
    assert len(minimal(temperature_series())) == 1
    with pytest.raises(ValueError, match="Norway"):
        temperature_series("Norway")
    with pytest.raises(ValueError, match="min_days"):
        temperature_series(min_days=5, max_days=4)


# --- feed deliveries ------------------------------------------------------------------------------


def consume_fifo(deliveries: list[FeedDelivery], kg: Decimal) -> list[Decimal]:
    """What is left of each lot after feeding ``kg``, oldest lot first (a FIFO stock ledger)."""
    left = []
    for lot in deliveries:
        taken = min(lot.quantity_kg, kg)
        kg -= taken
        left.append(lot.quantity_kg - taken)
    return left


@FAST
@given(deliveries=feed_deliveries(), share=st.fractions(0, 1))
def test_for_any_feed_delivery_sequence_stock_is_consumed_oldest_first(deliveries, share) -> None:
    total = sum(lot.quantity_kg for lot in deliveries)
    fed = (total * Decimal(share.numerator) / Decimal(share.denominator)).quantize(Decimal("0.01"))
    left = consume_fifo(deliveries, fed)
    assert sum(left) == total - fed
    touched = [
        i
        for i, (lot, rest) in enumerate(zip(deliveries, left, strict=True))
        if rest < lot.quantity_kg
    ]
    emptied = [i for i, rest in enumerate(left) if rest == 0]
    # the lots touched are the oldest ones, and all but the newest of them are used up
    assert touched == list(range(len(touched)))
    assert emptied in (touched, touched[:-1])


@FAST
@given(deliveries=feed_deliveries())
def test_feed_deliveries_respect_the_feed_container(deliveries: list[FeedDelivery]) -> None:
    kind = deliveries[0].feed_container_kind
    capacity = Decimal(str(params.FEED_CONTAINER_KINDS[kind].capacity_kg))
    feeds = [next(i for i, f in enumerate(params.FEEDS) if f.name == d.feed) for d in deliveries]
    assert feeds == sorted(feeds), "pellets never get smaller"
    for d, feed in zip(deliveries, feeds, strict=True):
        assert d.feed_container_kind == kind
        assert Decimal("0.01") <= d.quantity_kg <= capacity
        assert d.quantity_kg == d.quantity_kg.quantize(Decimal("0.01"))
        price = params.FEEDS[feed].price_per_kg
        assert price * 0.95 - 0.01 <= float(d.cost_per_kg) <= price * 1.05 + 0.01
        assert d.supplier in params.FEED_SUPPLIERS
        assert d.delivered_at.tzinfo is not None and d.delivered_at.second == 0
        assert d.expiry_date == d.delivered_at.date() + dt.timedelta(days=365)
    times = [d.delivered_at for d in deliveries]
    assert all(a < b for a, b in zip(times, times[1:], strict=False))
    assert len({d.batch_number for d in deliveries}) == len(deliveries)


def test_feed_deliveries_shrink_to_one_small_lot_and_validate() -> None:
    (lot,) = minimal(feed_deliveries())
    assert lot.quantity_kg == Decimal("0.01")
    assert len(minimal(feed_deliveries("barge", min_size=3))) == 3
    with pytest.raises(ValueError, match="kind='tank'"):
        feed_deliveries("tank")


# --- lice -----------------------------------------------------------------------------------------


@FAST
@given(sample=lice_counts())
def test_lice_counts_are_bounded_per_fish(sample) -> None:
    assert 1 <= sample.fish_sampled <= MAX_FISH_SAMPLED
    assert len(sample.counts) == len(params.LICE_TYPES)
    assert all(0 <= c <= MAX_LICE_PER_FISH * sample.fish_sampled for c in sample.counts)
    total = sample.adult_female_per_fish + sample.mobile_per_fish + sample.attached_per_fish
    assert total * sample.fish_sampled == pytest.approx(sum(sample.counts))
    assert sample.by_type()[params.LICE_TYPES[0]] == sample.counts[0]


def test_lice_counts_shrink_to_one_clean_fish_and_validate() -> None:
    sample = minimal(lice_counts())
    assert sample.fish_sampled == 1 and sample.counts == (0,) * len(params.LICE_TYPES)
    assert minimal(lice_counts(fish_sampled=20)).fish_sampled == 20
    with pytest.raises(ValueError, match="fish_sampled=0"):
        lice_counts(fish_sampled=0)


# --- trajectories ---------------------------------------------------------------------------------


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(traj=trajectories(eggs=st.integers(1, 500), stop_at_stage="Fry", seed=7))
def test_trajectories_simulate_the_drawn_spec(traj) -> None:
    assert traj.spec.stop_at_stage == "Fry" and traj.spec.eggs <= 500
    again = simulate_spec(traj.spec, seed=7)
    assert again.end_date == traj.end_date and again.readings_seed == traj.readings_seed


def test_seeds_shrink_to_zero() -> None:
    assert minimal(seeds()) == 0
