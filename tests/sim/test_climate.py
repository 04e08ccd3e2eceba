"""Water climate against docs/references.md §3 (temperatures), §8 (water quality, photoperiod)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pytest_aquadata.sim import climate, params


def _monthly_means(values: np.ndarray, start: dt.date) -> np.ndarray:
    months = (np.datetime64(start, "D") + np.arange(len(values))).astype("datetime64[M]").astype(
        int
    ) % 12
    return np.array([values[months == m].mean() for m in range(12)])


@pytest.mark.parametrize("geography", ["Scotland", "Faroe Islands"])
def test_climatology_reproduces_the_monthly_means(geography):
    start = dt.date(2001, 1, 1)
    curve = climate.sea_temperature_climatology(geography, start, 365 * 28 + 7)
    expected = np.asarray(params.GEOGRAPHIES[geography].monthly_sst_c)
    assert np.abs(_monthly_means(curve, start) - expected).max() < 0.12
    day_to_day = np.abs(np.diff(curve)).max()
    assert day_to_day < 0.12, "the curve between months must be smooth, not stepped"


@pytest.mark.parametrize("geography", ["Scotland", "Faroe Islands"])
def test_mean_sea_temperature_of_one_day_is_the_climatology(geography):
    start = dt.date(2025, 1, 1)
    curve = climate.sea_temperature_climatology(geography, start, 365)
    for offset in (0, 45, 200, 364):
        day = start + dt.timedelta(days=offset)
        assert climate.mean_sea_temperature(geography, day) == pytest.approx(curve[offset])
    # August is warmer than February in both geographies (docs/references.md §3)
    assert climate.mean_sea_temperature(geography, dt.date(2025, 8, 15)) > (
        climate.mean_sea_temperature(geography, dt.date(2025, 2, 15)) + 2
    )


@pytest.mark.parametrize("geography", ["Scotland", "Faroe Islands"])
def test_noisy_sea_temperature_keeps_the_monthly_means_and_range(geography):
    start = dt.date(2001, 1, 1)
    temp = climate.sea_temperature(geography, start, 365 * 30, np.random.default_rng(3))
    expected = np.asarray(params.GEOGRAPHIES[geography].monthly_sst_c)
    assert np.abs(_monthly_means(temp, start) - expected).max() < 0.35
    anomaly = temp - climate.sea_temperature_climatology(geography, start, len(temp))
    assert 0.4 < anomaly.std() < 0.6
    assert 0.9 < np.corrcoef(anomaly[:-1], anomaly[1:])[0, 1] < 0.98  # AR(1) day to day
    months = (np.datetime64(start, "D") + np.arange(len(temp))).astype("datetime64[M]").astype(int)
    monthly = np.bincount(months - months[0], weights=temp) / np.bincount(months - months[0])
    if geography == "Scotland":
        assert monthly.min() > 6.0 and monthly.max() < 15.6  # §3a 30-y monthly extremes 6.6–15.2
    else:
        assert monthly.min() > 5.0 and monthly.max() < 12.0  # §3b 6–11 °C, stable year-round


def test_trajectory_sea_temperatures_follow_the_geography(full):
    d = full.daily
    sea = d.stage == params.SEA_STAGE
    months = d.date[sea].astype("datetime64[M]").astype(int) % 12
    table = np.asarray(params.GEOGRAPHIES[full.spec.geography].monthly_sst_c)
    for month in np.unique(months):
        observed = d.temperature_c[sea][months == month].mean()
        assert abs(observed - table[month]) < 1.6, (month, observed, table[month])


def test_freshwater_temperatures_are_the_hatchery_set_points(scotland):
    d, bio = scotland.daily, scotland.biology
    eggs = d.temperature_c[d.stage == 0]
    assert eggs.min() > 5.5 and eggs.max() < 11.5  # §3c incubation 6–8, alevin ~10
    fed = d.temperature_c[(d.stage > 0) & (d.stage < params.SEA_STAGE)]
    assert (
        abs(fed.mean() - bio.freshwater_temp_c) < 0.1 and fed.min() > 11.5 and fed.max() < 14.5
    )  # §3c 12–14


@pytest.mark.parametrize(
    ("temp", "salinity", "expected"),
    [(5, 0, 12.8), (10, 0, 11.3), (15, 0, 10.1), (5, 35, 10.1), (10, 35, 9.0), (15, 35, 8.1)],
)
def test_oxygen_solubility_matches_the_section_8_table(temp, salinity, expected):
    assert climate.oxygen_solubility_mg_l(np.array(temp), np.array(salinity)) == pytest.approx(
        expected, abs=0.06
    )


def test_oxygen_is_consistent_with_temperature_and_salinity(full):
    d = full.daily
    salinity = np.where(np.isnan(d.salinity_ppt), params.FRESHWATER_SALINITY_PPT, d.salinity_ppt)
    saturation = climate.oxygen_solubility_mg_l(d.temperature_c, salinity)
    assert np.allclose(d.oxygen_mg_l, d.oxygen_sat_pct / 100.0 * saturation)
    tanks = d.stage < params.SEA_STAGE
    assert (d.oxygen_sat_pct[tanks] >= 80.0).all()  # §8 tank outlet > 80 %
    assert (d.oxygen_sat_pct >= 35.0).all()  # §8 avoidance below 35 %


def test_water_quality_stays_inside_section_8(full):
    d = full.daily
    fw = d.stage < params.SEA_STAGE
    assert np.nanmin(d.ph[fw]) >= 6.2 and np.nanmax(d.ph[fw]) <= 7.8
    assert (
        np.nanmax(d.co2_mg_l) < 15.0
        and np.nanmax(d.tan_mg_l) < 2.0
        and np.nanmax(d.nitrite_mg_l) < 0.1
    )
    assert np.nanmax(d.nitrate_mg_l) < 100.0
    assert np.isnan(d.co2_mg_l[~fw]).all() and np.isnan(d.salinity_ppt[fw]).all()
    assert (
        d.salinity_ppt[~fw].min() >= 30.0 and d.salinity_ppt[~fw].max() <= 35.5
    )  # §8 full SW 33–35, lochs lower


@pytest.mark.parametrize(
    ("latitude", "doy", "low", "high"),
    [
        (56.5, 172, 17.3, 18.0),
        (56.5, 355, 6.8, 7.4),
        (62.0, 172, 19.6, 20.3),
        (62.0, 355, 5.0, 5.8),
        (56.5, 80, 12.0, 12.6),
    ],
)
def test_day_length_from_latitude_and_date(latitude, doy, low, high):
    assert low < float(climate.day_length_hours(latitude, np.array([doy]))[0]) < high


def test_photoperiod_winter_signal_then_continuous_light(scotland):
    d, a = scotland.daily, scotland.assignments
    parr = d.stage == 2
    signal = d.light_hours[parr] == params.WINTER_SIGNAL_LIGHT_HOURS
    per_tank = np.bincount(d.assignment[parr][signal])
    assert set(per_tank[per_tank > 0]) == {params.WINTER_SIGNAL_DAYS}  # §8 5–7 weeks of 12L:12D
    assert (d.light_hours[(d.stage == 3) | (d.stage == 4)] == 24.0).all()  # then 24L to smoltify
    assert (d.light_hours[d.stage == 0] == 0.0).all()
    sea_days = scotland.photoperiod
    assert (
        len(sea_days)
        and sea_days.day_length_hours.min() > 5
        and sea_days.day_length_hours.max() < 19
    )
    assert len(a)


def test_diurnal_cycle_averages_to_zero():
    minutes = np.arange(0, 1440, 10)
    assert abs(climate.diurnal_offset(0.15, minutes).mean()) < 1e-12
    assert climate.diurnal_offset(0.15, np.array([15 * 60]))[0] == pytest.approx(0.15)
