"""Farm planner: many batches on a scale's real container capacity, several years up to an end date.

``plan_farm(scale, end_date, rng)`` staggers batch starts in both geographies, simulates every
batch (cut at ``end_date``) to learn which containers it needs and when, and maps each abstract
slot ``(container_kind, slot)`` onto a concrete container ``(geography, site, kind, index)`` of the
scale's layout so that no fish container ever holds two batches at once. A lifecycle ladder of
anchor batches makes sure that at ``end_date`` every stage holds fish, a sea transfer is in
progress and at least one batch has been harvested. The plan keeps specs, seeds, slot maps and
booked dates only; ``PlannedBatch.simulate()`` re-creates a batch's trajectory on demand.
docs/biology.md, "Farm planner", describes the rules.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from pytest_aquadata.reference import layout
from pytest_aquadata.reference.geography import GEOGRAPHY_ORDER, SITE_PREFIX

from . import params
from .lifecycle import simulate_batch
from .spec import BatchSpec
from .trajectory import Table, Trajectory, column

# ---------------------------------------------------------------------------------------------
# Capacity per infrastructure scale: read from the one scale table in reference.layout, which
# the infrastructure writer builds from too.
# ---------------------------------------------------------------------------------------------

FRESHWATER_KINDS: tuple[str, ...] = tuple(
    s.container_kind for s in params.STAGES if s.environment == "freshwater"
)
"""Fish-container kinds of halls A–E (one hall per freshwater stage and station)."""

SEA_KINDS: tuple[str, ...] = tuple(
    s.container_kind for s in params.STAGES if s.environment == "sea"
)
"""Fish-container kinds in sea areas (rings)."""

FISH_KINDS: tuple[str, ...] = FRESHWATER_KINDS + SEA_KINDS

SILO_KINDS: tuple[str, ...] = tuple(
    k for k in params.STAGE_FEED_CONTAINER if k is not None and k != "barge"
)
"""Feed-container kinds that are hall silos (one silo per hall; hall A's silo is never used)."""

KIND_GROUPS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"freshwater": FRESHWATER_KINDS, "sea": SEA_KINDS}
)
"""Container-kind groups reported by ``FarmPlan.utilisation``."""


@dataclass(frozen=True)
class FarmCapacity:
    """Containers of one infrastructure scale, per geography where a mapping."""

    stations: Mapping[str, int]
    containers_per_hall: int
    areas: Mapping[str, int]
    rings_per_area: int
    barges_per_area: int

    def sites(self, geography: str, kind: str) -> tuple[str, ...]:
        """Station or sea-area names holding ``kind`` in ``geography``, in layout order."""
        prefix = SITE_PREFIX[geography]
        if kind in SEA_KINDS or kind == "barge":
            return tuple(f"{prefix}-SEA-{i + 1:02d}" for i in range(self.areas[geography]))
        return tuple(f"{prefix}-FW-{i + 1:02d}" for i in range(self.stations[geography]))

    def per_site(self, kind: str) -> int:
        """Containers of ``kind`` at one station (hall) or sea area."""
        if kind in SEA_KINDS:
            return self.rings_per_area
        if kind == "barge":
            return self.barges_per_area
        if kind in SILO_KINDS:
            return 1
        if kind in FRESHWATER_KINDS:
            return self.containers_per_hall
        raise ValueError(f"kind={kind!r} is invalid; allowed: {', '.join(self.kinds())}")

    def count(self, kind: str, geography: str | None = None) -> int:
        """Containers of ``kind`` in ``geography`` (or in both)."""
        geos = GEOGRAPHY_ORDER if geography is None else (geography,)
        return sum(len(self.sites(g, kind)) * self.per_site(kind) for g in geos)

    @staticmethod
    def kinds() -> tuple[str, ...]:
        """Every fish- and feed-container kind the planner maps."""
        return FISH_KINDS + SILO_KINDS + ("barge",)


FARM_CAPACITY: Mapping[str, FarmCapacity] = MappingProxyType(
    {
        name: FarmCapacity(
            s.stations, s.containers_per_hall, s.areas, s.rings_per_area, s.barges_per_area
        )
        for name, s in layout.SCALES.items()
    }
)
"""Capacity by scale, from ``reference.layout.SCALES`` (the legacy layout is "full")."""


@dataclass(frozen=True)
class ScaleProfile:
    """How a scale is planned: egg range per batch, default years of starts, ladder layout."""

    eggs: tuple[int, int]
    years: float
    ladder_per_geography: bool


SCALE_PROFILES: Mapping[str, ScaleProfile] = MappingProxyType(
    {
        # One batch fills one station's halls: a hall of 10 post-smolt tanks (2 000 m³,
        # 75 kg/m³) holds ~2.6 M fish at 500 g, so ≤ ~3.1 M eggs (8–9 of 10 trays; larger
        # draws are lowered until they fit). The legacy 3.5 M would need 11 post-smolt tanks.
        # Small halls have 4 containers, so ≤ 1.1 M eggs. Three years of starts bring the
        # last year to a steady state; small plans 2.5 years so it stays a handful of batches.
        "small": ScaleProfile((800_000, 1_100_000), 2.5, False),
        "medium": ScaleProfile((2_600_000, 3_100_000), 3.1, False),
        "full": ScaleProfile((2_600_000, 3_100_000), 3.1, True),
    }
)
"""Planning profile by scale (choices, see docs/biology.md "Farm planner")."""

TURNAROUND_DAYS: Mapping[str, int] = MappingProxyType({"freshwater": 5, "sea": 14})
"""Empty days a container needs between two batches: tank wash and disinfection, pen net change
and fallow (choice; docs/references.md has no turnaround figure)."""

SHIFT_STEP_DAYS = 7
MAX_SHIFT_DAYS = 119
MAX_SIMULATIONS_PER_CANDIDATE = 4
"""A batch that does not fit is moved later in 7-day steps (at most 119 days, at most 4
simulations); if it still does not fit it is skipped and the next start is tried (choice)."""

START_JITTER = (0.7, 1.3)
"""Each gap between staggered starts is the saturation gap times a uniform factor in this range."""

UTILISATION_WINDOW_DAYS = 365
"""Utilisation is measured over the last 365 days up to the end date."""

ANCHOR_ROLES: tuple[str, ...] = (*params.STAGE_NAMES[:-1], "transition", "Adult", "harvested")
"""Ladder anchors: mid freshwater stage, mid sea transfer, mid sea phase, harvested."""

_ANCHOR_TRIES = 8
_ANCHOR_DRAWS = 2
"""Trial simulations per anchor draw, and draws per geography before trying the other one."""

_HISTORY_MARGIN_DAYS = 1_500
"""Days before the first staggered start the occupancy grid covers (room for ladder anchors)."""

_ANCHOR_JUMP = MappingProxyType({"transition": 2, "Adult": 20, "harvested": 30})
"""First step (days, doubling while still short) when a trial has not reached the anchor's point."""


# ---------------------------------------------------------------------------------------------
# Plan types.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Container:
    """A concrete container: ``index`` is 0-based among the site's containers of ``kind``."""

    geography: str
    site: str
    kind: str
    index: int


@dataclass(frozen=True, eq=False)
class ContainerBookings(Table):
    """Every planned slot on its concrete container, dates inclusive (``feed``: a feed store)."""

    batch: np.ndarray = column("int64")
    geography: np.ndarray = column("str")
    site: np.ndarray = column("str")
    kind: np.ndarray = column("str")
    index: np.ndarray = column("int64")
    slot: np.ndarray = column("int64")
    first_date: np.ndarray = column("datetime64[D]")
    last_date: np.ndarray = column("datetime64[D]")
    feed: np.ndarray = column("bool")


@dataclass(frozen=True)
class PlannedBatch:
    """One batch of the plan: what to simulate, its seed, where its slots go and when.

    ``number`` is the batch's 0-based position in start order; ``role`` is ``fill`` or its
    ladder anchor (``ladder:Fry``, ``ladder:transition``, …). ``container_map`` and
    ``feed_container_map`` map each ``(kind, slot)`` of the trajectory onto a container;
    ``booked`` gives each slot's first and last day (inclusive); ``status`` is the
    trajectory's (COMPLETED = harvested, ACTIVE, TERMINATED); ``stages_at_end`` the stages
    holding fish on the end date (two during a sea transfer). The spec carries the station
    and main sea area as hints; ``simulate()`` re-creates the trajectory.
    """

    number: int
    role: str
    spec: BatchSpec
    seed: int
    container_map: Mapping[tuple[str, int], Container]
    feed_container_map: Mapping[tuple[str, int], Container]
    booked: Mapping[tuple[str, int], tuple[dt.date, dt.date]]
    status: str
    stages_at_end: tuple[str, ...]

    @property
    def geography(self) -> str:
        """The batch's geography."""
        return self.spec.geography

    @property
    def start_date(self) -> dt.date:
        """Egg delivery day."""
        return self.spec.start_date

    @property
    def harvested(self) -> bool:
        """Whether the batch was harvested before the end date."""
        return self.status == "COMPLETED"

    @property
    def in_transition(self) -> bool:
        """Whether a stage transfer is in progress at the end date (fish in two stages)."""
        return len(self.stages_at_end) > 1

    def simulate(self) -> Trajectory:
        """Re-simulate this batch exactly as planned (same spec and seed → same trajectory)."""
        return simulate_batch(self.spec, np.random.default_rng(self.seed))


@dataclass(frozen=True)
class FarmPlan:
    """Batches placed on one scale's capacity, in start order, all cut at ``end_date``."""

    scale: str
    end_date: dt.date
    saturation: float
    years: float
    capacity: FarmCapacity
    batches: tuple[PlannedBatch, ...]

    def __iter__(self) -> Iterator[PlannedBatch]:
        """The batches in start order."""
        return iter(self.batches)

    def __len__(self) -> int:
        """Number of batches."""
        return len(self.batches)

    def bookings(self, feed: bool | None = None) -> ContainerBookings:
        """All slots on their containers (fish containers only with ``feed=False``)."""
        rows = [
            (b.number, c.geography, c.site, c.kind, c.index, key[1], *b.booked[key], is_feed)
            for b in self.batches
            for is_feed, mapping in ((False, b.container_map), (True, b.feed_container_map))
            if feed is None or feed == is_feed
            for key, c in mapping.items()
        ]
        if not rows:
            return ContainerBookings.empty()
        cols = list(zip(*rows, strict=True))
        return ContainerBookings(
            batch=np.array(cols[0]),
            geography=np.array(cols[1]),
            site=np.array(cols[2]),
            kind=np.array(cols[3]),
            index=np.array(cols[4]),
            slot=np.array(cols[5]),
            first_date=np.array(cols[6], dtype="datetime64[D]"),
            last_date=np.array(cols[7], dtype="datetime64[D]"),
            feed=np.array(cols[8]),
        )

    def utilisation(self, geography: str | None = None) -> dict[str, float]:
        """Booked / available container-days in the last 365 days, per fish kind and group."""
        # booked: days each fish container holds a batch (turnaround days not counted) inside
        # [end_date - 364, end_date]; available: containers of the kind x 365 (one geography
        # or both); groups add the kinds of KIND_GROUPS
        if geography is not None and geography not in GEOGRAPHY_ORDER:
            raise ValueError(
                f"geography={geography!r} is invalid; allowed: {' | '.join(GEOGRAPHY_ORDER)}"
            )
        b = self.bookings(feed=False)
        if geography is not None:
            b = b.take(b.geography == geography)
        end = np.datetime64(self.end_date, "D")
        start = end - (UTILISATION_WINDOW_DAYS - 1)
        days = (np.minimum(b.last_date, end) - np.maximum(b.first_date, start) + 1).astype(np.int64)
        days = np.maximum(days, 0)
        booked = {k: int(days[b.kind == k].sum()) for k in FISH_KINDS}
        out: dict[str, float] = {}
        for k in FISH_KINDS:
            out[k] = booked[k] / (self.capacity.count(k, geography) * UTILISATION_WINDOW_DAYS)
        for group, kinds in KIND_GROUPS.items():
            available = sum(self.capacity.count(k, geography) for k in kinds)
            out[group] = sum(booked[k] for k in kinds) / (available * UTILISATION_WINDOW_DAYS)
        return out

    def stages_at_end(self, geography: str | None = None) -> dict[str, int]:
        """Batches holding fish in each stage at the end date (mid-transfer: in both)."""
        counts = dict.fromkeys(params.STAGE_NAMES, 0)
        for b in self.batches:
            if geography is None or b.geography == geography:
                for name in b.stages_at_end:
                    counts[name] += 1
        return counts

    def summary(self) -> dict[str, Any]:
        """Headline figures: batches, stages at the end date, transfers, harvests, utilisation."""
        by_geo = {g: sum(b.geography == g for b in self.batches) for g in GEOGRAPHY_ORDER}
        return {
            "scale": self.scale,
            "end_date": self.end_date,
            "saturation": self.saturation,
            "years": self.years,
            "batches": len(self.batches),
            "by_geography": by_geo,
            "first_start": min((b.start_date for b in self.batches), default=None),
            "stages_at_end": self.stages_at_end(),
            "in_transition": sum(b.in_transition for b in self.batches),
            "harvested": sum(b.harvested for b in self.batches),
            "terminated": sum(b.status == "TERMINATED" for b in self.batches),
            "eggs": sum(b.spec.eggs for b in self.batches),
            "utilisation": {k: round(v, 3) for k, v in self.utilisation().items()},
        }


# ---------------------------------------------------------------------------------------------
# Planner.
# ---------------------------------------------------------------------------------------------


def _invalid(name: str, value: object, allowed: str) -> ValueError:
    """The ValueError for a bad argument: field, value and what is allowed."""
    return ValueError(f"plan_farm {name}={value!r} is invalid; allowed: {allowed}")


def _is_number(value: object) -> bool:
    """A finite int or float (not a bool)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def plan_farm(
    scale: str,
    end_date: dt.date,
    rng: np.random.Generator,
    *,
    saturation: float = 0.85,
    years: float | None = None,
    eggs: int | None = None,
) -> FarmPlan:
    """Place batches on ``scale``'s containers up to ``end_date`` at ``saturation`` use."""
    # years: span of the staggered starts before end_date (SCALE_PROFILES default when None;
    # ladder anchors start wherever their stage needs); eggs: every batch's eggs instead of the
    # scale's range (lowered where a batch would not fit one station). Same arguments and
    # generator state -> identical plan.
    if not isinstance(scale, str) or scale not in FARM_CAPACITY:
        raise _invalid("scale", scale, " | ".join(FARM_CAPACITY))
    if not isinstance(end_date, dt.date) or isinstance(end_date, dt.datetime):
        raise _invalid("end_date", end_date, "a datetime.date")
    if not isinstance(rng, np.random.Generator):
        raise _invalid("rng", rng, "a numpy.random.Generator")
    if not _is_number(saturation) or not 0.0 < saturation <= 1.0:
        raise _invalid("saturation", saturation, "a number in (0, 1]")
    profile = SCALE_PROFILES[scale]
    if years is None:
        years = profile.years
    elif not _is_number(years) or not 0.0 < years <= 10.0:
        raise _invalid("years", years, "a number in (0, 10] or None")
    low, high = profile.eggs
    if eggs is not None:
        if not isinstance(eggs, int) or isinstance(eggs, bool) or not low // 2 <= eggs <= high:
            raise _invalid(
                "eggs", eggs, f"an integer in {low // 2:,}..{high:,} for scale {scale!r}, or None"
            )
        low = high = eggs
    planner = _Planner(scale, end_date, rng, float(saturation), float(years), (low, high))
    return planner.run()


@dataclass
class _Slots:
    """A trajectory's fish-container slots as day indices (first and last day inclusive)."""

    kind: np.ndarray
    slot: np.ndarray
    first: np.ndarray
    last: np.ndarray

    def shifted(self, days: int, end: int) -> _Slots:
        """The same slots ``days`` later, cut at day ``end`` (slots starting after it dropped)."""
        first = self.first + days
        keep = first <= end
        return _Slots(
            self.kind[keep], self.slot[keep], first[keep], np.minimum(self.last[keep] + days, end)
        )


@dataclass
class _Candidate:
    """A batch to place: geography, eggs, harvest target, seed and ladder role."""

    geography: str
    eggs: int
    target_kg: float
    seed: int
    role: str


class _Yard:
    """One geography's fish containers: per kind a days × containers occupancy grid."""

    def __init__(self, geography: str, capacity: FarmCapacity, days: int) -> None:
        """Empty grids for ``days`` days."""
        self.geography = geography
        self.capacity = capacity
        self.grid: dict[str, np.ndarray] = {
            kind: np.zeros((days, capacity.count(kind, geography)), dtype=bool)
            for kind in FISH_KINDS
        }
        """Per kind, days × containers (site-major): booked or in turnaround."""
        self.occupied: dict[str, np.ndarray] = {
            kind: np.zeros(days, dtype=np.int64) for kind in FISH_KINDS
        }
        """Per kind, containers booked each day (turnaround days excluded)."""
        self.placed = 0

    @staticmethod
    def gap(kind: str) -> int:
        """Turnaround days of a container of ``kind``."""
        return TURNAROUND_DAYS["sea" if kind in SEA_KINDS else "freshwater"]

    def _sites(self, kind: str) -> int:
        """Number of stations or areas holding ``kind``."""
        return self.grid[kind].shape[1] // self.capacity.per_site(kind)

    def _greedy(self, kind: str, first: np.ndarray, last: np.ndarray) -> np.ndarray:
        """Sites × slots: each slot's container per site, greedily (lowest free index; -1: none)."""
        per, grid, gap = self.capacity.per_site(kind), self.grid[kind], self.gap(kind)
        sites = self._sites(kind)
        taken = np.zeros((sites, per), dtype=bool)
        out = np.full((sites, len(first)), -1, dtype=np.int64)
        cache: dict[tuple[int, int], np.ndarray] = {}
        rows = np.arange(sites)
        for j, (f, lst) in enumerate(zip(first.tolist(), last.tolist(), strict=True)):
            free = cache.get((f, lst))
            if free is None:
                free = cache[(f, lst)] = ~grid[f : lst + gap + 1].any(axis=0).reshape(sites, per)
            avail = free & ~taken
            has = avail.any(axis=1)
            pick = avail.argmax(axis=1)
            out[has, j] = pick[has]
            taken[rows[has], pick[has]] = True
        return out

    def _idle(self, kind: str, first: int) -> np.ndarray:
        """Sites × containers: empty days (at most a year) before day ``first``."""
        lo = max(0, first - 365)
        window = self.grid[kind][lo:first]
        if not len(window):
            idle = np.full(window.shape[1], 365)
        else:
            last = len(window) - 1 - window[::-1].argmax(axis=0)
            idle = np.where(window.any(axis=0), len(window) - 1 - last, 365)
        return idle.reshape(self._sites(kind), -1)

    def fit(self, slots: _Slots) -> dict[tuple[str, int], tuple[int, int]] | None:
        """Concrete (site, index) per slot, freshwater in one station; None if it does not fit."""
        # station: the one leaving the fewest empty days before the batch (best fit), ties
        # rotate; area: the fullest one that takes every pen, else pens spread over the areas
        # that take most of them
        mapping: dict[tuple[str, int], tuple[int, int]] = {}
        fresh = [k for k in FRESHWATER_KINDS if (slots.kind == k).any()]
        if fresh:
            stations = self._sites(FRESHWATER_KINDS[0])
            ok = np.ones(stations, dtype=bool)
            idle = np.zeros(stations)
            found = {}
            for kind in fresh:
                rows = np.flatnonzero(slots.kind == kind)
                got = self._greedy(kind, slots.first[rows], slots.last[rows])
                ok &= (got >= 0).all(axis=1)
                if not ok.any():
                    return None
                per_container = self._idle(kind, int(slots.first[rows].min()))
                idle += np.take_along_axis(per_container, np.maximum(got, 0), axis=1).sum(axis=1)
                found[kind] = (rows, got)
            # fewest empty days left before the batch; ties → rotate over stations
            order = (np.arange(stations) - self.placed) % stations
            station = int(np.lexsort((order, np.where(ok, idle, np.inf)))[0])
            for kind, (rows, got) in found.items():
                for r, i in zip(rows.tolist(), got[station].tolist(), strict=True):
                    mapping[(kind, int(slots.slot[r]))] = (station, i)
        for kind in SEA_KINDS:
            rows = np.flatnonzero(slots.kind == kind)
            if not len(rows):
                continue
            got = self._greedy(kind, slots.first[rows], slots.last[rows])
            placed = (got >= 0).sum(axis=1)
            whole = np.flatnonzero(placed == len(rows))
            if len(whole):
                lo, hi = int(slots.first[rows].min()), int(slots.last[rows].max())
                gap = self.gap(kind)
                free = (~self.grid[kind][lo : hi + gap + 1].any(axis=0)).reshape(len(placed), -1)
                area = int(whole[np.argmin(free[whole].sum(axis=1))])
                for r, i in zip(rows.tolist(), got[area].tolist(), strict=True):
                    mapping[(kind, int(slots.slot[r]))] = (area, i)
                continue
            left = rows
            for area in np.argsort(-placed, kind="stable").tolist():
                if not len(left) or placed[area] == 0:
                    break
                sub = self._greedy(kind, slots.first[left], slots.last[left])[area]
                for r, i in zip(left[sub >= 0].tolist(), sub[sub >= 0].tolist(), strict=True):
                    mapping[(kind, int(slots.slot[r]))] = (area, i)
                left = left[sub < 0]
            if len(left):
                return None
        return mapping

    def over_saturation(self, slots: _Slots, saturation: float) -> bool:
        """Whether this batch would push any kind past ``saturation`` while it is there."""
        # batch-weighted mean occupancy over the batch's days, counting half of the batch
        # itself, so occupancy fluctuates around the target rather than below it
        for kind in np.unique(slots.kind).tolist():
            rows = slots.kind == kind
            steps = np.zeros(len(self.occupied[kind]) + 1, dtype=np.int64)
            np.add.at(steps, slots.first[rows], 1)
            np.add.at(steps, slots.last[rows] + 1, -1)
            mine = np.cumsum(steps[:-1])
            used = mine > 0
            level = (mine[used] * (self.occupied[kind][used] + mine[used] / 2.0)).sum()
            if level / mine[used].sum() > saturation * self.grid[kind].shape[1]:
                return True
        return False

    def book(self, slots: _Slots, mapping: dict[tuple[str, int], tuple[int, int]]) -> None:
        """Mark the slots (plus turnaround days) on their containers."""
        for kind, slot, first, last in zip(
            slots.kind.tolist(),
            slots.slot.tolist(),
            slots.first.tolist(),
            slots.last.tolist(),
            strict=True,
        ):
            site, index = mapping[(kind, slot)]
            col = site * self.capacity.per_site(kind) + index
            self.grid[kind][first : last + self.gap(kind) + 1, col] = True
            self.occupied[kind][first : last + 1] += 1
        self.placed += 1


@dataclass
class _Template:
    """A reference batch of one geography: container-days per egg, stage offsets, slots."""

    eggs: int
    demand_per_egg: dict[str, float]
    stage_start: list[int]
    stage_end: list[int]
    slots: _Slots

    def predict(self, eggs: int, per_hall: int) -> _Slots:
        """Predicted slots (days from egg delivery) of a batch of ``eggs``."""
        # the template's slots, each kind's count scaled by the egg ratio (extra slots repeat
        # the kind's last one), freshwater counts capped at per_hall (simulation lowers eggs
        # that do not fit a hall)
        rows = []
        for kind in FISH_KINDS:
            mine = np.flatnonzero(self.slots.kind == kind)
            if len(mine):
                n = max(1, math.ceil(len(mine) * eggs / self.eggs))
                n = min(n, per_hall) if kind in FRESHWATER_KINDS else n
                rows.append(mine[np.minimum(np.arange(n), len(mine) - 1)])
        take = np.concatenate(rows)
        kind = self.slots.kind[take]
        slot = np.concatenate([np.arange(len(r)) for r in rows])
        return _Slots(kind, slot, self.slots.first[take], self.slots.last[take])


class _Planner:
    """One planning run: validated inputs, per-geography yards, templates and the batches."""

    def __init__(
        self,
        scale: str,
        end_date: dt.date,
        rng: np.random.Generator,
        saturation: float,
        years: float,
        eggs: tuple[int, int],
    ) -> None:
        """Yards, per-geography generators and templates for one run."""
        self.scale = scale
        self.capacity = FARM_CAPACITY[scale]
        self.profile = SCALE_PROFILES[scale]
        self.end_date = end_date
        self.saturation = saturation
        self.years = years
        self.eggs = eggs
        self.fill_days = max(1, round(years * 365.25))
        self.origin = end_date - dt.timedelta(days=self.fill_days + _HISTORY_MARGIN_DAYS)
        self.end = (end_date - self.origin).days
        self.np_origin = np.datetime64(self.origin, "D")
        days = self.end + max(TURNAROUND_DAYS.values()) + MAX_SHIFT_DAYS + 2
        self.yards = {g: _Yard(g, self.capacity, days) for g in GEOGRAPHY_ORDER}
        seeds = rng.integers(0, 2**63 - 1, size=len(GEOGRAPHY_ORDER))
        self.rngs = {
            g: np.random.default_rng(int(s)) for g, s in zip(GEOGRAPHY_ORDER, seeds, strict=True)
        }
        self.placed: list[PlannedBatch] = []
        self.seen: dict[str, dict[str, float]] = {g: {} for g in GEOGRAPHY_ORDER}
        self.templates = {g: self._template(g) for g in GEOGRAPHY_ORDER}

    # -- drawing and simulating -----------------------------------------------------------------

    def _draw(self, geography: str, role: str, eggs: int | None = None) -> _Candidate:
        """A new candidate: eggs (scale range, whole thousands), harvest target and seed."""
        rng = self.rngs[geography]
        low, high = self.eggs
        n = int(rng.integers(low, high + 1)) if eggs is None else eggs
        n = round(n, -3) if n >= 10_000 else n
        target = round(float(rng.uniform(*params.HARVEST_TARGET_KG_RANGE)), 2)
        return _Candidate(geography, n, target, int(rng.integers(0, 2**63 - 1)), role)

    def _spec(self, c: _Candidate, start: dt.date, cut: bool = True) -> BatchSpec:
        """The candidate's BatchSpec from ``start``, cut at the end date unless ``cut=False``."""
        return BatchSpec(
            c.geography,
            c.eggs,
            start,
            harvest_target_kg=c.target_kg,
            end_date=self.end_date if cut else None,
        )

    def _simulate(self, c: _Candidate, start: dt.date, cut: bool = True) -> Trajectory:
        """Simulate; while a freshwater stage needs more containers than a hall has, lower eggs."""
        per_hall = self.capacity.containers_per_hall
        while True:
            tr = simulate_batch(self._spec(c, start, cut), np.random.default_rng(c.seed))
            need = tr.slots_needed()
            worst = max(need.get(k, 0) / per_hall for k in FRESHWATER_KINDS)
            if worst <= 1.0:
                return tr
            c.eggs = max(1_000, int(c.eggs / worst * 0.97) // 1_000 * 1_000)

    def _slots(self, tr: Trajectory) -> _Slots:
        """The trajectory's fish-container slots as grid day indices."""
        b = tr.slot_bookings()
        fish = np.isin(b.kind, FISH_KINDS)
        return _Slots(
            kind=b.kind[fish],
            slot=b.slot[fish],
            first=(b.first_date[fish] - self.np_origin).astype(np.int64),
            last=(b.last_date[fish] - self.np_origin).astype(np.int64),
        )

    def _template(self, geography: str) -> _Template:
        """Simulate one uncut mid-size batch ~2.5 years before the end date."""
        c = self._draw(geography, "template", eggs=(self.eggs[0] + self.eggs[1]) // 2)
        c.target_kg = round(sum(params.HARVEST_TARGET_KG_RANGE) / 2, 2)
        start = self.end_date - dt.timedelta(days=900)
        tr = self._simulate(c, start, cut=False)
        b = tr.slot_bookings()
        days = (b.last_date - b.first_date).astype(np.int64) + 1
        demand = {k: float(days[b.kind == k].sum()) / c.eggs for k in FISH_KINDS}
        a = tr.assignments
        first = np.datetime64(start, "D")
        stage_start, stage_end = [], []
        for code in range(len(params.STAGES)):
            rows = a.stage == code
            stage_start.append(int((a.start_date[rows].min() - first).astype(int)))
            ends = np.where(
                np.isnat(a.end_date[rows]), np.datetime64(tr.end_date), a.end_date[rows]
            )
            stage_end.append(int((ends.max() - first).astype(int)))
        fish = np.isin(b.kind, FISH_KINDS)
        slots = _Slots(
            b.kind[fish],
            b.slot[fish],
            (b.first_date[fish] - first).astype(np.int64),
            (b.last_date[fish] - first).astype(np.int64),
        )
        return _Template(c.eggs, demand, stage_start, stage_end, slots)

    # -- placing --------------------------------------------------------------------------------

    def _ok(self, yard: _Yard, slots: _Slots) -> dict | None:
        """The container mapping if the slots fit and stay within saturation, else None."""
        if yard.over_saturation(slots, self.saturation):
            return None
        return yard.fit(slots)

    def _try(self, c: _Candidate, start: dt.date) -> tuple[dt.date, Trajectory, dict] | None:
        """Place a fill batch at ``start`` or up to MAX_SHIFT_DAYS later; None if it never fits."""
        # the first start (SHIFT_STEP_DAYS steps) where the template's bookings fit and stay
        # within the saturation is simulated; if the real bookings do not, the batch moves to
        # the first later start where its own bookings, moved, would, and is simulated again
        # (at most MAX_SIMULATIONS_PER_CANDIDATE simulations)
        yard = self.yards[c.geography]
        latest = start + dt.timedelta(days=MAX_SHIFT_DAYS)
        predicted = self.templates[c.geography].predict(c.eggs, self.capacity.containers_per_hall)
        day = (start - self.origin).days
        for shift in range(0, MAX_SHIFT_DAYS + 1, SHIFT_STEP_DAYS):
            if start + dt.timedelta(days=shift) > self.end_date:
                return None
            if self._ok(yard, predicted.shifted(day + shift, self.end)) is not None:
                start += dt.timedelta(days=shift)
                break
        else:
            return None
        for _ in range(MAX_SIMULATIONS_PER_CANDIDATE):
            tr = self._simulate(c, start)
            slots = self._slots(tr)
            mapping = self._ok(yard, slots)
            if mapping is not None:
                yard.book(slots, mapping)
                return start, tr, mapping
            for shift in range(SHIFT_STEP_DAYS, MAX_SHIFT_DAYS + 1, SHIFT_STEP_DAYS):
                moved = start + dt.timedelta(days=shift)
                if moved > min(latest, self.end_date):
                    return None
                if self._ok(yard, slots.shifted(shift, self.end)) is not None:
                    start = moved
                    break
            else:
                return None
        return None

    def _accept(self, c: _Candidate, placed: tuple[dt.date, Trajectory, dict]) -> None:
        """Keep the batch as a PlannedBatch (not its trajectory); learn from harvested ones."""
        _, tr, mapping = placed
        self.placed.append(self._planned(c, tr, mapping))
        if tr.status == "COMPLETED":
            b = tr.slot_bookings()
            days = (b.last_date - b.first_date).astype(np.int64) + 1
            seen = self.seen[c.geography]
            for k in FISH_KINDS:
                seen[k] = seen.get(k, 0.0) + float(days[b.kind == k].sum())
            seen["eggs"] = seen.get("eggs", 0.0) + c.eggs

    # -- ladder anchors -------------------------------------------------------------------------

    def _anchor_plan(self) -> list[tuple[str, str]]:
        """(geography, role) of every ladder anchor, the narrow-window transition first."""
        # per geography, or alternating geographies along the ladder so that anchors in one
        # geography are two stages apart (a small station's halls hold one batch at a time)
        if self.profile.ladder_per_geography:
            plan = [(g, role) for role in ANCHOR_ROLES for g in GEOGRAPHY_ORDER]
        else:
            plan = [(GEOGRAPHY_ORDER[i % 2], role) for i, role in enumerate(ANCHOR_ROLES)]
        return sorted(plan, key=lambda item: item[1] != "transition")

    @staticmethod
    def _open_stages(tr: Trajectory) -> set[int]:
        """Stage codes holding fish at the trajectory's last day (open assignments)."""
        a = tr.assignments
        return {int(s) for s in np.unique(a.stage[np.isnat(a.end_date)])}

    @classmethod
    def _anchor_ok(cls, role: str, tr: Trajectory) -> bool:
        """Whether the trajectory is where the ladder role wants it at the end date."""
        if role == "harvested":
            return tr.status == "COMPLETED"
        if role == "transition":
            return {params.POST_SMOLT, params.SEA_STAGE} <= cls._open_stages(tr)
        return params.STAGE_NAMES.index(role) in cls._open_stages(tr)

    def _stage_starts(self, geography: str, tr: Trajectory | None) -> list[float]:
        """Days from egg delivery to each stage start and the harvest end (seen or estimated)."""
        t = self.templates[geography]
        known = [float(x) for x in t.stage_start] + [float(t.stage_end[-1])]
        if tr is None:
            return known
        a = tr.assignments
        first = np.datetime64(tr.start_date, "D")
        out = list(known)
        last = 0
        for code in range(len(params.STAGES)):
            rows = a.stage == code
            if rows.any():
                out[code] = float((a.start_date[rows].min() - first).astype(np.int64))
                last = code
        for k in range(last + 1, len(out)):
            out[k] = out[k - 1] + (known[k] - known[k - 1])
        if tr.status == "COMPLETED":
            out[-1] = float((tr.end_date - tr.start_date).days)
        return out

    def _anchor_lag(self, geography: str, role: str, tr: Trajectory | None) -> int:
        """Days from egg delivery to the end date that put the batch where ``role`` wants it."""
        s = self._stage_starts(geography, tr)
        if role == "harvested":
            return round(s[-1]) + 45
        if role == "transition":
            # two post-smolt tanks leave a day: fish are in tanks and pens from the first
            # well-boat day until the day before the last tanks leave
            tanks = 0 if tr is None else tr.slots_needed().get("post_smolt_tank", 0)
            window = max(0, math.ceil(tanks / params.SEA_TRANSFER_TANKS_PER_DAY) - 2)
            return round(s[params.SEA_STAGE]) + window // 2
        code = params.STAGE_NAMES.index(role)
        return round((s[code] + s[code + 1]) / 2)

    @classmethod
    def _anchor_direction(cls, role: str, tr: Trajectory) -> int:
        """+1 if the batch falls short of the role's point at the end date, -1 if past it."""
        if role == "harvested":
            return 1
        reached = max(cls._open_stages(tr), default=len(params.STAGES))
        target = params.SEA_STAGE if role == "transition" else params.STAGE_NAMES.index(role)
        if role == "transition" and reached == params.SEA_STAGE:
            return -1
        return 1 if reached < target else -1

    def _place_anchor(self, geography: str, role: str) -> bool:
        """Place one ladder anchor (new draws, then the other geography, if it will not fit)."""
        eggs = self.eggs[1] if role == "transition" else None
        geos = (geography, *(g for g in GEOGRAPHY_ORDER if g != geography))
        for geo in geos:
            for _ in range(_ANCHOR_DRAWS):
                c = self._draw(geo, f"ladder:{role}", eggs=eggs)
                placed = self._time_anchor(c, role)
                if placed is not None:
                    self._accept(c, placed)
                    return True
        return False

    def _time_anchor(self, c: _Candidate, role: str) -> tuple[dt.date, Trajectory, dict] | None:
        """Time one anchor draw by trial simulations; the placement, or None."""
        # each trial that misses the role tells whether the start must move earlier or later
        # and, from the stages it reached, by how much; trials bracket the right start (a cut
        # simulation differs slightly with the cut, so the bracket is searched, not solved)
        yard = self.yards[c.geography]
        lag = self._anchor_lag(c.geography, role, None)
        short, long_ = -math.inf, math.inf
        clashes = 0
        jump, last_direction = _ANCHOR_JUMP.get(role, 5), 0
        for _ in range(_ANCHOR_TRIES):
            start = self.end_date - dt.timedelta(days=lag)
            if start < self.origin:
                return None
            tr = self._simulate(c, start)
            if self._anchor_ok(role, tr):
                slots = self._slots(tr)
                mapping = yard.fit(slots)
                if mapping is not None:
                    yard.book(slots, mapping)
                    return start, tr, mapping
                if role in ("transition", "harvested"):
                    return None
                clashes += 1
                want = lag + (1 if clashes % 2 else -1) * 10 * clashes
            else:
                direction = self._anchor_direction(role, tr)
                jump = jump * 2 if direction == last_direction else jump
                last_direction = direction
                want = self._anchor_lag(c.geography, role, tr)
                if direction > 0:
                    short = max(short, lag)
                    want = max(want, lag + jump)
                else:
                    long_ = min(long_, lag)
                    want = min(want, lag - 1)
                if not short < want < long_:
                    if long_ - short <= 1:
                        return None
                    want = (short + long_) // 2
            lag = max(0, int(want))
        return None

    # -- staggered fill -------------------------------------------------------------------------

    def _gap_days(self, geography: str, eggs: int) -> float:
        """Days between starts that keep the busiest kind at ``saturation``."""
        # container-days per egg of the template and of every harvested batch so far
        t, seen = self.templates[geography], self.seen[geography]
        total = t.eggs + seen.get("eggs", 0.0)
        need = [
            (t.demand_per_egg[k] * t.eggs + seen.get(k, 0.0))
            / total
            * eggs
            / (self.saturation * self.capacity.count(k, geography))
            for k in FISH_KINDS
        ]
        return max(need)

    def _fill(self, geography: str) -> None:
        """Staggered starts from ``years`` before the end date, one drawn batch per tick."""
        # each tick is the saturation gap of the drawn batch (jittered); a batch that has to
        # move later does not move the clock, so a busy period is followed by quick starts
        rng = self.rngs[geography]
        clock = self.end_date - dt.timedelta(days=self.fill_days)
        clock += dt.timedelta(days=int(rng.integers(0, 14)))
        while clock <= self.end_date:
            c = self._draw(geography, "fill")
            placed = self._try(c, clock)
            if placed is not None:
                self._accept(c, placed)
            gap = self._gap_days(geography, c.eggs) * rng.uniform(*START_JITTER)
            clock += dt.timedelta(days=max(1, round(gap)))

    # -- result ---------------------------------------------------------------------------------

    def run(self) -> FarmPlan:
        """Ladder anchors first, then the staggered fill of each geography; the plan."""
        for geography, role in self._anchor_plan():
            self._place_anchor(geography, role)
        for geography in GEOGRAPHY_ORDER:
            self._fill(geography)
        order = sorted(
            range(len(self.placed)),
            key=lambda i: (
                self.placed[i].start_date,
                GEOGRAPHY_ORDER.index(self.placed[i].geography),
                i,
            ),
        )
        batches = tuple(dataclasses.replace(self.placed[i], number=n) for n, i in enumerate(order))
        return FarmPlan(
            self.scale, self.end_date, self.saturation, self.years, self.capacity, batches
        )

    def _planned(self, c: _Candidate, tr: Trajectory, mapping: dict) -> PlannedBatch:
        """The PlannedBatch of a placed trajectory (numbered later, in start order)."""
        geo = c.geography
        containers = {
            key: Container(geo, self.capacity.sites(geo, key[0])[site], key[0], index)
            for key, (site, index) in sorted(mapping.items())
        }
        feed = self._feed_map(tr, containers)
        b = tr.slot_bookings()
        booked = {
            (str(k), int(s)): (f.item(), lst.item())
            for k, s, f, lst in zip(b.kind, b.slot, b.first_date, b.last_date, strict=True)
        }
        fresh = [c for k, c in containers.items() if k[0] in FRESHWATER_KINDS]
        sea = [c for k, c in containers.items() if k[0] in SEA_KINDS]
        spec = dataclasses.replace(
            tr.spec,
            station=fresh[0].site if fresh else None,
            sea_area=_most_common([c.site for c in sea]),
        )
        stages = tuple(params.STAGE_NAMES[s] for s in sorted(self._open_stages(tr)))
        return PlannedBatch(
            number=-1,
            role=c.role,
            spec=spec,
            seed=c.seed,
            container_map=MappingProxyType(containers),
            feed_container_map=MappingProxyType(feed),
            booked=MappingProxyType(booked),
            status=tr.status,
            stages_at_end=stages,
        )

    def _feed_map(
        self, tr: Trajectory, containers: dict[tuple[str, int], Container]
    ) -> dict[tuple[str, int], Container]:
        """Feed slots onto the batch's hall silos and its areas' barges (shared stores)."""
        # silo slot -> the silo of that stage's hall in the batch's station (one per hall);
        # barge slot -> barge (slot mod barges per area) in the area holding most of the pens
        # the slot feeds
        geo = tr.spec.geography
        fc, a = tr.feed_containers, tr.assignments
        station = next((c.site for k, c in containers.items() if k[0] in FRESHWATER_KINDS), None)
        out: dict[tuple[str, int], Container] = {}
        for i, kind, slot in zip(
            fc.index.tolist(), fc.kind.tolist(), fc.slot.tolist(), strict=True
        ):
            if kind == "barge":
                fed = np.flatnonzero(a.feed_container == i)
                areas = [containers[(str(a.container_kind[j]), int(a.slot[j]))].site for j in fed]
                area = _most_common(areas) or self.capacity.sites(geo, "barge")[0]
                index = slot % self.capacity.barges_per_area
                out[(kind, slot)] = Container(geo, area, kind, index)
            else:
                out[(kind, slot)] = Container(geo, station or "", kind, 0)
        return out


def _most_common(values: Sequence[str]) -> str | None:
    """The most frequent value (first seen on ties), or None."""
    if not values:
        return None
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return max(counts, key=lambda v: counts[v])
