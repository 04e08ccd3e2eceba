"""Population: daily mortality hazards by stage and cause, rare larger events, integer death draws.

Hazards are daily death probabilities per container and cause (params.MORTALITY_CAUSES). Deaths are
drawn exactly, as the sequence of daily binomials would give them, but in one go per stage: each
fish's day of death is multinomial over the container's days (plus "survives"), and each day's
deaths split over causes by conditional binomials. Counts are integers and never negative. Rates:
docs/references.md §4 (eggs ≤ 5 %; freshwater > 3 g 0.15–0.25 %/month, 3–12 g 0.31 %/month; sea
seasonal profile and 1.5 %/month in the first three months) plus params.Biology derived values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import params

N_CAUSES = len(params.MORTALITY_CAUSES)


def monthly_to_daily(p_month: np.ndarray | float) -> np.ndarray:
    """Daily death probability equivalent to a monthly loss fraction."""
    return 1.0 - (1.0 - np.asarray(p_month, dtype=float)) ** (1.0 / params.DAYS_PER_MONTH)


def spread_over_days(total: float, days: float) -> float:
    """Daily probability giving a cumulative loss ``total`` over ``days`` days."""
    return 1.0 - (1.0 - total) ** (1.0 / max(days, 1.0))


def with_causes(p_day: np.ndarray, shares: tuple[float, ...]) -> np.ndarray:
    """Split daily probabilities (days × containers) across causes.."""
    return p_day[..., None] * np.asarray(shares, dtype=float)


def draw_deaths(rng: np.random.Generator, n0: np.ndarray, hazard: np.ndarray) -> np.ndarray:
    """Integer deaths (days × containers × causes) for containers starting with ``n0`` fish.

    ``hazard[d, c, k]`` is the probability that a fish alive at the start of day d dies that day
    of cause k; it must be zero on days a container is not active.
    """
    n_days, n_containers, n_causes = hazard.shape
    deaths = np.zeros(hazard.shape, dtype=np.int64)
    if n_days == 0 or n_containers == 0:
        return deaths
    p_day = np.clip(hazard.sum(axis=2), 0.0, 1.0)
    survival = np.cumprod(1.0 - p_day, axis=0)
    alive_before = np.vstack([np.ones((1, n_containers)), survival[:-1]])
    pvals = np.empty((n_containers, n_days + 1))
    pvals[:, :n_days] = (alive_before * p_day).T
    total = pvals[:, :n_days].sum(axis=1)
    pvals[:, :n_days] *= np.minimum(1.0, (1.0 - 1e-12) / np.maximum(total, 1e-300))[:, None]
    pvals[:, n_days] = np.maximum(0.0, 1.0 - pvals[:, :n_days].sum(axis=1))
    per_day = rng.multinomial(np.asarray(n0, dtype=np.int64), pvals)[:, :n_days].T
    causes = [k for k in range(n_causes) if hazard[:, :, k].any()]
    if not causes:
        return deaths
    days, containers = np.nonzero(per_day)
    remaining = per_day[days, containers]
    remaining_p = p_day[days, containers]
    for k in causes[:-1]:
        h = hazard[days, containers, k]
        share = np.divide(h, remaining_p, out=np.zeros_like(h), where=remaining_p > 0)
        draw = rng.binomial(remaining, np.clip(share, 0.0, 1.0))
        deaths[days, containers, k] = draw
        remaining = remaining - draw
        remaining_p = remaining_p - h
    deaths[days, containers, causes[-1]] = remaining
    return deaths


def egg_hazard(
    degree_days_today: np.ndarray, degree_days_before: np.ndarray, bio: params.Biology
) -> np.ndarray:
    """Egg and alevin deaths per degree-day so that losses to hatch / first feeding match §4."""
    egg_rate = -np.log1p(-bio.egg_mortality) / bio.hatch_degree_days
    alevin_rate = -np.log1p(-bio.alevin_mortality) / (
        bio.first_feeding_degree_days - bio.hatch_degree_days
    )
    after = degree_days_before + degree_days_today
    egg_part = np.clip(np.minimum(after, bio.hatch_degree_days) - degree_days_before, 0.0, None)
    alevin_part = degree_days_today - egg_part
    p_day = 1.0 - np.exp(-(egg_rate * egg_part + alevin_rate * alevin_part))
    return with_causes(p_day, params.BASELINE_CAUSE_SHARES["egg"])


def freshwater_hazard(weights: np.ndarray, w_start: np.ndarray, bio: params.Biology) -> np.ndarray:
    """Fed-fish freshwater hazard (days × containers × causes) by weight band (§4 [S53]).

    Below ``fry_mortality_until_g`` the fry loss is spread over growth (per unit of W^(1/3)), so the
    cumulative loss to that weight equals ``fry_mortality`` at any temperature; above it the
    monthly rates of §4 apply.
    """
    previous = np.vstack([np.asarray(w_start, dtype=float)[None, :], weights[:-1]])
    limit = bio.fry_mortality_until_g
    span = np.cbrt(limit) - np.cbrt(bio.first_feeding_weight_g)
    fry_rate = -np.log1p(-bio.fry_mortality) / max(span, 1e-9)
    progress = np.clip(
        np.cbrt(np.minimum(weights, limit)) - np.cbrt(np.minimum(previous, limit)), 0.0, None
    )
    p_fry = 1.0 - np.exp(-fry_rate * progress)
    monthly = np.where(
        weights < bio.freshwater_small_until_g, bio.freshwater_small_monthly, bio.freshwater_monthly
    )
    p_month = np.where(previous >= limit, monthly_to_daily(monthly), 0.0)
    p_day = 1.0 - (1.0 - p_fry) * (1.0 - p_month)
    return with_causes(p_day, params.BASELINE_CAUSE_SHARES["freshwater"])


@dataclass(frozen=True)
class SeaEvents:
    """Disease outbreaks (per pen) and environmental events (site-wide) drawn for the sea stage."""

    outbreak_pen: np.ndarray
    outbreak_start: np.ndarray
    outbreak_end: np.ndarray
    event_start: np.ndarray
    event_end: np.ndarray

    def within(self, end: np.ndarray) -> SeaEvents:
        """Only the outbreaks that start before their pen's (possibly earlier) last day."""
        keep = self.outbreak_start < end[self.outbreak_pen]
        return SeaEvents(
            self.outbreak_pen[keep],
            self.outbreak_start[keep],
            self.outbreak_end[keep],
            self.event_start,
            self.event_end,
        )


def sea_hazard(
    rng: np.random.Generator,
    month_index: np.ndarray,
    days_at_sea: np.ndarray,
    site_temp_c: np.ndarray,
    active: np.ndarray,
    bio: params.Biology,
    geography: str,
) -> tuple[np.ndarray, SeaEvents]:
    """Sea hazard (days × pens × causes) and its events.

    Background: §4 SC monthly profile [S49] by calendar month, at least 1.5 %/month during the
    first three months after stocking [S47], times the geography and biology scales. Disease
    outbreaks hit single pens (cause DISEASE); environmental events (jellyfish, algae, low O2)
    hit the whole site on warm days (cause ENVIRONMENTAL).
    """
    n_days, n_pens = active.shape
    scale = bio.sea_mortality_scale * params.GEOGRAPHIES[geography].sea_mortality_scale
    profile = np.asarray(params.MONTHLY_SEA_MORTALITY_PCT)[month_index] / 100.0
    first = np.maximum(profile[:, None], params.FIRST_SEA_MONTHS_MORTALITY_PCT / 100.0)
    early = days_at_sea < params.FIRST_SEA_MONTHS * params.DAYS_PER_MONTH
    p_month = np.where(early, first, profile[:, None]) * scale
    hazard = with_causes(monthly_to_daily(p_month), params.BASELINE_CAUSE_SHARES["sea"])

    pen_days = active.sum(axis=0)
    n_outbreaks = rng.poisson(bio.disease_outbreaks_per_pen_year * pen_days / 365.25)
    pens = np.repeat(np.arange(n_pens), n_outbreaks)
    first_day = active.argmax(axis=0)
    starts = first_day[pens] + np.floor(
        rng.random(len(pens)) * np.maximum(pen_days[pens], 1)
    ).astype(np.int64)
    duration = max(int(round(bio.disease_outbreak_days)), 1)
    ends = np.minimum(starts + duration, n_days)
    losses = bio.disease_outbreak_loss * rng.uniform(0.5, 1.5, size=len(pens))
    for pen, start, end, loss in zip(pens, starts, ends, losses, strict=True):
        hazard[start:end, pen, params.CAUSE["DISEASE"]] += spread_over_days(
            min(loss, 0.99), duration
        )

    warm = site_temp_c >= bio.environmental_event_min_temp_c
    daily_chance = bio.environmental_events_per_year / 120.0
    event_days = np.flatnonzero(warm & (rng.random(n_days) < daily_chance) & active.any(axis=1))
    event_len = rng.integers(1, 6, size=len(event_days))
    event_end = np.minimum(event_days + event_len, n_days)
    for start, end, length in zip(event_days, event_end, event_len, strict=True):
        loss = bio.environmental_event_loss * rng.uniform(0.5, 1.5, size=n_pens)
        hazard[start:end, :, params.CAUSE["ENVIRONMENTAL"]] += 1.0 - (
            1.0 - np.minimum(loss, 0.99)
        ) ** (1.0 / length)
    hazard *= active[:, :, None]
    events = SeaEvents(pens, starts, ends, event_days, event_end)
    return hazard, events
