"""Factories of the `scenario` app: temperature profiles, TGC / FCR / mortality models, their
per-stage overrides, scenarios, projection runs and daily projections, biological constraints.

Model values come from ``sim.params``: sea TGC 3.0 (remedial 2.5, elite 3.5 — the range of
``Biology.tgc_sea``, docs/references.md §1), freshwater stage TGCs, FCR 1.15 at sea and 0.9 in
freshwater (ranges 1.05–1.3 and 0.7–1.2, §5), sea mortality from the seasonal profile (§4).
Temperature profiles follow the geography's monthly mean sea temperatures. Projections use the
TGC law W^(1/3) += TGC/1000 · T per day (§1), feed = growth × FCR, and the mortality model.
Models, profiles and constraint sets are get-or-created by name; their per-stage rows by
(model, stage).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import factory
from django.apps import apps
from django.db.models import Max

from pytest_aquadata.factories._keyed import KeyedFactory
from pytest_aquadata.factories.values import dec, next_number, pick, randint, today
from pytest_aquadata.reference.batches import EGGS_PER_BATCH
from pytest_aquadata.reference.broodstock import EGG_SUPPLIERS
from pytest_aquadata.reference.scenario import (
    CONSTRAINT_SET_DESCRIPTION,
    CONSTRAINT_SET_NAME,
    FCR_BAND_START,
    FCR_BAND_STEP,
    FCR_LEVELS,
    MONTH_NAMES,
    SCENARIO_STAGES,
    SMOLT_RELEASE_MONTH,
    TEMPERATURE_PROFILE_DAYS,
    TGC_LEVELS,
)
from pytest_aquadata.scenario_rates import (
    constraint_row,
    sea_daily_percent,
    stage_daily_percent,
    weekly_percent,
)
from pytest_aquadata.sim import params
from pytest_aquadata.stage_table import STAGES

_USER = "pytest_aquadata.factories.users.UserFactory"
_BATCH = "pytest_aquadata.factories.batch.BatchFactory"
_LIFECYCLE_STAGE = "pytest_aquadata.factories.batch.LifeCycleStageFactory"
_FAROE = "Faroe Islands"
_BIOLOGY = params.Biology()
_SCENARIO_STAGES: tuple[str, ...] = tuple(SCENARIO_STAGES)
_SEA_FIRST: tuple[str, ...] = tuple(reversed(_SCENARIO_STAGES))
_FRESHWATER_STAGES = ("Fry", "Parr", "Smolt", "Post-Smolt")


def _model(label: str) -> Any:
    return apps.get_model(label)


def _level_value(field: str, level: str, levels: Sequence[str]) -> float:
    """A Biology parameter at a level: the default of ``sim.params.Biology``, the low end of its
    range for the first level, and as far above the default for the last (TGC 2.5 / 3.0 / 3.5,
    docs/references.md §1; sea FCR 1.05 / 1.15 / 1.25, §5)."""
    default = getattr(_BIOLOGY, field)
    low, high = params.PARAMETER_RANGES[field]
    upper = min(high, round(2 * default - low, 4))
    return {levels[0]: low, levels[-1]: upper}.get(level, default)


def _known_geography(name: str | None) -> str | None:
    """The sim.params geography ``name`` starts with (None if none)."""
    return next((g for g in params.GEOGRAPHIES if name and name.startswith(g)), None)


def _next_stage(label: str, parent_field: str, parent: Any, order: Sequence[str]) -> str:
    """The first scenario stage in ``order`` the parent has no row for yet (else the first)."""
    if parent is None or parent.pk is None:
        return order[0]
    used = set(
        _model(label)
        ._default_manager.filter(**{parent_field: parent})
        .values_list("lifecycle_stage", flat=True)
    )
    return next((s for s in order if s not in used), order[0])


def _stage_info_for(scenario_stage: str) -> Any:
    return STAGES[SCENARIO_STAGES.get(scenario_stage, "Adult")]


# ---------------------------------------------------------------------------------------------
# Temperature profiles.
# ---------------------------------------------------------------------------------------------


def monthly_temperature(monthly: Sequence[float], start_month: int, day_number: int) -> float:
    """Temperature on relative day ``day_number`` (day 1 = the 1st of ``start_month``), linearly
    interpolated between monthly means placed in the middle of their months."""
    day = dt.date(2001, start_month, 1) + dt.timedelta(days=day_number - 1)
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    position = day.month - 1 + (day.day - 0.5) / days_in_month - 0.5
    lower = int(position // 1)
    fraction = position - lower
    return monthly[lower % 12] * (1 - fraction) + monthly[(lower + 1) % 12] * fraction


def profile_name(geography: str | None, start_month: int = 1) -> str:
    """Name of the generated profile: "Faroe Islands Sea Temperature" (January start, the
    seed name), "… from April" for other starts, "Freshwater Hatchery 13 °C" without geography."""
    if geography is None:
        return f"Freshwater Hatchery {_BIOLOGY.freshwater_temp_c:g} °C"
    base = f"{geography} Sea Temperature"
    return base if start_month == 1 else f"{base} from {MONTH_NAMES[start_month - 1]}"


def profile_temperature(name: str, day_number: int) -> float:
    """Temperature of a generated profile on ``day_number``: the hatchery set point for the
    freshwater profile, else the geography's monthly mean SST (``sim.params``; the Faroe curve
    for unknown names) from the start month named in the profile."""
    if name.startswith("Freshwater"):
        return _BIOLOGY.freshwater_temp_c
    geography = _known_geography(name) or _FAROE
    month = next((i + 1 for i, m in enumerate(MONTH_NAMES) if name.endswith(f"from {m}")), 1)
    return monthly_temperature(params.GEOGRAPHIES[geography].monthly_sst_c, month, day_number)


def _fill_readings(profile: Any, days: int) -> None:
    """Bulk-create the profile's missing readings for days 1..``days``."""
    reading = _model("scenario.TemperatureReading")
    have = set(
        reading._default_manager.filter(profile=profile).values_list("day_number", flat=True)
    )
    rows = [
        reading(
            profile=profile,
            day_number=day,
            temperature=round(profile_temperature(profile.name, day), 2),
        )
        for day in range(1, days + 1)
        if day not in have
    ]
    reading._default_manager.bulk_create(rows, batch_size=500)


class TemperatureProfileFactory(KeyedFactory):
    """A sea temperature profile of 450 daily readings following a geography's monthly SST.
    "Faroe Islands Sea Temperature" by default (``start_month=4`` gives "… from April"),
    readings from ``sim.params`` monthly means (Faroe 6.4–10.4 °C, Scotland 7.4–14.1 °C);
    ``readings=N`` sets the length (0: none); traits ``scotland`` and ``freshwater`` (constant
    13 °C hatchery profile); get-or-create on name, missing readings are filled in."""

    class Meta:
        model = "scenario.TemperatureProfile"
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    class Params:
        geography = _FAROE
        start_month = 1
        scotland = factory.Trait(geography="Scotland")
        freshwater = factory.Trait(geography=None)

    name = factory.LazyAttribute(lambda o: profile_name(o.geography, o.start_month))

    @factory.post_generation
    def readings(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """On create, daily readings for days 1..N (default 450; ``readings=0`` skips)."""
        if not create or extracted is False:
            return
        days = TEMPERATURE_PROFILE_DAYS if extracted in (None, True) else int(extracted)
        if days > 0:
            _fill_readings(obj, days)


class TemperatureReadingFactory(KeyedFactory):
    """The temperature of the next day of a temperature profile.
    Default the Faroe Islands sea profile (created without readings if new); the geography's
    monthly mean SST for that day."""

    class Meta:
        model = "scenario.TemperatureReading"

    profile = factory.SubFactory(TemperatureProfileFactory, readings=0)
    day_number = factory.LazyAttribute(
        lambda o: next_number(
            _model("scenario.TemperatureReading"), "profile", o.profile, "day_number"
        )
    )
    temperature = factory.LazyAttribute(
        lambda o: round(profile_temperature(o.profile.name, o.day_number), 2)
    )


# ---------------------------------------------------------------------------------------------
# TGC models.
# ---------------------------------------------------------------------------------------------


def _tgc_value(level: str, environment: str) -> float:
    field = "tgc_sea" if environment == "sea" else "tgc_parr"
    return _level_value(field, level, TGC_LEVELS)


def _tgc_name(o: Any) -> str:
    level = "" if o.level == "Standard" else f"{o.level} "
    if o.environment != "sea":
        return f"{o.geography} Freshwater {level}TGC"
    return f"{o.geography} {MONTH_NAMES[o.release_month - 1]} {level}TGC"


class TGCModelFactory(KeyedFactory):
    """A sea-phase TGC model, "Faroe Islands April TGC" with TGC 3.0 by default.
    TGC from ``sim.params`` Biology.tgc_sea (docs/references.md §1 average), temperature exponent 1 and
    weight exponent 1/3 (the standard W^(1/3) law), on the geography's sea temperature profile
    from the release month; traits ``remedial`` (2.5), ``elite`` (3.5), ``scotland``,
    ``freshwater`` (hatchery TGC 1.4 on the 13 °C profile); ``stages=True`` adds the per-stage
    TGCs; get-or-create on name."""

    class Meta:
        model = "scenario.TGCModel"
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    class Params:
        geography = _FAROE
        release_month = SMOLT_RELEASE_MONTH
        level = "Standard"
        environment = "sea"
        remedial = factory.Trait(level=TGC_LEVELS[0])
        elite = factory.Trait(level=TGC_LEVELS[-1])
        scotland = factory.Trait(geography="Scotland")
        freshwater = factory.Trait(environment="freshwater")

    name = factory.LazyAttribute(_tgc_name)
    location = factory.LazyAttribute(
        lambda o: (
            f"{o.geography} {'sea sites' if o.environment == 'sea' else 'freshwater stations'}"
        )
    )
    release_period = factory.LazyAttribute(lambda o: MONTH_NAMES[o.release_month - 1])
    tgc_value = factory.LazyAttribute(lambda o: _tgc_value(o.level, o.environment))
    exponent_n = 1.0
    exponent_m = 0.333
    profile = factory.SubFactory(
        TemperatureProfileFactory,
        geography=factory.LazyAttribute(
            lambda o: o.factory_parent.geography if o.factory_parent.environment == "sea" else None
        ),
        start_month=factory.SelfAttribute("..release_month"),
    )

    @factory.post_generation
    def stages(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``stages=True`` adds a TGCModelStage for each of the 7 scenario stages."""
        if create and extracted:
            for stage in _SCENARIO_STAGES:
                TGCModelStageFactory(tgc_model=obj, lifecycle_stage=stage)


def stage_tgc(tgc_model: Any, scenario_stage: str) -> float:
    """TGC of a scenario stage: the model's own value for "harvest" (sea), else the stage's TGC
    from ``sim.params`` (0 for egg and alevin, which develop by degree-days)."""
    if scenario_stage == "harvest" and tgc_model is not None and tgc_model.tgc_value >= 0.01:
        return float(tgc_model.tgc_value)
    field = params.STAGE_TGC_PARAMETER[_stage_info_for(scenario_stage).code]
    return getattr(_BIOLOGY, field) if field else 0.0


class TGCModelStageFactory(KeyedFactory):
    """A per-stage TGC override of a TGC model (harvest stage first).
    Default the Faroe April sea model and the next stage it lacks: the model's TGC at sea,
    ``sim.params`` stage TGCs in freshwater (fry 1.1, parr 1.4, smolt 1.6, post-smolt 1.9; 0 for
    egg and alevin), temperature exponent 1.0, weight exponent 0.33; get-or-create on
    (tgc_model, lifecycle_stage)."""

    class Meta:
        model = "scenario.TGCModelStage"
        django_get_or_create = ("tgc_model", "lifecycle_stage")

    tgc_model = factory.SubFactory(TGCModelFactory)
    lifecycle_stage = factory.LazyAttribute(
        lambda o: _next_stage("scenario.TGCModelStage", "tgc_model", o.tgc_model, _SEA_FIRST)
    )
    tgc_value = factory.LazyAttribute(lambda o: dec(stage_tgc(o.tgc_model, o.lifecycle_stage), 4))
    temperature_exponent = dec(1, 2)
    weight_exponent = dec(0.33, 2)


# ---------------------------------------------------------------------------------------------
# FCR models.
# ---------------------------------------------------------------------------------------------


def _model_level(name: str, levels: Sequence[str]) -> str:
    return next((level for level in levels if name.startswith(level)), "Standard")


def stage_fcr(model_name: str, stage_name: str) -> float:
    """FCR of a lifecycle stage in an FCR model: 0 for unfed Egg&Alevin, else ``sim.params``
    fcr_freshwater / fcr_sea at the model's level (Efficient 0.7 / 1.05, Standard 0.9 / 1.15,
    High 1.1 / 1.25)."""
    info = STAGES.get(stage_name)
    if info is not None and info.code == 0:
        return 0.0
    field = "fcr_sea" if info is None or info.is_sea else "fcr_freshwater"
    return _level_value(field, _model_level(model_name, FCR_LEVELS), FCR_LEVELS)


class FCRModelFactory(KeyedFactory):
    """A feed-conversion model, "Standard FCR" (1.15 at sea), with one row per stage.
    Created with one FCRModelStage per lifecycle stage (``stages=False`` skips them): FCR 0.9 in
    freshwater and 1.15 at sea (``sim.params``, docs/references.md §5), 0 for unfed Egg&Alevin, stage
    durations from the stage table; traits ``efficient`` (1.05 at sea) and ``high`` (1.25);
    get-or-create on name."""

    class Meta:
        model = "scenario.FCRModel"
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    class Params:
        level = "Standard"
        efficient = factory.Trait(level=FCR_LEVELS[0])
        high = factory.Trait(level=FCR_LEVELS[-1])

    name = factory.LazyAttribute(lambda o: f"{o.level} FCR")

    @factory.post_generation
    def stages(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """On create, one FCRModelStage per lifecycle stage (get-or-create); False skips."""
        if create and extracted is not False:
            for name in STAGES:
                FCRModelStageFactory(model=obj, stage_name=name)


def _next_fcr_stage(o: Any) -> str:
    names = tuple(STAGES)
    if o.model.pk is None:
        return names[-1]
    used = set(
        _model("scenario.FCRModelStage")
        ._default_manager.filter(model=o.model)
        .values_list("stage__name", flat=True)
    )
    return next((n for n in reversed(names) if n not in used), names[-1])


class FCRModelStageFactory(KeyedFactory):
    """The FCR and duration of one lifecycle stage in an FCR model (Adult first).
    Default "Standard FCR" and the next stage it lacks: FCR by stage and model level
    (``sim.params``), the stage's typical duration (SCHEMA.md §16); get-or-create on (model,
    stage)."""

    class Meta:
        model = "scenario.FCRModelStage"
        django_get_or_create = ("model", "stage")

    class Params:
        stage_name = factory.LazyAttribute(_next_fcr_stage)

    model = factory.SubFactory(FCRModelFactory, stages=False)
    stage = factory.SubFactory(_LIFECYCLE_STAGE, name=factory.SelfAttribute("..stage_name"))
    fcr_value = factory.LazyAttribute(lambda o: stage_fcr(o.model.name, o.stage.name))
    duration_days = factory.LazyAttribute(
        lambda o: STAGES[o.stage.name].typical_duration_days if o.stage.name in STAGES else 90
    )


def _stage_weights(stage: Any) -> tuple[float, float]:
    info = STAGES.get(stage.name)
    if info is not None:
        return info.weight_min_g, info.weight_max_g
    low = float(getattr(stage, "expected_weight_min_g", None) or 1)
    high = float(getattr(stage, "expected_weight_max_g", None) or low * 10)
    return low, high


_BANDS = 3


def _band_edges(stage: Any, band: int) -> tuple[float, float]:
    """Band ``band`` of ``_BANDS`` equal steps of the stage's weight range on the cube-root
    scale (equal growth time per band under TGC growth)."""
    low, high = (w ** (1 / 3) for w in _stage_weights(stage))
    step = (high - low) / _BANDS
    return (low + step * band) ** 3, (low + step * (band + 1)) ** 3


def _next_band(o: Any) -> int:
    stage = o.fcr_stage
    if stage.pk is None:
        return 0
    return stage.overrides.count() % _BANDS


class FCRModelStageOverrideFactory(KeyedFactory):
    """A weight band of an FCR model stage with its own FCR (Adult 500–1 588 g first).
    The stage's range in three bands on the cube-root scale (Adult 500–1 588, 1 588–3 651, 3
    651–7 000 g), FCR from 0.92 × the stage FCR rising 8 % per band (larger fish convert feed
    less efficiently; choice)."""

    class Meta:
        model = "scenario.FCRModelStageOverride"

    class Params:
        band = factory.LazyAttribute(_next_band)
        edges = factory.LazyAttribute(lambda o: _band_edges(o.fcr_stage.stage, o.band))

    fcr_stage = factory.SubFactory(FCRModelStageFactory, stage_name="Adult")
    min_weight_g = factory.LazyAttribute(lambda o: dec(o.edges[0]))
    max_weight_g = factory.LazyAttribute(lambda o: dec(o.edges[1]))
    fcr_value = factory.LazyAttribute(
        lambda o: dec(float(o.fcr_stage.fcr_value) * (FCR_BAND_START + FCR_BAND_STEP * o.band), 3)
    )


# ---------------------------------------------------------------------------------------------
# Mortality models.
# ---------------------------------------------------------------------------------------------


class MortalityModelFactory(KeyedFactory):
    """A mortality model, "Standard Mortality": 0.039 %/day applied daily.
    The mean of the seasonal sea mortality profile of ``sim.params`` (1.18 %/month, docs/references.md
    §4); traits ``low`` / ``high`` (Scottish regional range 0.34 / 2.81 %/month, §4) and
    ``weekly`` (the same loss applied weekly); ``stages=True`` adds per-stage rates;
    get-or-create on name."""

    class Meta:
        model = "scenario.MortalityModel"
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    class Params:
        level = "Standard"
        low = factory.Trait(level="Low")
        high = factory.Trait(level="High")
        weekly = factory.Trait(frequency="weekly")

    name = factory.LazyAttribute(
        lambda o: f"{o.level} Mortality{' (weekly)' if o.frequency == 'weekly' else ''}"
    )
    frequency = "daily"
    rate = factory.LazyAttribute(
        lambda o: round(
            weekly_percent(sea_daily_percent(o.level))
            if o.frequency == "weekly"
            else sea_daily_percent(o.level),
            4,
        )
    )

    @factory.post_generation
    def stages(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``stages=True`` adds a MortalityModelStage for each of the 7 scenario stages."""
        if create and extracted:
            for stage in _SCENARIO_STAGES:
                MortalityModelStageFactory(mortality_model=obj, lifecycle_stage=stage)


class MortalityModelStageFactory(KeyedFactory):
    """A per-stage daily and weekly mortality rate of a mortality model (harvest first).
    Default "Standard Mortality" and the next stage it lacks: daily % from ``sim.params`` (egg
    0.057, alevin 0.076, fry 0.142, parr–post-smolt 0.007, harvest the model's sea rate) and the
    weekly % compounded from it; get-or-create on (mortality_model, lifecycle_stage)."""

    class Meta:
        model = "scenario.MortalityModelStage"
        django_get_or_create = ("mortality_model", "lifecycle_stage")

    mortality_model = factory.SubFactory(MortalityModelFactory)
    lifecycle_stage = factory.LazyAttribute(
        lambda o: _next_stage(
            "scenario.MortalityModelStage", "mortality_model", o.mortality_model, _SEA_FIRST
        )
    )
    daily_rate_percent = factory.LazyAttribute(
        lambda o: dec(
            stage_daily_percent(
                o.lifecycle_stage, _model_level(o.mortality_model.name, ("Low", "High"))
            ),
            3,
        )
    )
    weekly_rate_percent = factory.LazyAttribute(
        lambda o: dec(weekly_percent(float(o.daily_rate_percent)), 3)
    )


# ---------------------------------------------------------------------------------------------
# Biological constraints.
# ---------------------------------------------------------------------------------------------


class BiologicalConstraintsFactory(KeyedFactory):
    """The standard stage-rule set of Atlantic salmon, with a rule per scenario stage.
    Named "Atlantic Salmon Standard", created with one StageConstraint per scenario stage, egg
    to harvest (``stages=False`` skips them); ``inactive``; get-or-create on name."""

    class Meta:
        model = "scenario.BiologicalConstraints"
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    class Params:
        inactive = factory.Trait(is_active=False)

    name = CONSTRAINT_SET_NAME
    description = CONSTRAINT_SET_DESCRIPTION
    is_active = True
    created_by = factory.SubFactory(_USER)

    @factory.post_generation
    def stages(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """On create, one StageConstraint per scenario stage (get-or-create); False skips."""
        if create and extracted is not False:
            for stage in _SCENARIO_STAGES:
                StageConstraintFactory(constraint_set=obj, lifecycle_stage=stage)


def _constraint_value(o: Any, attr: str, places: int = 2) -> Decimal | None:
    value = getattr(constraint_row(o.lifecycle_stage), attr)
    return None if value is None else dec(value, places)


class StageConstraintFactory(KeyedFactory):
    """The weight, temperature and duration rules of one scenario stage (egg first).
    Default the standard set and the next stage it lacks: weight window (egg 0.05–0.14 g …
    harvest 500–7 000 g), optimal temperatures, typical days and freshwater weight cap
    (``sim.params``); get-or-create on (constraint_set, lifecycle_stage)."""

    class Meta:
        model = "scenario.StageConstraint"
        django_get_or_create = ("constraint_set", "lifecycle_stage")

    constraint_set = factory.SubFactory(BiologicalConstraintsFactory, stages=False)
    lifecycle_stage = factory.LazyAttribute(
        lambda o: _next_stage(
            "scenario.StageConstraint", "constraint_set", o.constraint_set, _SCENARIO_STAGES
        )
    )
    min_weight_g = factory.LazyAttribute(lambda o: _constraint_value(o, "min_weight_g"))
    max_weight_g = factory.LazyAttribute(lambda o: _constraint_value(o, "max_weight_g"))
    min_temperature_c = factory.LazyAttribute(lambda o: _constraint_value(o, "min_temperature_c"))
    max_temperature_c = factory.LazyAttribute(lambda o: _constraint_value(o, "max_temperature_c"))
    typical_duration_days = factory.LazyAttribute(
        lambda o: constraint_row(o.lifecycle_stage).typical_duration_days
    )
    max_freshwater_weight_g = factory.LazyAttribute(
        lambda o: _constraint_value(o, "max_freshwater_weight_g")
    )


# ---------------------------------------------------------------------------------------------
# Scenarios and projections.
# ---------------------------------------------------------------------------------------------


def _release_date(month: int) -> dt.date:
    """The 15th of ``month`` in the current year."""
    return dt.date(today().year, month, 15)


def _freshwater_days() -> int:
    return sum(STAGES[name].typical_duration_days for name in _FRESHWATER_STAGES)


def _first_feeding_count() -> int:
    eggs = randint(*EGGS_PER_BATCH)
    return round(eggs * (1 - _BIOLOGY.egg_mortality) * (1 - _BIOLOGY.alevin_mortality))


class ScenarioFactory(KeyedFactory):
    """A sea-phase growth scenario of one pen of 500 g smolts released in April (Faroe Islands).
    180 000–200 000 fish (``sim.params`` pen limit) of 500 g (sea-transfer weight), 400 days,
    genotype and supplier of a real egg supplier, the geography's April TGC model (3.0),
    "Standard FCR" and "Standard Mortality"; traits ``scotland``, ``freshwater`` (first-feeding
    fry 0.2 g to smolt, 360 days, hatchery TGC), ``constrained`` (the standard biological
    constraint set), ``with_batch`` (linked to a new batch at the scenario's first stage) and
    ``with_model_stages`` (per-stage TGC and mortality overrides)."""

    class Meta:
        model = "scenario.Scenario"

    class Params:
        geography = _FAROE
        release_month = SMOLT_RELEASE_MONTH
        environment = "sea"
        supplier_spec = factory.LazyFunction(lambda: pick(EGG_SUPPLIERS))
        scotland = factory.Trait(geography="Scotland")
        freshwater = factory.Trait(
            environment="freshwater",
            initial_weight=_BIOLOGY.first_feeding_weight_g,
            duration_days=factory.LazyFunction(_freshwater_days),
            initial_count=factory.LazyFunction(_first_feeding_count),
        )
        constrained = factory.Trait(
            biological_constraints=factory.SubFactory(BiologicalConstraintsFactory)
        )
        with_batch = factory.Trait(
            batch=factory.SubFactory(
                _BATCH,
                stage=factory.LazyAttribute(
                    lambda o: "Adult" if o.factory_parent.environment == "sea" else "Fry"
                ),
            )
        )
        with_model_stages = factory.Trait(
            tgc_model=factory.SubFactory(
                TGCModelFactory,
                geography=factory.SelfAttribute("..geography"),
                release_month=factory.SelfAttribute("..release_month"),
                environment=factory.SelfAttribute("..environment"),
                stages=True,
            ),
            mortality_model=factory.SubFactory(MortalityModelFactory, stages=True),
        )

    name = factory.LazyAttribute(
        lambda o: (
            (
                f"{o.geography} {MONTH_NAMES[o.release_month - 1]} sea projection"
                if o.environment == "sea"
                else f"{o.geography} freshwater projection"
            )
            + (f" – {o.batch.batch_number}" if o.batch is not None else "")
        )
    )
    start_date = factory.LazyAttribute(lambda o: _release_date(o.release_month))
    duration_days = STAGES["Adult"].typical_duration_days
    initial_count = factory.LazyFunction(
        lambda: randint(
            int(0.9 * (params.CONTAINER_KINDS["sea_pen"].max_fish or 200_000)),
            params.CONTAINER_KINDS["sea_pen"].max_fish or 200_000,
        )
    )
    genotype = factory.LazyAttribute(lambda o: o.supplier_spec.genotype)
    supplier = factory.LazyAttribute(lambda o: o.supplier_spec.name)
    initial_weight = _BIOLOGY.sea_transfer_weight_g
    tgc_model = factory.SubFactory(
        TGCModelFactory,
        geography=factory.SelfAttribute("..geography"),
        release_month=factory.SelfAttribute("..release_month"),
        environment=factory.SelfAttribute("..environment"),
    )
    fcr_model = factory.SubFactory(FCRModelFactory)
    mortality_model = factory.SubFactory(MortalityModelFactory)
    batch = None
    biological_constraints = None
    created_by = factory.SubFactory(_USER)


def _scenario_geography(scenario: Any) -> str:
    return _known_geography(getattr(scenario.tgc_model, "name", None)) or _FAROE


def _release_month(tgc_model: Any) -> int:
    period = getattr(tgc_model, "release_period", "") or ""
    return next((i + 1 for i, m in enumerate(MONTH_NAMES) if m == period), SMOLT_RELEASE_MONTH)


def _is_sea(tgc_model: Any) -> bool:
    return "freshwater" not in (getattr(tgc_model, "location", "") or "").lower()


class ScenarioModelChangeFactory(KeyedFactory):
    """A switch of a scenario to the "Remedial" TGC model half-way through its projection.
    Slower growth, e.g. after a disease outbreak, on the scenario's geography; traits
    ``fcr_change`` (to "High FCR") and ``mortality_change`` (to "High Mortality") switch those
    models instead."""

    class Meta:
        model = "scenario.ScenarioModelChange"

    class Params:
        fcr_change = factory.Trait(
            new_tgc_model=None, new_fcr_model=factory.SubFactory(FCRModelFactory, high=True)
        )
        mortality_change = factory.Trait(
            new_tgc_model=None,
            new_mortality_model=factory.SubFactory(MortalityModelFactory, high=True),
        )

    scenario = factory.SubFactory(ScenarioFactory)
    change_day = factory.LazyAttribute(lambda o: max(1, o.scenario.duration_days // 2))
    new_tgc_model = factory.SubFactory(
        TGCModelFactory,
        remedial=True,
        geography=factory.LazyAttribute(lambda o: _scenario_geography(o.factory_parent.scenario)),
        release_month=factory.LazyAttribute(
            lambda o: _release_month(o.factory_parent.scenario.tgc_model)
        ),
        environment=factory.LazyAttribute(
            lambda o: "sea" if _is_sea(o.factory_parent.scenario.tgc_model) else "freshwater"
        ),
    )
    new_fcr_model = None
    new_mortality_model = None


@dataclass(frozen=True)
class ProjectionPoint:
    """One projected day of a scenario."""

    day: int
    date: dt.date
    weight_g: float
    population: float
    biomass_kg: float
    daily_feed_kg: float
    cumulative_feed_kg: float
    temperature_c: float
    stage: str


def _stage_for_weight(weight_g: float) -> str:
    name = next(iter(STAGES))
    for info in STAGES.values():
        if weight_g >= info.weight_min_g:
            name = info.name
    return name


def _scenario_stage_of(stage_name: str) -> str:
    return {"Egg&Alevin": "egg", "Post-Smolt": "post_smolt", "Adult": "harvest"}.get(
        stage_name, stage_name.lower()
    )


def _saved_rows(tgc_model: Any, fcr_model: Any, mortality_model: Any) -> tuple[dict, ...]:
    """Saved readings and per-stage rows of the scenario's models (empty when unsaved)."""
    temps: dict[int, float] = {}
    tgc: dict[str, float] = {}
    fcr: dict[str, float] = {}
    mortality: dict[str, float] = {}
    profile = getattr(tgc_model, "profile", None)
    if profile is not None and profile.pk is not None:
        temps = dict(profile.readings.values_list("day_number", "temperature"))
    if tgc_model is not None and tgc_model.pk is not None:
        tgc = {
            s: float(v)
            for s, v in tgc_model.stage_overrides.values_list("lifecycle_stage", "tgc_value")
        }
    if fcr_model is not None and fcr_model.pk is not None:
        fcr = dict(fcr_model.stages.values_list("stage__name", "fcr_value"))
    if mortality_model is not None and mortality_model.pk is not None:
        mortality = {
            s: float(v)
            for s, v in mortality_model.stage_overrides.values_list(
                "lifecycle_stage", "daily_rate_percent"
            )
        }
    return temps, tgc, fcr, mortality


def project(scenario: Any, last_day: int | None = None) -> list[ProjectionPoint]:
    """Project a scenario day by day from day 0 to ``last_day`` (default its duration): TGC
    growth W^(1/3) += k·T^n (k = TGC/1000, or TGC itself below 0.01 as in the reference's
    calculator) on the profile's readings (the profile's curve where a day is missing), per-stage
    TGC, FCR and mortality overrides where the models have them, feed = biomass gain × FCR."""
    last = scenario.duration_days if last_day is None else last_day
    tgc_model, fcr_model, mortality_model = (
        scenario.tgc_model,
        scenario.fcr_model,
        scenario.mortality_model,
    )
    temps, stage_tgc_values, fcr_values, mortality_values = _saved_rows(
        tgc_model, fcr_model, mortality_model
    )
    profile_label = getattr(getattr(tgc_model, "profile", None), "name", "") or profile_name(_FAROE)
    base_tgc = float(tgc_model.tgc_value)
    exponent = float(tgc_model.exponent_n or 1.0)
    weekly = mortality_model.frequency == "weekly"
    weight = float(scenario.initial_weight or STAGES["Fry"].weight_min_g)
    population = float(scenario.initial_count)
    cumulative = 0.0
    points: list[ProjectionPoint] = []
    for day in range(last + 1):
        temperature = temps.get(day + 1)
        if temperature is None:
            temperature = profile_temperature(profile_label, day + 1)
        stage = _stage_for_weight(weight)
        feed = 0.0
        if day > 0:
            code = _scenario_stage_of(stage)
            tgc = stage_tgc_values.get(code) or base_tgc
            k = tgc / 1000 if tgc >= 0.01 else tgc
            new_weight = (weight ** (1 / 3) + k * max(temperature, 0.0) ** exponent) ** 3
            if code in mortality_values:
                population *= 1 - mortality_values[code] / 100
            elif not weekly or day % 7 == 0:
                population *= 1 - float(mortality_model.rate) / 100
            fcr = float(fcr_values.get(stage, stage_fcr(fcr_model.name, stage)))
            feed = population * (new_weight - weight) / 1000 * fcr
            weight = new_weight
            stage = _stage_for_weight(weight)
        cumulative += feed
        points.append(
            ProjectionPoint(
                day=day,
                date=scenario.start_date + dt.timedelta(days=day),
                weight_g=round(weight, 2),
                population=round(population, 1),
                biomass_kg=round(population * weight / 1000, 2),
                daily_feed_kg=round(feed, 2),
                cumulative_feed_kg=round(cumulative, 2),
                temperature_c=round(temperature, 2),
                stage=stage,
            )
        )
    return points


def parameters_snapshot(scenario: Any) -> dict[str, Any]:
    """The TGC, FCR and mortality values a run of ``scenario`` uses (JSON-serialisable)."""
    tgc_model, fcr_model, mortality_model = (
        scenario.tgc_model,
        scenario.fcr_model,
        scenario.mortality_model,
    )
    _, _, fcr_values, _ = _saved_rows(None, fcr_model, None)
    return {
        "tgc": {
            "model": tgc_model.name,
            "tgc_value": tgc_model.tgc_value,
            "exponent_n": tgc_model.exponent_n,
            "exponent_m": tgc_model.exponent_m,
            "profile": getattr(tgc_model.profile, "name", None),
        },
        "fcr": {
            "model": fcr_model.name,
            "stages": {k: float(v) for k, v in fcr_values.items()}
            or {name: stage_fcr(fcr_model.name, name) for name in STAGES},
        },
        "mortality": {
            "model": mortality_model.name,
            "frequency": mortality_model.frequency,
            "rate": mortality_model.rate,
        },
        "initial_count": scenario.initial_count,
        "initial_weight": scenario.initial_weight,
        "duration_days": scenario.duration_days,
    }


def _write_projections(run: Any, days: int | None) -> None:
    """Bulk-create the run's daily ScenarioProjections and store its totals (one UPDATE)."""
    scenario = run.scenario
    last = scenario.duration_days if days in (None, True) else max(int(days) - 1, 0)
    points = project(scenario, last)
    from pytest_aquadata.factories.batch import LifeCycleStageFactory

    stages = {name: LifeCycleStageFactory(name=name) for name in {p.stage for p in points}}
    projection = _model("scenario.ScenarioProjection")
    projection._default_manager.bulk_create(
        [
            projection(
                projection_run=run,
                projection_date=p.date,
                day_number=p.day,
                average_weight=p.weight_g,
                population=p.population,
                biomass=p.biomass_kg,
                daily_feed=p.daily_feed_kg,
                cumulative_feed=p.cumulative_feed_kg,
                temperature=p.temperature_c,
                current_stage=stages[p.stage],
            )
            for p in points
        ],
        batch_size=500,
    )
    values = {
        "total_projections": len(points),
        "final_weight_g": points[-1].weight_g,
        "final_biomass_kg": points[-1].biomass_kg,
    }
    type(run)._default_manager.filter(pk=run.pk).update(**values)
    for name, value in values.items():
        setattr(run, name, value)


def _compute(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
    if create:
        _write_projections(obj, None)


class ProjectionRunFactory(KeyedFactory):
    """Run N+1 of a scenario, "Baseline" for the first, with a snapshot of its model values.
    Default a new sea-phase scenario; trait ``computed`` (or ``projections=True``) writes the
    daily ScenarioProjections (TGC growth on the profile's temperatures, FCR feed, mortality
    model) and sets total_projections and the final weight and biomass; ``projections=N``
    projects the first N days only."""

    class Meta:
        model = "scenario.ProjectionRun"
        skip_postgeneration_save = True

    class Params:
        computed = factory.Trait(projections=factory.PostGeneration(_compute))

    scenario = factory.SubFactory(ScenarioFactory)
    run_number = factory.LazyAttribute(
        lambda o: next_number(
            _model("scenario.ProjectionRun"), "scenario", o.scenario, "run_number"
        )
    )
    label = factory.LazyAttribute(
        lambda o: "Baseline" if o.run_number == 1 else f"Re-run {o.run_number} with updated models"
    )
    parameters_snapshot = factory.LazyAttribute(lambda o: parameters_snapshot(o.scenario))
    created_by = None
    notes = ""
    total_projections = 0
    final_weight_g = None
    final_biomass_kg = None

    @factory.post_generation
    def projections(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``projections=True``: all days of the scenario; ``projections=N``: days 0..N-1."""
        if create and extracted:
            _write_projections(obj, extracted)


def _next_day(run: Any) -> int:
    if run is None or run.pk is None:
        return 0
    last = run.projections.aggregate(n=Max("day_number"))["n"]
    return 0 if last is None else last + 1


class ScenarioProjectionFactory(KeyedFactory):
    """One projected day of a projection run, computed from the scenario's models.
    Default the next day of a new run, from day 0: date, weight, population, biomass, daily and
    cumulative feed, temperature and lifecycle stage from the scenario's TGC, FCR and mortality
    models."""

    class Meta:
        model = "scenario.ScenarioProjection"

    class Params:
        scenario = factory.Maybe(
            "projection_run",
            factory.SelfAttribute("projection_run.scenario"),
            factory.SubFactory(ScenarioFactory),
        )
        point = factory.LazyAttribute(lambda o: project(o.scenario, o.day_number)[-1])

    projection_run = factory.SubFactory(ProjectionRunFactory)
    day_number = factory.LazyAttribute(lambda o: _next_day(o.projection_run))
    projection_date = factory.LazyAttribute(lambda o: o.point.date)
    average_weight = factory.LazyAttribute(lambda o: o.point.weight_g)
    population = factory.LazyAttribute(lambda o: o.point.population)
    biomass = factory.LazyAttribute(lambda o: o.point.biomass_kg)
    daily_feed = factory.LazyAttribute(lambda o: o.point.daily_feed_kg)
    cumulative_feed = factory.LazyAttribute(lambda o: o.point.cumulative_feed_kg)
    temperature = factory.LazyAttribute(lambda o: o.point.temperature_c)
    current_stage = factory.SubFactory(
        _LIFECYCLE_STAGE, name=factory.LazyAttribute(lambda o: o.factory_parent.point.stage)
    )
