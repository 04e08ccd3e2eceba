"""build_scenario: baseline scenario, fitted models, projection run, pinned run, forecasts."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from rows_helpers import assert_foreign_keys, model

from pytest_aquadata.domain import derive
from pytest_aquadata.rows.scenario import FORWARD_DAYS, batch_days, build_scenario
from pytest_aquadata.sim import params

pytestmark = pytest.mark.django_db

TABLES = (
    "scenario.TemperatureProfile",
    "scenario.TemperatureReading",
    "scenario.TGCModel",
    "scenario.TGCModelStage",
    "scenario.FCRModel",
    "scenario.FCRModelStage",
    "scenario.MortalityModel",
    "scenario.MortalityModelStage",
    "scenario.Scenario",
    "scenario.ProjectionRun",
    "scenario.ScenarioProjection",
    "batch.Batch",
    "batch.LiveForwardProjection",
    "batch.ContainerForecastSummary",
)


def test_one_scenario_with_its_models_and_run(build, harvested) -> None:
    built = build(harvested, build_scenario)
    days = batch_days(harvested)
    scenario = model("scenario.Scenario").objects.get()
    assert scenario.batch_id == built.rows.batch_id
    assert scenario.start_date == harvested.start_date
    assert scenario.initial_count == harvested.spec.eggs
    assert scenario.duration_days == int(days.day[-1])
    assert scenario.tgc_model.profile.readings.count() == len(days.day)
    assert scenario.tgc_model.stage_overrides.count() == 7
    assert scenario.fcr_model.stages.count() == len(params.STAGES)
    assert scenario.mortality_model.stage_overrides.count() == 7
    run = model("scenario.ProjectionRun").objects.get()
    assert (run.scenario_id, run.run_number, run.label) == (scenario.pk, 1, "Baseline")
    assert run.projections.count() == run.total_projections == len(days.day)
    last = run.projections.order_by("-day_number").first()
    assert run.final_weight_g == last.average_weight and run.final_biomass_kg == last.biomass
    assert run.parameters_snapshot["initial_count"] == harvested.spec.eggs
    assert built.rows.extra["scenario_id"] == scenario.pk
    assert built.rows.extra["projection_run_id"] == run.pk


def test_the_batch_pins_the_run(build, harvested) -> None:
    built = build(harvested, build_scenario)
    batch = model("batch.Batch").objects.get(pk=built.rows.batch_id)
    run = model("scenario.ProjectionRun").objects.get()
    assert batch.pinned_projection_run_id == run.pk
    assert batch.get_baseline_scenario().pk == run.scenario_id


def test_models_follow_the_simulated_batch(build, harvested) -> None:
    build(harvested, build_scenario)
    sea = model("scenario.TGCModelStage").objects.get(lifecycle_stage="harvest")
    assert Decimal("2.5") <= sea.tgc_value <= Decimal("3.6")
    assert model("scenario.TGCModel").objects.get().tgc_value == pytest.approx(
        float(sea.tgc_value), abs=1e-4
    )
    for row in model("scenario.TGCModelStage").objects.exclude(
        lifecycle_stage__in=("egg", "alevin")
    ):
        assert Decimal("0.8") <= row.tgc_value <= Decimal("3.6"), row.lifecycle_stage
    fcr = {row.stage.name: row.fcr_value for row in model("scenario.FCRModelStage").objects.all()}
    assert fcr["Egg&Alevin"] == 0.0
    assert 1.0 <= fcr["Adult"] <= 1.35
    assert all(0.6 <= fcr[s.name] <= 1.25 for s in params.STAGES[1:5])
    for row in model("scenario.MortalityModelStage").objects.all():
        assert Decimal(0) <= row.daily_rate_percent < Decimal(1)
        assert row.weekly_rate_percent == derive.weekly_mortality_percent(row.daily_rate_percent)
    rate = model("scenario.MortalityModel").objects.get().rate
    assert 0 < rate < 1


def test_projection_replays_the_days(build, harvested) -> None:
    build(harvested, build_scenario)
    rows = list(model("scenario.ScenarioProjection").objects.order_by("day_number"))
    weights = np.array([r.average_weight for r in rows])
    population = np.array([r.population for r in rows])
    assert weights[0] == pytest.approx(harvested.assignments.start_weight_g[0], abs=0.01)
    assert weights[-1] > 4000
    assert population.max() <= harvested.spec.eggs and population.min() > 0
    for r in rows[::50]:
        assert r.biomass == pytest.approx(r.population * r.average_weight / 1000, abs=0.001)
        assert 0 < r.temperature < 20
        assert r.cumulative_feed >= r.daily_feed >= 0
    assert rows[0].current_stage.name == "Egg&Alevin" and rows[-1].current_stage.name == "Adult"
    cumulative = np.array([r.cumulative_feed for r in rows])
    assert np.all(np.diff(cumulative) >= 0)
    assert cumulative[-1] == pytest.approx(harvested.daily.feed_kg.sum(), rel=1e-4)


def test_full_clean_and_foreign_keys(build, harvested) -> None:
    build(harvested, build_scenario)
    assert_foreign_keys(*TABLES)
    scenario = model("scenario.Scenario").objects.get()
    assert scenario.biological_constraints is not None
    assert scenario.biological_constraints.stage_constraints.count() == 7
    scenario.full_clean()
    for label in TABLES[:-3]:
        for row in model(label).objects.order_by("pk")[:2]:
            row.full_clean()


def test_harvested_batch_has_no_live_forecasts(build, harvested) -> None:
    build(harvested, build_scenario)
    assert model("batch.LiveForwardProjection").objects.count() == 0
    assert model("batch.ContainerForecastSummary").objects.count() == 0


def test_active_batch_gets_forward_projections(build, active) -> None:
    built = build(active, build_scenario)
    open_ = np.flatnonzero(np.isnat(active.assignments.end_date))
    live = model("batch.LiveForwardProjection").objects.order_by("assignment_id", "projection_date")
    assert live.count() == FORWARD_DAYS * len(open_) > 0
    summaries = model("batch.ContainerForecastSummary").objects.all()
    assert sorted(summaries.values_list("assignment_id", flat=True)) == sorted(
        built.rows.assignment_ids[open_].tolist()
    )
    weights = [float(r.projected_weight_g) for r in live]
    assert all(b >= a for a, b in zip(weights, weights[1:], strict=False))
    first = live.first()
    assert first.computed_date == active.end_date
    assert (first.projection_date - active.end_date).days == 1
    assert first.day_number == (first.projection_date - active.start_date).days + 1
    assert first.batch_id == built.rows.batch_id
    assert first.container_id == first.assignment.container_id
    for summary in summaries:
        assert summary.state_date == active.end_date
        assert summary.current_population == summary.assignment.population_count
        assert summary.transfer_threshold_g == Decimal("180.00")  # Smolt → Post-Smolt
        assert summary.projected_transfer_date > summary.state_date
        assert summary.projected_transfer_weight_g >= summary.transfer_threshold_g
        assert (
            summary.days_to_transfer == (summary.projected_transfer_date - summary.state_date).days
        )
        assert summary.projected_harvest_date is None
        assert Decimal(0) < summary.state_confidence <= Decimal(1)
        summary.full_clean()
    for row in live[:3]:
        row.full_clean()
    assert_foreign_keys("batch.LiveForwardProjection", "batch.ContainerForecastSummary")
    forecasts = built.rows.extra["forecasts"]
    assert set(forecasts) == set(open_.tolist())


def test_pens_at_sea_get_harvest_forecasts(build, at_sea) -> None:
    built = build(at_sea, build_scenario)
    pens = np.flatnonzero(np.isnat(at_sea.assignments.end_date))
    assert (at_sea.assignments.stage[pens] == params.SEA_STAGE).all() and len(pens) > 1
    summaries = model("batch.ContainerForecastSummary").objects.all()
    assert summaries.count() == len(pens)
    target = Decimal(str(round(at_sea.harvest_target_kg * 1000, 2)))
    for summary in summaries:
        assert summary.harvest_threshold_g == target
        assert summary.transfer_threshold_g is None and summary.projected_transfer_date is None
        assert summary.projected_harvest_date > summary.state_date
        assert summary.projected_harvest_weight_g >= target
        # Smolts of ~0.5 kg need most of a year at sea to reach 4.5–6.5 kg (TGC ~3).
        assert 200 <= summary.days_to_harvest <= 800
        assert abs(summary.temp_bias_c) <= Decimal("2.00")
        summary.full_clean()
    live = model("batch.LiveForwardProjection").objects.all()
    assert live.count() == FORWARD_DAYS * len(pens)
    temperatures = [float(t) for t in live.values_list("temperature_used_c", flat=True)]
    assert min(temperatures) > 5.0 and max(temperatures) < 17.0
    assert set(live.values_list("temp_profile_id", flat=True)) == {
        built.rows.extra["temperature_profile_id"]
    }
