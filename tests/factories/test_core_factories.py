"""Part-A specifics of the factories: Django's User factory, traits declared in Params, and the
sim.params names the factories read (the every-model contract is in test_factory_contract)."""

from __future__ import annotations

import importlib

import factory
from django.apps import apps
from factory.django import DjangoModelFactory

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


def test_auth_user_has_a_factory_in_users() -> None:
    assert FACTORIES["auth.User"].__name__ == "UserFactory"
    assert len(FACTORIES) == sum(EXPECTED_MODELS.values()) + 1


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
