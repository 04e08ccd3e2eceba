"""BuildContext: what every table builder shares — the loader, lookups, site map and counts.

Builders turn a ``sim.Trajectory`` into columnar rows and hand them to ``ctx.emit``; they never
create Django model instances per row. Lookup rows (species, stages, feeds, parameters,
reasons, grades, …) come from ``ctx.lookup``, which get-or-creates them through the factories
(one realistic source of values) and caches their ids.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS

from pytest_aquadata import clock
from pytest_aquadata.factories import factory_for
from pytest_aquadata.load import ArrayLike, Loader, get_loader
from pytest_aquadata.sim import params


@dataclass(frozen=True)
class Site:
    """Where one batch lives: the real rows behind the trajectory's abstract slots.

    ``containers[(kind, slot)]`` and ``feed_containers[index]`` give ids for the trajectory's
    assignment slots and feed-container rows; ``sensors[(container_id, sensor_type)]`` the sensor
    measuring a parameter there; ``area_id``/``station_id``/``halls`` the places.
    """

    geography_id: int
    station_id: int
    area_id: int
    halls: Mapping[int, int]  # stage code -> hall id (freshwater stages)
    containers: Mapping[tuple[str, int], int]
    feed_containers: Mapping[int, int]  # trajectory feed-container index -> FeedContainer id
    sensors: Mapping[tuple[int, str], int]
    carrier_id: int | None = None

    def container_ids(self, kinds: np.ndarray, slots: np.ndarray) -> np.ndarray:
        """Container ids for parallel arrays of slot kinds and slot numbers."""
        return np.fromiter(
            (self.containers[(str(k), int(s))] for k, s in zip(kinds, slots, strict=True)),
            dtype=np.int64,
            count=len(kinds),
        )


@dataclass
class BuildContext:
    """Shared state of one build: database alias, loader, lookup cache, row counts."""

    using: str = DEFAULT_DB_ALIAS
    seed: int = 0
    readings_per_day: int = 6
    as_of: dt.date = field(default_factory=clock.as_of)
    now: dt.datetime = field(init=False)  # the farm's "now" instant on as-of (clock.moment)
    loader: Loader = field(init=False)
    rows: Counter[str] = field(default_factory=Counter, init=False)
    _lookups: dict[tuple[str, tuple[tuple[str, Any], ...]], int] = field(
        default_factory=dict, init=False
    )
    _claimed: dict[tuple[str, int], set[Any]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.now = clock.moment(self.as_of)
        self.loader = get_loader(self.using)

    def model(self, label: str) -> Any:
        """The installed model of a label (bundled or the host project's own)."""
        return apps.get_model(label)

    def reserve(self, label: str, n: int) -> np.ndarray:
        """Primary keys for ``n`` rows of ``label``, handed out before the rows are written."""
        keys = self.loader.reserve_pks(self.model(label), n)
        return np.arange(keys.start, keys.stop, dtype=np.int64)

    def emit(
        self,
        label: str,
        columns: Mapping[str, ArrayLike],
        *,
        history: bool | None = None,
    ) -> np.ndarray:
        """Load columnar rows of ``label`` (and its history rows); return their primary keys.

        ``history`` defaults to whether the model keeps a simple-history table, so audit tables
        are filled alongside their models.
        """
        model = self.model(label)
        if history is None:
            history = hasattr(model, "history")
        n = _length(columns)
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        pk_name = model._meta.pk.name
        if pk_name not in columns and f"{pk_name}_id" not in columns:
            columns = {pk_name: self.reserve(label, n), **columns}
        opts = {"history_date": self.now} if history else False
        result = self.loader.load(model, columns, history=opts)
        self.rows[model._meta.db_table] += result.rows
        if result.history is not None:
            self.rows[result.history.table] += result.history.rows
        pks = columns.get(pk_name, columns.get(f"{pk_name}_id"))
        return np.asarray(pks, dtype=np.int64)

    def claim(self, kind: str, owner: int, keys: np.ndarray) -> np.ndarray:
        """Mask of ``keys`` not yet written for ``owner`` in this build, now claimed.

        Rows that belong to a place rather than a batch (an area's photoperiod per day, its
        weather per hour) are written once even when several batches share the place.
        """
        seen = self._claimed.setdefault((kind, owner), set())
        mask = np.fromiter((k not in seen for k in keys.tolist()), dtype=bool, count=len(keys))
        seen.update(np.asarray(keys)[mask].tolist())
        return mask

    def lookup(self, label: str, **natural_key: Any) -> int:
        """Id of the lookup row with this natural key, created by its factory when missing."""
        key = (label, tuple(sorted(natural_key.items())))
        if key not in self._lookups:
            model = self.model(label)
            found = model._default_manager.using(self.using).filter(**natural_key).first()
            if found is None:
                found = factory_for(label)(**natural_key)
            self._lookups[key] = found.pk
        return self._lookups[key]

    def stage_id(self, code: int) -> int:
        """batch.LifeCycleStage id of a sim stage code."""
        return self.lookup("batch.LifeCycleStage", name=params.STAGES[int(code)].name)

    def stage_ids(self, codes: np.ndarray) -> np.ndarray:
        """LifeCycleStage ids for an array of stage codes."""
        table = np.array([self.stage_id(c) for c in range(len(params.STAGES))], dtype=np.int64)
        return table[np.asarray(codes, dtype=np.int64)]

    def feed_ids(self, codes: np.ndarray) -> np.ndarray:
        """inventory.Feed ids for an array of sim feed codes."""
        table = np.array(
            [self.lookup("inventory.Feed", name=f.name) for f in params.FEEDS], dtype=np.int64
        )
        return table[np.asarray(codes, dtype=np.int64)]


def _length(columns: Mapping[str, ArrayLike]) -> int:
    for value in columns.values():
        if hasattr(value, "__len__") and not isinstance(value, (str, bytes)):
            return len(value)
    raise ValueError(f"cannot tell the row count: no array column among {sorted(columns)}")


def days_of(moments: np.ndarray) -> np.ndarray:
    """The calendar day of each ``datetime64`` moment (or date)."""
    return np.asarray(moments).astype("datetime64[D]")


def workflows_done(traj: Any) -> np.ndarray:
    """Which transfer workflows were completed by the last simulated day: their last move is on
    or before it and their source stage holds no fish any more (others are still in progress,
    e.g. a sea transfer cut by the farm's last day with tanks still to empty)."""
    w, a = traj.workflows, traj.assignments
    end = w.end_date
    moved = ~np.isnat(end) & (end <= np.datetime64(traj.end_date, "D"))
    still_open = np.unique(a.stage[np.isnat(a.end_date)])
    return moved & ~np.isin(w.source_stage, still_open)


def utc(values: np.ndarray) -> np.ndarray:
    """datetime64 values (UTC-naive in the simulation) as the loader's timestamp input."""
    return np.asarray(values).astype("datetime64[us]")


@dataclass
class BatchRows:
    """Keys of the rows already written for one batch, indexed like the trajectory's records.

    Later builders (health, harvest, finance, scenario, planning) point at these rows without a
    database round trip: ``assignment_ids[i]`` is the BatchContainerAssignment of trajectory
    assignment ``i``, ``container_ids[i]`` its container, and so on.
    """

    batch_id: int
    batch_number: str
    species_id: int
    assignment_ids: np.ndarray
    container_ids: np.ndarray
    workflow_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    transfer_action_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    feeding_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    mortality_event_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    extra: dict[str, Any] = field(default_factory=dict)
