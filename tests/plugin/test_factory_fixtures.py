"""A user's project gets the factory fixtures, master data and infrastructure from the plugin
alone (no conftest, no imports)."""

from __future__ import annotations

import pytest
from user_projects import SQLITE_MEMORY_SETTINGS

TESTS = """
import pytest
from django.apps import apps


def test_batch_factory_and_master_data(batch_factory, aquadata_master_data, db):
    batch = batch_factory(stage="Parr")
    assert batch.lifecycle_stage == aquadata_master_data.stage("Parr")
    assert apps.get_model("batch", "LifeCycleStage").objects.count() == 6
    assert apps.get_model("batch", "Species").objects.count() == 1
    assert aquadata_master_data.counts["health.HealthParameter"] == 9


def test_feeding_event_factory(feeding_event_factory, db):
    event = feeding_event_factory()
    assert event.amount_kg > 0


@pytest.mark.django_db(transaction=True)
def test_flush(aquadata_master_data):
    assert aquadata_master_data.species().scientific_name == "Salmo salar"


def test_master_data_back_after_flush(aquadata_master_data, aquadata_infrastructure, db):
    assert apps.get_model("batch", "LifeCycleStage").objects.count() == 6
    Container = apps.get_model("infrastructure", "Container")
    assert Container.objects.filter(pk__in=aquadata_infrastructure.container_ids()).exists()
"""


def test_user_project_gets_factories_and_master_data(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(user_settings=SQLITE_MEMORY_SETTINGS, test_user=TESTS)
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\n"
        "addopts = -p no:randomly -p no:cacheprovider --no-migrations\n"
    )
    result = pytester.runpytest_subprocess("--aquadata-seed=4")
    result.assert_outcomes(passed=4)


def test_every_factory_is_a_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(user_settings=SQLITE_MEMORY_SETTINGS)
    pytester.makeini("[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\n")
    result = pytester.runpytest_subprocess("--fixtures", "-p", "no:randomly")
    text = result.stdout.str()
    for name in (
        "batch_factory",
        "feeding_event_factory",
        "tgc_model_factory",
        "fact_harvest_factory",
        "user_profile_factory",
        "lice_count_factory",
        "aquadata_master_data",
        "aquadata_infrastructure",
        "harvested_batch",
        "make_batch",
    ):
        assert name in text, name
    assert text.count("_factory") >= 102
