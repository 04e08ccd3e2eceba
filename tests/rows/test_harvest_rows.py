"""build_harvest: harvest events per pen, graded lots and by-product waste."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from rows_helpers import assert_foreign_keys, assert_history, model

from pytest_aquadata.rows.harvest import build_harvest
from pytest_aquadata.sim import params

pytestmark = pytest.mark.django_db

TABLES = ("harvest.HarvestEvent", "harvest.HarvestLot", "harvest.HarvestWaste")


def test_one_event_per_harvested_pen(build, harvested) -> None:
    built = build(harvested, build_harvest)
    h = harvested.harvests
    events = model("harvest.HarvestEvent").objects.order_by("pk")
    assert events.count() == len(h) > 0
    assert list(events.values_list("pk", flat=True)) == list(built.rows.extra["harvest_event_ids"])
    for event, i in zip(events, range(len(h)), strict=True):
        assert event.batch_id == built.rows.batch_id
        assert event.assignment_id == built.rows.assignment_ids[h.assignment[i]]
        assert event.assignment.batch_id == event.batch_id
        assert event.assignment.departure_date == event.event_date.date()
        assert np.datetime64(event.event_date.replace(tzinfo=None), "m") == h.at[i]
        assert event.dest_geography_id == built.site.geography_id
        assert event.dest_subsidiary == "LG" and event.document_ref


def test_lots_add_up_to_the_harvests(build, harvested) -> None:
    built = build(harvested, build_harvest)
    h, lots = harvested.harvests, harvested.harvest_lots
    stored = model("harvest.HarvestLot").objects
    assert stored.count() == len(lots)
    assert sorted(stored.values_list("pk", flat=True)) == sorted(
        built.rows.extra["harvest_lot_ids"]
    )
    for i, event_id in enumerate(built.rows.extra["harvest_event_ids"]):
        mine = stored.filter(event_id=event_id)
        live = sum(mine.values_list("live_weight_kg", flat=True))
        assert abs(float(live) - h.live_kg[i]) <= 0.0005 * mine.count() + 1e-9
        assert sum(mine.values_list("unit_count", flat=True)) == h.count[i]
    codes = set(stored.values_list("product_grade__code", flat=True))
    assert codes <= {code for code, _ in params.PRODUCT_GRADES}
    assert "SUPERIOR" in codes


def test_yields_and_waste(build, harvested) -> None:
    build(harvested, build_harvest)
    for lot in model("harvest.HarvestLot").objects.all():
        assert Decimal(0) < lot.fillet_weight_kg < lot.gutted_weight_kg < lot.live_weight_kg
        assert 0.80 <= float(lot.gutted_weight_kg / lot.live_weight_kg) <= 0.88
        mean_kg = float(lot.live_weight_kg) / lot.unit_count
        assert 0.5 < mean_kg < 12
    for waste in model("harvest.HarvestWaste").objects.all():
        lots = waste.event.lots.all()
        live = sum(lot.live_weight_kg for lot in lots)
        gutted = sum(lot.gutted_weight_kg for lot in lots)
        assert waste.category == params.HARVEST_WASTE_CATEGORY
        assert abs(waste.weight_kg - (live - gutted)) <= Decimal("0.001") * (lots.count() + 1)


def test_foreign_keys_history_and_full_clean(build, harvested) -> None:
    built = build(harvested, build_harvest)
    assert_foreign_keys(*TABLES)
    assert_history(built, *TABLES)
    for label in TABLES:
        for row in model(label).objects.order_by("pk")[:3]:
            row.full_clean()


def test_active_batch_writes_no_harvest(build, active) -> None:
    built = build(active, build_harvest)
    for label in TABLES:
        assert model(label).objects.count() == 0
    assert len(built.rows.extra["harvest_lot_ids"]) == 0
    assert len(built.rows.extra["harvest_event_ids"]) == 0
