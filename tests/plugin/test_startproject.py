"""A project made by ``django-admin startproject`` with the quickstart's settings line
(``INSTALLED_APPS = with_aquadata_apps([...])``) runs factory and lifecycle fixtures."""

from __future__ import annotations

import re
import sys

import pytest

TESTS = """
from django.apps import apps


def test_factory_and_lifecycle_fixtures(batch_factory, egg_batch, db):
    batch = batch_factory(stage="Parr")
    assert batch.lifecycle_stage.name == "Parr"
    assert egg_batch.batch_number.startswith("AQD-")
    Batch = apps.get_model("batch", "Batch")
    assert Batch.objects.filter(pk__in=[batch.pk, egg_batch.pk]).count() == 2
    assert apps.is_installed("django.contrib.admin")
"""


def test_startproject_settings_with_the_helper(pytester: pytest.Pytester) -> None:
    made = pytester.run(sys.executable, "-m", "django", "startproject", "mysite", ".")
    assert made.ret == 0, made.stderr.str()
    settings = pytester.path / "mysite" / "settings.py"
    text = settings.read_text()
    apps_list = re.compile(r"INSTALLED_APPS = \[(.*?)\n\]", re.S)
    assert apps_list.search(text), "startproject's settings changed shape"
    text = apps_list.sub(r"INSTALLED_APPS = with_aquadata_apps([\1\n])", text)
    settings.write_text("from pytest_aquadata.apps import with_aquadata_apps\n" + text)
    pytester.makepyfile(test_mysite=TESTS)
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = mysite.settings\naquadata_readings = 1\n"
        "addopts = -p no:cacheprovider\n"
    )
    # --no-migrations as in the rest of the suite: the test database from the models takes
    # 3 s, applying every migration 100 s (CI applies them from zero separately).
    result = pytester.runpytest_subprocess("--aquadata-seed=3", "--no-migrations")
    result.assert_outcomes(passed=1)
