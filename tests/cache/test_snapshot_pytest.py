"""``pytest --aquadata-saturate`` twice with the same key: the second session restores the farm
the first one built (on migrated test databases; the cache is off under ``--no-migrations``)."""

from __future__ import annotations

from pathlib import Path

import pytest

SETTINGS = """
from pytest_aquadata.domain import BUNDLED_APPS, REQUIRED_APPS
SECRET_KEY = "x"
INSTALLED_APPS = [*REQUIRED_APPS, *BUNDLED_APPS]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
"""

TEST_FILE = """
from django.apps import apps

def test_farm(aquadata_saturated, db):
    assert apps.get_model("batch", "Batch").objects.count() == len(aquadata_saturated.batches)
"""

OPTIONS = (
    "--aquadata-saturate=small",
    "--aquadata-readings=0",
    "--aquadata-seed=5",
    "--aquadata-as-of=2026-06-30",
)


def test_second_session_restores_the_saturated_farm(
    pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AQUADATA_CACHE_DIR", str(tmp_path / "cache"))
    pytester.makepyfile(user_settings=SETTINGS, test_farm=TEST_FILE)
    pytester.makeini("[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\n")
    built = pytester.runpytest_subprocess(*OPTIONS)
    built.assert_outcomes(passed=1)
    assert "restored from the snapshot cache" not in built.stdout.str()
    restored = pytester.runpytest_subprocess(*OPTIONS)
    restored.assert_outcomes(passed=1)
    restored.stdout.fnmatch_lines(["*restored from the snapshot cache*"])
    totals = [
        line.split()[-6:]
        for result in (built, restored)
        for line in result.stdout.lines
        if line.startswith("total ")
    ]
    assert len(totals) == 2 and totals[0] == totals[1]  # same rows in the same tables
