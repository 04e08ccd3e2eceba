"""rows.lookups writes lookup rows by natural key from the reference data, without factories."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps

from pytest_aquadata.reference.health import HEALTH_PARAMETER_SCALES
from pytest_aquadata.reference.mortality import MORTALITY_REASON_BY_CAUSE
from pytest_aquadata.reference.scenario import CONSTRAINT_SET_NAME, SCENARIO_STAGES
from pytest_aquadata.rows.lookups import SYSTEM_USERNAME, get_or_create, labels
from pytest_aquadata.sim import params

pytestmark = pytest.mark.django_db

KEYS = {
    "auth.User": {"username": SYSTEM_USERNAME},
    "batch.LifeCycleStage": {"name": "Smolt"},
    "batch.Species": {"name": "Atlantic Salmon"},
    "broodstock.EggSupplier": {"name": "Benchmark Genetics Iceland"},
    "environmental.EnvironmentalParameter": {"name": "Dissolved Oxygen"},
    "harvest.ProductGrade": {"code": "ORDINARY"},
    "health.HealthParameter": {"name": params.HEALTH_PARAMETERS[0]},
    "health.LiceType": dict(
        zip(("species", "gender", "development_stage"), params.LICE_TYPES[0], strict=True)
    ),
    "health.MortalityReason": {"name": "Pancreas disease (PD)"},
    "health.SampleType": {"name": "Gill swab"},
    "health.VaccinationType": {"name": params.VACCINE.name},
    "infrastructure.ContainerType": {"name": "Sea Rings"},
    "infrastructure.Geography": {"name": "Scotland"},
    "inventory.Feed": {"name": params.FEEDS[2].name},
    "planning.ActivityTemplate": {"name": "Vaccination before sea transfer"},
    "scenario.BiologicalConstraints": {"name": CONSTRAINT_SET_NAME},
}
"""A natural key per table that takes only plain values (companies, policies, score
definitions and stage constraints are written with their parents below)."""


def count(label: str) -> int:
    return apps.get_model(label)._default_manager.count()


@pytest.mark.parametrize("label", sorted(KEYS))
def test_a_lookup_row_is_written_once(label: str) -> None:
    first = get_or_create("default", label, **KEYS[label])
    rows = count(label)
    again = get_or_create("default", label, **KEYS[label])
    assert again.pk == first.pk and count(label) == rows == 1 + (
        label == "health.MortalityReason"  # its group ("Disease") is written as its parent
    )


def test_every_table_with_a_writer_is_covered() -> None:
    with_parents = {
        "finance.DimCompany",
        "finance.IntercompanyPolicy",
        "health.ParameterScoreDefinition",
        "scenario.StageConstraint",
    }
    assert set(labels()) == set(KEYS) | with_parents


def test_values_come_from_the_stage_table_and_reference() -> None:
    smolt = get_or_create("default", "batch.LifeCycleStage", name="Smolt")
    stage = next(s for s in params.STAGES if s.name == "Smolt")
    assert (smolt.expected_weight_min_g, smolt.expected_weight_max_g) == (
        Decimal(str(stage.weight_min_g)).quantize(Decimal("0.01")),
        Decimal(str(stage.weight_max_g)).quantize(Decimal("0.01")),
    )
    assert smolt.species.scientific_name == "Salmo salar"
    grade = get_or_create("default", "harvest.ProductGrade", code="ORDINARY")
    assert grade.name == dict(params.PRODUCT_GRADES)["ORDINARY"]
    reason = get_or_create("default", "health.MortalityReason", name="Seal")
    assert reason.parent.name == MORTALITY_REASON_BY_CAUSE["PREDATION"]


def test_rows_that_belong_to_a_lookup_row_are_written_with_it() -> None:
    name = params.HEALTH_PARAMETERS[0]
    parameter = get_or_create("default", "health.HealthParameter", name=name)
    labels_ = [d.label for d in parameter.score_definitions.order_by("score_value")]
    assert labels_ == [label for label, _ in HEALTH_PARAMETER_SCALES[name].scores]
    constraints = get_or_create(
        "default", "scenario.BiologicalConstraints", name=CONSTRAINT_SET_NAME
    )
    stages = set(constraints.stage_constraints.values_list("lifecycle_stage", flat=True))
    assert stages == set(SCENARIO_STAGES)
    assert constraints.created_by.username == SYSTEM_USERNAME
    template = get_or_create(
        "default", "planning.ActivityTemplate", name="Vaccination before sea transfer"
    )
    assert (template.trigger_type, template.target_lifecycle_stage.name) == (
        "STAGE_TRANSITION",
        "Smolt",
    )


def test_companies_and_policies_take_their_parents_as_rows() -> None:
    geography = get_or_create("default", "infrastructure.Geography", name="Faroe Islands")
    seller = get_or_create("default", "finance.DimCompany", geography=geography, subsidiary="FM")
    buyer = get_or_create("default", "finance.DimCompany", geography=geography, subsidiary="LG")
    assert (seller.currency, seller.nav_company_code) == ("DKK", "FO-FM")
    grade = get_or_create("default", "harvest.ProductGrade", code="SUPERIOR")
    policy = get_or_create(
        "default",
        "finance.IntercompanyPolicy",
        from_company=seller,
        to_company=buyer,
        pricing_basis="grade",
        product_grade=grade,
    )
    assert policy.method == "standard" and policy.price_per_kg > 0


def test_an_unknown_table_is_refused_by_name() -> None:
    with pytest.raises(LookupError, match="'batch.Batch'"):
        get_or_create("default", "batch.Batch", batch_number="X-1")
