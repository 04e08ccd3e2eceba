"""Every writer honours ``using``: the farm layout, master data, one batch with all its lookup
rows, the remaining tables and a whole saturated farm land on a second database and nothing on
the default one."""

from __future__ import annotations

import pytest

TWO_SQLITE_DATABASES = """
from pytest_aquadata.domain import BUNDLED_APPS, REQUIRED_APPS
SECRET_KEY = "x"
INSTALLED_APPS = [*REQUIRED_APPS, *BUNDLED_APPS]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
    "other": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
}
"""
"""A throw-away project with a second database alias, ``other``."""

TESTS = """
import datetime as dt

import pytest
from django.apps import apps

from pytest_aquadata.domain import APP_LABELS
from pytest_aquadata.extras import fill_remaining_tables
from pytest_aquadata.infrastructure import build_infrastructure, expected_counts
from pytest_aquadata.masterdata import build_master_data
from pytest_aquadata.rows.run import build_batch
from pytest_aquadata.sim import BatchSpec


def rows_on(alias):
    # the domain's tables and the users (permissions and content types come with the schema)
    return {
        model._meta.label: model._default_manager.using(alias).count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in APP_LABELS or model._meta.label == "auth.User"
    }


@pytest.mark.django_db(databases=["default", "other"])
def test_every_writer_writes_on_the_database_it_is_given():
    handle = build_infrastructure("small", using="other")
    assert dict(handle.counts) == expected_counts("small")
    master = build_master_data(using="other")
    assert master.counts["health.HealthParameter"] == 9
    spec = BatchSpec(geography="Scotland", eggs=20_000, start_date=dt.date(2023, 3, 1))
    # an even seed takes the eggs from the farm's own broodstock (plan, pair, egg production)
    report = build_batch(spec, seed=12, readings_per_day=1, using="other")
    made = fill_remaining_tables("other")

    assert {label: n for label, n in rows_on("default").items() if n} == {}
    other = rows_on("other")
    assert other["batch.Batch"] >= 1 and other["broodstock.EggProduction"] >= 1
    assert other["infrastructure.Container"] >= expected_counts("small")["containers"]
    assert other["health.ParameterScoreDefinition"] == 9 * 4
    assert other["batch.LifeCycleStage"] == 6
    assert made > 0 and report.total_rows > 0
    empty = sorted(label for label, n in other.items() if n == 0 and "Historical" not in label)
    assert empty == []


@pytest.mark.django_db(databases=["default", "other"])
def test_a_saturated_farm_lands_on_the_database_it_is_given():
    from pytest_aquadata.saturation import saturate

    report = saturate("small", seed=5, using="other", readings_per_day=1)
    assert report.batches and report.filled_share() == 1.0
    assert {label: n for label, n in rows_on("default").items() if n} == {}
"""


def test_writers_use_the_other_database(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(user_settings=TWO_SQLITE_DATABASES, test_other_database=TESTS)
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\n"
        "addopts = -p no:randomly -p no:cacheprovider --no-migrations\n"
    )
    result = pytester.runpytest_subprocess("--aquadata-seed=3")
    result.assert_outcomes(passed=2)
