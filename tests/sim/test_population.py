"""Mortality against docs/references.md §4: stage losses, seasonality, survival, causes, integer
draws."""

from __future__ import annotations

import numpy as np
import pytest

from pytest_aquadata.sim import params, population


def test_draw_deaths_is_exact_and_integer():
    rng = np.random.default_rng(1)
    hazard = np.zeros((100, 3, 6))
    hazard[:, 0, params.CAUSE["UNKNOWN"]] = 0.01
    hazard[:50, 1, params.CAUSE["DISEASE"]] = 0.02
    hazard[:50, 1, params.CAUSE["PREDATION"]] = 0.02
    hazard[0, 2, params.CAUSE["HANDLING"]] = 1.0
    n0 = np.array([1_000_000, 1_000_000, 777])
    deaths = population.draw_deaths(rng, n0, hazard)
    assert deaths.dtype.kind == "i" and (deaths >= 0).all()
    total = deaths.sum(axis=(0, 2))
    assert total[0] == pytest.approx(n0[0] * (1 - 0.99**100), rel=0.01)
    assert total[1] == pytest.approx(n0[1] * (1 - 0.96**50), rel=0.01)
    assert deaths[:, 1, params.CAUSE["DISEASE"]].sum() == pytest.approx(
        deaths[:, 1, params.CAUSE["PREDATION"]].sum(), rel=0.02
    )
    assert deaths[50:, 1].sum() == 0 and deaths[:, 0, params.CAUSE["DISEASE"]].sum() == 0
    assert total[2] == 777 and deaths[0, 2, params.CAUSE["HANDLING"]] == 777
    assert (deaths.sum(axis=(0, 2)) <= n0).all()


def test_draw_deaths_with_no_hazard_kills_nothing():
    deaths = population.draw_deaths(
        np.random.default_rng(0), np.array([10, 0]), np.zeros((5, 2, 6))
    )
    assert deaths.sum() == 0


def test_monthly_rates_convert_to_daily():
    daily = population.monthly_to_daily(0.013)
    assert 1 - (1 - daily) ** params.DAYS_PER_MONTH == pytest.approx(0.013)


def _stage_loss(tr, code):
    a = tr.assignments
    mask = a.stage == code
    start = a.start_population[mask].sum()
    dead = tr.mortality.count[np.isin(tr.mortality.assignment, np.flatnonzero(mask))].sum()
    return dead / start


def test_egg_and_early_losses(full_runs):
    for tr in full_runs:
        assert _stage_loss(tr, 0) <= 0.16  # eggs ≤ 5 % and alevins a few %, batch factor ≤ 2 (§4)
        assert _stage_loss(tr, 0) >= 0.005
        assert _stage_loss(tr, 1) <= 0.3


def test_freshwater_monthly_mortality_above_12_g(scotland):
    """Smolt and post-smolt background losses: §4 NO median ~0.15–0.25 %/month (fish > 12 g)."""
    d = scotland.daily
    rows = (d.stage >= 3) & (d.stage < params.SEA_STAGE)
    background = (
        d.deaths_by_cause[rows].sum() - d.deaths_by_cause[rows, params.CAUSE["HANDLING"]].sum()
    )
    fish_days = d.population[rows].sum()
    monthly = background / fish_days * params.DAYS_PER_MONTH
    assert 0.0015 <= monthly <= 0.0025


def test_egg_to_smolt_survival_in_range(full_runs):
    survival = [tr.summary()["egg_to_smolt_survival"] for tr in full_runs]
    assert (
        min(survival) >= 0.65 and max(survival) <= 0.90
    )  # §4 ova-to-smolt ~65–75 %, companies higher
    assert np.std(survival) > 0.01  # batches differ


def test_cumulative_sea_mortality_in_range(full_runs):
    by_geo = {"Scotland": [], "Faroe Islands": []}
    for tr in full_runs:
        by_geo[tr.spec.geography].append(tr.summary()["sea_mortality"])
    all_values = by_geo["Scotland"] + by_geo["Faroe Islands"]
    assert (
        min(all_values) >= 0.08 and max(all_values) <= 0.25
    )  # §4: ~15 % NO, SC 14.5 %/yr, FO lower
    assert np.mean(by_geo["Faroe Islands"]) < np.mean(by_geo["Scotland"])  # §4 FO fell to ~6 %


def test_sea_background_follows_the_seasonal_profile_and_first_months():
    months = np.arange(12)
    days_at_sea = np.full((12, 1), 400)
    active = np.ones((12, 1), dtype=bool)
    bio = params.Biology(disease_outbreaks_per_pen_year=0.0, environmental_events_per_year=0.0)
    hazard, _ = population.sea_hazard(
        np.random.default_rng(0), months, days_at_sea, np.full(12, 9.0), active, bio, "Scotland"
    )
    monthly = 1 - (1 - hazard.sum(axis=2)[:, 0]) ** params.DAYS_PER_MONTH
    expected = np.asarray(params.MONTHLY_SEA_MORTALITY_PCT) / 100 * bio.sea_mortality_scale
    assert np.allclose(monthly, expected)
    assert monthly.argmin() == 5 and monthly.argmax() == 8  # §4 SC: June lowest, September highest
    early, _ = population.sea_hazard(
        np.random.default_rng(0),
        months,
        np.zeros((12, 1)),
        np.full(12, 9.0),
        active,
        bio,
        "Scotland",
    )
    early_monthly = 1 - (1 - early.sum(axis=2)[:, 0]) ** params.DAYS_PER_MONTH
    assert (early_monthly >= monthly - 1e-12).all()
    assert early_monthly.min() == pytest.approx(
        0.015 * bio.sea_mortality_scale
    )  # §4 first 3 months ≥ 1.5 %


def test_first_three_months_at_sea_lose_more(full_runs):
    early, later = [], []
    for tr in full_runs:
        d = tr.daily
        sea = d.stage == params.SEA_STAGE
        stocked = tr.assignments.start_date[d.assignment[sea]]
        age = (d.date[sea] - stocked).astype(int)
        rate = d.deaths[sea] / np.maximum(d.population[sea] + d.deaths[sea], 1)
        early.append(rate[age < 91].mean())
        later.append(rate[age >= 91].mean())
    assert np.mean(early) > np.mean(later)


def test_causes_are_schema_values_and_events_are_rarer_and_larger(full_runs):
    causes = set()
    for tr in full_runs:
        causes |= set(tr.mortality.cause)
    assert causes <= set(params.MORTALITY_CAUSES)
    assert {"UNKNOWN", "DISEASE", "HANDLING", "ENVIRONMENTAL"} <= causes
    outbreaks = [
        j for tr in full_runs for j in tr.journal.description if j.startswith("Disease outbreak")
    ]
    assert outbreaks, "no disease outbreak in sixteen batches"
