"""Lookup rows by natural key, written without the factories: species, stages, geographies,
container types, feeds, parameters with their score definitions, sample and vaccination types,
mortality reasons, lice types, grades, egg suppliers, the constraint set with its stages,
activity templates, the system user, finance companies and intercompany policies.

Every value comes from ``pytest_aquadata.reference``, the stage and container-type tables and
``sim.params`` (no random draws), so a lookup row is the same whoever needs it first. Rows are
written with plain model access on the database ``using`` (simple-history rows included,
``db_routing.save_on``).
``aquadata_master_data`` writes the same rows through ``masterdata.build_master_data``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Model

from pytest_aquadata.activity_triggers import template_value
from pytest_aquadata.container_types import container_type_row
from pytest_aquadata.db_routing import save_on
from pytest_aquadata.decimals import dec
from pytest_aquadata.lookup_values import geography_code, vaccine_row
from pytest_aquadata.reference.batches import EGG_COST_PER_THOUSAND
from pytest_aquadata.reference.broodstock import EGG_SUPPLIER_CERTIFICATIONS, EGG_SUPPLIERS
from pytest_aquadata.reference.finance import (
    COMPANY_BRAND,
    COST_PLUS_MARKUP_PCT,
    HARVEST_PRICE_EUR_PER_KG,
    TRANSFER_PRICE_EUR_PER_KG,
    currency_of,
    eur_to,
)
from pytest_aquadata.reference.geography import GEOGRAPHY_DESCRIPTIONS
from pytest_aquadata.reference.grades import PRODUCT_GRADE_DESCRIPTIONS
from pytest_aquadata.reference.health import (
    HEALTH_PARAMETER_SCALES,
    LICE_TYPE_DESCRIPTIONS,
    SAMPLE_TYPES,
    score_text,
)
from pytest_aquadata.reference.mortality import REASON_PARENT, REASON_TEXT
from pytest_aquadata.reference.people import DEPARTMENTS, EMAIL_DOMAIN
from pytest_aquadata.reference.planning import ACTIVITY_NOTES, ACTIVITY_TEMPLATES
from pytest_aquadata.reference.scenario import CONSTRAINT_SET_DESCRIPTION, SCENARIO_STAGES
from pytest_aquadata.reference.species import SALMON, SCIENTIFIC_NAMES
from pytest_aquadata.scenario_rates import constraint_row
from pytest_aquadata.sim import params
from pytest_aquadata.stage_table import STAGES

SYSTEM_USERNAME = "aquadata"
"""The user recorded as initiator/executor of simulated operations (and owner of lookups)."""

Values = dict[str, Any]


def get_or_create(using: str, label: str, **key: Any) -> Model:
    """The ``label`` row with this natural key on database ``using``, written when missing
    (with the rows that belong to it: score definitions, stage constraints, a parent reason).

    Raises LookupError naming the label when no writer knows the table.
    """
    model = apps.get_model(label)
    found = model._default_manager.using(using).filter(**key).order_by("pk").first()
    if found is not None:
        return found
    try:
        values = _WRITERS[label]
    except KeyError:
        raise LookupError(
            f"no lookup writer for {label!r}; known: {', '.join(sorted(_WRITERS))}"
        ) from None
    row = save_on(model(**key, **values(using, key)), using)
    children = _CHILDREN.get(label)
    if children is not None:
        children(using, row)
    return row


def labels() -> tuple[str, ...]:
    """Every lookup table this module writes."""
    return tuple(sorted(_WRITERS))


def _name(value: Any) -> str:
    """A geography (or other named row) given as a row or a name."""
    return value if isinstance(value, str) else value.name


def _optional(value: float | None, places: int = 2) -> Any:
    return dec(value, places) if value is not None else None


def _env_parameter(name: str) -> params.EnvParameter | None:
    return next((p for p in params.ENV_PARAMETERS if p.name == name), None)


# -- batch and infrastructure ----------------------------------------------------------------


def _species(using: str, key: dict[str, Any]) -> Values:
    name = key["name"]
    salmon = name == SALMON

    def optimum(parameter: str, attr: str) -> Any:
        row = _env_parameter(parameter)
        return _optional(getattr(row, attr, None)) if salmon and row is not None else None

    return {
        "scientific_name": SCIENTIFIC_NAMES.get(name, name),
        "description": (
            "Anadromous salmonid: hatched and grown to smolt in freshwater, grown out in sea pens."
            if salmon
            else f"{name}."
        ),
        "optimal_temperature_min": optimum("Temperature", "optimal_min"),
        "optimal_temperature_max": optimum("Temperature", "optimal_max"),
        "optimal_oxygen_min": optimum("Dissolved Oxygen", "optimal_min"),
        "optimal_ph_min": optimum("pH", "optimal_min"),
        "optimal_ph_max": optimum("pH", "optimal_max"),
    }


def _lifecycle_stage(using: str, key: dict[str, Any]) -> Values:
    info = STAGES.get(key["name"])
    if info is None:
        raise ValueError(f"unknown lifecycle stage {key['name']!r}; allowed: {', '.join(STAGES)}")
    return {
        "species": get_or_create(using, "batch.Species", name=SALMON),
        "order": info.order,
        "description": info.description,
        "expected_weight_min_g": dec(info.weight_min_g),
        "expected_weight_max_g": dec(info.weight_max_g),
        "expected_length_min_cm": dec(info.length_min_cm),
        "expected_length_max_cm": dec(info.length_max_cm),
        "typical_duration_days": info.typical_duration_days,
    }


def _geography(using: str, key: dict[str, Any]) -> Values:
    name = key["name"]
    return {"description": GEOGRAPHY_DESCRIPTIONS.get(name, f"{name} operating region.")}


def _container_type(using: str, key: dict[str, Any]) -> Values:
    row = container_type_row(key["name"])
    return {
        "category": row.category,
        "max_volume_m3": dec(row.max_volume_m3),
        "description": row.description,
    }


def _feed(using: str, key: dict[str, Any]) -> Values:
    row = next((f for f in params.FEEDS if f.name == key["name"]), None)
    if row is None:
        raise ValueError(
            f"unknown feed {key['name']!r}; allowed: {', '.join(f.name for f in params.FEEDS)}"
        )
    return {
        "brand": params.FEED_SUPPLIERS[0],
        "size_category": row.size_category,
        "pellet_size_mm": dec(row.pellet_mm),
        "protein_percentage": dec(row.protein_pct),
        "fat_percentage": dec(row.fat_pct),
        "carbohydrate_percentage": dec(row.carbohydrate_pct),
        "description": (
            f"{row.pellet_mm:g} mm extruded pellets for salmon from {row.min_fish_g:g} g: "
            f"{row.protein_pct:g} % protein, {row.fat_pct:g} % fat."
        ),
        "is_active": True,
    }


def _environmental_parameter(using: str, key: dict[str, Any]) -> Values:
    row = _env_parameter(key["name"])
    if row is None:
        return {"unit": "", "description": ""}
    return {
        "unit": row.unit,
        "description": (
            f"{row.name} ({row.unit}), measured in {' and '.join(row.environments)} containers."
        ),
        "min_value": _optional(row.min_value),
        "max_value": _optional(row.max_value),
        "optimal_min": _optional(row.optimal_min),
        "optimal_max": _optional(row.optimal_max),
    }


# -- health ------------------------------------------------------------------------------------

_MAX_SCORE = len(params.HEALTH_SCORE_PROBABILITIES) - 1


def _health_parameter(using: str, key: dict[str, Any]) -> Values:
    scale = HEALTH_PARAMETER_SCALES.get(key["name"])
    return {
        "description": (
            scale.description
            if scale
            else f"{key['name']}, scored 0 (best) to {_MAX_SCORE} (worst)."
        ),
        "min_score": 0,
        "max_score": _MAX_SCORE,
        "is_active": True,
    }


def _score_definitions(using: str, parameter: Model) -> None:
    for value in range(parameter.min_score, parameter.max_score + 1):
        get_or_create(
            using, "health.ParameterScoreDefinition", parameter=parameter, score_value=value
        )


def _score_definition(using: str, key: dict[str, Any]) -> Values:
    parameter, value = key["parameter"], key["score_value"]
    label, description = score_text(parameter.name, parameter.min_score, parameter.max_score, value)
    return {"label": label, "description": description, "display_order": value}


def _sample_type(using: str, key: dict[str, Any]) -> Values:
    spec = SAMPLE_TYPES.get(key["name"])
    return {"description": spec.description if spec else ""}


def _vaccination_type(using: str, key: dict[str, Any]) -> Values:
    _, manufacturer, dosage, description = vaccine_row(key["name"])
    return {"manufacturer": manufacturer, "dosage": dosage, "description": description}


def _mortality_reason(using: str, key: dict[str, Any]) -> Values:
    name = key["name"]
    parent = REASON_PARENT.get(name)
    return {
        "description": REASON_TEXT.get(name, ""),
        "parent": get_or_create(using, "health.MortalityReason", name=parent) if parent else None,
    }


def _lice_type(using: str, key: dict[str, Any]) -> Values:
    species, stage = key["species"], key["development_stage"]
    return {"description": LICE_TYPE_DESCRIPTIONS.get((species, stage), ""), "is_active": True}


# -- harvest, broodstock, scenario, planning, users --------------------------------------------


def _product_grade(using: str, key: dict[str, Any]) -> Values:
    code = key["code"]
    names = dict(params.PRODUCT_GRADES)
    return {
        "name": names.get(code, code.replace("_", " ").title()),
        "description": PRODUCT_GRADE_DESCRIPTIONS.get(code, ""),
    }


def _egg_supplier(using: str, key: dict[str, Any]) -> Values:
    name = key["name"]
    spec = next((s for s in EGG_SUPPLIERS if s.name == name), None)
    contact = (
        f"Egg sales, {spec.place}; orders@{spec.mailbox}.example"
        if spec
        else f"Egg sales; orders@{name.lower().split()[0]}.example"
    )
    return {"contact_details": contact, "certifications": EGG_SUPPLIER_CERTIFICATIONS}


def _constraint_set(using: str, key: dict[str, Any]) -> Values:
    return {
        "description": CONSTRAINT_SET_DESCRIPTION,
        "is_active": True,
        "created_by": get_or_create(using, "auth.User", username=SYSTEM_USERNAME),
    }


def _stage_constraints(using: str, constraint_set: Model) -> None:
    for stage in SCENARIO_STAGES:
        get_or_create(
            using, "scenario.StageConstraint", constraint_set=constraint_set, lifecycle_stage=stage
        )


def _stage_constraint(using: str, key: dict[str, Any]) -> Values:
    row = constraint_row(key["lifecycle_stage"])
    return {
        "min_weight_g": dec(row.min_weight_g),
        "max_weight_g": dec(row.max_weight_g),
        "min_temperature_c": dec(row.min_temperature_c),
        "max_temperature_c": dec(row.max_temperature_c),
        "typical_duration_days": row.typical_duration_days,
        "max_freshwater_weight_g": _optional(row.max_freshwater_weight_g),
    }


def _activity_template(using: str, key: dict[str, Any]) -> Values:
    spec = next((s for s in ACTIVITY_TEMPLATES if s.name == key["name"]), None)
    activity = spec.activity_type if spec else "SAMPLING"
    trigger = spec.trigger_type if spec else "DAY_OFFSET"
    value = template_value(spec.value) if spec is not None else None
    stage = None
    if trigger == "STAGE_TRANSITION":
        name = spec.value if spec is not None and spec.value in STAGES else "Smolt"
        stage = get_or_create(using, "batch.LifeCycleStage", name=name)
    return {
        "description": spec.description if spec else None,
        "activity_type": activity,
        "trigger_type": trigger,
        "day_offset": value if trigger == "DAY_OFFSET" else None,
        "weight_threshold_g": value if trigger == "WEIGHT_THRESHOLD" else None,
        "target_lifecycle_stage": stage,
        "notes_template": f"{ACTIVITY_NOTES.get(activity, '')} (batch {{batch_number}})".strip(),
        "is_active": True,
    }


def _user(using: str, key: dict[str, Any]) -> Values:
    return {
        "first_name": "Aquadata",
        "last_name": "Operator",
        "email": f"{key['username']}@{EMAIL_DOMAIN}",
        "password": UNUSABLE_PASSWORD_PREFIX,
        "is_active": True,
    }


# -- finance -----------------------------------------------------------------------------------


def _company(using: str, key: dict[str, Any]) -> Values:
    geography, subsidiary = _name(key["geography"]), key["subsidiary"]
    return {
        "display_name": f"{COMPANY_BRAND} {geography} {DEPARTMENTS.get(subsidiary, subsidiary)}",
        "currency": currency_of(geography),
        "nav_company_code": f"{geography_code(geography)}-{subsidiary}",
    }


def _policy(using: str, key: dict[str, Any]) -> Values:
    basis = key.get("pricing_basis", "grade")
    currency = key["from_company"].currency
    price_per_kg = None
    if basis == "grade":
        code = getattr(key.get("product_grade"), "code", "SUPERIOR")
        eur = HARVEST_PRICE_EUR_PER_KG.get(code, HARVEST_PRICE_EUR_PER_KG["SUPERIOR"])
        price_per_kg = dec(eur_to(currency, eur))
    elif basis != "egg_delivery":
        name = getattr(key.get("lifecycle_stage"), "name", "Smolt")
        eur = TRANSFER_PRICE_EUR_PER_KG.get(name, TRANSFER_PRICE_EUR_PER_KG["Smolt"])
        price_per_kg = dec(eur_to(currency, eur))
    method = key.get("method", "standard")
    return {
        "method": method,
        "markup_percent": dec(COST_PLUS_MARKUP_PCT, 3) if method == "cost_plus" else None,
        "price_per_kg": price_per_kg if method == "standard" else None,
        "price_per_thousand_eggs": (
            dec(eur_to(currency, sum(EGG_COST_PER_THOUSAND) / 2))
            if basis == "egg_delivery"
            else None
        ),
    }


_WRITERS: dict[str, Callable[[str, dict[str, Any]], Values]] = {
    "auth.User": _user,
    "batch.LifeCycleStage": _lifecycle_stage,
    "batch.Species": _species,
    "broodstock.EggSupplier": _egg_supplier,
    "environmental.EnvironmentalParameter": _environmental_parameter,
    "finance.DimCompany": _company,
    "finance.IntercompanyPolicy": _policy,
    "harvest.ProductGrade": _product_grade,
    "health.HealthParameter": _health_parameter,
    "health.LiceType": _lice_type,
    "health.MortalityReason": _mortality_reason,
    "health.ParameterScoreDefinition": _score_definition,
    "health.SampleType": _sample_type,
    "health.VaccinationType": _vaccination_type,
    "infrastructure.ContainerType": _container_type,
    "infrastructure.Geography": _geography,
    "inventory.Feed": _feed,
    "planning.ActivityTemplate": _activity_template,
    "scenario.BiologicalConstraints": _constraint_set,
    "scenario.StageConstraint": _stage_constraint,
}
"""The values of a new row by table, from its natural key."""

_CHILDREN: dict[str, Callable[[str, Model], None]] = {
    "health.HealthParameter": _score_definitions,
    "scenario.BiologicalConstraints": _stage_constraints,
}
"""Rows that belong to a new lookup row and are written with it."""
