"""Property-based tests on the database: drawn graphs are saved inside the test's transaction, one
rolled-back savepoint per example, under the ``aquadata`` settings profile.

They double as examples: a pytest-django ``db`` test with ``@given`` that neither leaks rows
between examples nor trips the function-scoped-fixture health check.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.db.models import Sum
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_aquadata import db_invariants
from pytest_aquadata.strategies import (
    BatchGraph,
    FeedContainerGraph,
    aquadata_settings,
    batch_graphs,
    container_graphs,
    example_savepoint,
    feed_container_graphs,
    graph_objects,
    instances,
    persisted,
    row_counts,
    save_graph,
)

DB = settings(aquadata_settings, max_examples=15)

pytestmark = pytest.mark.django_db


def model(label: str):
    return apps.get_model(label)


@pytest.fixture
def rows_at_start(db: None) -> dict[str, int]:
    """Rows per table when the test starts (a function-scoped fixture, like ``db`` itself)."""
    return row_counts()


@DB
@given(graph=batch_graphs())
def test_examples_in_a_savepoint_leave_no_rows(db: None, rows_at_start, graph: BatchGraph) -> None:
    assert row_counts() == rows_at_start, "an earlier example left rows behind"
    with example_savepoint():
        save_graph(graph)
        assert model("batch.Batch").objects.filter(pk=graph.batch.pk).exists()
        assert row_counts() != rows_at_start


@DB
@given(data=st.data())
def test_persisted_draws_are_rolled_back_after_each_example(
    db: None, rows_at_start, data: st.DataObject
) -> None:
    assert row_counts() == rows_at_start, "an earlier example left rows behind"
    graph = data.draw(persisted(feed_container_graphs()))
    for obj in graph_objects(graph):
        assert type(obj).objects.filter(pk=obj.pk).exists(), obj


@DB
@given(graph=persisted(batch_graphs()))
def test_batch_graphs_keep_every_database_invariant(graph: BatchGraph) -> None:
    # no container holds two batches, biomass = count × weight, rows inside assignments, …
    assert db_invariants.check_database([graph.batch.pk]) == dict.fromkeys(db_invariants.CHECKS, [])


@DB
@given(graph=persisted(batch_graphs()))
def test_assignment_stages_match_their_batch(graph: BatchGraph) -> None:
    batch = model("batch.Batch").objects.get(pk=graph.batch.pk)
    assignments = model("batch.BatchContainerAssignment").objects.filter(batch=batch)
    stages = set(assignments.values_list("lifecycle_stage__order", flat=True))
    assert stages == {batch.lifecycle_stage.order}


@DB
@given(graph=persisted(feed_container_graphs()))
def test_feed_stock_fits_the_container_and_is_used_oldest_first(
    graph: FeedContainerGraph,
) -> None:
    assert db_invariants.feed_stock_fifo() == []
    silo = model("infrastructure.FeedContainer").objects.get(pk=graph.feed_container.pk)
    stocks = model("inventory.FeedContainerStock").objects.filter(feed_container=silo)
    assert Decimal(0) <= stocks.aggregate(kg=Sum("quantity_kg"))["kg"] <= silo.capacity_kg
    batches = {meal.batch_id for meal in graph.feedings}
    assert db_invariants.rows_inside_assignments(batches) == []


@DB
@given(graph=persisted(container_graphs()))
def test_readings_come_from_probes_of_their_container(graph) -> None:
    readings = model("environmental.EnvironmentalReading").objects.filter(
        container_id=graph.container.pk
    )
    assert readings.count() == len(graph.readings)
    assert all(r.sensor.container_id == r.container_id for r in readings)


@settings(aquadata_settings, max_examples=8)
@given(fact=persisted(instances("finance.FactHarvest")))
def test_harvest_totals_match_lots_and_finance_facts(fact) -> None:
    assert db_invariants.harvest_totals([fact.event.batch_id]) == []
    row = model("finance.FactHarvest").objects.select_related("lot").get(pk=fact.pk)
    assert (row.quantity_kg, row.unit_count) == (row.lot.live_weight_kg, row.lot.unit_count)
    assert row.dim_batch_id == row.event.batch_id
