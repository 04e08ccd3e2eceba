"""Every model of health, broodstock, scenario, planning, harvest, finance and finance_core has a
factory that builds without a database, creates a row passing full_clean() and the database
constraints, and whose every trait also gives a valid row."""

from __future__ import annotations

import importlib
import inspect
from decimal import Decimal

import factory
import pytest
from django.apps import apps
from django.db import models
from factory.django import DjangoModelFactory

from pytest_aquadata.domain import APP_LABELS
from pytest_aquadata.factories import factory_for, reseed

APPS = APP_LABELS
EXPECTED_MODELS = {
    "users": 1,
    "infrastructure": 10,
    "environmental": 5,
    "batch": 17,
    "inventory": 6,
    "health": 14,
    "broodstock": 10,
    "scenario": 15,
    "planning": 2,
    "harvest": 4,
    "finance": 7,
    "finance_core": 11,
}


def _factories(app: str) -> dict[str, type[DjangoModelFactory]]:
    module = importlib.import_module(f"pytest_aquadata.factories.{app}")
    out = {}
    for obj in vars(module).values():
        if (
            isinstance(obj, type)
            and issubclass(obj, DjangoModelFactory)
            and obj.__module__ == module.__name__
            and not obj._meta.abstract
        ):
            model = obj._meta.model
            out[model if isinstance(model, str) else model._meta.label] = obj
    return out


FACTORIES = {label: fac for app in APPS for label, fac in _factories(app).items()}
IDS = sorted(FACTORIES)
TRAITS = sorted(
    (label, name)
    for label, fac in FACTORIES.items()
    for name, value in fac._meta.parameters.items()
    if isinstance(value, factory.Trait)
)


def _domain_models(app: str) -> list[str]:
    return sorted(
        m._meta.label
        for m in apps.get_app_config(app).get_models()
        if not m._meta.model_name.startswith("historical")
    )


def check_row(obj: models.Model) -> None:
    """The row is saved, passes full_clean(), and its decimals and choices fit the fields."""
    obj.full_clean()
    model = type(obj)
    assert model._default_manager.filter(pk=obj.pk).exists()
    for field in model._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(value, Decimal):
            exponent = value.as_tuple().exponent
            assert isinstance(exponent, int) and -exponent <= field.decimal_places, field.name
        if field.choices and value not in (None, ""):
            assert value in {c[0] for c in field.flatchoices}, (field.name, value)


@pytest.mark.parametrize("app", APPS)
def test_every_model_of_the_app_has_its_factory(app: str) -> None:
    models_ = _domain_models(app)
    assert len(models_) == EXPECTED_MODELS[app]
    found = _factories(app)
    found.pop("auth.User", None)  # users.py also holds the factory of Django's own User
    assert sorted(found) == models_
    for label in models_:
        assert found[label].__name__ == f"{label.split('.')[1]}Factory"
        assert factory_for(label) is found[label]


@pytest.mark.parametrize("label", IDS)
def test_factories_name_models_by_label(label: str) -> None:
    text = inspect.getsource(FACTORIES[label])
    assert f'model = "{label}"' in text, f"{label} is not referenced by label"
    # That no factory module imports the bundled domain apps is an import-linter contract
    # (pyproject.toml, id "factories").


@pytest.mark.parametrize("label", IDS)
def test_factory_docstring_says_what_it_builds(label: str) -> None:
    doc = (FACTORIES[label].__doc__ or "").strip()
    assert len(doc) > 60, f"{label}: docstring too short"


@pytest.mark.parametrize("label", IDS)
def test_build_needs_no_database(label: str) -> None:
    # No django_db mark: any query raises "Database access not allowed".
    obj = FACTORIES[label].build()
    assert obj.pk is None
    assert obj._meta.label == label


@pytest.mark.django_db
@pytest.mark.parametrize("label", IDS)
def test_create_passes_full_clean_and_constraints(label: str) -> None:
    check_row(FACTORIES[label].create())


@pytest.mark.django_db
@pytest.mark.parametrize("label", IDS)
def test_create_batch_of_two_respects_unique_constraints(label: str) -> None:
    first, second = FACTORIES[label].create_batch(2)
    check_row(first)
    check_row(second)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "trait"), TRAITS, ids=[f"{label}-{trait}" for label, trait in TRAITS]
)
def test_every_trait_gives_a_valid_row(label: str, trait: str) -> None:
    check_row(FACTORIES[label].create(**{trait: True}))


@pytest.mark.parametrize("label", IDS)
def test_traits_build_without_database(label: str) -> None:
    fac = FACTORIES[label]
    for name, value in fac._meta.parameters.items():
        if isinstance(value, factory.Trait):
            assert fac.build(**{name: True}).pk is None


@pytest.mark.parametrize(
    "label",
    ["health.LiceCount", "scenario.Scenario", "harvest.HarvestLot", "finance_core.BudgetEntry"],
)
def test_same_seed_same_values(label: str) -> None:
    fac = FACTORIES[label]

    def draw(seed: int) -> dict[str, object]:
        reseed(seed)
        obj = fac.build()
        return {
            f.name: getattr(obj, f.attname)
            for f in obj._meta.concrete_fields
            if not f.is_relation and f.name not in ("created_at", "updated_at")
        }

    assert draw(1234) == draw(1234)
    assert draw(1) != draw(2)


LOOKUPS = sorted(
    label for label, fac in FACTORIES.items() if getattr(fac._meta, "django_get_or_create", ())
)


@pytest.mark.django_db
@pytest.mark.parametrize("label", LOOKUPS)
def test_lookup_rows_are_got_not_duplicated(label: str) -> None:
    fac = FACTORIES[label]
    keys = fac._meta.django_get_or_create
    first = fac.create()
    key = {k: getattr(first, k) for k in keys}
    again = fac.create(**key)
    assert again.pk == first.pk
    assert type(first)._default_manager.filter(**key).count() == 1


def test_the_lookup_tables_of_the_brief_are_get_or_created() -> None:
    expected = {
        "health.HealthParameter": ("name",),
        "health.SampleType": ("name",),
        "health.VaccinationType": ("name",),
        "health.MortalityReason": ("name",),
        "health.LiceType": ("species", "gender", "development_stage"),
        "harvest.ProductGrade": ("code",),
        "broodstock.EggSupplier": ("name",),
        "scenario.TGCModel": ("name",),
        "scenario.FCRModel": ("name",),
        "scenario.MortalityModel": ("name",),
        "finance.DimCompany": ("geography", "subsidiary"),
        "finance_core.Account": ("code",),
        "finance_core.AccountGroup": ("code",),
    }
    for label, keys in expected.items():
        assert tuple(FACTORIES[label]._meta.django_get_or_create) == keys, label


SIM_PARAMS_READ = (
    "HEALTH_PARAMETERS", "HEALTH_SCORE_PROBABILITIES", "HEALTH_SCORE_STRESS_SHIFT",
    "HEALTH_SAMPLE_SIZE", "CONDITION_FACTOR", "LICE_COUNT_MINUTE", "LICE_TYPES",
    "LICE_STAGE_RATIOS", "LICE_FISH_SAMPLED", "LICE_DETECTION_METHOD", "LICE_COUNT_CONFIDENCE",
    "GEOGRAPHIES", "LICE_TREATMENTS", "VACCINE", "SEA_STAGE", "STAGE_BY_NAME", "PARAMETER_RANGES",
    "STAGE_TGC_PARAMETER", "MONTHLY_SEA_MORTALITY_PCT", "DAYS_PER_MONTH", "ENV_PARAMETERS",
    "CONTAINER_KINDS", "WINTER_SIGNAL_DAYS", "HARVEST_TARGET_KG_RANGE", "HARVEST_MINUTE",
    "PRODUCT_GRADES", "SUPERIOR_SHARE_RANGE", "PRODUCTION_SHARE_OF_REST", "GUTTED_YIELD",
    "GUTTED_YIELD_RANGE", "FILLET_YIELD_RANGE", "HARVEST_WASTE_CATEGORY", "MORTALITY_CAUSES",
)  # fmt: skip
BIOLOGY_READ = (
    "tgc_sea", "tgc_parr", "fcr_sea", "fcr_freshwater", "freshwater_temp_c", "incubation_temp_c",
    "alevin_temp_c", "hatch_degree_days", "first_feeding_degree_days", "egg_weight_g",
    "first_feeding_weight_g", "sea_transfer_weight_g", "egg_mortality", "alevin_mortality",
    "fry_mortality", "freshwater_monthly", "weight_cv",
)  # fmt: skip


def test_sim_params_provides_what_these_factories_read() -> None:
    # Numbers shared with the simulation core come from sim.params; this names the missing
    # constant when that module changes under the factories.
    from pytest_aquadata.factories.health import treatment_spec
    from pytest_aquadata.reference.grades import PRODUCT_GRADE_DESCRIPTIONS
    from pytest_aquadata.reference.health import HEALTH_PARAMETER_SCALES, LICE_TYPE_DESCRIPTIONS
    from pytest_aquadata.reference.mortality import MORTALITY_REASON_BY_CAUSE
    from pytest_aquadata.sim import harvest, params

    assert not [name for name in SIM_PARAMS_READ if not hasattr(params, name)]
    biology = params.Biology()
    assert not [name for name in BIOLOGY_READ if not hasattr(biology, name)]
    assert callable(harvest.harvest_lots)
    for treatment_type in params.TREATMENT_TYPES:
        assert treatment_spec(treatment_type).treatment_type == treatment_type
    assert set(HEALTH_PARAMETER_SCALES) == set(params.HEALTH_PARAMETERS)
    assert set(MORTALITY_REASON_BY_CAUSE) == set(params.MORTALITY_CAUSES)
    assert {code for code, _ in params.PRODUCT_GRADES} == set(PRODUCT_GRADE_DESCRIPTIONS)
    assert {(s, st) for s, _, st in params.LICE_TYPES} <= set(LICE_TYPE_DESCRIPTIONS)


def test_build_with_ids_needs_no_database() -> None:
    # Relations given by id become unsaved stubs on build; no query is made.
    from pytest_aquadata.factories.finance import DimCompanyFactory, DimSiteFactory

    company = DimCompanyFactory.build(geography_id=7)
    assert company.geography_id == 7
    site = DimSiteFactory.build(source_model="station", source_pk=3, company_id=2)
    assert (site.source_pk, site.company_id, site.site_name) == (3, 2, "station 3")
