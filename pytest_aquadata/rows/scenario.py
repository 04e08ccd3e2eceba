"""Scenario builder: the batch's baseline scenario with its models, one projection run that
replays the simulated days, the batch's pinned run, and live forward projections and forecast
summaries of the containers still holding fish.

The models are fitted to the trajectory: a temperature profile of the batch's daily mean
temperature, per-stage TGC and FCR as realised by its containers, per-stage daily mortality as
realised (deaths / fish-days); stages the batch never reached take ``sim.params`` values.
Forward projections use the TGC law W^(1/3) += TGC/1000 · T per day (docs/references.md §1) on the
geography's sea-temperature climatology (at sea) or the tanks' recent temperature (freshwater).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from pytest_aquadata.reference.broodstock import EGG_SUPPLIERS
from pytest_aquadata.reference.scenario import CONSTRAINT_SET_NAME, MONTH_NAMES
from pytest_aquadata.rows.common import days_of, instances, staff_user_id
from pytest_aquadata.rows.context import BatchRows, BuildContext, Site
from pytest_aquadata.rows.lookups import get_or_create
from pytest_aquadata.scenario_rates import stage_daily_percent
from pytest_aquadata.sim import Trajectory, params
from pytest_aquadata.sim.climate import sea_temperature_climatology
from pytest_aquadata.sim.growth import growth_temperature

SCENARIO_STAGES: tuple[tuple[str, int], ...] = (
    ("egg", 0),
    ("alevin", 0),
    ("fry", 1),
    ("parr", 2),
    ("smolt", 3),
    ("post_smolt", 4),
    ("harvest", 5),
)
"""scenario stage enum value → sim stage code (SCHEMA.md §16: egg and alevin share Egg&Alevin)."""

FORWARD_DAYS = 90
"""Days of live forward projection per active container (the table keeps 90 days, SCHEMA.md §5)."""

SEARCH_DAYS = 900
"""Horizon searched for the transfer and harvest threshold crossings of a forecast."""

ATTENTION_DAYS = 30
"""A container crossing a threshold within 30 days needs planning attention (as the factory)."""

BIAS_WINDOW_DAYS = 14
BIAS_CLAMP_C = 2.0
"""Sensor-vs-profile temperature bias: mean over the last 14 days, clamped to ±2 °C (SCHEMA.md §5
defaults)."""

SUPPLIER_BY_GEOGRAPHY = {"Scotland": 3, "Faroe Islands": 2}
"""Egg supplier (index into ``reference.broodstock.EGG_SUPPLIERS``) of a geography's scenarios: Landcatch
in Scotland, StofnFiskur (Benchmark Iceland) on the Faroes (choice)."""


@dataclass(frozen=True)
class StageFit:
    """Per stage code: TGC, FCR, realised daily mortality % and days spent in the stage."""

    tgc: np.ndarray
    fcr: np.ndarray
    mortality_pct: np.ndarray
    days: np.ndarray
    reached: np.ndarray


@dataclass(frozen=True)
class Days:
    """The batch day by day (days with fish in a container)."""

    date: np.ndarray
    day: np.ndarray
    alive: np.ndarray
    biomass_kg: np.ndarray
    weight_g: np.ndarray
    feed_kg: np.ndarray
    temperature_c: np.ndarray
    stage: np.ndarray


def build_scenario(traj: Trajectory, ctx: BuildContext, site: Site, rows: BatchRows) -> None:
    """Write the baseline scenario, its models and run, pin the run, and the live forecasts."""
    user = staff_user_id(ctx, traj, rows)
    fit = fit_stages(traj)
    days = batch_days(traj)
    profile = ctx.emit(
        "scenario.TemperatureProfile", {"name": [f"{rows.batch_number} daily mean temperature"]}
    )[0]
    ctx.emit(
        "scenario.TemperatureReading",
        {
            "profile_id": profile,
            "day_number": days.day + 1,
            "temperature": np.round(days.temperature_c, 2),
        },
    )
    tgc_model = _tgc_model(traj, ctx, site, rows, fit, profile)
    fcr_model = _fcr_model(ctx, rows, fit)
    mortality_model = _mortality_model(traj, ctx, rows, fit)
    scenario = _scenario(traj, ctx, rows, user, tgc_model, fcr_model, mortality_model, days)
    run = _projection_run(traj, ctx, rows, user, scenario, fit, days, profile)
    ctx.change("batch.Batch", [rows.batch_id], {"pinned_projection_run_id": [run]})
    forecasts = _forecasts(
        traj, ctx, rows, fit, profile, f"{rows.batch_number} daily mean temperature"
    )
    rows.extra.update(
        scenario_id=scenario,
        projection_run_id=run,
        temperature_profile_id=profile,
        forecasts=forecasts,
    )
    sea = [f for f in forecasts.values() if f["sea"]]
    if sea:
        forecast_run(
            ctx,
            scenario,
            user,
            np.datetime64(traj.end_date, "D"),
            (np.datetime64(traj.end_date, "D") - np.datetime64(traj.start_date, "D")).astype(int),
            sea,
            fcr=float(fit.fcr[params.SEA_STAGE]),
            stage_id=ctx.stage_id(params.SEA_STAGE),
        )


FORECAST_RUN_NUMBER = 2
"""Run number of the forecast from the farm's last day to harvest (run 1 replays the past)."""


def forecast_run(
    ctx: BuildContext,
    scenario: int,
    user: int,
    state_date: np.datetime64,
    state_day: int,
    pens: list[dict[str, Any]],
    *,
    fcr: float,
    stage_id: int,
) -> int:
    """ProjectionRun "Forecast" of a batch at sea: its pens' forecasts summed day by day from the
    day after ``state_date`` until the last pen reaches the harvest weight (or the horizon)."""
    crossings = [p["harvest_day"] for p in pens]
    days = max((c for c in crossings if c is not None), default=SEARCH_DAYS - 1) + 1
    if any(c is None for c in crossings):
        days = SEARCH_DAYS
    population = np.sum([p["population"][:days] for p in pens], axis=0)
    biomass = np.sum([p["population"][:days] * p["weight"][:days] / 1000.0 for p in pens], axis=0)
    weight = np.round(np.where(population > 0, biomass * 1000.0 / np.maximum(population, 1), 0), 4)
    temperature = np.mean([p["temperature"][:days] for p in pens], axis=0)
    start_biomass = sum(p["population0"] * p["weight0"] / 1000.0 for p in pens)
    gain = np.diff(np.r_[start_biomass, biomass])
    feed = np.round(np.maximum(gain, 0.0) * fcr, 2)
    dates = state_date + np.arange(1, days + 1)
    run = ctx.emit(
        "scenario.ProjectionRun",
        {
            "scenario_id": [scenario],
            "run_date": ctx.now,
            "run_number": FORECAST_RUN_NUMBER,
            "label": "Forecast to harvest",
            "parameters_snapshot": [
                {"source": "live forward projections of the pens", "from": str(state_date)}
            ],
            "created_by_id": user,
            "notes": f"Pens at sea on {state_date}, grown day by day until harvest weight.",
            "total_projections": days,
            "final_weight_g": float(weight[-1]),
            "final_biomass_kg": float(np.round(biomass[-1], 3)),
        },
    )[0]
    ctx.emit(
        "scenario.ScenarioProjection",
        {
            "projection_run_id": run,
            "projection_date": dates,
            "day_number": state_day + np.arange(1, days + 1),
            "average_weight": weight,
            "population": population,
            "biomass": np.round(biomass, 3),
            "daily_feed": feed,
            "cumulative_feed": np.round(np.cumsum(feed), 2),
            "temperature": np.round(temperature, 2),
            "current_stage_id": stage_id,
        },
    )
    return int(run)


# ---------------------------------------------------------------------------------------------
# Fitting the trajectory.
# ---------------------------------------------------------------------------------------------


def fit_stages(traj: Trajectory) -> StageFit:
    """TGC, FCR, daily mortality % and days per stage as realised; defaults where not reached."""
    a, d, m, bio = traj.assignments, traj.daily, traj.mortality, traj.biology
    k = len(params.STAGES)
    weights = a.start_population.astype(float)
    reached = np.bincount(a.stage, minlength=k) > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        tgc = np.bincount(a.stage, weights=a.tgc * weights, minlength=k) / np.bincount(
            a.stage, weights=weights, minlength=k
        )
        fcr = np.bincount(a.stage, weights=a.fcr * weights, minlength=k) / np.bincount(
            a.stage, weights=weights, minlength=k
        )
        deaths = np.bincount(a.stage[m.assignment], weights=m.count, minlength=k)
        fish_days = np.bincount(d.stage, weights=d.population, minlength=k)
        mortality = 100.0 * deaths / fish_days
    geography = params.GEOGRAPHIES[traj.spec.geography]
    for code in range(k):
        field = params.STAGE_TGC_PARAMETER[code]
        default_tgc = getattr(bio, field) if field else 0.0
        if code == params.SEA_STAGE:
            default_tgc *= geography.sea_tgc_factor
        default_fcr = (
            0.0 if code == 0 else bio.fcr_sea if code == params.SEA_STAGE else bio.fcr_freshwater
        )
        if not reached[code] or not np.isfinite(tgc[code]):
            tgc[code] = default_tgc
            fcr[code] = default_fcr
        if not np.isfinite(mortality[code]) or fish_days[code] == 0:
            name = next(s for s, c in SCENARIO_STAGES[1:] if c == code) if code else "egg"
            mortality[code] = stage_daily_percent(name)
    last = np.where(np.isnat(a.end_date), np.datetime64(traj.end_date, "D"), a.end_date)
    days = np.array([s.typical_duration_days for s in params.STAGES], dtype=np.int64)
    for code in np.flatnonzero(reached):
        mine = a.stage == code
        days[code] = max(1, int((last[mine].max() - a.start_date[mine].min()).astype(int)))
    return StageFit(tgc, fcr, np.clip(mortality, 0.0, 99.0), days, reached)


def batch_days(traj: Trajectory) -> Days:
    """Per-day totals of the batch over the days its fish sit in containers."""
    d = traj.daily
    start = np.datetime64(traj.start_date, "D")
    index = (d.date - start).astype(np.int64)
    n = int(index.max()) + 1
    counted = np.bincount(index, minlength=n) > 0
    alive = np.bincount(index, weights=d.population, minlength=n)
    biomass = np.bincount(index, weights=d.biomass_kg, minlength=n)
    feed = np.bincount(index, weights=d.feed_kg, minlength=n)
    temperature_known = ~np.isnan(d.temperature_c)
    temperature = np.bincount(
        index[temperature_known], weights=d.temperature_c[temperature_known], minlength=n
    ) / np.maximum(np.bincount(index[temperature_known], minlength=n), 1)
    order = np.lexsort((d.population, index))
    largest = order[np.r_[index[order][1:] != index[order][:-1], True]]
    stage = np.zeros(n, dtype=np.int64)
    stage[index[largest]] = d.stage[largest]  # the stage of each day's largest container
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = np.where(alive > 0, biomass * 1000.0 / alive, np.nan)
    day = np.flatnonzero(counted)
    weight = _forward_fill(weight)
    return Days(
        date=start + day,
        day=day,
        alive=alive[day],
        biomass_kg=biomass[day],
        weight_g=weight[day],
        feed_kg=feed[day],
        temperature_c=temperature[day],
        stage=stage[day],
    )


def _forward_fill(values: np.ndarray) -> np.ndarray:
    """NaNs replaced by the last known value before them (the first known value at the start)."""
    known = ~np.isnan(values)
    if not known.any():
        return np.zeros_like(values)
    index = np.where(known, np.arange(len(values)), -1)
    np.maximum.accumulate(index, out=index)
    index[index < 0] = int(np.argmax(known))
    return values[index]


# ---------------------------------------------------------------------------------------------
# Models.
# ---------------------------------------------------------------------------------------------


def _names(ctx: BuildContext, site: Site) -> tuple[str, str]:
    """Names of the batch's freshwater station and sea area."""
    station = instances(ctx, "infrastructure.FreshwaterStation", [site.station_id])
    area = instances(ctx, "infrastructure.Area", [site.area_id])
    return (
        getattr(station.get(site.station_id), "name", "freshwater station"),
        getattr(area.get(site.area_id), "name", "sea area"),
    )


def _tgc_model(
    traj: Trajectory, ctx: BuildContext, site: Site, rows: BatchRows, fit: StageFit, profile: int
) -> int:
    """TGCModel (sea TGC) and its TGCModelStage rows, one per scenario stage."""
    a = traj.assignments
    sea = a.start_date[a.stage == params.SEA_STAGE]
    release = sea.min() if len(sea) else np.datetime64(traj.start_date, "D")
    month = int(str(release)[5:7])
    station, area = _names(ctx, site)
    model = ctx.emit(
        "scenario.TGCModel",
        {
            "name": [f"{rows.batch_number} TGC"],
            "location": f"{traj.spec.geography}: {station} → {area}",
            "release_period": MONTH_NAMES[month - 1],
            "tgc_value": round(float(fit.tgc[params.SEA_STAGE]), 4),
            "exponent_n": 1.0,
            "exponent_m": 0.333,
            "profile_id": profile,
        },
    )[0]
    ctx.emit(
        "scenario.TGCModelStage",
        {
            "tgc_model_id": model,
            "lifecycle_stage": [name for name, _ in SCENARIO_STAGES],
            "tgc_value": np.round([fit.tgc[code] for _, code in SCENARIO_STAGES], 4),
            "temperature_exponent": 1.0,
            "weight_exponent": 0.33,
        },
    )
    return int(model)


def _fcr_model(ctx: BuildContext, rows: BatchRows, fit: StageFit) -> int:
    """FCRModel and one FCRModelStage per lifecycle stage (realised FCR and stage days)."""
    model = ctx.emit("scenario.FCRModel", {"name": [f"{rows.batch_number} FCR"]})[0]
    codes = np.arange(len(params.STAGES))
    ctx.emit(
        "scenario.FCRModelStage",
        {
            "model_id": model,
            "stage_id": ctx.stage_ids(codes),
            "fcr_value": np.round(fit.fcr[codes], 3),
            "duration_days": fit.days[codes],
        },
    )
    return int(model)


def _mortality_model(traj: Trajectory, ctx: BuildContext, rows: BatchRows, fit: StageFit) -> int:
    """MortalityModel (realised daily % over the whole batch) and its per-stage rates."""
    d, m = traj.daily, traj.mortality
    fish_days = float(d.population.sum())
    overall = 100.0 * float(m.count.sum()) / fish_days if fish_days else 0.0
    model = ctx.emit(
        "scenario.MortalityModel",
        {
            "name": [f"{rows.batch_number} Mortality"],
            "frequency": "daily",
            "rate": round(min(overall, 100.0), 4),
        },
    )[0]
    daily = np.round([fit.mortality_pct[code] for _, code in SCENARIO_STAGES], 3)
    ctx.emit(
        "scenario.MortalityModelStage",
        {
            "mortality_model_id": model,
            "lifecycle_stage": [name for name, _ in SCENARIO_STAGES],
            "daily_rate_percent": daily,
            "weekly_rate_percent": np.round((1.0 - (1.0 - daily / 100.0) ** 7) * 100.0, 3),
        },
    )
    return int(model)


def _constraint_set(ctx: BuildContext, initial_weight: float) -> int | None:
    """The standard BiologicalConstraints set (with its stage rows) if the start weight fits it."""
    set_id = ctx.lookup("scenario.BiologicalConstraints", name=CONSTRAINT_SET_NAME)
    manager = ctx.model("scenario.StageConstraint")._default_manager.using(ctx.using)
    have = dict(
        (stage, (low, high))
        for stage, low, high in manager.filter(constraint_set_id=set_id).values_list(
            "lifecycle_stage", "min_weight_g", "max_weight_g"
        )
    )
    missing = [name for name, _ in SCENARIO_STAGES if name not in have]
    if missing:
        owner = instances(ctx, "scenario.BiologicalConstraints", [set_id])[set_id]
        for name in missing:
            row = get_or_create(
                ctx.using, "scenario.StageConstraint", constraint_set=owner, lifecycle_stage=name
            )
            have[name] = (row.min_weight_g, row.max_weight_g)
    weight = round(initial_weight, 2)
    fits = any(float(low) <= weight <= float(high) for low, high in have.values())
    return set_id if fits else None


def _scenario(
    traj: Trajectory,
    ctx: BuildContext,
    rows: BatchRows,
    user: int,
    tgc_model: int,
    fcr_model: int,
    mortality_model: int,
    days: Days,
) -> int:
    """The batch's baseline Scenario, linked to the batch and the standard constraint set."""
    supplier = EGG_SUPPLIERS[SUPPLIER_BY_GEOGRAPHY.get(traj.spec.geography, 0)]
    initial_weight = round(float(traj.assignments.start_weight_g[0]), 2)
    return int(
        ctx.emit(
            "scenario.Scenario",
            {
                "name": [f"{rows.batch_number} baseline"],
                "start_date": traj.start_date,
                "duration_days": max(1, int(days.day[-1])),
                "initial_count": traj.spec.eggs,
                "genotype": supplier.genotype,
                "supplier": supplier.name,
                "initial_weight": initial_weight,
                "tgc_model_id": tgc_model,
                "fcr_model_id": fcr_model,
                "mortality_model_id": mortality_model,
                "batch_id": rows.batch_id,
                "biological_constraints_id": _constraint_set(ctx, initial_weight),
                "created_by_id": user,
            },
        )[0]
    )


def _projection_run(
    traj: Trajectory,
    ctx: BuildContext,
    rows: BatchRows,
    user: int,
    scenario: int,
    fit: StageFit,
    days: Days,
    profile: int,
) -> int:
    """ProjectionRun 1 ("Baseline") and its daily ScenarioProjection rows (the simulated days)."""
    weight = np.round(days.weight_g, 4)
    biomass = np.round(days.alive * weight / 1000.0, 3)  # population × weight, as everywhere
    snapshot = {
        "source": "simulated trajectory",
        "temperature_profile_id": int(profile),
        "tgc": {name: round(float(fit.tgc[code]), 4) for name, code in SCENARIO_STAGES},
        "fcr": {s.name: round(float(fit.fcr[s.code]), 3) for s in params.STAGES},
        "mortality_daily_pct": {
            name: round(float(fit.mortality_pct[code]), 4) for name, code in SCENARIO_STAGES
        },
        "initial_count": int(traj.spec.eggs),
        "initial_weight_g": round(float(traj.assignments.start_weight_g[0]), 2),
        "harvest_target_kg": round(float(traj.harvest_target_kg), 3),
    }
    run = ctx.emit(
        "scenario.ProjectionRun",
        {
            "scenario_id": [scenario],
            "run_date": ctx.now,
            "run_number": 1,
            "label": "Baseline",
            "parameters_snapshot": [snapshot],
            "created_by_id": user,
            "notes": f"Replay of the simulated batch {rows.batch_number}, day by day.",
            "total_projections": len(days.day),
            "final_weight_g": float(weight[-1]),
            "final_biomass_kg": float(biomass[-1]),
        },
    )[0]
    ctx.emit(
        "scenario.ScenarioProjection",
        {
            "projection_run_id": run,
            "projection_date": days.date,
            "day_number": days.day,
            "average_weight": weight,
            "population": days.alive,
            "biomass": biomass,
            "daily_feed": np.round(days.feed_kg, 2),
            "cumulative_feed": np.round(np.cumsum(days.feed_kg), 2),
            "temperature": np.round(days.temperature_c, 2),
            "current_stage_id": ctx.stage_ids(days.stage),
        },
    )
    return int(run)


# ---------------------------------------------------------------------------------------------
# Live forward projections and forecast summaries of containers still holding fish.
# ---------------------------------------------------------------------------------------------


def _forecasts(
    traj: Trajectory,
    ctx: BuildContext,
    rows: BatchRows,
    fit: StageFit,
    profile: int,
    profile_name: str,
) -> dict[int, dict[str, Any]]:
    """LiveForwardProjection (90 days) and ContainerForecastSummary per active assignment."""
    a, d = traj.assignments, traj.daily
    active = np.flatnonzero(np.isnat(a.end_date)) if traj.status == "ACTIVE" else np.zeros(0, int)
    state_date = np.datetime64(traj.end_date, "D")
    start = np.datetime64(traj.start_date, "D")
    future = state_date + np.arange(1, SEARCH_DAYS + 1)
    live: dict[str, list[np.ndarray]] = {}
    summary: dict[str, list[Any]] = {}
    out: dict[int, dict[str, Any]] = {}
    for i in active:
        mine = d.assignment == i
        if not mine.any():
            continue
        last = np.flatnonzero(mine)[-1]
        code = int(a.stage[i])
        weight0, population0 = float(d.avg_weight_g[last]), int(d.population[last])
        recent = d.temperature_c[mine][-BIAS_WINDOW_DAYS:]
        if code == params.SEA_STAGE:
            n_recent = len(recent)
            past = sea_temperature_climatology(
                traj.spec.geography,
                (state_date - np.timedelta64(n_recent - 1, "D")).item(),
                n_recent,
            )
            bias = float(np.clip(np.nanmean(recent) - past.mean(), -BIAS_CLAMP_C, BIAS_CLAMP_C))
            base = sea_temperature_climatology(traj.spec.geography, future[0].item(), SEARCH_DAYS)
        else:
            bias = 0.0
            base = np.full(SEARCH_DAYS, float(np.nanmean(recent)))
        temperature = np.round(base + bias, 2)
        tgc = float(a.tgc[i]) if a.tgc[i] > 0 else float(fit.tgc[code])
        root = np.cbrt(weight0) + tgc / 1000.0 * np.cumsum(
            growth_temperature(temperature, traj.biology)
        )
        weight = np.round(root**3, 2)
        survival = (1.0 - fit.mortality_pct[code] / 100.0) ** np.arange(1, SEARCH_DAYS + 1)
        population = np.floor(population0 * survival).astype(np.int64)
        n = FORWARD_DAYS
        _append(
            live,
            assignment_id=np.full(n, rows.assignment_ids[i]),
            container_id=np.full(n, rows.container_ids[i]),
            projection_date=future[:n],
            day_number=(future[:n] - start).astype(np.int64) + 1,
            projected_weight_g=weight[:n],
            projected_population=population[:n],
            projected_biomass_kg=np.round(population[:n] * weight[:n] / 1000.0, 2),
            temperature_used_c=temperature[:n],
            tgc_value_used=np.full(n, round(tgc, 4)),
            temp_bias_c=np.full(n, round(bias, 2)),
        )
        harvest_g = round(float(traj.harvest_target_kg) * 1000.0, 2)
        transfer_g = _transfer_threshold(traj, code)
        harvest = _crossing(weight, harvest_g) if code == params.SEA_STAGE else None
        original = (
            _original_harvest_date(traj, mine, tgc, harvest_g) if harvest is not None else None
        )
        transfer = _crossing(weight, transfer_g) if transfer_g is not None else None
        days_since = _days_since_weighing(traj, i, state_date)
        current_biomass = round(population0 * round(weight0, 2) / 1000.0, 2)
        soon = [k for k in (harvest, transfer) if k is not None and k + 1 <= ATTENTION_DAYS]
        _append(
            summary,
            assignment_id=rows.assignment_ids[i],
            current_weight_g=round(weight0, 2),
            current_population=population0,
            current_biomass_kg=current_biomass,
            state_date=state_date,
            state_day_number=int((state_date - start).astype(int)) + 1,
            state_confidence=_confidence(days_since),
            projected_harvest_date=future[harvest] if harvest is not None else None,
            projected_harvest_weight_g=float(weight[harvest]) if harvest is not None else None,
            days_to_harvest=harvest + 1 if harvest is not None else None,
            harvest_threshold_g=harvest_g,
            original_harvest_date=original,
            harvest_variance_days=(
                int((future[harvest] - original).astype(int)) if original is not None else None
            ),
            projected_transfer_date=future[transfer] if transfer is not None else None,
            projected_transfer_weight_g=float(weight[transfer]) if transfer is not None else None,
            days_to_transfer=transfer + 1 if transfer is not None else None,
            transfer_threshold_g=transfer_g,
            needs_planning_attention=bool(soon),
            temp_profile_name=profile_name,
            temp_bias_c=round(bias, 2),
            computed_date=state_date,
        )
        out[int(i)] = {
            "harvest_date": future[harvest] if harvest is not None else None,
            "transfer_date": future[transfer] if transfer is not None else None,
            "sea": code == params.SEA_STAGE,
            "harvest_day": harvest,
            "weight": weight,
            "population": population,
            "temperature": temperature,
            "weight0": weight0,
            "population0": population0,
            "tgc": tgc,
            "bias": bias,
            "harvest_g": harvest_g,
        }
    if live:
        columns = {key: np.concatenate(parts) for key, parts in live.items()}
        ctx.emit(
            "batch.LiveForwardProjection",
            {
                **columns,
                "computed_date": state_date,
                "batch_id": rows.batch_id,
                "temp_profile_id": profile,
                "temp_profile_name": profile_name,
                "temp_bias_window_days": BIAS_WINDOW_DAYS,
                "temp_bias_clamp_min_c": -BIAS_CLAMP_C,
                "temp_bias_clamp_max_c": BIAS_CLAMP_C,
            },
        )
        ctx.emit(
            "batch.ContainerForecastSummary",
            {**summary, "temp_bias_window_days": BIAS_WINDOW_DAYS},
        )
    return out


def _append(columns: dict[str, list[Any]], **values: Any) -> None:
    """Append one value (or array) per column."""
    for key, value in values.items():
        columns.setdefault(key, []).append(value)


def _transfer_threshold(traj: Trajectory, code: int) -> float | None:
    """Weight (g) at which a freshwater container is moved on; None at sea and for eggs."""
    if code == params.SEA_STAGE or code == 0:
        return None
    if code == params.SEA_STAGE - 1:
        return round(float(traj.biology.sea_transfer_weight_g), 2)
    return round(float(params.STAGES[code + 1].weight_min_g), 2)


def _crossing(weight: np.ndarray, threshold: float | None) -> int | None:
    """Index of the first projected day at or above ``threshold`` (None if never)."""
    if threshold is None:
        return None
    hits = np.flatnonzero(weight >= threshold)
    return int(hits[0]) if len(hits) else None


def _original_harvest_date(
    traj: Trajectory, mine: np.ndarray, tgc: float, harvest_g: float
) -> np.datetime64 | None:
    """The harvest date the pen's first forecast projected: from the weight of its first day
    in the sea, on the climatological sea temperature (no bias yet: no recent readings) and the
    same TGC, the first day the projection reaches the harvest weight. The current forecast's
    distance from it is ``harvest_variance_days`` (positive: later than first thought)."""
    first = np.flatnonzero(mine)[0]
    day0 = days_of(traj.daily.date[first : first + 1])[0]
    base = sea_temperature_climatology(
        traj.spec.geography, (day0 + np.timedelta64(1, "D")).item(), SEARCH_DAYS
    )
    root = np.cbrt(float(traj.daily.avg_weight_g[first])) + tgc / 1000.0 * np.cumsum(
        growth_temperature(np.round(base, 2), traj.biology)
    )
    day = _crossing(np.round(root**3, 2), harvest_g)
    return None if day is None else day0 + np.timedelta64(day + 1, "D")


def _days_since_weighing(traj: Trajectory, assignment: int, day: np.datetime64) -> int | None:
    """Days from the last growth sample of the assignment's fish to ``day`` (None if never)."""
    g = traj.growth_samples
    before = g.date <= day
    dates = g.date[(g.assignment == assignment) & before]
    if not len(dates):
        dates = g.date[before]  # fish just moved: their last weighing was in the source tank
    return int((day - dates.max()).astype(int)) if len(dates) else None


def _confidence(days_since_weighing: int | None) -> float:
    """Forecast confidence from the age of the last weighing (0.95 within a week, down to 0.5)."""
    if days_since_weighing is None:
        return 0.5
    return float(np.clip(0.95 - 0.01 * max(days_since_weighing - 7, 0), 0.5, 0.95))
