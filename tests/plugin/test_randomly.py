"""pytest-randomly in a user's project: the aquadata seed follows randomly's seed, and the same
randomly seed gives the same factory values again, whatever order randomly picks."""

from __future__ import annotations

import re

import pytest
from user_projects import SQLITE_MEMORY_SETTINGS

TESTS = """
from pytest_aquadata.factories import factory_for


def test_parr_batch(batch_factory, db):
    batch = batch_factory(stage="Parr")
    print("VALUES parr_batch", batch.start_date)


def test_assignment(batch_container_assignment_factory, db):
    bca = batch_container_assignment_factory(stage="Smolt")
    print("VALUES assignment", bca.population_count, bca.avg_weight_g)


def test_user(db):
    user = factory_for("auth.User")()
    print("VALUES user", user.first_name, user.last_name, user.email)


def test_seed(aquadata_seed):
    print("VALUES seed", aquadata_seed)
"""


def _values(result: pytest.RunResult) -> dict[str, str]:
    """Each test's printed values, by test (``-s``: they follow the progress dots)."""
    found = dict(re.findall(r"VALUES (\w+) (.*)$", result.stdout.str(), re.M))
    assert set(found) == {"parr_batch", "assignment", "user", "seed"}, result.outlines
    return found


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    # The root conftest keeps pytest-randomly off in throw-away projects; this one wants it.
    monkeypatch.delenv("PYTEST_ADDOPTS")
    pytest.importorskip("pytest_randomly")
    pytester.makepyfile(user_settings=SQLITE_MEMORY_SETTINGS, test_user=TESTS)
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\n"
        "addopts = -p no:cacheprovider --no-migrations -s\n"
    )
    return pytester


def _run(project: pytest.Pytester, *args: str) -> pytest.RunResult:
    result = project.runpytest_subprocess(*args)
    result.assert_outcomes(passed=4)
    return result


def test_seed_and_values_follow_the_randomly_seed(project: pytest.Pytester) -> None:
    result = _run(project, "-p", "randomly", "--randomly-seed=1234")
    header = result.stdout.str()
    assert "Using --randomly-seed=1234" in header
    assert re.search(r"^aquadata: seed=1234\b", header, re.M), header
    first = _values(result)
    assert first["seed"] == "1234"
    again = _values(_run(project, "-p", "randomly", "--randomly-seed=1234"))
    other = _values(_run(project, "-p", "randomly", "--randomly-seed=4321"))
    assert again == first
    assert other["seed"] == "4321"
    assert {k: v for k, v in other.items() if k != "seed"} != {
        k: v for k, v in first.items() if k != "seed"
    }


def test_same_values_when_randomly_does_not_reset_seeds(project: pytest.Pytester) -> None:
    args = ("-p", "randomly", "--randomly-seed=1234", "--randomly-dont-reset-seed")
    assert _values(_run(project, *args)) == _values(_run(project, *args))


def test_explicit_aquadata_seed_wins(project: pytest.Pytester) -> None:
    result = _run(project, "-p", "randomly", "--randomly-seed=1234", "--aquadata-seed=7")
    assert re.search(r"^aquadata: seed=7\b", result.stdout.str(), re.M)
    assert _values(result)["seed"] == "7"


def test_without_randomly_reseeding_a_test_alone_gets_its_full_run_values(
    project: pytest.Pytester,
) -> None:
    """With --randomly-dont-reset-seed nobody but aquadata reseeds factories per test, so one
    test run alone draws what it drew in the full run."""
    args = ("-p", "randomly", "--randomly-seed=1234", "--randomly-dont-reset-seed")
    full = _values(_run(project, *args))
    for name in ("user", "assignment", "parr_batch"):  # randomly's order puts these apart
        alone = project.runpytest_subprocess(*args, f"test_user.py::test_{name}")
        alone.assert_outcomes(passed=1)
        drawn = re.search(rf"VALUES {name} (.*)$", alone.stdout.str(), re.M)
        assert drawn is not None and drawn.group(1) == full[name], (name, full)
