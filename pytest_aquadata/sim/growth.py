"""Growth: thermal growth coefficient (TGC), egg development by degree-days, weight spread, length.

TGC model (docs/references.md §1, Iwama & Tautz 1981 [S1], Cho 1992 [S2]):
``W_t^(1/3) = W_0^(1/3) + TGC/1000 · Σ(T_i·Δt_i)`` with W in g and T in °C, counted only inside
the growth window (§1: ~4–18 °C, heat stress from ~16 °C). Eggs and alevins do not feed: their
weight follows degree-days from egg weight (§2, 0.14 g) to first-feeding weight (0.2 g).
Lengths come from Fulton's condition factor K = 100·W/L³ (params.CONDITION_FACTOR).
"""

from __future__ import annotations

import math

import numpy as np

from . import params


def growth_temperature(temp_c: np.ndarray, bio: params.Biology) -> np.ndarray:
    """Temperature counted in TGC degree-days: T inside the window, tapering to 0 in heat."""
    t = np.asarray(temp_c, dtype=float)
    # heat_stress_start_c may equal growth_temp_max_c: no taper then (the -inf clips to 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        taper = (bio.growth_temp_max_c - t) / (bio.growth_temp_max_c - bio.heat_stress_start_c)
    effective = np.where(t <= bio.heat_stress_start_c, t, t * np.clip(taper, 0.0, 1.0))
    return np.where(t < bio.growth_temp_min_c, 0.0, effective)


def grown_weight(
    w0: np.ndarray | float, tgc: np.ndarray | float, degree_days: np.ndarray | float
) -> np.ndarray | float:
    """Weight (g) after ``degree_days`` of TGC growth from ``w0``: the TGC model above,
    W^(1/3) = W0^(1/3) + TGC/1000 · degree-days (scalars or arrays)."""
    cube_root = np.cbrt(w0) + tgc / 1000.0 * degree_days
    return cube_root**3


def tgc_weights(w0: np.ndarray, tgc: np.ndarray, degree_days: np.ndarray) -> np.ndarray:
    """End-of-day weights (days × containers) from start weights, TGCs and daily degree-days."""
    return grown_weight(w0, tgc, np.cumsum(degree_days, axis=0))


def back_calculated_tgc(w0: np.ndarray, w1: np.ndarray, degree_days: np.ndarray) -> np.ndarray:
    """TGC = 1000·(W1^(1/3) − W0^(1/3)) / Σ degree-days (docs/references.md §1 inverse [S1][S4])."""
    return 1000.0 * (np.cbrt(w1) - np.cbrt(w0)) / degree_days


def egg_weights(degree_days: np.ndarray, bio: params.Biology) -> np.ndarray:
    """Egg/alevin weight: egg weight until hatch, then linear in degree-days to first feeding."""
    progress = (degree_days - bio.hatch_degree_days) / (
        bio.first_feeding_degree_days - bio.hatch_degree_days
    )
    gain = bio.first_feeding_weight_g - bio.egg_weight_g
    return bio.egg_weight_g + gain * np.clip(progress, 0.0, 1.0)


def container_factors(rng: np.random.Generator, cv: float, n: int) -> np.ndarray:
    """Mean-one lognormal multipliers giving each container its own TGC or FCR."""
    sigma = lognormal_sigma(cv)
    return np.exp(rng.normal(-0.5 * sigma * sigma, sigma, size=n))


def lognormal_sigma(cv: float) -> float:
    """σ of a lognormal with the given coefficient of variation."""
    return math.sqrt(math.log1p(cv * cv))


def sample_fish(
    rng: np.random.Generator,
    mean_weight_g: np.ndarray,
    stage: np.ndarray,
    size: int,
    cv: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Weights (g) and lengths (cm) of ``size`` fish per sample, rounded to 0.01 like the schema.

    Weights are lognormal around the container mean with the given CV; lengths follow from a
    per-fish condition factor around the stage's K (params.CONDITION_FACTOR).
    """
    sigma = lognormal_sigma(cv)
    n = len(mean_weight_g)
    z = rng.normal(-0.5 * sigma * sigma, sigma, size=(n, size))
    weights = np.round(np.asarray(mean_weight_g)[:, None] * np.exp(z), 2)
    weights = np.maximum(weights, 0.01)
    k_mean = np.asarray(params.CONDITION_FACTOR)[np.asarray(stage)][:, None]
    k = np.clip(rng.normal(k_mean, params.CONDITION_FACTOR_SD, size=(n, size)), 0.7, 1.6)
    lengths = np.maximum(np.round(length_cm(weights, k), 2), 0.01)
    return weights, lengths


def length_cm(weight_g: np.ndarray, k: np.ndarray | float) -> np.ndarray:
    """Fork length from weight and Fulton's K: L = (100·W/K)^(1/3)."""
    return np.cbrt(100.0 * np.asarray(weight_g) / k)


def condition_factor(weight_g: np.ndarray, length_cm_: np.ndarray) -> np.ndarray:
    """Fulton's K = 100·W/L³ (SCHEMA.md §5 GrowthSample rule)."""
    return 100.0 * np.asarray(weight_g) / np.asarray(length_cm_) ** 3
