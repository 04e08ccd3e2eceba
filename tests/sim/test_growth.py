"""Growth against docs/references.md §1 (TGC), §2 (development, stage weights) and the K-factor
rule."""

from __future__ import annotations

import numpy as np
import pytest

from pytest_aquadata.sim import growth, params

TGC_RANGES = {1: (0.8, 2.0), 2: (0.8, 2.0), 3: (0.8, 2.0), 4: (1.0, 3.1), 5: (2.5, 3.5)}


def test_tgc_model_and_its_inverse_agree():
    w0 = np.array([0.2, 100.0, 500.0])
    tgc = np.array([1.2, 3.0, 2.8])
    degree_days = np.full((300, 3), 10.0)
    weights = growth.tgc_weights(w0, tgc, degree_days)
    assert np.allclose(growth.back_calculated_tgc(w0, weights[-1], degree_days.sum(axis=0)), tgc)
    # the one-step form gives the same end weights (it is what the factories call)
    assert np.allclose(growth.grown_weight(w0, tgc, degree_days.sum(axis=0)), weights[-1])
    assert growth.grown_weight(100.0, 3.0, 4150.0) == pytest.approx(5000.0, rel=0.02)
    # §1 derived row: 100 g → 5 kg takes ≈ 4 150 °C·d at TGC 3.0
    dd = 1000 * (np.cbrt(5000.0) - np.cbrt(100.0)) / 3.0
    assert 4100 < dd < 4200


def test_growth_temperature_window():
    bio = params.Biology()
    t = np.array([-1.0, 3.9, 4.0, 10.0, 16.0, 17.0, 18.0, 20.0])
    effective = growth.growth_temperature(t, bio)
    assert list(effective[:2]) == [0.0, 0.0] and effective[2] == 4.0 and effective[3] == 10.0
    assert (
        effective[4] == 16.0
        and 0 < effective[5] < 17.0
        and effective[6] == 0.0
        and effective[7] == 0.0
    )


def test_tgc_back_calculated_from_the_trajectory(full):
    """Each fed assignment's TGC, recomputed from its daily weights and temperatures, is its own
    TGC and lies in the published range of its stage (§1)."""
    d, a = full.daily, full.assignments
    dd = growth.growth_temperature(d.temperature_c, full.biology)
    for i in np.flatnonzero(a.stage > 0):
        rows = d.assignment == i
        if rows.sum() < 10:
            continue
        tgc = growth.back_calculated_tgc(
            a.start_weight_g[i], d.avg_weight_g[rows][-1], dd[rows].sum()
        )
        assert tgc == pytest.approx(a.tgc[i], rel=1e-9)
        low, high = TGC_RANGES[int(a.stage[i])]
        assert low <= tgc <= high, (int(a.stage[i]), tgc)
    sea = a.stage == params.SEA_STAGE
    assert 2.5 <= a.tgc[sea].mean() <= 3.5  # §1 sea TGC
    fw = (a.stage > 0) & (a.stage < params.SEA_STAGE)
    assert a.tgc[fw].std() > 0 and a.tgc[sea].std() > 0  # each container grows at its own rate


def test_eggs_develop_by_degree_days_and_are_not_fed(full):
    d, bio = full.daily, full.biology
    eggs = d.stage == 0
    assert (d.feed_kg[eggs] == 0).all() and (d.feedings[eggs] == 0).all()
    tray = d.assignment == d.assignment[eggs][0]
    dd = np.cumsum(d.temperature_c[tray])
    hatched = dd >= bio.hatch_degree_days
    assert np.allclose(
        d.avg_weight_g[tray][~hatched][:-1], bio.egg_weight_g
    )  # 0.14 g until hatch (§2)
    assert (
        abs(dd[-1] - bio.first_feeding_degree_days) < 15
    )  # moved at first feeding (~850–1000 °C·d)
    assert d.avg_weight_g[tray][-1] == pytest.approx(bio.first_feeding_weight_g, abs=0.002)
    first_fry_day = d.date[d.stage == 1].min()
    assert d.date[eggs].max() < first_fry_day and (d.feed_kg[d.date == first_fry_day] > 0).any()
    days = (first_fry_day - np.datetime64(full.start_date)).astype(int)
    assert 90 <= days <= 140  # ~500 °C·d at 7 °C to hatch, then alevins at 10 °C


def test_stage_changes_follow_the_stage_weight_ranges(full):
    a, bio = full.assignments, full.biology
    for code in range(1, params.SEA_STAGE):
        entering = a.start_weight_g[a.stage == code]
        if code == 1:
            assert np.allclose(entering, bio.first_feeding_weight_g, atol=0.005)
        else:
            low = params.STAGES[code].weight_min_g
            assert (entering >= 0.9 * low).all() and entering.mean() <= 1.1 * low, (
                code,
                entering.mean(),
            )
    smolts = a.start_weight_g[a.stage == params.SEA_STAGE]
    assert 450 <= smolts.mean() <= 600  # sea transfer at ~500 g: §2 FO smolts > 400 g, target 500 g
    assert (smolts >= 150).all() and (smolts <= 1000).all()  # §2 post-smolt 150–1000 g


def test_condition_factor_and_length_of_sampled_fish(full):
    s, fish, a = full.growth_samples, full.growth_fish, full.assignments
    stage = a.stage[s.assignment]
    assert s.condition_factor.min() > 0.9 and s.condition_factor.max() < 1.3
    sea_k = s.condition_factor[stage == params.SEA_STAGE].mean()
    assert 1.0 <= sea_k <= 1.4  # issue #4: K ≈ 1.0–1.4 at sea
    big = (fish.weight_g > 4500) & (fish.weight_g < 5500)
    assert big.sum() > 100
    assert 74.0 <= np.median(fish.length_cm[big]) <= 81.0  # a 5 kg fish ≈ 75–80 cm
    assert np.allclose(
        s.condition_factor,
        np.array(
            [
                np.mean(
                    100 * fish.weight_g[fish.sample == i] / fish.length_cm[fish.sample == i] ** 3
                )
                for i in s.index
            ]
        ),
    )


def test_sample_weights_spread_around_the_container_mean(full):
    s, d = full.growth_samples, full.daily
    cv = s.std_weight_g / s.avg_weight_g
    assert 0.15 < np.median(cv) < 0.30  # params weight_cv 0.22 (Der from §9 size distribution)
    key = {
        (int(i), t): w
        for i, t, w in zip(d.assignment, d.date.astype(int), d.avg_weight_g, strict=True)
    }
    truth = np.array(
        [key[(int(i), t)] for i, t in zip(s.assignment, s.date.astype(int), strict=True)]
    )
    assert abs(np.median(s.avg_weight_g / truth) - 1.0) < 0.02
    assert (s.min_weight_g <= s.avg_weight_g).all() and (s.avg_weight_g <= s.max_weight_g).all()


def test_sample_fish_helper_rounds_like_the_schema():
    rng = np.random.default_rng(0)
    w, length = growth.sample_fish(rng, np.array([5000.0, 0.3]), np.array([5, 1]), 200, 0.2)
    assert w.shape == length.shape == (2, 200)
    assert np.array_equal(w, np.round(w, 2)) and (w > 0).all() and (length > 0).all()
    assert abs(w[0].mean() / 5000.0 - 1) < 0.05
