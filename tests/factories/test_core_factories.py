"""Every model of users, infrastructure, environmental, batch and inventory has a factory that
builds without a database and creates a row passing full_clean() and the DB constraints."""

from __future__ import annotations

import importlib
import inspect
from decimal import Decimal

import factory
import pytest
from django.apps import apps
from factory.django import DjangoModelFactory

from pytest_aquadata.factories import reseed

APPS = ("users", "infrastructure", "environmental", "batch", "inventory")
EXPECTED_MODELS = {
    "users": 1,
    "infrastructure": 10,
    "environmental": 5,
    "batch": 17,
    "inventory": 6,
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


def _domain_models(app: str) -> list[str]:
    return sorted(
        m._meta.label
        for m in apps.get_app_config(app).get_models()
        if not m._meta.model_name.startswith("historical")
    )


@pytest.mark.parametrize("app", APPS)
def test_every_model_of_the_app_has_its_factory(app: str) -> None:
    models = _domain_models(app)
    assert len(models) == EXPECTED_MODELS[app]
    found = _factories(app)
    for label in models:
        assert label in found, f"no factory for {label}"
        assert found[label].__name__ == f"{label.split('.')[1]}Factory"


def test_auth_user_has_a_factory_in_users() -> None:
    assert FACTORIES["auth.User"].__name__ == "UserFactory"
    assert len(FACTORIES) == sum(EXPECTED_MODELS.values()) + 1


@pytest.mark.parametrize("label", IDS)
def test_factories_name_models_by_label(label: str) -> None:
    # factory_boy resolves Meta.model at class creation; the source must name it by label so
    # that a host project's own apps with these labels are used.
    text = inspect.getsource(FACTORIES[label])
    assert f'model = "{label}"' in text, f"{label} is not referenced by label"
    module_text = inspect.getsource(importlib.import_module(FACTORIES[label].__module__))
    assert "pytest_aquadata.domain" not in module_text


@pytest.mark.parametrize("label", IDS)
def test_factory_docstring_says_what_it_builds(label: str) -> None:
    doc = (FACTORIES[label].__doc__ or "").strip()
    assert len(doc) > 40, f"{label}: docstring too short"


@pytest.mark.parametrize("label", IDS)
def test_build_needs_no_database(label: str) -> None:
    # No django_db mark: any query would raise "Database access not allowed".
    obj = FACTORIES[label].build()
    assert obj.pk is None
    assert obj._meta.label == label


@pytest.mark.django_db
@pytest.mark.parametrize("label", IDS)
def test_create_passes_full_clean_and_constraints(label: str) -> None:
    obj = FACTORIES[label].create()
    obj.full_clean()
    model = apps.get_model(label)
    assert model._default_manager.filter(pk=obj.pk).exists()
    for field in model._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(value, Decimal):
            exponent = value.as_tuple().exponent
            assert isinstance(exponent, int) and -exponent <= field.decimal_places, field.name
        if field.choices and value not in (None, ""):
            assert value in {c[0] for c in field.flatchoices}, (field.name, value)


@pytest.mark.django_db
@pytest.mark.parametrize("label", IDS)
def test_create_batch_of_two_respects_unique_constraints(label: str) -> None:
    first, second = FACTORIES[label].create_batch(2)
    first.full_clean()
    second.full_clean()


@pytest.mark.parametrize(
    "label",
    ["batch.BatchContainerAssignment", "infrastructure.Area", "inventory.FeedingEvent"],
)
def test_same_seed_same_values(label: str) -> None:
    fac = FACTORIES[label]

    def draw(seed: int) -> dict[str, object]:
        reseed(seed)
        obj = fac.build()
        return {
            f.name: getattr(obj, f.attname)
            for f in obj._meta.concrete_fields
            if not f.is_relation and f.name not in ("name", "batch_number", "created_at")
        }

    assert draw(1234) == draw(1234)
    assert draw(1) != draw(2)


def test_traits_are_declared_in_params() -> None:
    container = FACTORIES["infrastructure.Container"]._meta.parameters
    for trait in ("tray", "tank", "sea_ring", "pen", "rack", "in_rack", "in_carrier"):
        assert isinstance(container[trait], factory.Trait), trait


SIM_PARAMS_READ = (
    "STAGES", "STAGE_TGC_PARAMETER", "CONTAINER_KINDS", "CONDITION_FACTOR", "MEALS_PER_DAY",
    "STAGE_FEED_CONTAINER", "FEED_CONTAINER_KINDS", "PLANNING_WEIGHT_MARGIN", "FEEDS",
    "FEED_SUPPLIERS", "FEED_PRICE_SPREAD", "FEED_SHELF_LIFE_DAYS", "FEEDING_METHOD_BY_ENVIRONMENT",
    "FIRST_MEAL_MINUTE", "LAST_MEAL_MINUTE", "GEOGRAPHIES", "MONTHLY_SEA_MORTALITY_PCT",
    "DAYS_PER_MONTH", "ENV_PARAMETERS", "DAILY_WATER", "FRESHWATER_SALINITY_PPT",
    "GROWTH_SAMPLE_INTERVAL_DAYS", "GROWTH_SAMPLE_SIZE", "TRANSFER_HANDLING_MORTALITY",
    "TRANSFER_METHOD_BY_STAGE", "HARVEST_TARGET_KG_RANGE",
)  # fmt: skip
BIOLOGY_READ = (
    "incubation_temp_c", "freshwater_temp_c", "egg_weight_g", "egg_mortality",
    "alevin_mortality", "freshwater_monthly", "fcr_freshwater", "fcr_sea",
)  # fmt: skip


def test_sim_params_provides_what_the_factories_read() -> None:
    # The numbers shared with the simulation core come from sim.params (one source of truth);
    # this names the missing constant when that module changes under the factories.
    from pytest_aquadata.sim import params

    missing = [name for name in SIM_PARAMS_READ if not hasattr(params, name)]
    assert not missing, f"sim.params lacks {missing}"
    biology = params.Biology()
    fields = [*BIOLOGY_READ, *(f for f in params.STAGE_TGC_PARAMETER if f)]
    assert not [f for f in fields if not hasattr(biology, f)]
    assert [s.name for s in params.STAGES] == [
        "Egg&Alevin", "Fry", "Parr", "Smolt", "Post-Smolt", "Adult"
    ]  # fmt: skip
    assert {s.container_kind for s in params.STAGES} <= set(params.CONTAINER_KINDS)
