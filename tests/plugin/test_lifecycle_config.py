"""Configurable and shareable lifecycle batches: the ``aquadata`` marker, the ``aquadata_geography``
/ ``aquadata_eggs`` ini defaults, and the session-scoped ``aquadata_batches`` builder used from a
module-scoped fixture (issue 17 item 7)."""

from __future__ import annotations

import pytest
from user_projects import SQLITE_MEMORY_SETTINGS

TESTS = """
import pytest
from django.apps import apps

BCA = apps.get_model("batch", "BatchContainerAssignment")


def fish(batch):
    return sum(BCA.objects.filter(batch=batch, is_active=True).values_list(
        "population_count", flat=True))


def test_default_egg_batch(egg_batch):
    assert fish(egg_batch) > 50_000


@pytest.mark.aquadata(geography="Faroe Islands", eggs=50_000)
def test_marker_configures_the_batch(egg_batch):
    assert egg_batch.batch_number.startswith("AQD-FO-EGG-")
    assert 0 < fish(egg_batch) <= 50_000


@pytest.mark.aquadata(geography="Scotland")
def test_marker_geography(egg_batch):
    assert egg_batch.batch_number.startswith("AQD-SC-EGG-")


@pytest.mark.aquadata(geography="Norway")
def test_bad_marker_names_the_value(egg_batch):
    pass
"""

SHARED = """
import pytest
from django.apps import apps

Batch = apps.get_model("batch", "Batch")


@pytest.fixture(scope="module")
def shared_fry(aquadata_batches):
    return aquadata_batches(stage="Fry", eggs=20_000, reading_interval=0)


def test_first_use(shared_fry):
    assert shared_fry.lifecycle_stage.name == "Fry"
    assert shared_fry.batch_number.startswith("AQD-SC-SHARED-")
    Batch.objects.filter(pk=shared_fry.pk).update(notes="mine")


def test_shared_and_rolled_back(shared_fry, aquadata_batches):
    again = aquadata_batches(stage="Fry", eggs=20_000, reading_interval=0)
    assert again.pk == shared_fry.pk
    assert Batch.objects.get(pk=shared_fry.pk).notes != "mine"


@pytest.fixture(scope="module")
def module_harvested(harvested_batch):
    return harvested_batch


def test_function_scoped_fixture_from_module_scope(module_harvested):
    pass
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(user_settings=SQLITE_MEMORY_SETTINGS)
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\naquadata_readings = 0\n"
        "addopts = -p no:randomly -p no:cacheprovider --no-migrations\n"
    )
    return pytester


def test_marker_configures_lifecycle_batches(project: pytest.Pytester) -> None:
    project.makepyfile(test_marker=TESTS)
    result = project.runpytest_subprocess("--aquadata-seed=6", "--aquadata-as-of=2026-06-30")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(
        ["*@pytest.mark.aquadata: 'Norway' is invalid; allowed: Scotland, Faroe Islands*"]
    )


def test_ini_geography_default(project: pytest.Pytester) -> None:
    project.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\naquadata_readings = 0\n"
        "aquadata_geography = Faroe Islands\naquadata_eggs = 30000\n"
        "addopts = -p no:randomly -p no:cacheprovider --no-migrations\n"
    )
    project.makepyfile(
        test_ini="""
def test_ini(egg_batch, fry_batch):
    assert egg_batch.batch_number.startswith("AQD-FO-EGG-")
    assert fry_batch.batch_number.startswith("AQD-FO-FRY-")
"""
    )
    result = project.runpytest_subprocess("--aquadata-seed=6", "--aquadata-as-of=2026-06-30")
    result.assert_outcomes(passed=1)


def test_bad_ini_geography_is_a_usage_error(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\naquadata_geography = Mars\n")
    project.makepyfile(test_x="def test_x():\n    pass\n")
    result = project.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*aquadata_geography*'Mars' is invalid; allowed: Scotland*"])


def test_session_builder_shares_a_custom_batch(project: pytest.Pytester) -> None:
    project.makepyfile(test_shared=SHARED)
    result = project.runpytest_subprocess("--aquadata-seed=6", "--aquadata-as-of=2026-06-30")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*ScopeMismatch*harvested_batch*"])
