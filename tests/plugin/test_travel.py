"""Opt-in time travel to the farm's now: ``@pytest.mark.aquadata_now`` and the ``aquadata_travel``
fixture freeze ``timezone.now()`` on the as-of date, so "last 30 days" queries see the farm's
data (issue 15 item 7)."""

from __future__ import annotations

import pytest
from user_projects import SQLITE_MEMORY_SETTINGS

TESTS = """
import datetime as dt

import pytest
from django.apps import apps
from django.utils import timezone

FARM_NOW = dt.datetime(2025, 6, 30, 22, 0, tzinfo=dt.timezone.utc)


def fed_in_last_30_days(batch):
    since = timezone.now().date() - dt.timedelta(days=30)
    FeedingEvent = apps.get_model("inventory", "FeedingEvent")
    return FeedingEvent.objects.filter(batch=batch, feeding_date__gt=since).exists()


@pytest.mark.aquadata_now
def test_marker_freezes_now_at_as_of(smolt_batch):
    assert timezone.now() == FARM_NOW
    assert dt.datetime.now(dt.timezone.utc) == FARM_NOW
    assert fed_in_last_30_days(smolt_batch)


def test_fixture_returns_the_instant(aquadata_travel, aquadata_as_of):
    assert aquadata_travel == FARM_NOW
    assert timezone.now() == FARM_NOW
    assert aquadata_as_of == FARM_NOW.date()


def test_without_travel_the_wall_clock_runs(smolt_batch):
    assert timezone.now().date() > FARM_NOW.date()
    assert not fed_in_last_30_days(smolt_batch)
"""


def test_travel_to_the_farms_now(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(user_settings=SQLITE_MEMORY_SETTINGS, test_travel=TESTS)
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\naquadata_readings = 0\n"
        "addopts = -p no:randomly -p no:cacheprovider --no-migrations\n"
    )
    result = pytester.runpytest_subprocess("--aquadata-as-of=2025-06-30", "--aquadata-seed=8")
    result.assert_outcomes(passed=3)


def test_marker_is_registered(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(user_settings=SQLITE_MEMORY_SETTINGS)
    pytester.makeini("[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\n")
    result = pytester.runpytest_subprocess("--markers", "-p", "no:randomly")
    result.stdout.fnmatch_lines(
        ["@pytest.mark.aquadata(geography=None, eggs=None):*", "@pytest.mark.aquadata_now:*"]
    )
