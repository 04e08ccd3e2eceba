"""A small user project run with pytester: deliberately false properties are caught and shrink
to small specs; the ``aquadata`` profile and savepoints make ``db`` tests with ``@given`` work."""

from __future__ import annotations

import re

import pytest

SETTINGS = """
from pytest_aquadata.domain import BUNDLED_APPS, REQUIRED_APPS
SECRET_KEY = "x"
INSTALLED_APPS = [*REQUIRED_APPS, *BUNDLED_APPS]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
"""

CONFTEST = """
import pytest_aquadata.strategies  # registers the "aquadata" hypothesis profile
"""

FALSE_PROPERTIES = """
from hypothesis import HealthCheck, Phase, given, settings

from pytest_aquadata import invariants
from pytest_aquadata.strategies import trajectories

SEARCH = settings(
    max_examples=200,
    deadline=None,
    database=None,
    derandomize=True,  # the same search and the same minimal example on every run
    suppress_health_check=[HealthCheck.too_slow],
    phases=[p for p in Phase if p is not Phase.explain],  # explaining re-runs many simulations
)


@SEARCH
@given(traj=trajectories())
def test_no_batch_ever_loses_a_fish(traj):
    deaths = int(traj.batch_days().deaths.sum())
    assert deaths == 0


@SEARCH
@given(traj=trajectories(stop_at_stage=None, end_date=None))
def test_no_batch_ever_loses_a_fish_in_its_lifetime(traj):
    deaths = int(traj.batch_days().deaths.sum())
    assert deaths == 0


@SEARCH
@given(traj=trajectories(stop_at_stage=None, end_date=None))
def test_harvest_never_happens(traj):
    invariants.assert_invariants(traj, "harvest_totals")
    harvests = len(traj.harvests)
    assert harvests == 0


@settings(SEARCH, max_examples=20)
@given(traj=trajectories(stop_at_stage="Parr"))
def test_true_invariants_hold(traj):
    invariants.assert_invariants(traj)
"""

DB_PROPERTIES = """
import pytest
from hypothesis import given, settings

from pytest_aquadata.strategies import (
    aquadata_settings, batch_graphs, example_savepoint, row_counts, save_graph,
)


@pytest.fixture
def batches_at_start(db):
    return row_counts("batch.Batch")


@settings(max_examples=3, database=None)
@given(graph=batch_graphs())
def test_db_fixture_with_given(db, graph):
    pass


@settings(aquadata_settings, max_examples=5, database=None)
@given(graph=batch_graphs())
def test_saving_outside_a_savepoint_leaks(db, batches_at_start, graph):
    assert row_counts("batch.Batch") == batches_at_start
    save_graph(graph)


@settings(aquadata_settings, max_examples=5, database=None)
@given(graph=batch_graphs())
def test_saving_inside_a_savepoint_does_not_leak(db, batches_at_start, graph):
    assert row_counts("batch.Batch") == batches_at_start
    with example_savepoint():
        save_graph(graph)
        assert row_counts("batch.Batch") != batches_at_start


def test_profile_is_the_default():
    assert settings.default.deadline is None
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A user project: the bundled apps, a conftest importing the strategies, two test files."""
    pytester.makepyfile(
        user_settings=SETTINGS,
        conftest=CONFTEST,
        test_false=FALSE_PROPERTIES,
        test_db=DB_PROPERTIES,
    )
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\naddopts = --no-migrations -p no:randomly\n"
    )
    return pytester


def failure(result: pytest.RunResult, test: str) -> str:
    """The failure report of one test in the run's output."""
    text = result.stdout.str()
    match = re.search(
        rf"_{{3,}} {test} _{{3,}}\n(.*?)(?=\n_{{3,}} |\n=+ short test summary)", text, re.S
    )
    assert match, f"no failure report for {test}:\n{text[-3000:]}"
    return match.group(1)


def shrunk_spec(report: str) -> dict[str, str]:
    """Fields of the spec in the reported minimal failing example, as printed."""
    case = report[report.index("Failing test case:") :]
    spec = case[case.index("BatchSpec(") : case.index("seed=")]
    value = r"datetime\.date\([^)]*\)|mappingproxy\(\{[^}]*\}\)|[^,\n]+"
    return dict(re.findall(rf"(\w+)=({value})", spec))


def test_false_properties_are_caught_and_shrink_to_small_specs(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("test_false.py", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=3, passed=1)
    for test in ("test_no_batch_ever_loses_a_fish_in_its_lifetime", "test_harvest_never_happens"):
        report = failure(result, test)
        assert "traj=simulate_spec(" in report, report
        spec = shrunk_spec(report)
        assert int(spec["eggs"]) <= 10, report
        assert spec["stop_at_stage"] == "None" and spec["end_date"] == "None"
    # over drawn durations, the failure shrinks to a short run: days of the first stage
    spec = shrunk_spec(failure(result, "test_no_batch_ever_loses_a_fish"))
    assert spec["stop_at_stage"] == "'Egg&Alevin'" and spec["overrides"] == "mappingproxy({})"
    assert spec["start_date"] == "datetime.date(2000, 1, 1)"
    assert spec["end_date"] in {f"datetime.date(2000, 1, {day})" for day in (1, 2, 3)}


def test_db_examples_are_isolated_only_inside_savepoints(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess(
        "test_db.py", "-p", "no:cacheprovider", "-k", "not default"
    )
    result.assert_outcomes(failed=2, passed=1)
    assert "function-scoped fixture 'db'" in failure(result, "test_db_fixture_with_given")
    assert "row_counts" in failure(result, "test_saving_outside_a_savepoint_leaks")


def test_the_profile_loads_from_the_command_line(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess(
        "test_db.py",
        "-p",
        "no:cacheprovider",
        "--hypothesis-profile=aquadata",
        "-k",
        "db_fixture or default",
    )
    result.assert_outcomes(passed=2)
