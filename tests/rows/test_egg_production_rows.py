"""The batch builder's own eggs: an internal egg production sent to the hatchery that hatches
the batch."""

from __future__ import annotations

import pytest
from rows_helpers import _site, model

from pytest_aquadata.rows.batch import build_batch_rows
from pytest_aquadata.rows.context import BuildContext

pytestmark = pytest.mark.django_db


def test_own_eggs_go_to_the_station_of_the_batch(active) -> None:
    site = _site(active)
    ctx = BuildContext(seed=2)  # an even seed: the batch hatches the farm's own eggs
    rows = build_batch_rows(active, ctx, site, "T-0002")
    production = model("broodstock.EggProduction").objects.get(egg_batch_id="EGG-T-0002")
    assert production.source_type == "internal"
    first = model("infrastructure.Container").objects.get(pk=int(rows.container_ids[0]))
    assert production.destination_station_id == first.hall.freshwater_station_id
    assert production.destination_station_id == site.station_id
    latest = production.history.order_by("-history_date", "-history_id").first()
    assert latest.destination_station_id == site.station_id
