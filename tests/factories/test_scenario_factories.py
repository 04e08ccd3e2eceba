"""Scenario factories: temperature profiles, TGC / FCR / mortality models, scenarios,
projection runs and biological constraints."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from pytest_aquadata.factories.scenario import (
    BiologicalConstraintsFactory,
    FCRModelFactory,
    FCRModelStageFactory,
    FCRModelStageOverrideFactory,
    MortalityModelFactory,
    MortalityModelStageFactory,
    ProjectionRunFactory,
    ScenarioFactory,
    ScenarioModelChangeFactory,
    ScenarioProjectionFactory,
    StageConstraintFactory,
    TemperatureProfileFactory,
    TemperatureReadingFactory,
    TGCModelFactory,
    TGCModelStageFactory,
    monthly_temperature,
    project,
)
from pytest_aquadata.sim import params

pytestmark = pytest.mark.django_db

BIOLOGY = params.Biology()


def model(label: str):
    return apps.get_model(label)


@pytest.mark.parametrize("geography", list(params.GEOGRAPHIES))
def test_profile_follows_the_monthly_means(geography: str) -> None:
    profile = TemperatureProfileFactory(geography=geography)
    assert profile.name == f"{geography} Sea Temperature"
    readings = dict(profile.readings.values_list("day_number", "temperature"))
    assert sorted(readings) == list(range(1, 451))
    monthly = params.GEOGRAPHIES[geography].monthly_sst_c
    for month in range(12):
        day = dt.date(2001, month + 1, 15).timetuple().tm_yday
        assert readings[day] == pytest.approx(monthly[month], abs=0.35)
    assert min(monthly) - 0.01 <= min(readings.values())
    assert max(readings.values()) <= max(monthly) + 0.01


def test_profile_from_the_release_month_starts_in_that_month() -> None:
    april = TemperatureProfileFactory(start_month=4, readings=30)
    assert april.name == "Faroe Islands Sea Temperature from April"
    assert april.readings.count() == 30
    assert april.readings.get(day_number=15).temperature == pytest.approx(
        params.GEOGRAPHIES["Faroe Islands"].monthly_sst_c[3], abs=0.05
    )
    assert monthly_temperature((1.0,) * 12, 4, 100) == 1.0


def test_profiles_are_looked_up_and_completed() -> None:
    TemperatureReadingFactory()
    assert model("scenario.TemperatureReading").objects.count() == 1
    TemperatureProfileFactory()
    TemperatureProfileFactory()
    assert model("scenario.TemperatureProfile").objects.count() == 1
    assert model("scenario.TemperatureReading").objects.count() == 450
    reading = TemperatureReadingFactory()
    assert reading.day_number == 451


def test_tgc_models_are_in_biology_ranges() -> None:
    standard = TGCModelFactory()
    assert standard.name == "Faroe Islands April TGC" and standard.release_period == "April"
    assert standard.tgc_value == BIOLOGY.tgc_sea == 3.0
    assert standard.profile.name == "Faroe Islands Sea Temperature from April"
    assert (standard.exponent_n, standard.exponent_m) == (1.0, 0.333)
    assert TGCModelFactory(remedial=True).tgc_value == 2.5
    assert TGCModelFactory(elite=True, scotland=True).tgc_value == 3.5
    fresh = TGCModelFactory(freshwater=True)
    assert "freshwater" in fresh.location and 1.0 <= fresh.tgc_value <= 2.0
    assert fresh.profile.readings.filter(temperature=BIOLOGY.freshwater_temp_c).count() == 450


def test_two_scenarios_share_their_models() -> None:
    ScenarioFactory()
    ScenarioFactory()
    for label in ("scenario.TGCModel", "scenario.FCRModel", "scenario.MortalityModel"):
        assert model(label).objects.count() == 1, label
    assert model("scenario.Scenario").objects.count() == 2


def test_fcr_model_has_a_stage_row_per_lifecycle_stage() -> None:
    fcr = FCRModelFactory()
    values = dict(fcr.stages.values_list("stage__name", "fcr_value"))
    assert values["Egg&Alevin"] == 0
    assert values["Adult"] == BIOLOGY.fcr_sea
    assert all(
        v == BIOLOGY.fcr_freshwater for k, v in values.items() if k not in ("Egg&Alevin", "Adult")
    )
    assert 1.05 <= FCRModelFactory(efficient=True).stages.get(stage__name="Adult").fcr_value < 1.15
    assert FCRModelFactory(high=True).stages.get(stage__name="Adult").fcr_value == 1.25
    FCRModelStageFactory(model=fcr)
    assert fcr.stages.count() == 6


def test_fcr_overrides_split_the_stage_in_weight_bands() -> None:
    stage = FCRModelStageFactory(stage_name="Adult")
    bands = FCRModelStageOverrideFactory.create_batch(3, fcr_stage=stage)
    assert bands[0].min_weight_g == 500 and bands[-1].max_weight_g == 7000
    for lower, upper in zip(bands, bands[1:], strict=False):
        assert lower.max_weight_g == upper.min_weight_g
        assert lower.fcr_value < upper.fcr_value
    assert all(1.0 < b.fcr_value < 1.3 for b in bands)


def test_mortality_model_rates() -> None:
    standard = MortalityModelFactory()
    monthly = sum(params.MONTHLY_SEA_MORTALITY_PCT) / 12
    assert standard.rate * params.DAYS_PER_MONTH == pytest.approx(monthly, rel=0.02)
    low, high = MortalityModelFactory(low=True), MortalityModelFactory(high=True)
    assert low.rate < standard.rate < high.rate
    weekly = MortalityModelFactory(weekly=True)
    assert weekly.frequency == "weekly" and weekly.rate == pytest.approx(
        7 * standard.rate, rel=0.01
    )


def test_stage_rows_take_the_next_free_stage() -> None:
    tgc = TGCModelFactory()
    stages = TGCModelStageFactory.create_batch(7, tgc_model=tgc)
    assert len({s.lifecycle_stage for s in stages}) == 7
    by_stage = {s.lifecycle_stage: s.tgc_value for s in stages}
    assert by_stage["harvest"] == 3 and by_stage["egg"] == 0
    assert float(by_stage["parr"]) == pytest.approx(BIOLOGY.tgc_parr)
    mortality = MortalityModelStageFactory.create_batch(2)
    assert {m.lifecycle_stage for m in mortality} == {"harvest", "post_smolt"}
    harvest = next(m for m in mortality if m.lifecycle_stage == "harvest")
    assert float(harvest.weekly_rate_percent) == pytest.approx(
        (1 - (1 - float(harvest.daily_rate_percent) / 100) ** 7) * 100, abs=0.001
    )


def test_constraint_set_covers_every_stage_and_validates_scenarios() -> None:
    constraints = BiologicalConstraintsFactory()
    rows = {c.lifecycle_stage: c for c in constraints.stage_constraints.all()}
    assert set(rows) == {"egg", "alevin", "fry", "parr", "smolt", "post_smolt", "harvest"}
    assert rows["harvest"].max_freshwater_weight_g is None
    assert rows["smolt"].max_freshwater_weight_g == rows["smolt"].max_weight_g == 180
    for row in rows.values():
        row.full_clean()
        assert row.min_weight_g < row.max_weight_g
    StageConstraintFactory(constraint_set=constraints)
    assert constraints.stage_constraints.count() == 7
    scenario = ScenarioFactory(constrained=True)
    assert scenario.biological_constraints == constraints
    fresh = ScenarioFactory(freshwater=True, constrained=True)
    assert fresh.initial_weight == BIOLOGY.first_feeding_weight_g


def test_scenario_defaults_are_a_sea_phase_of_one_pen() -> None:
    scenario = ScenarioFactory()
    assert scenario.initial_weight == BIOLOGY.sea_transfer_weight_g
    assert scenario.duration_days == params.STAGE_BY_NAME["Adult"].typical_duration_days
    assert 0 < scenario.initial_count <= params.CONTAINER_KINDS["sea_pen"].max_fish
    assert scenario.start_date.month == 4
    assert scenario.tgc_model.release_period == "April"
    assert scenario.supplier and scenario.genotype
    linked = ScenarioFactory(with_batch=True)
    assert linked.batch.lifecycle_stage.name == "Adult"
    assert linked.batch.batch_number in linked.name


def test_projection_grows_to_harvest_size() -> None:
    run = ProjectionRunFactory(computed=True)
    assert run.run_number == 1 and run.label == "Baseline"
    assert run.total_projections == run.scenario.duration_days + 1
    rows = list(run.projections.order_by("day_number"))
    assert len(rows) == run.total_projections
    weights = [r.average_weight for r in rows]
    assert weights == sorted(weights)
    assert 4000 < run.final_weight_g < 7000  # docs/references.md §2: harvest 4–6 kg live (3–7)
    assert rows[-1].population < rows[0].population
    feed = rows[-1].cumulative_feed
    gain = rows[-1].biomass - rows[0].biomass
    assert 1.05 < feed / gain < 1.4  # bFCR incl. dead fish, docs/references.md §5
    assert {r.current_stage.name for r in rows} == {"Adult"}
    assert run.parameters_snapshot["tgc"]["tgc_value"] == 3.0
    second = ProjectionRunFactory(scenario=run.scenario, projections=10)
    assert second.run_number == 2 and second.projections.count() == 10


def test_projection_rows_continue_the_run() -> None:
    first = ScenarioProjectionFactory()
    second = ScenarioProjectionFactory(projection_run=first.projection_run)
    assert (first.day_number, second.day_number) == (0, 1)
    assert second.projection_date == first.projection_date + dt.timedelta(days=1)
    assert second.average_weight > first.average_weight
    point = project(first.projection_run.scenario, 1)[-1]
    assert second.average_weight == point.weight_g


def test_model_change_switches_half_way() -> None:
    change = ScenarioModelChangeFactory()
    assert change.change_day == change.scenario.duration_days // 2
    assert change.new_tgc_model.tgc_value == 2.5
    assert change.new_tgc_model.profile == change.scenario.tgc_model.profile
    mortality = ScenarioModelChangeFactory(mortality_change=True)
    assert mortality.new_tgc_model is None
    assert mortality.new_mortality_model.name == "High Mortality"
