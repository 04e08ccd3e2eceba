"""Sampling, vaccination, sea lice and treatments against docs/references.md §6 and SCHEMA.md §7."""

from __future__ import annotations

import numpy as np

from pytest_aquadata.sim import health, params


def test_weekly_growth_samples_of_thirty_fish(full):
    s, fish, a = full.growth_samples, full.growth_fish, full.assignments
    assert (s.sample_size == params.GROWTH_SAMPLE_SIZE).all()
    assert np.array_equal(np.bincount(fish.sample), s.sample_size)
    assert (a.stage[s.assignment] > 0).all()  # eggs are not weighed
    for i in np.unique(s.assignment)[:20]:
        dates = s.date[s.assignment == i]
        assert (np.diff(dates).astype(int) == params.GROWTH_SAMPLE_INTERVAL_DAYS).all()
    fed_assignments = np.unique(full.daily.assignment[full.daily.feed_kg > 0])
    long_enough = [i for i in fed_assignments if (full.daily.assignment == i).sum() >= 7]
    assert set(long_enough) <= set(s.assignment.tolist())


def test_monthly_health_sampling_with_scores(full):
    h, fish = full.health_samplings, full.health_fish
    months = (h.date.astype("datetime64[M]") - np.datetime64(full.start_date, "M")).astype(int)
    assert len(h) >= 15 and len(np.unique(months)) >= len(h) - 3
    assert fish.scores.shape == (len(fish), len(params.HEALTH_PARAMETERS))
    assert fish.scores.min() >= 0 and fish.scores.max() <= 3
    assert 0.5 < (fish.scores == 0).mean() < 0.85  # mostly healthy fish
    assert np.array_equal(np.bincount(fish.sample, minlength=len(h)), h.sample_size)


def test_every_smolt_tank_is_vaccinated_once_before_sea_transfer(full):
    a, v = full.assignments, full.vaccinations
    smolt_tanks = np.flatnonzero(a.stage == params.SMOLT)
    assert sorted(v.assignment.tolist()) == smolt_tanks.tolist()
    first_sea_day = a.start_date[a.stage == params.SEA_STAGE].min()
    assert (v.at.astype("datetime64[D]") < first_sea_day).all()
    assert (v.at.astype("datetime64[D]") < a.end_date[v.assignment]).all()
    assert (
        set(v.vaccine) == {params.VACCINE.name}
        and (v.withholding_period_days == params.VACCINE.withholding_period_days).all()
    )
    assert (v.fish_count > 0).all()


def test_lice_only_at_sea_counted_on_schedule(full):
    lc, a, d = full.lice_counts, full.assignments, full.daily
    assert (a.stage[lc.assignment] == params.SEA_STAGE).all()
    assert np.isnan(d.lice_adult_female[d.stage < params.SEA_STAGE]).all()
    assert (lc.fish_sampled == 20).all() and lc.counts.shape[1] == len(params.LICE_TYPES)
    assert np.allclose(lc.adult_female_per_fish, lc.counts[:, 0] / 20)
    assert np.allclose(lc.mobile_per_fish + lc.attached_per_fish, lc.counts[:, 1:].sum(axis=1) / 20)
    assert lc.mobile_per_fish.mean() > lc.adult_female_per_fish.mean() > 0
    interval = params.GEOGRAPHIES[full.spec.geography].lice_count_interval_days
    pen = lc.assignment[0]
    gaps = np.diff(lc.at[lc.assignment == pen].astype("datetime64[D]")).astype(int)
    assert (gaps == interval).all()  # §6: SC weekly, FO fortnightly


def test_treatments_follow_counts_at_the_limit(full):
    lc, t = full.lice_counts, full.treatments
    lice = t.take(t.treatment_type != "vaccination")
    assert len(lice) > 0
    for pen, when in zip(lice.assignment, lice.at.astype("datetime64[D]"), strict=True):
        counted = lc.at.astype("datetime64[D]") == when - params.LICE_TREATMENT_DELAY_DAYS
        trigger = counted & (lc.assignment == pen)
        assert trigger.sum() == 1
        assert lc.adult_female_per_fish[trigger][0] >= lc.limit[trigger][0] - 1e-9
    assert (lice.lice_after < lice.lice_before).all()
    assert set(lice.outcome) <= {"successful", "partial"}


def test_counts_fall_after_treatment(full):
    lc, t = full.lice_counts, full.treatments
    lice = t.take(t.treatment_type != "vaccination")
    before, after = [], []
    for pen, when in zip(lice.assignment, lice.at, strict=True):
        mine = lc.assignment == pen
        prior = mine & (lc.at < when)
        later = mine & (lc.at > when)
        if prior.any() and later.any():
            before.append(lc.adult_female_per_fish[prior][-1])
            after.append(lc.adult_female_per_fish[later][0])
    assert len(before) >= 5 and np.mean(after) < 0.5 * np.mean(before)


def test_lice_levels_respect_the_geography_limits(full_runs):
    """Lice stay in the range §6's limits imply; Scottish averages resemble §6's 0.34–0.61."""
    for tr in full_runs:
        lc = tr.lice_counts
        assert np.quantile(lc.adult_female_per_fish, 0.95) <= 2.0 * lc.limit.max()
        if tr.spec.geography == "Scotland":
            assert 0.15 <= lc.adult_female_per_fish.mean() <= 0.8


def test_lice_rise_with_temperature_and_season(full_runs):
    bio = params.Biology()
    temps = np.linspace(4, 18, 15)
    growth_rate, infection = health.lice_rates(temps, bio)
    assert (np.diff(growth_rate) >= 0).all() and (np.diff(infection) >= 0).all()
    assert (
        growth_rate.min() == bio.lice_growth_min and growth_rate.max() == bio.lice_growth_max
    )  # §6 1.7–5.4 %/day
    warm_days = cold_days = warm_treatments = cold_treatments = 0
    for tr in full_runs:
        d = tr.daily
        sea = d.stage == params.SEA_STAGE
        temp_of = {
            (int(a), int(day)): x
            for a, day, x in zip(
                d.assignment[sea], d.date[sea].astype(int), d.temperature_c[sea], strict=True
            )
        }
        warm_days += (d.temperature_c[sea] >= 10).sum()
        cold_days += (d.temperature_c[sea] < 9).sum()
        t = tr.treatments.take(tr.treatments.treatment_type != "vaccination")
        for a, at in zip(t.assignment, t.at.astype("datetime64[D]").astype(int), strict=True):
            x = temp_of[(int(a), int(at))]
            warm_treatments += x >= 10
            cold_treatments += x < 9
    assert warm_treatments / warm_days > 1.5 * cold_treatments / cold_days


def test_no_harvest_inside_a_withholding_period(full_runs):
    for tr in full_runs:
        t, h = tr.treatments, tr.harvests
        for pen, at, withhold in zip(t.assignment, t.at, t.withholding_period_days, strict=True):
            harvested = h.at[h.assignment == pen]
            if len(harvested) and withhold:
                assert (harvested[0] - at).astype("timedelta64[D]").astype(int) >= withhold


def test_journal_entries_use_schema_choices(full):
    j = full.journal
    assert set(j.category) <= set(params.JOURNAL_CATEGORIES)
    assert set(j.severity) <= set(params.JOURNAL_SEVERITIES)
    assert {"observation", "action", "vaccination", "treatment", "sample"} <= set(j.category)
    assert (np.diff(j.at) >= np.timedelta64(0, "m")).all()
    a = full.assignments
    linked = j.assignment >= 0
    assert (j.assignment[linked] < len(a)).all()
    days = j.at[linked].astype("datetime64[D]")
    ends = np.where(np.isnat(a.end_date), np.datetime64(full.end_date), a.end_date)
    assert (
        (a.start_date[j.assignment[linked]] <= days) & (days <= ends[j.assignment[linked]])
    ).all()


def test_health_score_helper_is_worse_under_stress():
    rng = np.random.default_rng(0)
    calm = health.health_scores(rng, np.zeros(200, dtype=bool), 20)
    stressed = health.health_scores(rng, np.ones(200, dtype=bool), 20)
    assert stressed.mean() > calm.mean()
