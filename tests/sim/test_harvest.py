"""Harvest against docs/references.md §2 (weights, timing) and §9 (yield, grades, size classes)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pytest_aquadata.sim import harvest, params


def test_every_pen_is_harvested_once_over_several_days(full):
    h, a = full.harvests, full.assignments
    pens = np.flatnonzero(a.stage == params.SEA_STAGE)
    assert sorted(h.assignment.tolist()) == pens.tolist()
    days = np.unique(h.at.astype("datetime64[D]"))
    assert len(days) == math.ceil(len(pens) / params.HARVEST_PENS_PER_DAY)
    assert (np.diff(days).astype(int) == 1).all()
    assert (a.end_reason[pens] == "harvest").all() and full.status == "COMPLETED"
    assert (h.count == a.end_population[h.assignment]).all()


def test_harvest_weight_reaches_the_target(full_runs):
    for tr in full_runs:
        mean_kg = tr.summary()["harvest_mean_kg"]
        assert tr.harvest_target_kg <= mean_kg <= tr.harvest_target_kg * 1.12
        assert 4.5 <= tr.harvest_target_kg <= 6.5  # default target drawn in 4.5–6.5 kg
        assert 3.0 <= mean_kg <= 7.5  # §2 harvest weight 4–6 kg live (3–7)


def test_time_at_sea_and_whole_cycle(full_runs):
    for tr in full_runs:
        a = tr.assignments
        sea = a.stage == params.SEA_STAGE
        sea_months = (a.end_date[sea].max() - a.start_date[sea].min()).astype(int) / 30.44
        fw_months = (a.start_date[sea].min() - np.datetime64(tr.start_date)).astype(int) / 30.44
        assert 8 <= sea_months <= 15, (
            sea_months
        )  # §2 sea phase 500 g smolts 8–12 months, to 4.5–6.5 kg
        assert 12 <= fw_months <= 18, fw_months  # §2 freshwater 10–16 months to ~100 g (8–18)
        assert 2.0 <= tr.summary()["days"] / 365.25 <= 3.5  # §2 egg → harvest 2–3.5 years


def test_lots_add_up_to_each_harvest(full):
    h, lots, waste = full.harvests, full.harvest_lots, full.harvest_waste
    assert np.array_equal(np.bincount(lots.harvest, weights=lots.count, minlength=len(h)), h.count)
    assert np.allclose(np.bincount(lots.harvest, weights=lots.live_kg, minlength=len(h)), h.live_kg)
    gutted = np.bincount(lots.harvest, weights=lots.gutted_kg, minlength=len(h))
    assert np.allclose(waste.weight_kg, h.live_kg - gutted) and set(waste.category) == {
        params.HARVEST_WASTE_CATEGORY
    }


def test_gutted_and_fillet_yield(full):
    lots = full.harvest_lots
    ratio = lots.gutted_kg / lots.live_kg
    assert ratio.min() >= 0.82 and ratio.max() <= 0.86  # §9 LW → HOG 0.83 (0.82–0.86)
    fillet = lots.fillet_kg / lots.live_kg
    assert fillet.min() >= 0.60 and fillet.max() <= 0.65  # §9 edible yield ~65 % (60–65)


def test_grade_shares(full_runs):
    shares = []
    for tr in full_runs:
        lots = tr.harvest_lots
        assert set(lots.grade) <= {g for g, _ in params.PRODUCT_GRADES}
        shares.append(tr.summary()["superior_share"])
    assert min(shares) >= 0.86 and np.median(shares) > 0.90  # §9 superior normally > 90 %


def test_size_classes_in_one_kg_hog_bands(full):
    lots = full.harvest_lots
    assert set(lots.size_class) <= set(params.SIZE_CLASSES)
    hog_mean = lots.gutted_kg / lots.count
    for label, mean in zip(lots.size_class, hog_mean, strict=True):
        low = 0.0 if label == "0-1" else float(label.split("-")[0].rstrip("+"))
        high = 99.0 if label.endswith("+") else float(label.split("-")[1])
        assert 0.95 * low <= mean <= 1.05 * high, (label, mean)  # class means sit in their band
    core = np.isin(lots.size_class, ["3-4", "4-5", "5-6"])
    assert lots.count[core].sum() / lots.count.sum() > 0.5  # §9 most volume in the middle classes


def test_size_class_shares_are_a_distribution():
    share, mean = harvest.size_class_shares(
        5000.0, 0.22, np.array([1000, 2000, 4000, 6000, 8000.0])
    )
    assert share.sum() == pytest.approx(1.0) and (share >= 0).all()
    assert (share * mean).sum() == pytest.approx(5000.0, rel=1e-6)
    assert 2000 < mean[2] < 4000 and 4000 < mean[3] < 6000


def test_maximum_time_at_sea_ends_the_batch(simulate):
    tr = simulate(
        "Faroe Islands",
        eggs=20_000,
        seed=4,
        harvest_target_kg=10.0,
        overrides={"max_sea_days": 240.0, "tgc_sea": 2.5},
    )
    a = tr.assignments
    sea = a.stage == params.SEA_STAGE
    assert tr.status == "COMPLETED"
    first = a.start_date[sea].min()
    assert ((tr.harvests.at.astype("datetime64[D]").min() - first).astype(int)) in range(240, 245)
    assert tr.summary()["harvest_mean_kg"] < 10.0
