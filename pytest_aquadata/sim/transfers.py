"""Transfers: how many containers the next stage needs, and moving fish into them exactly.

Container counts follow the biomass the fish will reach at the end of the stage (times
params.PLANNING_WEIGHT_MARGIN) against the kind's density limit (docs/references.md §7) and any
fish-count limit (200 000 per pen, §7; eggs per tray). Fish are moved without doubling or invented
losses: each source loses a few fish to handling (cause HANDLING), the survivors are dealt into the
new containers in near-equal quotas by the north-west-corner rule, so every fish leaving a source
arrives in exactly one destination.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import params


def containers_needed(kind: params.ContainerKind, fish: int, end_weight_g: float) -> int:
    """Containers of ``kind`` for ``fish`` fish growing to ``end_weight_g`` (at least one)."""
    need = 1
    if kind.max_density_kg_m3 is not None:
        capacity_kg = kind.max_density_kg_m3 * kind.volume_m3
        need = max(
            need,
            math.ceil(fish * end_weight_g * params.PLANNING_WEIGHT_MARGIN / 1000.0 / capacity_kg),
        )
    if kind.max_fish is not None:
        need = max(need, math.ceil(fish / kind.max_fish))
    return max(1, min(need, fish))


def even_split(total: int, parts: int) -> np.ndarray:
    """``total`` split into ``parts`` integers differing by at most one (larger first)."""
    counts = np.full(parts, total // parts, dtype=np.int64)
    counts[: total % parts] += 1
    return counts


def north_west_corner(
    supply: np.ndarray, demand: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flows (source, destination, amount) filling destinations in order from sources in order."""
    supply_edges = np.cumsum(supply)
    demand_edges = np.cumsum(demand)
    bounds = np.unique(np.concatenate([[0], supply_edges, demand_edges]))
    starts = bounds[:-1]
    amount = np.diff(bounds)
    source = np.searchsorted(supply_edges, starts, side="right")
    destination = np.searchsorted(demand_edges, starts, side="right")
    keep = amount > 0
    return source[keep], destination[keep], amount[keep]


def proportional_split(total: np.ndarray, weights: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Split ``total[g]`` over each group's rows in proportion to ``weights`` (largest rest)."""
    group_weight = np.bincount(groups, weights=weights, minlength=len(total))
    exact = total[groups] * weights / np.maximum(group_weight[groups], 1)
    base = np.floor(exact).astype(np.int64)
    short = total - np.bincount(groups, weights=base, minlength=len(total)).astype(np.int64)
    order = np.lexsort((-(exact - base), groups))
    rank = np.empty(len(groups), dtype=np.int64)
    first_of_group = np.searchsorted(groups[order], np.arange(len(total)))
    rank[order] = np.arange(len(groups)) - first_of_group[groups[order]]
    return base + (rank < short[groups])


@dataclass(frozen=True)
class Move:
    """One stage transition: per-source handling deaths, the flows, and the new containers."""

    source_dead: np.ndarray
    flow_source: np.ndarray
    flow_dest: np.ndarray
    flow_count: np.ndarray
    flow_dead: np.ndarray
    dest_fish: np.ndarray
    dest_weight_g: np.ndarray


def move_fish(
    rng: np.random.Generator,
    fish: np.ndarray,
    weight_g: np.ndarray,
    kind: params.ContainerKind,
    end_weight_g: float,
    handling_mortality: float,
) -> Move:
    """Move all ``fish`` of the sources (one group, same day) into new containers of ``kind``."""
    fish = np.asarray(fish, dtype=np.int64)
    dead = rng.binomial(fish, handling_mortality)
    survivors = fish - dead
    total = int(survivors.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Move(dead, empty, empty, empty, empty, empty, np.zeros(0))
    quotas = even_split(total, containers_needed(kind, total, end_weight_g))
    source, dest, count = north_west_corner(survivors, quotas)
    flow_dead = proportional_split(dead, count.astype(float), source)
    dest_weight = np.bincount(dest, weights=count * weight_g[source]) / quotas
    return Move(dead, source, dest, count, flow_dead, quotas, dest_weight)
