"""A sample of constraints from every app of the reference schema, enforced by the database.

Duplicates go in through ``bulk_create`` (no model validation), so only the database's unique
indexes and constraints can refuse them; PROTECT and CASCADE are checked on delete.
"""

from __future__ import annotations

import copy

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from pytest_aquadata.factories import factory_for

pytestmark = pytest.mark.django_db

UNIQUE = [
    "users.UserProfile",  # 1:1 user
    "infrastructure.Geography",  # unique name
    "environmental.PhotoperiodData",  # unique_together (area, date)
    "batch.LifeCycleStage",  # unique name + (species, order)
    "inventory.BatchFeedingSummary",  # unique_together (batch, period_start, period_end)
    "health.ParameterScoreDefinition",  # unique_together (parameter, score_value)
    "health.LiceType",  # unique_together (species, gender, development_stage)
    "broodstock.BreedingTraitPriority",  # unique_together (plan, trait_name)
    "scenario.TemperatureReading",  # unique_together (profile, day_number)
    "planning.ActivityTemplate",  # unique name
    "harvest.ProductGrade",  # unique code
    "finance.DimCompany",  # UniqueConstraint (geography, subsidiary)
    "finance_core.CostCenter",  # UniqueConstraint (company, code)
    "finance_core.Budget",  # UniqueConstraint (company, fiscal_year, name, version)
]

PROTECTED = [
    ("health.FishParameterScore", "parameter"),
    ("broodstock.BreedingPair", "male_fish"),
    ("scenario.Scenario", "tgc_model"),
    ("harvest.HarvestLot", "product_grade"),
    ("finance.DimSite", "company"),
    ("finance_core.BudgetEntry", "account"),
    ("inventory.FeedPurchase", "feed"),
    ("environmental.EnvironmentalReading", "parameter"),
]

CASCADED = [
    ("health.ParameterScoreDefinition", "parameter"),
    ("broodstock.BreedingTraitPriority", "plan"),
    ("scenario.TemperatureReading", "profile"),
    ("finance_core.BudgetEntry", "budget"),
    ("environmental.PhotoperiodData", "area"),
]


@pytest.mark.parametrize("label", UNIQUE)
def test_duplicate_row_is_refused_by_the_database(label: str) -> None:
    obj = factory_for(label)()
    clone = copy.copy(obj)
    clone.pk = None
    clone._state = copy.copy(obj._state)
    clone._state.adding = True
    model = apps.get_model(label)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.bulk_create([clone])


@pytest.mark.parametrize(("label", "fk"), PROTECTED)
def test_protected_parent_cannot_be_deleted(label: str, fk: str) -> None:
    obj = factory_for(label)()
    with pytest.raises(ProtectedError):
        getattr(obj, fk).delete()
    assert apps.get_model(label).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(("label", "fk"), CASCADED)
def test_cascade_deletes_children(label: str, fk: str) -> None:
    obj = factory_for(label)()
    getattr(obj, fk).delete()
    assert not apps.get_model(label).objects.filter(pk=obj.pk).exists()
