"""``--aquadata-as-of`` (ini ``aquadata_as_of``): the farm's "now", default today in UTC, in the
header and in the ``aquadata_as_of`` fixture; bad values are usage errors (issue 15 item 1)."""

from __future__ import annotations

import datetime as dt

import pytest
from user_projects import SQLITE_MEMORY_SETTINGS, header

TESTS = """
import datetime as dt

def test_as_of(aquadata_as_of):
    assert type(aquadata_as_of) is dt.date
    with open("as_of.txt", "w") as out:
        out.write(aquadata_as_of.isoformat())
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(user_settings=SQLITE_MEMORY_SETTINGS, test_as_of=TESTS)
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\n"
        "addopts = -p no:randomly -p no:cacheprovider\n"
    )
    return pytester


def test_default_is_today_in_utc(project: pytest.Pytester) -> None:
    before = dt.datetime.now(dt.timezone.utc).date()
    result = project.runpytest_subprocess("--aquadata-seed=3")
    after = dt.datetime.now(dt.timezone.utc).date()
    result.assert_outcomes(passed=1)
    seed, as_of = header(result)
    assert seed == 3
    assert as_of in {before.isoformat(), after.isoformat()}
    assert (project.path / "as_of.txt").read_text() == as_of


def test_option_sets_header_and_fixture(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("--aquadata-as-of=2025-06-30", "--aquadata-seed=4")
    result.assert_outcomes(passed=1)
    assert header(result) == (4, "2025-06-30")
    assert (project.path / "as_of.txt").read_text() == "2025-06-30"


def test_ini_twin(project: pytest.Pytester) -> None:
    project.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\naquadata_as_of = 2024-02-29\n"
        "addopts = -p no:randomly -p no:cacheprovider\n"
    )
    result = project.runpytest_subprocess()
    result.assert_outcomes(passed=1)
    assert header(result)[1] == "2024-02-29"


@pytest.mark.parametrize("bad", ["2025-02-30", "yesterday", "30.06.2025"])
def test_bad_as_of_is_a_usage_error(project: pytest.Pytester, bad: str) -> None:
    result = project.runpytest_subprocess(f"--aquadata-as-of={bad}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*--aquadata-as-of*{bad}*allowed: a date as YYYY-MM-DD*"])
