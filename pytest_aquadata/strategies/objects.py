"""Object-graph strategies: unsaved, valid model instances with their required relations.

Every object is built by the domain factories (``factory.build()``) from a hypothesis-drawn seed,
so its values are the factories' realistic ones and its parents are unsaved instances too: the
whole graph lives in memory until ``persist.save_graph`` writes it. A drawn object prints in a
falsifying example as the call that rebuilds it, e.g. ``build_instance('batch.Batch', seed=0)``.

A few columns hold another row's id without a foreign key (``DimSite.source_pk``,
``FactHarvest.dim_batch_id``, ``IntercompanyTransaction.object_id``). An unsaved object cannot
know that id yet, so the referenced object is kept as a *link* (``links(obj)``) and
``save_graph`` fills the column once the referenced row exists.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from types import MappingProxyType
from typing import Any

import factory.builder
from django.db import models
from factory import enums
from hypothesis import strategies as st

from pytest_aquadata.factories import factory_for, reseed
from pytest_aquadata.reference.sensors import FRESHWATER_PROBES, SEA_PROBES, SENSOR_PROBES
from pytest_aquadata.sim import params
from pytest_aquadata.stage_table import hall_stage
from pytest_aquadata.strategies.simulation import seeds
from pytest_aquadata.strategies.values import lifecycle_stages, pinned

Model = models.Model

# ---------------------------------------------------------------------------------------------
# Links: id columns without a foreign key.
# ---------------------------------------------------------------------------------------------

_LINKS_ATTR = "_aquadata_links"


@dataclass(frozen=True)
class SoftLink:
    """A column holding another row's primary key without a foreign key, and how to find that
    row's object in an unsaved graph (from the object and its factory's resolved parameters)."""

    field: str
    target: Callable[[Model, Mapping[str, Any]], Model | None]


def _dim_site_source(site: Model, build_params: Mapping[str, Any]) -> Model:
    """The area or station a DimSite describes: the one its factory drew, else an equal one."""
    if isinstance(build_params.get("source"), Model):
        return build_params["source"]
    label = "infrastructure.FreshwaterStation"
    if site.source_model == "area":
        label = "infrastructure.Area"
    return factory_for(label).build(name=site.site_name, geography=site.company.geography)


SOFT_LINKS: Mapping[str, tuple[SoftLink, ...]] = MappingProxyType(
    {
        "finance.DimSite": (SoftLink("source_pk", _dim_site_source),),
        "finance.FactHarvest": (SoftLink("dim_batch_id", lambda fact, _: fact.event.batch),),
        "finance.IntercompanyTransaction": (
            SoftLink("object_id", lambda tx, build_params: build_params.get("source")),
        ),
    }
)
"""Columns of the reference schema that hold another row's id without a foreign key, by model."""


def links(obj: Model) -> dict[str, Model]:
    """The objects whose primary keys ``obj``'s soft-link columns will hold, by column name."""
    return getattr(obj, _LINKS_ATTR, {})


def _resolve_links(obj: Model, build_params: Mapping[str, Any]) -> None:
    wanted = SOFT_LINKS.get(obj._meta.label, ())
    found = links(obj)
    for link in wanted:
        if link.field in found or getattr(obj, link.field) is not None:
            continue
        target = link.target(obj, build_params)
        if target is None:
            raise ValueError(
                f"{obj._meta.label}.{link.field}: cannot tell which row it refers to; "
                "build it with build_instance() or pass the column's value"
            )
        found[link.field] = target
    if found:
        setattr(obj, _LINKS_ATTR, found)


def generic_content_type_field(obj: Model, field: str) -> str | None:
    """Name of the content-type FK paired with ``field`` in a GenericForeignKey, else None."""
    from django.contrib.contenttypes.fields import GenericForeignKey

    for private in obj._meta.private_fields:
        if isinstance(private, GenericForeignKey) and private.fk_field == field:
            return private.ct_field
    return None


class _LinkMeta:
    """A factory's options, resolving soft links on each built object with its parameters."""

    def __init__(self, meta: Any) -> None:
        self._options = meta

    def __getattr__(self, name: str) -> Any:
        return getattr(self._options, name)

    def instantiate(self, step: Any, args: Any, kwargs: Any) -> Any:
        obj = self._options.instantiate(step=step, args=args, kwargs=kwargs)
        if isinstance(obj, Model):
            _resolve_links(obj, step.attributes)
        return obj


class _LinkBuilder(factory.builder.StepBuilder):
    """factory_boy's build step (sub-factories included) with ``_LinkMeta`` options."""

    def __init__(self, factory_meta: Any, extras: dict[str, Any], strategy: str) -> None:
        if not isinstance(factory_meta, _LinkMeta):
            factory_meta = _LinkMeta(factory_meta)
        super().__init__(factory_meta, extras, strategy)


def _build(label: str, **overrides: Any) -> Model:
    """``factory_for(label).build(**overrides)``, soft links resolved across the whole graph."""
    meta = factory_for(label)._meta
    obj = _LinkBuilder(meta, dict(overrides), enums.BUILD_STRATEGY).build()
    graph_objects(obj, link=True)  # links of objects the factories built outside this builder
    return obj


# ---------------------------------------------------------------------------------------------
# Graphs: walking, validating.
# ---------------------------------------------------------------------------------------------


def _roots(graph: Any) -> Iterator[Model]:
    if isinstance(graph, Model):
        yield graph
    elif dataclasses.is_dataclass(graph) and not isinstance(graph, type):
        for field in dataclasses.fields(graph):
            yield from _roots(getattr(graph, field.name))
    elif isinstance(graph, Iterable) and not isinstance(graph, (str, bytes)):
        for item in graph:
            yield from _roots(item)
    elif graph is not None:
        raise TypeError(f"{graph!r} is not a model instance, a graph dataclass or an iterable")


def parents(obj: Model) -> Iterator[tuple[str, Model]]:
    """(column, object) for each related object ``obj`` holds: cached foreign keys and links."""
    for field in obj._meta.concrete_fields:
        if field.is_relation and field.is_cached(obj):
            parent = field.get_cached_value(obj)
            if parent is not None:
                yield field.name, parent
    yield from links(obj).items()


def graph_objects(graph: Any, *, link: bool = False) -> list[Model]:
    """Every object of ``graph`` (an instance, a graph dataclass or an iterable of them) and of
    its parents, each once, parents before children (the order to save them in).

    With ``link=True`` soft links are resolved while walking (used right after a build).
    """
    order: list[Model] = []
    state: dict[int, bool] = {}

    def visit(obj: Model, path: tuple[str, ...]) -> None:
        done = state.get(id(obj))
        if done:
            return
        if done is False:
            raise ValueError(f"the graph has a cycle: {' → '.join(path)}")
        state[id(obj)] = False
        if link:
            _resolve_links(obj, {})
        for column, parent in parents(obj):
            visit(parent, (*path, f"{column} ({parent._meta.label})"))
        state[id(obj)] = True
        order.append(obj)

    for root in _roots(graph):
        visit(root, (root._meta.label,))
    return order


def _unsaved(obj: Model) -> bool:
    return obj._state.adding


@contextmanager
def provisional_keys(objects: list[Model]) -> Iterator[list[set[str]]]:
    """Give references to unsaved objects stand-in ids for the duration of the block.

    Model ``clean()`` methods test relations by their id column (``hall_id is not None``); an
    unsaved parent leaves that column None. Inside the block each such column holds a distinct
    negative number per referenced object (written past the descriptor, so the cached object
    stays); on exit the columns hold their old values again. Yields, per object, the field names that refer
    to unsaved objects (to leave out of field validation).
    """
    stand_in = {id(obj): -(i + 1) for i, obj in enumerate(objects)}
    written: list[tuple[Model, str, Any]] = []
    excluded: list[set[str]] = []
    try:
        for obj in objects:
            names: set[str] = set()
            for field in obj._meta.concrete_fields:
                if field.is_relation and field.is_cached(obj):
                    parent = field.get_cached_value(obj)
                    if parent is not None and _unsaved(parent):
                        written.append((obj, field.attname, obj.__dict__.get(field.attname)))
                        obj.__dict__[field.attname] = stand_in.get(id(parent), -len(objects) - 1)
                        names.add(field.name)
            for column, target in links(obj).items():
                if _unsaved(target):
                    written.append((obj, column, obj.__dict__.get(column)))
                    obj.__dict__[column] = stand_in.get(id(target), -len(objects) - 1)
                    names.add(column)
                    content_type = generic_content_type_field(obj, column)
                    if content_type is not None:
                        names.add(content_type)
            excluded.append(names)
        yield excluded
    finally:
        for obj, attname, value in reversed(written):
            obj.__dict__[attname] = value


def validate_graph(graph: Any, *, constraints: bool = False) -> list[Model]:
    """Run ``full_clean(validate_unique=False)`` on every unsaved object of ``graph``.

    Field validation skips only the columns that refer to unsaved objects; ``clean()`` sees
    stand-in ids for them (``provisional_keys``). ``constraints=True`` also checks the models'
    constraints, which needs the database. Raises ``ValidationError`` naming the model; returns
    the objects in save order.
    """
    from django.core.exceptions import ValidationError

    objects = graph_objects(graph)
    unsaved = [obj for obj in objects if _unsaved(obj)]
    with provisional_keys(unsaved) as excluded:
        for obj, names in zip(unsaved, excluded, strict=True):
            try:
                obj.full_clean(
                    exclude=names, validate_unique=False, validate_constraints=constraints
                )
            except ValidationError as error:
                raise ValidationError(f"{obj._meta.label} {obj!r}: {error}") from error
    return objects


# ---------------------------------------------------------------------------------------------
# Instances of any model.
# ---------------------------------------------------------------------------------------------


def build_instance(label: str, /, seed: int = 0, **overrides: Any) -> Model:
    """An unsaved ``label`` instance (and unsaved parents) from its factory seeded with ``seed``.

    ``overrides`` go to the factory (field values, parameters such as ``stage=``, traits).
    """
    reseed(seed)
    return _build(label, **overrides)


def instances(label: str, /, **overrides: Any) -> st.SearchStrategy[Model]:
    """Unsaved, valid ``label`` instances with their required relations (unsaved too).

    Values are the factory's (within the schema's choices, lengths and digits and the biology
    ranges); ``overrides`` are passed to the factory, each a value or a strategy. Shrinks toward
    seed 0. Unknown labels raise KeyError at once.
    """
    factory_for(label)
    return st.builds(
        build_instance,
        st.just(label),
        seed=seeds(),
        **{name: pinned(value) for name, value in overrides.items()},
    )


# ---------------------------------------------------------------------------------------------
# Common graphs.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class BatchGraph:
    """A batch and its container assignments, one container each, side by side in one place."""

    batch: Model
    assignments: tuple[Model, ...]

    @property
    def containers(self) -> tuple[Model, ...]:
        """The assignments' containers."""
        return tuple(a.container for a in self.assignments)


def _place(container: Model) -> dict[str, Model]:
    """Where ``container`` stands, as ContainerFactory overrides (hall or area)."""
    if container.hall is not None:
        return {"hall": container.hall}
    return {"area": container.area}


def build_batch_graph(seed: int = 0, *, assignments: int = 1, stage: str = "Fry") -> BatchGraph:
    """A ``stage`` batch with ``assignments`` assignments in containers of one hall or area."""
    if assignments < 1:
        raise ValueError(f"assignments={assignments!r} is invalid; allowed: 1 or more")
    reseed(seed)
    batch = _build("batch.Batch", stage=stage)
    first = _build("batch.BatchContainerAssignment", batch=batch, stage=stage)
    rest = [
        _build(
            "batch.BatchContainerAssignment",
            batch=batch,
            stage=stage,
            container=_build("infrastructure.Container", stage=stage, **_place(first.container)),
        )
        for _ in range(assignments - 1)
    ]
    return BatchGraph(batch=batch, assignments=(first, *rest))


def batch_graphs(
    *, stage: str | None = None, min_assignments: int = 1, max_assignments: int = 3
) -> st.SearchStrategy[BatchGraph]:
    """Unsaved batches with 1..``max_assignments`` assignments; shrinks to one Egg&Alevin tray."""
    return st.builds(
        build_batch_graph,
        seed=seeds(),
        assignments=st.integers(min_assignments, max_assignments),
        stage=lifecycle_stages() if stage is None else pinned(stage),
    )


@dataclass(frozen=True, eq=False)
class FeedContainerGraph:
    """A feed container, its lots (oldest first: a purchase delivered whole into the container
    and the stock left of it) and the meals of one assignment beside it, drawn oldest lot first
    after the last delivery."""

    feed_container: Model
    stocks: tuple[Model, ...]
    feedings: tuple[Model, ...]

    @property
    def purchases(self) -> tuple[Model, ...]:
        """The purchase of each stock lot."""
        return tuple(s.feed_purchase for s in self.stocks)


def _fed_stage(feed_container: Model) -> str:
    """The stage a feed container feeds: Adult at sea, else its hall's stage (Fry if unfed)."""
    if feed_container.area is not None:
        return params.STAGES[params.SEA_STAGE].name
    info = hall_stage(feed_container.hall)
    return info.name if info is not None and info.feed_container is not None else "Fry"


def _meals(silo: Model, n: int, feed: Model, after: dt.date) -> list[Model]:
    """``n`` meals of one new assignment in a container beside ``silo``, on or after ``after``."""
    stage = _fed_stage(silo)
    place = {"area": silo.area} if silo.area is not None else {"hall": silo.hall}
    container = _build("infrastructure.Container", stage=stage, **place)
    assignment = _build("batch.BatchContainerAssignment", stage=stage, container=container)
    meals = [
        _build("inventory.FeedingEvent", batch_assignment=assignment, feed=feed) for _ in range(n)
    ]
    for meal in meals:
        meal.feeding_date = max(meal.feeding_date, after)
    return meals


def _draw_oldest_first(stocks: list[Model], meals: list[Model]) -> None:
    """Take the meals' feed from the lots, oldest first (whole cents); meals never take more than
    the lots hold (big sea pens get proportionally smaller meals)."""
    held = sum(s.quantity_kg for s in stocks)
    fed = sum(m.amount_kg for m in meals)
    if fed > held:
        for meal in meals:
            meal.amount_kg = max(
                (meal.amount_kg * held / fed).quantize(Decimal("0.0001"), ROUND_DOWN),
                Decimal("0.0001"),
            )
        fed = sum(m.amount_kg for m in meals)
    need = min(fed.quantize(Decimal("0.01"), ROUND_UP), held)
    for stock in stocks:
        taken = min(stock.quantity_kg, need)
        stock.quantity_kg -= taken
        need -= taken


def build_feed_container_graph(
    seed: int = 0, *, deliveries: int = 1, feedings: int = 0, barge: bool = False
) -> FeedContainerGraph:
    """A silo (or ``barge``) with ``deliveries`` whole purchases that together fit its capacity
    and ``feedings`` meals of one assignment beside it, drawn from the lots oldest first."""
    if deliveries < 1 or feedings < 0:
        raise ValueError(f"deliveries={deliveries!r}, feedings={feedings!r}: need ≥ 1 and ≥ 0")
    reseed(seed)
    silo = _build("infrastructure.FeedContainer", barge=barge)
    share = (Decimal(silo.capacity_kg) / deliveries).quantize(Decimal("0.01"), ROUND_DOWN)
    stocks = [
        _build("inventory.FeedContainerStock", feed_container=silo) for _ in range(deliveries)
    ]
    stocks.sort(key=lambda s: s.entry_date)
    for stock in stocks:
        stock.quantity_kg = min(stock.quantity_kg, share)
        stock.feed_purchase.quantity_kg = stock.quantity_kg
    meals: list[Model] = []
    if feedings:
        feed = stocks[0].feed_purchase.feed
        meals = _meals(silo, feedings, feed, after=stocks[-1].entry_date.date())
        _draw_oldest_first(stocks, meals)
    return FeedContainerGraph(feed_container=silo, stocks=tuple(stocks), feedings=tuple(meals))


def feed_container_graphs(
    *, max_deliveries: int = 4, max_feedings: int = 6
) -> st.SearchStrategy[FeedContainerGraph]:
    """Unsaved feed containers with 1..``max_deliveries`` lots and 0..``max_feedings`` meals;
    shrinks to one lot in a silo and no meals."""
    return st.builds(
        build_feed_container_graph,
        seed=seeds(),
        deliveries=st.integers(1, max_deliveries),
        feedings=st.integers(0, max_feedings),
        barge=st.booleans(),
    )


@dataclass(frozen=True, eq=False)
class ContainerGraph:
    """A container, probes installed in it (one per kind) and readings taken by those probes."""

    container: Model
    sensors: tuple[Model, ...]
    readings: tuple[Model, ...]


def probe_kinds(stage: str) -> tuple[str, ...]:
    """Probe kinds installed in a container of ``stage``: 7 in freshwater, 4 at sea."""
    sea = params.STAGE_BY_NAME[stage].environment == "sea"
    return SEA_PROBES if sea else FRESHWATER_PROBES


def build_container_graph(
    seed: int = 0, *, sensors: int = 1, readings: int = 0, stage: str = "Fry"
) -> ContainerGraph:
    """A ``stage`` container with its first ``sensors`` probes and ``readings`` readings taken
    by them in turn."""
    kinds = probe_kinds(stage)
    if not 1 <= sensors <= len(kinds) or readings < 0:
        raise ValueError(
            f"sensors={sensors!r}, readings={readings!r}: need 1..{len(kinds)} and ≥ 0"
        )
    reseed(seed)
    container = _build("infrastructure.Container", stage=stage)
    probes = [_build("infrastructure.Sensor", container=container, kind=k) for k in kinds[:sensors]]
    taken = []
    for i in range(readings):
        kind = kinds[i % sensors]
        parameter = _build(
            "environmental.EnvironmentalParameter", name=SENSOR_PROBES[kind].parameters[0]
        )
        taken.append(
            _build(
                "environmental.EnvironmentalReading",
                sensor=probes[i % sensors],
                parameter=parameter,
            )
        )
    return ContainerGraph(container=container, sensors=tuple(probes), readings=tuple(taken))


def container_graphs(
    *, stage: str | None = None, max_sensors: int = 4, max_readings: int = 8
) -> st.SearchStrategy[ContainerGraph]:
    """Unsaved containers with 1..``max_sensors`` probes and 0..``max_readings`` readings;
    shrinks to one Egg&Alevin tray with a temperature probe and no readings."""
    stages = lifecycle_stages() if stage is None else pinned(stage)

    def graphs(name: str) -> st.SearchStrategy[ContainerGraph]:
        return st.builds(
            build_container_graph,
            seed=seeds(),
            sensors=st.integers(1, min(max_sensors, len(probe_kinds(name)))),
            readings=st.integers(0, max_readings),
            stage=st.just(name),
        )

    return stages.flatmap(graphs)
