"""Domain invariants of a simulated batch as plain functions: each returns a list of readable
violations (empty = OK).

They check one ``pytest_aquadata.sim.Trajectory`` and need numpy only (no Django).
``assert_invariants(traj)`` runs them all (or the ones named) and raises one AssertionError
listing every violation. The same invariants over a database live in
``pytest_aquadata.db_invariants``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from types import MappingProxyType

import numpy as np

from pytest_aquadata.sim import Trajectory, params
from pytest_aquadata.sim.trajectory import Table

MAX_REPORTED = 5
"""Violations listed per invariant; the rest are counted in one closing line."""


def _limit(messages: list[str]) -> list[str]:
    """The first MAX_REPORTED messages plus a count of the others."""
    if len(messages) <= MAX_REPORTED:
        return messages
    return [*messages[:MAX_REPORTED], f"... and {len(messages) - MAX_REPORTED} more"]


def _rows(mask: np.ndarray) -> np.ndarray:
    return np.flatnonzero(mask)


# --- trajectory invariants ----------------------------------------------------------------------


def fish_conservation(traj: Trajectory) -> list[str]:
    """Every egg is alive, dead or harvested on every day; transfers move every fish they count."""
    out: list[str] = []
    eggs = traj.spec.eggs
    days = traj.batch_days()
    dead = np.cumsum(days.deaths)
    harvested = np.cumsum(days.harvested)
    accounted = days.alive + dead + harvested
    for i in _rows(accounted != eggs):
        out.append(
            f"{days.date[i]}: alive {days.alive[i]} + dead {dead[i]} + harvested "
            f"{harvested[i]} = {accounted[i]}, not the {eggs} eggs"
        )
    a, t = traj.assignments, traj.transfers
    moved_out = np.bincount(
        t.source_assignment, weights=t.transferred_count + t.mortality_count, minlength=len(a)
    ).astype(np.int64)
    for i in np.unique(t.source_assignment):
        if moved_out[i] != a.end_population[i]:
            out.append(
                f"assignment {i}: its transfers move {moved_out[i]} fish (incl. deaths), "
                f"but it held {a.end_population[i]}"
            )
    moved_in = np.bincount(t.dest_assignment, weights=t.transferred_count, minlength=len(a))
    for i in _rows((a.stage > 0) & (moved_in.astype(np.int64) != a.start_population)):
        out.append(
            f"assignment {i}: started with {a.start_population[i]} fish, "
            f"but {int(moved_in[i])} arrived"
        )
    for i in _rows(traj.daily.population < 0):
        d = traj.daily
        out.append(f"assignment {d.assignment[i]} on {d.date[i]}: population {d.population[i]}")
    return _limit(out)


def biomass_identity(
    traj: Trajectory, rel_tol: float = 1e-9, abs_tol_kg: float = 1e-6
) -> list[str]:
    """Biomass = count × mean weight / 1000 in daily states, transfers and harvests (± tolerance)."""
    out: list[str] = []
    checks = (
        ("daily state", traj.daily, "population", "biomass_kg"),
        ("transfer", traj.transfers, "transferred_count", "transferred_biomass_kg"),
        ("harvest", traj.harvests, "count", "live_kg"),
    )
    for what, table, count, biomass in checks:
        counts, kg = getattr(table, count), getattr(table, biomass)
        expected = counts * table.avg_weight_g / 1000.0
        for i in _rows(~np.isclose(kg, expected, rtol=rel_tol, atol=abs_tol_kg)):
            out.append(
                f"{what} row {i}: {kg[i]} kg, but {counts[i]} fish × "
                f"{table.avg_weight_g[i]} g = {expected[i]} kg"
            )
    return _limit(out)


def feed_stock_fifo(traj: Trajectory, tol_kg: float = 1e-6) -> list[str]:
    """Feed stock never goes negative nor above capacity, and meals draw the oldest lot first.

    Each meal's draws add up to the meal; a lot gives at most what it held and only after its
    delivery; within a feed container and feed, lots are used in delivery order.
    """
    out: list[str] = []
    f, p, dr, fc = traj.feeding, traj.feed_purchases, traj.feed_draws, traj.feed_containers
    drawn = np.bincount(dr.feeding_event, weights=dr.kg, minlength=len(f))
    for i in _rows(~np.isclose(drawn, f.amount_kg, rtol=0.0, atol=tol_kg)):
        out.append(f"meal {i}: {f.amount_kg[i]} kg fed, but {drawn[i]} kg drawn from stock")
    used = np.bincount(dr.purchase, weights=dr.kg, minlength=len(p))
    for i in _rows(used > p.quantity_kg + tol_kg):
        out.append(f"lot {i}: {used[i]} kg drawn from a lot of {p.quantity_kg[i]} kg")
    early = p.delivered_at[dr.purchase] > f.at[dr.feeding_event]
    for i in _rows(early):
        out.append(
            f"meal {dr.feeding_event[i]} at {f.at[dr.feeding_event[i]]} drew lot "
            f"{dr.purchase[i]}, delivered later at {p.delivered_at[dr.purchase[i]]}"
        )
    for container in range(len(fc)):
        meals = _rows(f.feed_container == container)
        lots = _rows(p.feed_container == container)
        # a lot delivered at a meal's minute arrives after it (just before the next meal)
        times = np.concatenate([f.at[meals], p.delivered_at[lots]])
        change = np.concatenate([-f.amount_kg[meals], p.quantity_kg[lots]])
        stock = np.cumsum(change[np.argsort(times, kind="stable")])
        if len(stock) and stock.min() < -tol_kg:
            out.append(f"feed container {container}: stock fell to {stock.min():.4f} kg")
        if len(stock) and stock.max() > fc.capacity_kg[container] + tol_kg:
            out.append(
                f"feed container {container}: stock rose to {stock.max():.4f} kg, "
                f"above its {fc.capacity_kg[container]} kg capacity"
            )
        mine = np.isin(dr.feeding_event, meals)
        for feed in np.unique(p.feed[lots]):
            rows = _rows(mine & (p.feed[dr.purchase] == feed))
            rows = rows[np.argsort(f.at[dr.feeding_event[rows]], kind="stable")]
            back = _rows(np.diff(dr.purchase[rows]) < 0)
            for j in back:
                out.append(
                    f"feed container {container}: meal {dr.feeding_event[rows[j + 1]]} drew lot "
                    f"{dr.purchase[rows[j + 1]]} after a later meal had moved on from it "
                    f"(lot {dr.purchase[rows[j]]})"
                )
    return _limit(out)


def no_double_booking(traj: Trajectory) -> list[str]:
    """No container or feed-container slot is booked twice on the same day."""
    out: list[str] = []
    b = traj.slot_bookings()
    order = np.lexsort((b.first_date, b.slot, b.kind))
    kind, slot = b.kind[order], b.slot[order]
    first, last = b.first_date[order], b.last_date[order]
    same = (kind[1:] == kind[:-1]) & (slot[1:] == slot[:-1])
    for i in _rows(same & (first[1:] <= last[:-1])):
        out.append(
            f"{kind[i]} slot {slot[i]}: booked {first[i]}..{last[i]} and again from {first[i + 1]}"
        )
    return _limit(out)


def stage_order(traj: Trajectory) -> list[str]:
    """Transfers never move fish to an earlier stage, and the batch's stages only advance."""
    out: list[str] = []
    a, t, w = traj.assignments, traj.transfers, traj.workflows
    src, dest = a.stage[t.source_assignment], a.stage[t.dest_assignment]
    for i in _rows(dest < src):
        out.append(
            f"transfer {i} on {t.date[i]}: {params.STAGES[src[i]].name} → "
            f"{params.STAGES[dest[i]].name}"
        )
    for i in _rows(w.dest_stage < w.source_stage):
        out.append(
            f"workflow {w.index[i]}: {params.STAGES[w.source_stage[i]].name} → "
            f"{params.STAGES[w.dest_stage[i]].name}"
        )
    d = traj.daily
    for i in _rows(d.stage != a.stage[d.assignment]):
        out.append(
            f"assignment {d.assignment[i]} on {d.date[i]}: daily stage {d.stage[i]}, "
            f"assignment stage {a.stage[d.assignment[i]]}"
        )
    occupied = d.population > 0
    if occupied.any():
        dates, day = np.unique(d.date[occupied], return_inverse=True)
        low = np.full(len(dates), len(params.STAGES))
        high = np.full(len(dates), -1)
        np.minimum.at(low, day, d.stage[occupied])
        np.maximum.at(high, day, d.stage[occupied])
        for name, frontier in (("earliest", low), ("latest", high)):
            for i in _rows(np.diff(frontier) < 0):
                out.append(
                    f"the {name} stage with fish went back from "
                    f"{params.STAGES[frontier[i]].name} on {dates[i]} to "
                    f"{params.STAGES[frontier[i + 1]].name} on {dates[i + 1]}"
                )
    return _limit(out)


def harvest_totals(traj: Trajectory, tol_kg: float = 1e-6) -> list[str]:
    """Each harvest equals its lots (fish and live kg) and its waste is live − gutted kg."""
    out: list[str] = []
    h, lots, waste = traj.harvests, traj.harvest_lots, traj.harvest_waste
    n = len(h)
    lot_count = np.bincount(lots.harvest, weights=lots.count, minlength=n).astype(np.int64)
    for i in _rows(lot_count != h.count):
        out.append(f"harvest {i}: {h.count[i]} fish, but its lots hold {lot_count[i]}")
    lot_kg = np.bincount(lots.harvest, weights=lots.live_kg, minlength=n)
    for i in _rows(~np.isclose(lot_kg, h.live_kg, rtol=1e-9, atol=tol_kg)):
        out.append(f"harvest {i}: {h.live_kg[i]} kg live, but its lots weigh {lot_kg[i]} kg")
    offal = np.bincount(lots.harvest, weights=lots.live_kg - lots.gutted_kg, minlength=n)
    recorded = np.bincount(waste.harvest, weights=waste.weight_kg, minlength=n)
    for i in _rows(~np.isclose(recorded, offal, rtol=1e-9, atol=tol_kg)):
        out.append(f"harvest {i}: waste {recorded[i]} kg, but live − gutted = {offal[i]} kg")
    for i in _rows(~((lots.fillet_kg <= lots.gutted_kg) & (lots.gutted_kg <= lots.live_kg))):
        out.append(
            f"lot {i}: fillet {lots.fillet_kg[i]} ≤ gutted {lots.gutted_kg[i]} ≤ live "
            f"{lots.live_kg[i]} kg does not hold"
        )
    at_sea = traj.assignments.stage[h.assignment] == params.SEA_STAGE
    for i in _rows(~at_sea):
        out.append(f"harvest {i}: assignment {h.assignment[i]} is not a sea pen")
    if traj.status == "COMPLETED" and len(traj.daily):
        alive = int(traj.batch_days().alive[-1])
        if alive:
            out.append(f"batch COMPLETED with {alive} fish still alive on {traj.end_date}")
    return _limit(out)


TRAJECTORY_INVARIANTS: Mapping[str, Callable[[Trajectory], list[str]]] = MappingProxyType(
    {
        "fish_conservation": fish_conservation,
        "biomass_identity": biomass_identity,
        "feed_stock_fifo": feed_stock_fifo,
        "no_double_booking": no_double_booking,
        "stage_order": stage_order,
        "harvest_totals": harvest_totals,
    }
)
"""Every trajectory invariant by name."""


def trajectory_violations(traj: Trajectory, *names: str) -> list[str]:
    """``"<invariant>: <violation>"`` for every violation of the named (default all) invariants."""
    unknown = [n for n in names if n not in TRAJECTORY_INVARIANTS]
    if unknown:
        raise ValueError(
            f"invariants {unknown!r} are unknown; allowed: {', '.join(TRAJECTORY_INVARIANTS)}"
        )
    out: list[str] = []
    for name in names or tuple(TRAJECTORY_INVARIANTS):
        out += [f"{name}: {message}" for message in TRAJECTORY_INVARIANTS[name](traj)]
    return out


def assert_invariants(traj: Trajectory, *names: str) -> None:
    """Raise AssertionError listing every violation of the named (default all) invariants."""
    violations = trajectory_violations(traj, *names)
    if violations:
        lines = "\n".join(f"  - {v}" for v in violations)
        raise AssertionError(f"{len(violations)} invariant violation(s) for {traj.spec}:\n{lines}")


def trajectory_differences(a: Trajectory, b: Trajectory) -> list[str]:
    """Where two trajectories differ: spec, status, dates, biology, or any column of any table."""
    out: list[str] = []
    for field in dataclasses.fields(a):
        left, right = getattr(a, field.name), getattr(b, field.name)
        if not isinstance(left, Table):
            if dataclasses.is_dataclass(left) and type(left) is type(right) and left != right:
                names = [f.name for f in dataclasses.fields(left)]
                changed = [n for n in names if getattr(left, n) != getattr(right, n)]
                out.append(f"{field.name}: differs in {', '.join(changed)}")
            elif left != right:
                out.append(f"{field.name}: {left!r} != {right!r}")
            continue
        for name, column in left.columns().items():
            other = getattr(right, name)
            if column.dtype != other.dtype:
                out.append(f"{field.name}.{name}: dtype {column.dtype} != {other.dtype}")
            elif column.shape != other.shape:
                out.append(f"{field.name}.{name}: shape {column.shape} != {other.shape}")
            elif not np.array_equal(column, other, equal_nan=column.dtype.kind in "fcmM"):
                first = int(np.argmax(~_same_values(column, other).reshape(len(column), -1).all(1)))
                out.append(
                    f"{field.name}.{name}: first differs at row {first}: "
                    f"{column[first]!r} != {other[first]!r}"
                )
    return _limit(out)


def _same_values(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    same = left == right
    if left.dtype.kind in "fc":
        same |= np.isnan(left) & np.isnan(right)
    elif left.dtype.kind in "mM":
        same |= np.isnat(left) & np.isnat(right)
    return same


def same_trajectory(a: Trajectory, b: Trajectory) -> bool:
    """True when two trajectories are identical, array for array (determinism of seed → data)."""
    return not trajectory_differences(a, b)
