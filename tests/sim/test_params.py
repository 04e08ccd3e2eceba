"""The stage table and constants match SCHEMA.md / docs/references.md; every parameter cites a
source."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from pytest_aquadata.sim import params
from pytest_aquadata.sim.feeding import feed_code


def test_stage_table_follows_schema_16():
    names = [(s.order, s.name, s.weight_min_g, s.weight_max_g) for s in params.STAGES]
    assert names == [
        (1, "Egg&Alevin", 0.05, 0.5),
        (2, "Fry", 0.5, 6.0),
        (3, "Parr", 6.0, 60.0),
        (4, "Smolt", 60.0, 180.0),
        (5, "Post-Smolt", 180.0, 500.0),
        (6, "Adult", 500.0, 7000.0),
    ]
    assert [s.code for s in params.STAGES] == list(range(6))
    for stage, following in zip(params.STAGES, params.STAGES[1:], strict=False):
        assert stage.weight_max_g == following.weight_min_g
    assert params.STAGES[params.SEA_STAGE].environment == "sea"
    assert {s.environment for s in params.STAGES[:-1]} == {"freshwater"}


def test_container_kinds_match_seeded_types_and_density_limits():
    kinds = {s.name: params.CONTAINER_KINDS[s.container_kind] for s in params.STAGES}
    assert [(k.type_name, k.category, k.volume_m3) for k in kinds.values()] == [
        ("Incubation Trays", "TRAY", 10.0),
        ("Small Tanks-Fry", "TANK", 100.0),
        ("Medium Tanks-Parr", "TANK", 500.0),
        ("Large Tanks-Smolt", "TANK", 1000.0),
        ("Pre-Transfer Tanks-Post-Smolt", "TANK", 2000.0),
        ("Sea Rings", "PEN", 50_000.0),
    ]
    pen = kinds["Adult"]
    assert pen.max_density_kg_m3 == 25.0 and pen.max_fish == 200_000  # §7 NO rules
    assert kinds["Fry"].max_density_kg_m3 <= 30.0  # §7 fry ~10–30
    assert kinds["Parr"].max_density_kg_m3 <= 60.0 and kinds["Smolt"].max_density_kg_m3 <= 60.0
    assert kinds["Post-Smolt"].max_density_kg_m3 <= 75.0  # §7 growth falls above 75


@pytest.mark.parametrize(
    ("weight_g", "pellet_mm"),
    [(0.2, 0.3), (0.5, 0.5), (1.0, 0.8), (3.0, 1.2), (7.0, 1.8), (20.0, 2.0), (50.0, 3.0),
     (150.0, 4.0), (400.0, 5.0), (700.0, 6.0), (1500.0, 7.0), (2500.0, 9.0), (4000.0, 11.0)],
)  # fmt: skip
def test_pellet_size_follows_the_fao_table_of_section_5(weight_g, pellet_mm):
    assert params.FEEDS[int(feed_code(np.array([weight_g]))[0])].pellet_mm == pellet_mm


def test_feeds_get_fatter_and_have_schema_size_categories():
    fat = [f.fat_pct for f in params.FEEDS]
    assert fat == sorted(fat) and 16 <= fat[0] <= 18 and 24 <= fat[-1] <= 30  # §5 lipid row
    assert {f.size_category for f in params.FEEDS} <= {"MICRO", "SMALL", "MEDIUM", "LARGE"}
    assert all(f.protein_pct + f.fat_pct + f.carbohydrate_pct < 100 for f in params.FEEDS)
    assert len({f.name for f in params.FEEDS}) == len(params.FEEDS)


def test_geography_sst_rows_are_the_biology_tables():
    sc = params.GEOGRAPHIES["Scotland"].monthly_sst_c
    fo = params.GEOGRAPHIES["Faroe Islands"].monthly_sst_c
    assert min(sc) == 7.44 and max(sc) == 14.10 and sc.index(max(sc)) == 7  # §3a: Mar min, Aug max
    assert min(fo) == 6.4 and max(fo) == 10.4 and round(sum(fo) / 12, 1) == 8.2  # §3b
    assert params.GEOGRAPHIES["Faroe Islands"].lice_limits == (1.5,) * 12  # §6 FO 1.5 AF
    sc_limits = params.GEOGRAPHIES["Scotland"].lice_limits
    assert sc_limits[1:6] == (0.5,) * 5 and sc_limits[6:] + sc_limits[:1] == (1.0,) * 7  # §6 CoGP


def test_sea_mortality_profile_is_the_2018_sc_series():
    profile = params.MONTHLY_SEA_MORTALITY_PCT
    assert len(profile) == 12 and profile[5] == 0.54 and profile[8] == 1.57
    assert 1.1 < np.mean(profile) < 1.3  # §4: SC average 1.3 %/month


def test_every_biology_default_is_inside_its_allowed_range_and_cited():
    defaults = params.Biology()
    for f in dataclasses.fields(params.Biology):
        low, high = params.PARAMETER_RANGES[f.name]
        assert low <= getattr(defaults, f.name) <= high, f.name
        ref = params.PARAMETER_REFS[f.name]
        assert "§" in ref or "choice" in ref, (
            f"{f.name} has no docs/references.md reference or choice note"
        )
    assert set(params.PARAMETER_NAMES) == set(params.PARAMETER_RANGES)


def test_published_ranges_bound_the_core_parameters():
    bio = params.Biology()
    assert 2.5 <= bio.tgc_sea <= 3.5  # §1 sea TGC
    assert all(
        1.0 <= getattr(bio, n) <= 2.0
        for n in ("tgc_fry", "tgc_parr", "tgc_smolt", "tgc_post_smolt")
    )
    assert 0.8 <= bio.fcr_freshwater <= 1.0 and 1.05 <= bio.fcr_sea <= 1.25  # §5
    assert (
        450 <= bio.hatch_degree_days <= 500 and 800 <= bio.first_feeding_degree_days <= 1000
    )  # §2
    assert 6 <= bio.incubation_temp_c <= 8 and 12 <= bio.freshwater_temp_c <= 14  # §3c
    assert bio.egg_mortality <= 0.05  # §4 eggs ≤ 5 %
    assert 0.0015 <= bio.freshwater_monthly <= 0.0025  # §4 NO freshwater median


def test_enumerations_are_schema_choice_values():
    assert params.MORTALITY_CAUSES == (
        "DISEASE",
        "HANDLING",
        "PREDATION",
        "ENVIRONMENTAL",
        "UNKNOWN",
        "OTHER",
    )
    assert params.TREATMENT_TYPES == ("medication", "vaccination", "physical", "other")
    assert {t.treatment_type for t in params.LICE_TREATMENTS.values()} <= set(
        params.TREATMENT_TYPES
    )
    assert set(params.TRANSFER_METHOD_BY_STAGE) <= set(params.TRANSFER_METHODS)
    assert set(params.FEEDING_METHOD_BY_ENVIRONMENT.values()) <= set(params.FEEDING_METHODS)
    assert [g for g, _ in params.PRODUCT_GRADES] == ["SUPERIOR", "ORDINARY", "PRODUCTION"]
    assert len(params.HEALTH_PARAMETERS) == 9
    assert all(gender in ("male", "female", "unknown") for _, gender, _ in params.LICE_TYPES)
    assert {k.container_type for k in params.FEED_CONTAINER_KINDS.values()} <= {
        "SILO",
        "BARGE",
        "TANK",
        "OTHER",
    }
    assert {p.sensor_type for p in params.ENV_PARAMETERS} <= {
        "TEMPERATURE",
        "OXYGEN",
        "PH",
        "SALINITY",
        "CO2",
        "OTHER",
    }
