"""Harvest: when pens are harvested, and what each harvest yields by grade and size class.

The batch is harvested once its mean weight reaches the target (or after the maximum time at sea),
one pen a day, heaviest first. Each pen's fish are split into HOG size classes (docs/references.md
§9, 1-kg bands) from the lognormal weight distribution of the pen (analytic class shares and class
mean weights) and into grades (Superior normally > 90 %, §9). Gutted weight = live × 0.82–0.86 (§9,
0.83), fillet = live × 0.60–0.65 (§9); the difference live − gutted is recorded as waste (viscera
and blood).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import params
from .growth import lognormal_sigma


def harvest_days(
    weights: np.ndarray,
    start: np.ndarray,
    n0: np.ndarray,
    target_g: float,
    max_sea_days: float,
) -> np.ndarray:
    """Harvest day per pen (relative to the stage's first day), or -1 if not within the horizon.

    Harvest starts the day after the start-population-weighted mean weight reaches the target,
    once all pens are stocked (or after ``max_sea_days``), one pen a day, heaviest first.
    """
    n_days, n_pens = weights.shape
    day = np.arange(n_days)
    mean = weights @ (n0 / max(n0.sum(), 1))
    ready = (day >= start.max()) & ((mean >= target_g) | (day - start.min() >= max_sea_days))
    if not ready.any():
        return np.full(n_pens, -1, dtype=np.int64)
    trigger = int(np.argmax(ready))
    order = np.argsort(-weights[trigger], kind="stable")
    days = np.empty(n_pens, dtype=np.int64)
    days[order] = trigger + 1 + np.arange(n_pens) // params.HARVEST_PENS_PER_DAY
    return np.where(days < n_days, days, -1)


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    return np.array([0.5 * (1.0 + math.erf(v / math.sqrt(2.0))) for v in np.ravel(x)]).reshape(
        np.shape(x)
    )


def size_class_shares(
    mean_g: float, cv: float, edges_g: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Share of fish and mean weight (g) per class between ``edges_g`` (lognormal weights)."""
    sigma = lognormal_sigma(cv)
    mu = math.log(mean_g) - 0.5 * sigma * sigma
    with np.errstate(divide="ignore"):
        log_edges = np.concatenate([[-np.inf], np.log(edges_g), [np.inf]])
    share = np.diff(_normal_cdf((log_edges - mu) / sigma))
    partial = np.diff(_normal_cdf((log_edges - mu - sigma * sigma) / sigma)) * mean_g
    class_mean = np.divide(partial, share, out=np.full(share.shape, mean_g), where=share > 1e-15)
    return share, class_mean


@dataclass(frozen=True)
class Lots:
    """Harvest lots of one pen: grade index, size-class index, count, live/gutted/fillet kg."""

    grade: np.ndarray
    size_class: np.ndarray
    count: np.ndarray
    live_kg: np.ndarray
    gutted_kg: np.ndarray
    fillet_kg: np.ndarray


def harvest_lots(
    rng: np.random.Generator, count: int, mean_g: float, cv: float, had_disease: bool
) -> Lots:
    """Split a pen's harvest into grade × size-class lots; live kg sums to count × mean weight."""
    gutted_yield = rng.uniform(*params.GUTTED_YIELD_RANGE)
    fillet_yield = rng.uniform(*params.FILLET_YIELD_RANGE)
    edges = np.asarray(params.SIZE_CLASS_EDGES_KG) * 1000.0 / gutted_yield
    share, class_mean = size_class_shares(mean_g, cv, edges)
    per_class = rng.multinomial(count, share / share.sum())
    superior = rng.uniform(*params.SUPERIOR_SHARE_RANGE) - (
        params.DISEASE_GRADE_PENALTY if had_disease else 0.0
    )
    production = (1.0 - superior) * params.PRODUCTION_SHARE_OF_REST
    grades = np.array([superior, 1.0 - superior - production, production])
    split = rng.multinomial(per_class, grades)
    size_class, grade = np.nonzero(split)
    lot_count = split[size_class, grade]
    live = lot_count * class_mean[size_class] / 1000.0
    if live.sum() > 0:
        live *= count * mean_g / 1000.0 / live.sum()
    return Lots(
        grade=grade,
        size_class=size_class,
        count=lot_count.astype(np.int64),
        live_kg=live,
        gutted_kg=live * gutted_yield,
        fillet_kg=live * fillet_yield,
    )
