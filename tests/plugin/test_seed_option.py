"""The plugin loads from its entry point, resolves one seed per run and prints it."""

from __future__ import annotations

import pytest
from user_projects import SQLITE_MEMORY_SETTINGS, header


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A user project with only the bundled apps in its settings and no conftest."""
    pytester.makepyfile(user_settings=SQLITE_MEMORY_SETTINGS)
    pytester.makeini("[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\n")
    pytester.makepyfile(test_user="def test_seed(aquadata_seed):\n    assert aquadata_seed >= 0\n")
    return pytester


def seed_in_header(result: pytest.RunResult) -> int:
    return header(result)[0]


def test_entry_point_plugin_prints_seed(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert 0 <= seed_in_header(result) < 2**32


def test_seed_option_is_used(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("--aquadata-seed=1234")
    result.assert_outcomes(passed=1)
    assert seed_in_header(result) == 1234


def test_seed_ini_twin(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\naquadata_seed = 77\n")
    result = project.runpytest_subprocess()
    assert seed_in_header(result) == 77


def test_random_seeds_differ_between_runs(project: pytest.Pytester) -> None:
    seeds = {seed_in_header(project.runpytest_subprocess()) for _ in range(3)}
    assert len(seeds) > 1


@pytest.mark.parametrize("bad", ["abc", "-1", str(2**32)])
def test_bad_seed_is_a_usage_error(project: pytest.Pytester, bad: str) -> None:
    result = project.runpytest_subprocess(f"--aquadata-seed={bad}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*--aquadata-seed*{bad}*allowed: 0..4294967295*"])
