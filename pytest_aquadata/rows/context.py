"""BuildContext: what every table builder shares — the loader, lookups, site map and counts.

Builders turn a ``sim.Trajectory`` into columnar rows and hand them to ``ctx.emit``; they never
create Django model instances per row. Lookup rows (species, stages, feeds, parameters,
reasons, grades, …) come from ``ctx.lookup``, which get-or-creates them with ``rows.lookups``
(values from ``pytest_aquadata.reference`` and ``sim.params``, no factories) and caches their
ids.
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
from pytest_aquadata.load import ArrayLike, Loader, get_loader, has_history
from pytest_aquadata.rows.lookups import get_or_create
from pytest_aquadata.seeding import DEFAULT_READINGS_PER_DAY, derive_seed
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
    readings_per_day: int = DEFAULT_READINGS_PER_DAY
    as_of: dt.date = field(default_factory=clock.as_of)
    now: dt.datetime = field(init=False)  # the farm's "now" instant on as-of (clock.moment)
    origin: dt.datetime | None = None  # fallback event moment (naive UTC), see ``moment``
    history_user_id: int | None = None  # who enters the rows when no staff is set
    staff: dict[tuple[str, str], int] = field(default_factory=dict)  # rows.staff.ensure_staff
    geography: str | None = None  # the code of the geography whose rows are being written
    loader: Loader = field(init=False)
    rows: Counter[str] = field(default_factory=Counter, init=False)
    _lookups: dict[tuple[str, tuple[tuple[str, Any], ...]], int] = field(
        default_factory=dict, init=False
    )
    _claimed: dict[tuple[str, int], set[Any]] = field(default_factory=dict, init=False)
    tallies: dict[str, float] = field(default_factory=dict, init=False)  # ``systematic_pick``
    #: what the build has made sure of once and need not ask the database again (a read in a
    #: pipelined build waits for the writes queued before it)
    known: dict[str, Any] = field(default_factory=dict, init=False)

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
        when: np.ndarray | None = None,
        story: Story | None = None,
    ) -> np.ndarray:
        """Load columnar rows of ``label`` (and its history rows); return their primary keys.

        ``history`` defaults to whether the model keeps a simple-history table, so audit tables
        are filled alongside their models. ``created_at``/``updated_at`` (every auto_now field
        not given) and the history rows' dates are the rows' entry times (``entered``), from
        the event moment ``when`` or the row's own event column. ``story`` tells how rows came
        to their current state: their '+' row shows the state they were created in, one '~' row
        per change follows (the last equals the row), and ``updated_at`` is the last change.
        """
        model = self.model(label)
        if history is None:
            history = has_history(model)
        n = _length(columns)
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        pk_name = model._meta.pk.name
        if pk_name not in columns and f"{pk_name}_id" not in columns:
            columns = {pk_name: self.reserve(label, n), **columns}
        keys = np.asarray(columns.get(pk_name, columns.get(f"{pk_name}_id")))
        entered = self.entered(model, columns, n, int(keys.reshape(-1)[0]), when)
        columns = {**columns, **_audit_columns(model, columns, entered)}
        if story is not None and history and story.changes:
            self._tell(model, columns, n, int(keys.reshape(-1)[0]), entered, story)
            pks = columns.get(pk_name, columns.get(f"{pk_name}_id"))
            return np.asarray(pks, dtype=np.int64)
        opts = {"history_date": entered, **self._by(model)} if history else False
        result = self.loader.load(model, columns, history=opts)
        self.rows[model._meta.db_table] += result.rows
        if result.history is not None:
            self.rows[result.history.table] += result.history.rows
        pks = columns.get(pk_name, columns.get(f"{pk_name}_id"))
        return np.asarray(pks, dtype=np.int64)

    def _tell(
        self,
        model: Any,
        columns: dict[str, Any],
        n: int,
        first_key: int,
        entered: np.ndarray,
        story: Story,
    ) -> None:
        """Load rows whose history has changes: '+' rows in the initial state, then one '~'
        row per change and row, entered after the change's moment and after the row before."""
        full = {k: _full(v, n) for k, v in columns.items()}
        last = entered.copy()
        steps = []
        for i, change in enumerate(story.changes):
            mask = np.broadcast_to(np.asarray(change.mask, dtype=bool), (n,))
            at = self.entered(model, {}, n, first_key + 7919 * (i + 1), change.when)
            at = np.maximum(at, last)
            last = np.where(mask, at, last)
            steps.append((mask, at, change.overrides))
        updated = {
            f.attname: last
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) and f.attname in full
        }
        final = {**full, **updated}
        result = self.loader.load(model, final, history=False)
        self.rows[model._meta.db_table] += result.rows

        touched = np.logical_or.reduce([mask for mask, _at, _o in steps])

        def state(overrides: Mapping[str, Any], stamp: np.ndarray) -> dict[str, Any]:
            out = dict(final)
            for name, value in overrides.items():  # only rows that changed had another state
                out[name] = np.where(touched, _full(value, n), _full(final[name], n))
            for name in updated:
                out[name] = np.where(touched, stamp, final[name])
            return out

        history = [("+", np.ones(n, dtype=bool), entered, state(story.initial, entered))]
        history += [("~", mask, at, state(o, at)) for mask, at, o in steps]
        newest = np.zeros(n, dtype=np.int64)  # each row's newest history state so far
        for step, (kind, mask, at, cols) in enumerate(history):
            if not mask.any():
                continue
            picked = {name: _pick(value, mask) for name, value in cols.items()}
            before = None
            if kind == "~":  # the rows are new: their newest history rows were written here
                before = _states_of(history, newest, mask, n)
            loaded = self.loader.load_history(
                model,
                picked,
                history_type=kind,
                history_date=at[mask],
                previous=before,
                **self._by(model),
            )
            self.rows[loaded.table] += loaded.rows
            newest[mask] = step

    def user_for(self, model: Any) -> int | None:
        """The farm user who enters rows of ``model`` here: the staff member of the table's role
        (``rows.staff.role_for``) and this geography (head office: ALL), else
        ``history_user_id``."""
        from pytest_aquadata.rows.staff import geography_for, role_for

        role = role_for(model)
        user = self.staff.get((role, geography_for(role, self.geography)))
        return self.history_user_id if user is None else user

    def _by(self, model: Any) -> dict[str, int]:
        """The history_user option of a history load of ``model`` (none without a user)."""
        user = self.user_for(model)
        return {} if user is None else {"history_user_id": user}

    def change(
        self,
        label: str,
        pks: Any,
        values: Mapping[str, Any],
        when: np.ndarray | None = None,
    ) -> None:
        """A real change of rows already written: set ``values`` (one per row), stamp their
        ``updated_at`` with the change's entry time (never before their last entry) and write
        one '~' history row each with the new state."""
        model = self.model(label)
        pks = np.asarray(pks, dtype=np.int64).reshape(-1)
        if len(pks) == 0:
            return
        manager = model._default_manager.using(self.using)
        auto = [f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        at = self.entered(model, {}, len(pks), int(pks[0]) + 104_729, when)
        if auto:
            before = dict(manager.filter(pk__in=pks.tolist()).values_list("pk", auto[0]))
            last = np.array(
                [
                    np.datetime64(before[k].astimezone(dt.timezone.utc).replace(tzinfo=None), "us")
                    for k in pks.tolist()
                ]
            )
            at = np.maximum(at, last)
        for i, pk in enumerate(pks.tolist()):
            update = {name: _plain(value[i]) for name, value in values.items()}
            moment = at[i].astype(dt.datetime).replace(tzinfo=dt.timezone.utc)
            update.update({name: moment for name in auto})
            manager.filter(pk=pk).update(**update)
        if not has_history(model):
            return
        names = [f.attname for f in model._meta.concrete_fields]
        order = np.argsort(pks, kind="stable")
        found = list(manager.filter(pk__in=pks.tolist()).order_by("pk").values_list(*names))
        columns = {name: [row[j] for row in found] for j, name in enumerate(names)}
        loaded = self.loader.load_history(
            model, columns, history_type="~", history_date=at[order], **self._by(model)
        )
        self.rows[loaded.table] += loaded.rows

    def entered(
        self,
        model: Any,
        columns: Mapping[str, ArrayLike],
        n: int,
        first_key: int,
        when: np.ndarray | None = None,
    ) -> np.ndarray:
        """When each row was entered (UTC ``datetime64[us]``): its event moment plus a seeded
        entry delay, never after the farm's now; a row dated after now (a plan) was entered
        the delay before now. Rows without an event moment fall back to ``self.moment``."""
        rng = np.random.default_rng(
            derive_seed(self.seed, "entry", model._meta.db_table, first_key)
        )
        event = when if when is not None else _event_moments(columns, n, rng)
        if event is None:
            event = np.full(n, self.moment, dtype="datetime64[us]")
        event = np.asarray(event)
        if event.dtype.kind == "M" and np.datetime_data(event.dtype)[0] in ("D", "W", "M", "Y"):
            day = np.broadcast_to(event.astype("datetime64[D]"), (n,)).astype("datetime64[us]")
            offset = WORKDAY_START_MIN + rng.integers(0, WORKDAY_MINUTES, n)
            event = day + (offset * 60_000_000).astype("timedelta64[us]")  # in the working day
        event = np.broadcast_to(event.astype("datetime64[us]"), (n,))
        minutes = np.clip(rng.lognormal(np.log(ENTRY_DELAY_MEDIAN_MIN), 1.0, n), 2.0, 2880.0)
        delay = (minutes * 60).astype(np.int64).astype("timedelta64[s]")  # to the second
        now = np.datetime64(self.now.replace(tzinfo=None), "us")
        return np.where(
            np.isnat(event) | (event > now), now - delay, np.minimum(event + delay, now)
        )

    @property
    def moment(self) -> np.datetime64:
        """The fallback event moment of rows without a date of their own: ``self.origin`` if a
        builder set one (the batch's first day), else the farm's now."""
        base = self.origin if self.origin is not None else self.now.replace(tzinfo=None)
        return np.datetime64(base, "us")

    def systematic_pick(self, kind: str, share: float, eligible: np.ndarray) -> np.ndarray:
        """Mask of the ``eligible`` candidates (in build order) picked for a ``kind`` of rare
        event that happens to ``share`` of them across the whole build: a systematic sample
        whose tally runs on from batch to batch (the k-th pick is the candidate where
        ½ + share × seen reaches k), so a farm gets its share — at least one once it has
        ½ ⁄ share candidates — and a single small build none. Deterministic: no draws."""
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"share={share!r} is invalid; allowed: 0 <= share <= 1")
        eligible = np.asarray(eligible, dtype=bool)
        picked = np.zeros(len(eligible), dtype=bool)
        tally = self.tallies.get(kind, 0.5)
        for i in np.flatnonzero(eligible):
            tally += share
            if tally >= 1.0:
                picked[i] = True
                tally -= 1.0
        self.tallies[kind] = tally
        return picked

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
        """Id of the lookup row with this natural key, written by ``rows.lookups`` when missing."""
        key = (label, tuple(sorted(natural_key.items())))
        if key not in self._lookups:
            self._lookups[key] = get_or_create(self.using, label, **natural_key).pk
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


@dataclass(frozen=True)
class Change:
    """One real change of some rows (``mask``) at event moments ``when``; ``overrides`` give
    the columns that differ, right after it, from the rows' current values (none for the last)."""

    mask: Any
    when: Any
    overrides: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Story:
    """How rows came to their current state: created with ``initial`` overrides of their
    current columns, then changed by ``changes`` in order."""

    initial: Mapping[str, Any]
    changes: tuple[Change, ...]


def _full(value: Any, n: int) -> Any:
    """A column as ``n`` values: arrays and lists of length ``n`` kept, scalars repeated."""
    if isinstance(value, np.ndarray) and value.ndim == 1 and len(value) == n:
        return value
    if isinstance(value, (list, tuple)) and len(value) == n:
        return np.array(value, dtype=object)
    out = np.empty(n, dtype=object)
    out[:] = [value] * n
    return out


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value the ORM expects."""
    return value.item() if isinstance(value, np.generic) else value


def _pick(value: Any, mask: np.ndarray) -> Any:
    return value[mask] if isinstance(value, np.ndarray) and len(value) == len(mask) else value


def _states_of(
    history: list[tuple[str, np.ndarray, np.ndarray, dict[str, Any]]],
    newest: np.ndarray,
    mask: np.ndarray,
    n: int,
) -> dict[str, Any]:
    """The columns of the rows of ``mask`` as their newest history rows hold them: row i as
    in the state of step ``newest[i]`` of ``history``."""
    steps = np.unique(newest[mask])
    if len(steps) == 1:  # all from one state: its columns as they were loaded
        return {name: _pick(value, mask) for name, value in history[int(steps[0])][3].items()}
    full = {int(s): {k: _full(v, n) for k, v in history[int(s)][3].items()} for s in steps}
    rows = np.flatnonzero(mask)
    return {name: [full[int(newest[i])][name][i] for i in rows] for name in history[0][3]}


ENTRY_DELAY_MEDIAN_MIN = 45.0
"""Median minutes between an event and its entry in the system (log-normal, σ = 1, clipped to
2 minutes … 2 days; choice: most entries within the hour, a few the next day)."""

EVENT_COLUMNS: tuple[str, ...] = (
    "reading_time",
    "timestamp",
    "executed_at",
    "mixed_at",
    "feeding_date",
    "event_date",
    "count_date",
    "sample_date",
    "sampling_date",
    "treatment_date",
    "entry_date",
    "assignment_date",
    "actual_start_date",
    "date",
    "purchase_date",
    "movement_date",
    "production_date",
    "pairing_date",
    "posting_date",
    "state_date",
    "period_end",
    "computed_date",
    "start_date",
    "installation_date",
)
"""Columns that date a row's event, most specific first; the first one given is used."""

WORKDAY_START_MIN, WORKDAY_MINUTES = 7 * 60, 10 * 60
"""A date-only event happened between 07:00 and 17:00 (choice: the working day)."""


def _event_moments(
    columns: Mapping[str, ArrayLike], n: int, rng: np.random.Generator
) -> np.ndarray | None:
    """Each row's event moment from its first event column (date-only events get a seeded
    time in the working day, or their ``feeding_time``), or None without an event column."""
    for name in EVENT_COLUMNS:
        if name not in columns:
            continue
        raw = columns[name]
        values = np.asarray(raw)
        if values.dtype == object:
            try:
                values = np.array(
                    [
                        None
                        if v is None
                        else (
                            v.astimezone(dt.timezone.utc).replace(tzinfo=None)
                            if isinstance(v, dt.datetime) and v.tzinfo
                            else v
                        )
                        for v in np.broadcast_to(values, (n,)).tolist()
                    ],
                    dtype="datetime64[us]",
                )
            except (TypeError, ValueError):
                continue
        if values.dtype.kind != "M":
            continue
        values = np.broadcast_to(values, (n,))
        if np.datetime_data(values.dtype)[0] in ("D", "W", "M", "Y"):
            day = values.astype("datetime64[D]").astype("datetime64[us]")
            if "feeding_time" in columns:
                times = np.broadcast_to(np.asarray(columns["feeding_time"], dtype="U8"), (n,))
                distinct, inverse = np.unique(times, return_inverse=True)  # at most 1440
                parsed = np.array([int(t[:2]) * 60 + int(t[3:5]) for t in distinct.tolist()])
                offset = parsed.astype(np.int64)[inverse.reshape(-1)]
            else:
                offset = WORKDAY_START_MIN + rng.integers(0, WORKDAY_MINUTES, n)
            return day + (offset * 60_000_000).astype("timedelta64[us]")
        return values.astype("datetime64[us]")
    return None


AUDIT_NAMES = ("created_at", "updated_at")
"""Entry-time columns filled from the clock even without auto_now (``default=timezone.now``)."""


def _audit_columns(
    model: Any, columns: Mapping[str, ArrayLike], entered: np.ndarray
) -> dict[str, np.ndarray]:
    """Values for the model's auto_now/auto_now_add fields the builder did not give."""
    out: dict[str, np.ndarray] = {}
    for f in model._meta.concrete_fields:
        auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        if not auto and f.name not in AUDIT_NAMES:
            continue
        if f.name in columns or f.attname in columns:
            continue
        out[f.attname] = (
            entered if f.get_internal_type() == "DateTimeField" else entered.astype("datetime64[D]")
        )
    return out


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
