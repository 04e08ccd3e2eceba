"""Environmental rows from a trajectory: sensor readings tied to container, sensor, batch and
assignment (a few taken by hand by the geography's operator); photoperiod and weather of the
sea area while the batch is at sea; water quality at each stage transition.

Readings are generated and loaded chunk by chunk (``Trajectory.readings``), so a batch with
millions of readings never holds them all in memory.
"""

from __future__ import annotations

import numpy as np

from pytest_aquadata.reference import notes
from pytest_aquadata.rows.batch import system_user_id
from pytest_aquadata.rows.common import rng_for
from pytest_aquadata.rows.context import (
    WORKDAY_MINUTES,
    WORKDAY_START_MIN,
    BatchRows,
    BuildContext,
    Site,
    days_of,
    utc,
)
from pytest_aquadata.seeding import derive_seed
from pytest_aquadata.sim import Trajectory, params

WEATHER_EVERY_HOURS = 6

MANUAL_READING_SHARE = 0.03
"""Share of the readings due in the working day (07:00–17:00) taken by hand instead: the
operator's spot check with a handheld meter on the daily round (modelling choice; readings
where no sensor measures the parameter are all manual)."""

MANUAL_NOTE_SHARE = 0.3
"""Share of manual readings the operator writes a note on (modelling choice)."""

MANUAL_JITTER_MIN = 20
"""A manual reading is taken up to 20 minutes either side of the sensor's slot (choice)."""


def build_environment(traj: Trajectory, ctx: BuildContext, site: Site, rows: BatchRows) -> None:
    """Readings, photoperiod, weather and stage-transition water quality of one batch."""
    _readings(traj, ctx, site, rows)
    _photoperiod(traj, ctx, site)
    _weather(traj, ctx, site)
    _stage_transitions(traj, ctx, rows)


def parameter_ids(ctx: BuildContext) -> np.ndarray:
    """EnvironmentalParameter ids indexed by sim parameter code."""
    return np.array(
        [
            ctx.lookup("environmental.EnvironmentalParameter", name=p.name)
            for p in params.ENV_PARAMETERS
        ],
        dtype=np.int64,
    )


def _sensor_table(rows: BatchRows, site: Site) -> np.ndarray:
    """Sensor id (or -1) per trajectory assignment and parameter code."""
    table = np.full((len(rows.container_ids), len(params.ENV_PARAMETERS)), -1, dtype=np.int64)
    for i, container in enumerate(rows.container_ids):
        for code, p in enumerate(params.ENV_PARAMETERS):
            table[i, code] = site.sensors.get((int(container), p.sensor_type), -1)
    return table


def _readings(traj: Trajectory, ctx: BuildContext, site: Site, rows: BatchRows) -> None:
    if ctx.readings_per_day <= 0:
        return
    param_ids = parameter_ids(ctx)
    sensors = _sensor_table(rows, site)
    operator = float(ctx.user_for("environmental.EnvironmentalReading") or system_user_id(ctx))
    rng = rng_for(traj, "manual-readings")
    for chunk in traj.readings(per_day=ctx.readings_per_day, chunk_rows=500_000):
        sensor = sensors[chunk.assignment, chunk.parameter]
        n = len(chunk.value)
        at = np.asarray(chunk.at, dtype="datetime64[m]")
        minute = (at - at.astype("datetime64[D]")).astype(np.int64)
        workday = (minute >= WORKDAY_START_MIN) & (minute < WORKDAY_START_MIN + WORKDAY_MINUTES)
        manual = (workday & (rng.random(n) < MANUAL_READING_SHARE)) | (sensor < 0)
        note_draw = rng.random(n)
        noted = manual & (note_draw < MANUAL_NOTE_SHARE)
        text = np.full(n, "", dtype=object)
        text[noted] = notes.pick("manual_reading", note_draw[noted] / MANUAL_NOTE_SHARE)
        jitter = rng.integers(-MANUAL_JITTER_MIN, MANUAL_JITTER_MIN + 1, n)
        at = at + np.where(manual, jitter, 0).astype("timedelta64[m]")
        ctx.emit(
            "environmental.EnvironmentalReading",
            {
                "parameter_id": param_ids[chunk.parameter],
                "container_id": rows.container_ids[chunk.assignment],
                "batch_id": rows.batch_id,
                "sensor_id": np.where(manual, np.nan, sensor),
                "batch_container_assignment_id": rows.assignment_ids[chunk.assignment],
                "value": chunk.value,
                "reading_time": utc(at),
                "is_manual": manual,
                "recorded_by_id": np.where(manual, operator, np.nan),
                "notes": text,
            },
        )


def _photoperiod(traj: Trajectory, ctx: BuildContext, site: Site) -> None:
    p = traj.photoperiod
    if len(p) == 0:
        return
    dates = days_of(p.date)
    fresh = ctx.claim("photoperiod", site.area_id, dates)
    if not fresh.any():
        return
    hours = np.asarray(p.day_length_hours)[fresh]
    ctx.emit(
        "environmental.PhotoperiodData",
        {
            "area_id": site.area_id,
            "date": dates[fresh],
            "day_length_hours": np.round(hours, 2),
            # Daily-mean surface irradiance grows with day length (illustrative lux scale).
            "light_intensity": np.round(hours * 2500.0, 2),
            "is_interpolated": False,
        },
    )


def _weather(traj: Trajectory, ctx: BuildContext, site: Site) -> None:
    """Weather every six hours at the sea site while the batch is at sea."""
    sea = traj.daily.stage == params.SEA_STAGE
    if not sea.any():
        return
    days = np.unique(days_of(traj.daily.date[sea]))
    stamps = (
        days.astype("datetime64[h]")[:, None]
        + np.arange(0, 24, WEATHER_EVERY_HOURS).astype("timedelta64[h]")
    ).ravel()
    fresh = ctx.claim("weather", site.area_id, stamps)
    stamps = stamps[fresh]
    if len(stamps) == 0:
        return
    rng = np.random.default_rng(derive_seed(ctx.seed, "weather", site.area_id))
    sst = np.asarray(params.GEOGRAPHIES[traj.spec.geography].monthly_sst_c)
    month = (stamps.astype("datetime64[M]").astype(np.int64) % 12).astype(int)
    n = len(stamps)
    wind = np.clip(rng.gamma(2.2, 3.4, n), 0, 45)
    ctx.emit(
        "environmental.WeatherData",
        {
            "area_id": site.area_id,
            "timestamp": utc(stamps),
            "temperature": np.round(sst[month] - 1.0 + rng.normal(0, 2.0, n), 2),
            "wind_speed": np.round(wind, 2),
            "wind_direction": rng.integers(0, 360, n),
            "precipitation": np.round(
                np.where(rng.random(n) < 0.45, rng.exponential(1.8, n), 0.0), 2
            ),
            "wave_height": np.round(
                np.clip(0.1 + 0.09 * wind + rng.normal(0, 0.2, n), 0.05, 12), 2
            ),
            "wave_period": np.round(np.clip(rng.normal(7.0, 1.5, n), 3, 15), 2),
            "wave_direction": rng.integers(0, 360, n),
            "cloud_cover": rng.integers(10, 101, n),
        },
    )


def _stage_transitions(traj: Trajectory, ctx: BuildContext, rows: BatchRows) -> None:
    t = traj.transfers
    if len(rows.workflow_ids) == 0 or len(t) == 0:
        return
    n = len(rows.workflow_ids)
    count = np.bincount(t.workflow, minlength=n)
    has = count > 0

    def mean(values: np.ndarray) -> np.ndarray:
        v = np.asarray(values, dtype=float)
        ok = ~np.isnan(v)
        total = np.bincount(t.workflow[ok], weights=v[ok], minlength=n)
        seen = np.bincount(t.workflow[ok], minlength=n)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(seen > 0, np.round(total / seen, 2), np.nan)

    ctx.emit(
        "environmental.StageTransitionEnvironmental",
        {
            "batch_transfer_workflow_id": rows.workflow_ids[has],
            "temperature": mean(t.water_temp_c)[has],
            "oxygen": mean(t.oxygen_mg_l)[has],
            "salinity": mean(_transfer_salinity(traj))[has],
            "ph": mean(t.ph)[has],
            "additional_parameters": {"source": "transfer-day water of the source containers"},
            "notes": "Water quality on the transfer days",
        },
    )


def _transfer_salinity(traj: Trajectory) -> np.ndarray:
    """Salinity (ppt) of each transfer's water: the source's where a sensor measured it (pens);
    a move into the sea the receiving pen's salinity that day (the geography's mean without a
    reading); a move between tanks freshwater's ~0 ppt (``params.FRESHWATER_SALINITY_PPT``).
    Freshwater ~0 and full seawater 33–35 ppt: Marine Scotland ocean climate [S35]."""
    t, d = traj.transfers, traj.daily
    salinity = np.asarray(t.salinity_ppt, dtype=float).copy()
    to_sea = traj.assignments.stage[t.dest_assignment] == params.SEA_STAGE
    key = d.assignment.astype(np.int64) * 1_000_000 + days_of(d.date).astype(np.int64)
    order = np.argsort(key, kind="stable")
    wanted = t.dest_assignment.astype(np.int64) * 1_000_000 + days_of(t.date).astype(np.int64)
    at = np.minimum(np.searchsorted(key[order], wanted), max(len(key) - 1, 0))
    found = order[at] if len(key) else np.zeros(len(t), dtype=np.int64)
    pen = np.full(len(t), params.GEOGRAPHIES[traj.spec.geography].salinity_ppt)
    if len(key):
        match = key[found] == wanted
        pen = np.where(match & ~np.isnan(d.salinity_ppt[found]), d.salinity_ppt[found], pen)
    missing = np.isnan(salinity)
    salinity[missing] = np.where(to_sea, pen, params.FRESHWATER_SALINITY_PPT)[missing]
    return salinity
