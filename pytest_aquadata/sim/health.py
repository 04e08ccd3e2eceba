"""Health: fish sampling, health scores, vaccination schedule, sea lice and lice treatments.

Sea lice (docs/references.md §6): adult females per fish grow at 1.7–5.4 %/day and receive 0.002–0.1
lice/fish/day from outside (Kragesteen et al. 2021 [S79]), both rising with temperature between
``lice_cold_c`` and ``lice_warm_c`` so counts are low in winter/spring and peak in late summer
[S77][S80]. Pens are counted on the geography's schedule (SC weekly [S72], FO fortnightly [S76],
20 fish [S76]); a pen whose counted adult females per fish reach the geography's limit (§6) is
treated two days later, which removes most lice. Counts are Poisson draws around the true level.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import params


def sample_stats(weights: np.ndarray, lengths: np.ndarray) -> dict[str, np.ndarray]:
    """Aggregates of samples (rows) as GrowthSample / HealthSamplingEvent compute them."""
    k = 100.0 * weights / lengths**3
    ddof = 1 if weights.shape[1] > 1 else 0
    return {
        "avg_weight_g": weights.mean(axis=1),
        "std_weight_g": weights.std(axis=1, ddof=ddof),
        "min_weight_g": weights.min(axis=1),
        "max_weight_g": weights.max(axis=1),
        "avg_length_cm": lengths.mean(axis=1),
        "std_length_cm": lengths.std(axis=1, ddof=ddof),
        "min_length_cm": lengths.min(axis=1),
        "max_length_cm": lengths.max(axis=1),
        "condition_factor": k.mean(axis=1),
    }


def growth_sample_days(
    active: np.ndarray, alive: np.ndarray, start: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(day, container) of weekly growth samples: every 7th day in a container with ≥ 30 fish."""
    interval = params.GROWTH_SAMPLE_INTERVAL_DAYS
    day = np.arange(active.shape[0])[:, None]
    due = active & ((day - start[None, :]) % interval == interval - 1)
    containers, days = np.nonzero((due & (alive >= params.GROWTH_SAMPLE_SIZE)).T)
    return days, containers


def health_sampling_days(
    rng: np.random.Generator, first: int, active: np.ndarray, alive: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(day, container) of monthly health samplings: mid-month (batch day), one random container."""
    interval = params.HEALTH_SAMPLE_INTERVAL_DAYS
    eligible = active & (alive >= params.HEALTH_SAMPLE_SIZE)
    on_day = (first + np.arange(active.shape[0])) % interval == interval // 2
    days = np.flatnonzero(on_day & eligible.any(axis=1))
    choice = np.array([rng.choice(np.flatnonzero(eligible[d])) for d in days], dtype=np.int64)
    return days, choice


def health_scores(
    rng: np.random.Generator, stressed: np.ndarray, fish_per_sample: int
) -> np.ndarray:
    """Scores 0–3 (fish × params.HEALTH_PARAMETERS) for samples; stressed samples score worse."""
    n_fish = len(stressed) * fish_per_sample
    base = np.cumsum(params.HEALTH_SCORE_PROBABILITIES)
    u = rng.random((n_fish, len(params.HEALTH_PARAMETERS)))
    scores = np.searchsorted(base, u, side="right").clip(0, 3)
    shift = np.repeat(stressed, fish_per_sample)[:, None] & (
        rng.random(u.shape) < params.HEALTH_SCORE_STRESS_SHIFT
    )
    return np.minimum(scores + (shift & (scores == 0)), 3).astype(np.int8)


def vaccination_days(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Day each Smolt container is vaccinated: day 21 of the stage, two tanks a day (params)."""
    rank = np.arange(len(start)) // params.VACCINATION_TANKS_PER_DAY
    offset = np.minimum(params.VACCINATION_DAY_IN_SMOLT, np.maximum((end - start) // 2, 0))
    return np.minimum(start + offset + rank, np.maximum(end - 1, start))


def lice_rates(temp_c: np.ndarray, bio: params.Biology) -> tuple[np.ndarray, np.ndarray]:
    """Daily adult-female growth rate and external infection (AF/fish/day) by temperature."""
    span = bio.lice_warm_c - bio.lice_cold_c
    if span > 0:
        warmth = np.clip((temp_c - bio.lice_cold_c) / span, 0.0, 1.0)
    else:  # lice_cold_c == lice_warm_c (allowed by BatchSpec): a step at that temperature
        warmth = (np.asarray(temp_c) >= bio.lice_warm_c).astype(float)
    growth = bio.lice_growth_min + (bio.lice_growth_max - bio.lice_growth_min) * warmth
    infection = bio.lice_infection_min + (bio.lice_infection_max - bio.lice_infection_min) * warmth
    return growth, infection * bio.lice_adult_female_share


@dataclass(frozen=True)
class Lice:
    """Lice on the pens of one sea stage (day indices relative to the stage's first day)."""

    adult_females: np.ndarray
    count_day: np.ndarray
    count_pen: np.ndarray
    counts: np.ndarray
    treat_day: np.ndarray
    treat_pen: np.ndarray
    treat_kind: np.ndarray
    efficacy: np.ndarray
    before: np.ndarray
    after: np.ndarray

    def within(self, end: np.ndarray) -> Lice:
        """Only the counts and treatments before each pen's (possibly earlier) last day."""
        counts = self.count_day < end[self.count_pen]
        treats = self.treat_day < end[self.treat_pen]
        return Lice(
            adult_females=self.adult_females,
            count_day=self.count_day[counts],
            count_pen=self.count_pen[counts],
            counts=self.counts[counts],
            treat_day=self.treat_day[treats],
            treat_pen=self.treat_pen[treats],
            treat_kind=self.treat_kind[treats],
            efficacy=self.efficacy[treats],
            before=self.before[treats],
            after=self.after[treats],
        )


def simulate_lice(
    rng: np.random.Generator,
    temp_c: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    limit_per_day: np.ndarray,
    count_days: np.ndarray,
    harvest_day: np.ndarray,
    bio: params.Biology,
) -> Lice:
    """Lice per pen (days × pens) with counts and limit-triggered treatments.

    Between treatments the level follows ``AF[d+1] = AF[d]·e^r[d] + a[d]``, solved in closed form
    from the last treatment; each round finds every pen's next count at or above the limit.
    """
    n_days, n_pens = temp_c.shape
    growth, infection = lice_rates(temp_c, bio)
    log_growth = np.vstack([np.zeros((1, n_pens)), np.cumsum(growth, axis=0)])
    day = np.arange(n_days)[:, None]
    pens = np.arange(n_pens)
    fish = params.LICE_FISH_SAMPLED
    reset = start.astype(np.int64).copy()
    level = np.zeros(n_pens)
    done = start >= end
    adult_females = np.full((n_days, n_pens), np.nan)
    observed = np.full((len(count_days), n_pens), -1, dtype=np.int64)
    treatments: list[tuple[int, int, str, float, float, float]] = []
    cd = count_days[:, None]
    while not done.all():
        at_reset = log_growth[reset, pens]
        rel = log_growth[:n_days] - at_reset
        terms = np.where(day >= reset, infection * np.exp(-(log_growth[1:] - at_reset)), 0.0)
        trajectory = np.exp(np.minimum(rel, 700.0)) * (level + np.cumsum(terms, axis=0) - terms)
        eligible = (cd > reset) & (cd < end) & ~done
        expected = np.where(eligible, trajectory[count_days] * fish, 0.0)
        counted = rng.poisson(np.minimum(expected, 1e9))
        over = eligible & (counted >= limit_per_day[count_days][:, None] * fish - 1e-9)
        exceeded = over.any(axis=0)
        first = np.where(exceeded, over.argmax(axis=0) if len(count_days) else 0, len(count_days))
        accept = eligible & (np.arange(len(count_days))[:, None] <= first)
        observed[accept] = counted[accept]
        treat = (
            count_days[np.minimum(first, len(count_days) - 1)]
            if len(count_days)
            else np.zeros(n_pens, dtype=np.int64)
        )
        treat = np.where(exceeded, treat, 0) + params.LICE_TREATMENT_DELAY_DAYS
        treated = exceeded & (treat < end)
        stop = np.where(treated, treat, end)
        fill = (day >= reset) & (day < stop) & ~done
        adult_females[fill] = trajectory[fill]
        for pen in np.flatnonzero(treated):
            kind = _treatment_kind(rng, int(harvest_day[pen]) - int(treat[pen]))
            low, high = params.LICE_TREATMENTS[kind].efficacy_range
            efficacy = float(rng.uniform(low, high))
            before = float(trajectory[treat[pen], pen])
            treatments.append(
                (int(treat[pen]), int(pen), kind, efficacy, before, before * (1 - efficacy))
            )
            level[pen] = before * (1 - efficacy)
        reset = np.where(treated, treat, reset)
        done = done | ~treated
    count_day, count_pen = np.nonzero(observed >= 0)
    af_counts = observed[count_day, count_pen]
    true_level = adult_females[count_days[count_day], count_pen]
    others = rng.poisson(
        np.asarray(params.LICE_STAGE_RATIOS[1:])[None, :] * true_level[:, None] * fish
    )
    treat_rows = sorted(treatments)
    columns = list(zip(*treat_rows, strict=True)) if treat_rows else [[]] * 6
    return Lice(
        adult_females=adult_females,
        count_day=count_days[count_day],
        count_pen=count_pen,
        counts=np.column_stack([af_counts, others]).astype(np.int64),
        treat_day=np.asarray(columns[0], dtype=np.int64),
        treat_pen=np.asarray(columns[1], dtype=np.int64),
        treat_kind=np.asarray(columns[2], dtype=object).astype(str),
        efficacy=np.asarray(columns[3], dtype=float),
        before=np.asarray(columns[4], dtype=float),
        after=np.asarray(columns[5], dtype=float),
    )


def _treatment_kind(rng: np.random.Generator, days_to_harvest: int) -> str:
    """Medicinal bath only when its withholding period ends well before harvest (params)."""
    medication = params.LICE_TREATMENTS["medication"]
    far_enough = days_to_harvest > medication.withholding_period_days + 7
    return "medication" if far_enough and rng.random() < params.MEDICATION_SHARE else "physical"
