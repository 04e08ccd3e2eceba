"""Water climate per geography and container: temperature, oxygen, salinity, pH, N compounds, light.

Sea temperature follows the monthly means of docs/references.md §3a (Scotland) / §3b (Faroe Islands)
through a smooth periodic curve whose monthly averages equal the table, plus AR(1) day-to-day
anomalies (params.TEMPERATURE_AR1_*); freshwater temperatures are set points (§3c) with small noise.
Oxygen solubility is Benson & Krause (1984) as in docs/references.md §8; day length is the CBM model
of Forsythe et al. (1995, Ecological Modelling 80:87–95), not in docs/references.md.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

import numpy as np

from . import params

_YEAR_DAYS = 365.25
_AR1_BLOCK = 64


@lru_cache(maxsize=8)
def _monthly_curve_coefficients(monthly_means: tuple[float, ...]) -> np.ndarray:
    """Coefficients of 1, cos kx, sin kx (k=1..5), sin 6x whose monthly averages are the means."""
    edges = 2.0 * np.pi * np.arange(13) / 12.0
    a, b = edges[:-1], edges[1:]
    width = b - a
    columns = [np.ones(12)]
    for k in range(1, 6):
        columns.append((np.sin(k * b) - np.sin(k * a)) / (k * width))
        columns.append((np.cos(k * a) - np.cos(k * b)) / (k * width))
    columns.append((np.cos(6 * a) - np.cos(6 * b)) / (6 * width))
    return np.linalg.solve(np.column_stack(columns), np.asarray(monthly_means, dtype=float))


def _curve(coefficients: np.ndarray, x: np.ndarray) -> np.ndarray:
    out = np.full(x.shape, coefficients[0])
    for k in range(1, 6):
        out += coefficients[2 * k - 1] * np.cos(k * x) + coefficients[2 * k] * np.sin(k * x)
    return out + coefficients[11] * np.sin(6 * x)


def day_of_year(start_date: dt.date, n_days: int) -> np.ndarray:
    """Day of year (1-based) of ``n_days`` consecutive days from ``start_date``."""
    dates = np.datetime64(start_date, "D") + np.arange(n_days)
    year_start = dates.astype("datetime64[Y]").astype("datetime64[D]")
    return (dates - year_start).astype(np.int64) + 1


def sea_temperature_climatology(geography: str, start_date: dt.date, n_days: int) -> np.ndarray:
    """Smooth daily mean sea temperature (°C) matching the §3 monthly means of the geography."""
    coefficients = _monthly_curve_coefficients(params.GEOGRAPHIES[geography].monthly_sst_c)
    x = 2.0 * np.pi * (day_of_year(start_date, n_days) - 0.5) / _YEAR_DAYS
    return _curve(coefficients, x)


def mean_sea_temperature(geography: str, day: dt.date) -> float:
    """The climatological daily mean sea temperature (°C) of ``geography`` on ``day``: one value
    of ``sea_temperature_climatology``, without the day-to-day anomalies."""
    return float(sea_temperature_climatology(geography, day, 1)[0])


def ar1(rng: np.random.Generator, shape: tuple[int, ...], phi: float, sd: float) -> np.ndarray:
    """Stationary AR(1) series along axis 0 (lag-1 correlation ``phi``, marginal sd ``sd``)."""
    n = shape[0]
    out = np.empty(shape)
    if n == 0:
        return out
    innovations = rng.normal(0.0, sd * math.sqrt(1.0 - phi * phi), size=shape)
    previous = rng.normal(0.0, sd, size=shape[1:])
    powers = phi ** np.arange(_AR1_BLOCK, dtype=float)
    inverse = 1.0 / powers if phi > 0 else None
    for start in range(0, n, _AR1_BLOCK):
        stop = min(start + _AR1_BLOCK, n)
        block = innovations[start:stop]
        m = stop - start
        if inverse is None:
            out[start:stop] = block
            continue
        scale = powers[:m].reshape((m,) + (1,) * (len(shape) - 1))
        weights = inverse[:m].reshape(scale.shape)
        out[start:stop] = scale * (phi * previous + np.cumsum(block * weights, axis=0))
        previous = out[stop - 1]
    return out


def sea_temperature(
    geography: str, start_date: dt.date, n_days: int, rng: np.random.Generator
) -> np.ndarray:
    """Daily site sea temperature (°C): §3 climatology plus AR(1) anomalies."""
    anomaly = ar1(rng, (n_days,), params.TEMPERATURE_AR1_PHI, params.TEMPERATURE_AR1_SD_C)
    return sea_temperature_climatology(geography, start_date, n_days) + anomaly


def controlled_temperature(
    setpoint: np.ndarray | float, n_days: int, n_containers: int, rng: np.random.Generator
) -> np.ndarray:
    """Hatchery tank temperatures (days × containers): set point (§3c) plus small AR(1) noise."""
    noise = ar1(
        rng,
        (n_days, n_containers),
        params.TANK_TEMPERATURE_AR1_PHI,
        params.TANK_TEMPERATURE_AR1_SD_C,
    )
    return np.asarray(setpoint, dtype=float) + noise


def oxygen_solubility_mg_l(temp_c: np.ndarray, salinity_ppt: np.ndarray) -> np.ndarray:
    """O2 at 100 % saturation, mg/L, 1 atm: Benson & Krause (1984) as in docs/references.md §8."""
    t = np.asarray(temp_c, dtype=float) + 273.15
    s = np.asarray(salinity_ppt, dtype=float)
    ln_c = (
        -139.34411
        + 1.575701e5 / t
        - 6.642308e7 / t**2
        + 1.243800e10 / t**3
        - 8.621949e11 / t**4
        - s * (0.017674 - 10.754 / t + 2140.7 / t**2)
    )
    return np.exp(ln_c)


def day_length_hours(latitude: float, doy: np.ndarray) -> np.ndarray:
    """Hours of daylight (sun within 0.8333° of the horizon) by the CBM model (Forsythe 1995)."""
    theta = 0.2163108 + 2.0 * np.arctan(0.9671396 * np.tan(0.00860 * (np.asarray(doy) - 186)))
    phi = np.arcsin(0.39795 * np.cos(theta))
    lat = math.radians(latitude)
    p = math.radians(0.8333)
    x = (math.sin(p) + math.sin(lat) * np.sin(phi)) / (math.cos(lat) * np.cos(phi))
    return 24.0 - (24.0 / np.pi) * np.arccos(np.clip(x, -1.0, 1.0))


def daily_water(
    environment: str,
    temperature_c: np.ndarray,
    geography: str,
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    """Daily water quality for containers (days × containers) at given temperatures (§8 limits).

    Returns every key of ``params.ENV_PARAMETER_KEYS`` except temperature; parameters not measured
    in this environment are NaN.
    """
    shape = temperature_c.shape
    sea = environment == "sea"
    out: dict[str, np.ndarray] = {}
    for key, (freshwater, seawater) in params.DAILY_WATER.items():
        draw = seawater if sea else freshwater
        if draw is None:
            out[key] = np.full(shape, np.nan)
            continue
        mean, sd, low, high = draw
        values = rng.normal(mean, sd, size=shape)
        if key == "oxygen_sat_pct" and sea:
            values -= params.SEA_OXYGEN_SAT_PER_DEGREE * np.maximum(temperature_c - 10.0, 0.0)
        out[key] = np.clip(values, low, high)
    if sea:
        geo = params.GEOGRAPHIES[geography]
        salinity = rng.normal(geo.salinity_ppt, geo.salinity_sd_ppt, size=shape)
        out["salinity_ppt"] = np.clip(salinity, 30.0, 35.5)
    else:
        out["salinity_ppt"] = np.full(shape, np.nan)
    salinity_for_o2 = out["salinity_ppt"] if sea else np.full(shape, params.FRESHWATER_SALINITY_PPT)
    out["oxygen_mg_l"] = (
        out["oxygen_sat_pct"] / 100.0 * oxygen_solubility_mg_l(temperature_c, salinity_for_o2)
    )
    return out


def diurnal_offset(amplitude: float, minute_of_day: np.ndarray) -> np.ndarray:
    """Small daily cycle peaking at 15:00 (choice), zero on average over the day."""
    return amplitude * np.cos(2.0 * np.pi * (np.asarray(minute_of_day) - 15 * 60) / 1440.0)
