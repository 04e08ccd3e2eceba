"""Object-graph strategies: every model's unsaved instances are valid without a database, save
in dependency order with their links filled in, and the common graphs hang together."""

from __future__ import annotations

from decimal import ROUND_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_aquadata.factories import all_factories
from pytest_aquadata.factories.values import today
from pytest_aquadata.reference.sensors import SENSOR_PROBES
from pytest_aquadata.strategies import (
    BatchGraph,
    ContainerGraph,
    FeedContainerGraph,
    aquadata_settings,
    batch_graphs,
    build_batch_graph,
    build_container_graph,
    build_feed_container_graph,
    build_instance,
    container_graphs,
    example_savepoint,
    feed_container_graphs,
    graph_objects,
    instances,
    links,
    save_graph,
    validate_graph,
)

LABELS = sorted(all_factories())
FEW = settings(max_examples=3, deadline=None, database=None)
GRAPHS = settings(max_examples=15, deadline=None)


def test_every_model_has_an_instance_strategy() -> None:
    assert len(LABELS) == 103  # the 102 models of the reference schema and auth.User
    with pytest.raises(KeyError, match="batch.Salmon"):
        instances("batch.Salmon")


# No django_db mark: a query would raise, so drawing and validating needs no database.
@pytest.mark.parametrize("label", LABELS)
def test_instances_are_unsaved_and_valid_without_a_database(label: str) -> None:
    @FEW
    @given(obj=instances(label))
    def check(obj) -> None:
        assert obj._meta.label == label and obj.pk is None
        objects = validate_graph(obj)
        assert objects[-1] is obj
        assert all(o._state.adding for o in objects)

    check()


@pytest.mark.django_db
@pytest.mark.parametrize("label", LABELS)
def test_instances_save_with_their_graph_and_pass_full_clean(label: str) -> None:
    for seed in (0, 1):
        with example_savepoint():
            obj = build_instance(label, seed=seed)
            validate_graph(obj, constraints=True)
            save_graph(obj)
            for member in graph_objects(obj):
                assert member.pk is not None and not member._state.adding
                type(member)._default_manager.get(pk=member.pk).full_clean()


@pytest.mark.django_db
def test_links_are_filled_with_the_saved_rows() -> None:
    with example_savepoint():
        fact = save_graph(build_instance("finance.FactHarvest", seed=3))
        assert fact.dim_batch_id == fact.event.batch.pk
        site = fact.dim_site
        source = links(site)["source_pk"]
        assert site.source_pk == source.pk and source.name == site.site_name
        tx = save_graph(build_instance("finance.IntercompanyTransaction", seed=3))
        assert tx.source == links(tx)["object_id"] and tx.source.pk is not None


def test_overrides_are_values_or_strategies() -> None:
    @FEW
    @given(
        batch=instances("batch.Batch", planned=True),
        place=instances("infrastructure.Geography", name=st.sampled_from(["Scotland"])),
    )
    def check(batch, place) -> None:
        assert batch.status == "PLANNED" and place.name == "Scotland"

    check()


def test_same_seed_builds_the_same_values() -> None:
    def values(seed: int) -> dict:
        obj = build_instance("health.LiceCount", seed=seed)
        return {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields}

    assert values(5) == values(5)


def test_validation_names_the_bad_object() -> None:
    assignment = build_instance("batch.BatchContainerAssignment")
    assignment.batch.status = "SWIMMING"
    with pytest.raises(ValidationError, match=r"batch\.Batch .*status"):
        validate_graph(assignment)


def test_validation_leaves_relations_as_they_were() -> None:
    assignment = build_instance("batch.BatchContainerAssignment")
    validate_graph(assignment)
    assert assignment.batch_id is None and assignment.batch.pk is None
    assert assignment.container.hall is not None


def test_graph_objects_come_parents_first_and_detect_cycles() -> None:
    assignment = build_instance("batch.BatchContainerAssignment")
    order = graph_objects(assignment)
    position = {id(o): i for i, o in enumerate(order)}
    for obj in order:
        for field in obj._meta.concrete_fields:
            if field.is_relation and field.is_cached(obj) and field.get_cached_value(obj):
                assert position[id(field.get_cached_value(obj))] < position[id(obj)]
    left, right = (
        build_instance("infrastructure.Container"),
        build_instance("infrastructure.Container"),
    )
    left.parent_container, right.parent_container = right, left
    with pytest.raises(ValueError, match="cycle"):
        graph_objects(left)


@GRAPHS
@given(graph=batch_graphs())
def test_batch_graphs_share_one_batch_and_one_place(graph: BatchGraph) -> None:
    validate_graph(graph)
    assert all(a.batch is graph.batch for a in graph.assignments)
    assert len({id(c) for c in graph.containers}) == len(graph.assignments)
    places = {id(c.hall or c.area) for c in graph.containers}
    assert len(places) == 1
    stage = graph.batch.lifecycle_stage
    assert all(a.lifecycle_stage is stage for a in graph.assignments)


@GRAPHS
@given(graph=feed_container_graphs())
def test_feed_container_graphs_fit_the_container_and_feed_oldest_first(
    graph: FeedContainerGraph,
) -> None:
    validate_graph(graph)
    silo = graph.feed_container
    assert all(s.feed_container is silo for s in graph.stocks)
    assert sum(p.quantity_kg for p in graph.purchases) <= Decimal(silo.capacity_kg)
    entries = [s.entry_date for s in graph.stocks]
    assert entries == sorted(entries)
    drawn = [
        p.quantity_kg - s.quantity_kg for s, p in zip(graph.stocks, graph.purchases, strict=True)
    ]
    fed = sum((m.amount_kg for m in graph.feedings), Decimal(0))
    assert sum(drawn) == fed.quantize(Decimal("0.01"), ROUND_UP)
    touched = [i for i, kg in enumerate(drawn) if kg > 0]
    assert all(graph.stocks[i].quantity_kg == 0 for i in touched[:-1])  # older lots used up first
    assert touched == list(range(len(touched)))
    for meal in graph.feedings:
        assert meal.feed is graph.purchases[0].feed
        assert entries[-1].date() <= meal.feeding_date <= today()
        container = meal.container
        assert (container.hall, container.area) == (silo.hall, silo.area)


@GRAPHS
@given(graph=container_graphs())
def test_container_graphs_read_through_their_own_probes(graph: ContainerGraph) -> None:
    validate_graph(graph)
    assert all(s.container is graph.container for s in graph.sensors)
    assert len({s.sensor_type for s in graph.sensors}) == len(graph.sensors)
    for reading in graph.readings:
        assert reading.sensor in graph.sensors and reading.container is graph.container
        assert not reading.is_manual
        kinds = [k for k, p in SENSOR_PROBES.items() if reading.parameter.name in p.parameters]
        assert reading.sensor.name.endswith(SENSOR_PROBES[kinds[0]].label)


@pytest.mark.django_db
@settings(aquadata_settings, max_examples=5)
@given(graph=feed_container_graphs())
def test_saving_twice_changes_nothing(graph: FeedContainerGraph) -> None:
    with example_savepoint():
        save_graph(graph)
        keys = [(o._meta.label, o.pk) for o in graph_objects(graph)]
        save_graph(graph)
        assert [(o._meta.label, o.pk) for o in graph_objects(graph)] == keys


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: build_batch_graph(assignments=0), "assignments=0"),
        (lambda: build_feed_container_graph(deliveries=0), "deliveries=0"),
        (lambda: build_container_graph(stage="Adult", sensors=5), "sensors=5.*1..4"),
    ],
)
def test_bad_graph_sizes_fail_clearly(build, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()
