"""`pytest --aquadata-saturate` fills the test database once and reports what it filled."""

from __future__ import annotations

import pytest
from user_projects import SQLITE_MEMORY_SETTINGS


def test_saturate_flag_fills_every_table_and_prints_summary(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(user_settings=SQLITE_MEMORY_SETTINGS)
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\n"
        "addopts = -p no:randomly -p no:cacheprovider --no-migrations\n"
    )
    pytester.makepyfile(
        test_farm="""
from django.apps import apps
from pytest_aquadata.coverage import audit

def test_every_table_filled(aquadata_saturated, db):
    assert all(c.rows > 0 for c in audit())
    assert len(aquadata_saturated.batches) >= 7

def test_own_writes_roll_back(db):
    apps.get_model("batch", "Batch").objects.all().update(notes="mine")

def test_others_see_the_farm_unchanged(db):
    Batch = apps.get_model("batch", "Batch")
    assert Batch.objects.exists()
    assert not Batch.objects.filter(notes="mine").exists()
"""
    )
    result = pytester.runpytest_subprocess(
        "--aquadata-saturate=small",
        "--aquadata-readings=0",
        "--aquadata-seed=2",
        "--aquadata-columns",
    )
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(
        [
            "*aquadata saturation*",
            "*aquadata saturation: scale=small seed=2 batches=*",
            "*total*182*182*(100.0 % of tables non-empty)*",
            "columns: * of 2,345 hold a value (*%); * empty",
        ]
    )


def test_bad_scale_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(user_settings=SQLITE_MEMORY_SETTINGS, test_x="def test_x():\n    pass\n")
    pytester.makeini("[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\n")
    result = pytester.runpytest_subprocess("--aquadata-saturate=huge")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--aquadata-saturate*'huge'*allowed: small, medium, full*"])
