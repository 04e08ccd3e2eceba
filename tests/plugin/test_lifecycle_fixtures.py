"""Lifecycle fixtures in a user's project: shared, rolled back, rebuilt after a flush, safe under
xdist and --reuse-db."""

from __future__ import annotations

import pytest

SETTINGS = """
from pytest_aquadata.domain import BUNDLED_APPS, REQUIRED_APPS
SECRET_KEY = "x"
INSTALLED_APPS = [*REQUIRED_APPS, *BUNDLED_APPS]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "user.sqlite3",
                         "TEST": {"NAME": "test_user.sqlite3"}}}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
"""

TESTS = """
import pytest
from django.apps import apps

Batch = apps.get_model("batch", "Batch")
BCA = apps.get_model("batch", "BatchContainerAssignment")


def test_a_changes_the_batch(harvested_batch):
    assert harvested_batch.status == "COMPLETED"
    assert Batch.objects.count() == 1
    BCA.objects.filter(batch=harvested_batch).update(notes="changed")
    harvested_batch.notes = "changed"
    harvested_batch.save()


def test_b_sees_the_original(harvested_batch):
    assert Batch.objects.count() == 1
    assert harvested_batch.notes != "changed"
    assert not BCA.objects.filter(notes="changed").exists()
    assert BCA.objects.filter(batch=harvested_batch).count() > 5


@pytest.mark.django_db(transaction=True)
def test_c_transactional_flushes(harvested_batch):
    assert Batch.objects.filter(pk=harvested_batch.pk).exists()


def test_d_still_there_after_flush(harvested_batch):
    assert Batch.objects.count() == 1
    assert BCA.objects.filter(batch=harvested_batch).count() > 5


def test_e_parr(parr_batch):
    assert parr_batch.lifecycle_stage.name == "Parr"
    assert parr_batch.status == "ACTIVE"
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(user_settings=SETTINGS, test_lifecycle=TESTS)
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\n"
        "aquadata_readings = 1\naddopts = -p no:randomly -p no:cacheprovider --no-migrations\n"
    )
    return pytester


def test_shared_rolled_back_and_rebuilt_after_flush(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("--aquadata-seed=5")
    result.assert_outcomes(passed=5)


def test_under_xdist_each_worker_has_its_batches(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("--aquadata-seed=5", "-n", "2")
    result.assert_outcomes(passed=5)


def test_reuse_db_twice_no_duplicates(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_reuse="""
from django.apps import apps

def test_one_batch(harvested_batch):
    assert apps.get_model("batch", "Batch").objects.filter(
        batch_number=harvested_batch.batch_number).count() == 1
    assert apps.get_model("batch", "Batch").objects.count() == 1
"""
    )
    for _ in range(2):
        result = project.runpytest_subprocess("--aquadata-seed=9", "--reuse-db", "test_reuse.py")
        result.assert_outcomes(passed=1)
