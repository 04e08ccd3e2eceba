"""Hypothesis strategies for salmon-farm data: values, simulated batches and unsaved object graphs.

Importing this package registers the ``aquadata`` settings profile (see ``settings``). The
object strategies and ``persist`` need Django settings; the value and simulation strategies
do not touch the database.
"""

from pytest_aquadata.strategies.objects import (
    BatchGraph,
    ContainerGraph,
    FeedContainerGraph,
    batch_graphs,
    build_batch_graph,
    build_container_graph,
    build_feed_container_graph,
    build_instance,
    container_graphs,
    feed_container_graphs,
    graph_objects,
    instances,
    links,
    validate_graph,
)
from pytest_aquadata.strategies.persist import (
    example_savepoint,
    persisted,
    row_counts,
    save_graph,
)
from pytest_aquadata.strategies.settings import PROFILE, aquadata_settings
from pytest_aquadata.strategies.simulation import seeds, simulate_spec, trajectories
from pytest_aquadata.strategies.values import (
    FeedDelivery,
    LiceSample,
    TemperatureSeries,
    batch_specs,
    biology_overrides,
    feed_deliveries,
    geographies,
    lice_counts,
    lifecycle_stages,
    temperature_series,
)

__all__ = [
    "PROFILE",
    "BatchGraph",
    "ContainerGraph",
    "FeedContainerGraph",
    "FeedDelivery",
    "LiceSample",
    "TemperatureSeries",
    "aquadata_settings",
    "batch_graphs",
    "batch_specs",
    "biology_overrides",
    "build_batch_graph",
    "build_container_graph",
    "build_feed_container_graph",
    "build_instance",
    "container_graphs",
    "example_savepoint",
    "feed_container_graphs",
    "feed_deliveries",
    "geographies",
    "graph_objects",
    "instances",
    "lice_counts",
    "lifecycle_stages",
    "links",
    "persisted",
    "row_counts",
    "save_graph",
    "seeds",
    "simulate_spec",
    "temperature_series",
    "trajectories",
    "validate_graph",
]
