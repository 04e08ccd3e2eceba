"""Persistence of drawn graphs: save in dependency order, one rolled-back savepoint per example.

Inside a pytest-django ``db`` test the whole test runs in one transaction; hypothesis runs many
examples in it. ``example_savepoint()`` (a context manager for the test body) and
``persisted(strategy)`` (a strategy whose draw is saved) wrap each example in
``transaction.atomic()`` and roll it back, so no example sees another's rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, models, transaction
from hypothesis import strategies as st
from hypothesis.control import cleanup

from pytest_aquadata.factories import all_factories
from pytest_aquadata.strategies.objects import generic_content_type_field, graph_objects, links

G = TypeVar("G")


def _attach_links(obj: models.Model) -> None:
    """Write the (now saved) link targets' keys into ``obj``'s link columns."""
    for column, target in links(obj).items():
        setattr(obj, column, target.pk)
        content_type = generic_content_type_field(obj, column)
        if content_type is not None:
            from django.contrib.contenttypes.models import ContentType

            setattr(
                obj,
                content_type,
                ContentType.objects.get_for_model(target, for_concrete_model=False),
            )


def _create(obj: models.Model) -> models.Model:
    """Insert ``obj``'s values the way its factory's ``create`` would, and return the row.

    That is where the factories keep their saving rules: get-or-create of reference rows (a
    species, a stage, a geography), renumbering generated unique numbers another row holds.
    """
    fac = all_factories().get(obj._meta.label)
    if fac is None:
        obj.save()
        return obj
    values = {
        f.name: getattr(obj, f.name)
        for f in obj._meta.concrete_fields
        if not (f.primary_key and not f.is_relation)
    }
    return fac._create(type(obj), **values)


def _adopt(obj: models.Model, row: models.Model) -> None:
    """Make ``obj`` the in-memory copy of the saved ``row``, keeping the cached parents that are
    still its parents (so the graph stays navigable without queries)."""
    if row is obj:
        return
    for field in obj._meta.concrete_fields:
        value = getattr(row, field.attname)
        if field.is_relation and field.is_cached(obj):
            parent = field.get_cached_value(obj)
            if parent is None or parent.pk != value:
                field.delete_cached_value(obj)
        obj.__dict__[field.attname] = value
    obj._state.adding = False
    obj._state.db = row._state.db


def save_graph(graph: G) -> G:
    """Save every unsaved object of ``graph`` (an instance, a graph dataclass or an iterable),
    parents first, through its factory's ``create`` rules; returns ``graph`` with keys set.

    Reference rows the factories get-or-create reuse a row that already exists, generated
    unique numbers another row holds are renumbered, and link columns (``links()``) get their
    target's new id. Objects already saved are left alone.
    """
    for obj in graph_objects(graph):
        if obj._state.adding:
            _attach_links(obj)
            _adopt(obj, _create(obj))
    return graph


@contextmanager
def example_savepoint(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """A savepoint that is always rolled back: rows written inside vanish at the end."""
    with transaction.atomic(using=using):
        try:
            yield
        finally:
            transaction.set_rollback(True, using=using)


_open: list[tuple[transaction.Atomic, str]] = []
"""Savepoints opened by ``persisted`` draws, innermost last (closed at the end of the example)."""


def _close_from(depth: int) -> None:
    """Roll back and close the savepoints opened at ``depth`` and deeper, innermost first."""
    while len(_open) > depth:
        atomic, using = _open.pop()
        transaction.set_rollback(True, using=using)
        atomic.__exit__(None, None, None)


def _save_for_this_example(graph: G, using: str) -> G:
    depth = len(_open)
    cleanup(lambda: _close_from(depth))  # first: outside a test this raises before any savepoint
    atomic = transaction.atomic(using=using)
    atomic.__enter__()
    _open.append((atomic, using))
    return save_graph(graph)


def persisted(
    strategy: st.SearchStrategy[G], *, using: str = DEFAULT_DB_ALIAS
) -> st.SearchStrategy[G]:
    """``strategy``'s draws, saved inside a savepoint that is rolled back when the example ends.

    Use it inside ``@given`` (or ``st.data()``) in a test with database access. ``using`` names
    the connection of the savepoint; the factories write to their own ``Meta.database``.
    """
    return strategy.map(lambda graph: _save_for_this_example(graph, using))


def row_counts(*labels: str, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows per model label (default: every installed model, history tables included)."""
    from django.apps import apps

    models_ = [apps.get_model(label) for label in labels] or apps.get_models()
    return {m._meta.label: m._default_manager.db_manager(using).count() for m in models_}
