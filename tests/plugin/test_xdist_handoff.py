"""Under pytest-xdist the controller chooses one seed and one as-of date and hands them to every
worker: the header's values replay each worker (issue 17 item 1, issue 15 item 1)."""

from __future__ import annotations

import pytest
from user_projects import SQLITE_MEMORY_SETTINGS, header

TESTS = """
import os
import pytest

@pytest.mark.parametrize("n", range(6))
def test_record(aquadata_seed, aquadata_as_of, n):
    with open(f"seen-{os.environ['PYTEST_XDIST_WORKER']}.txt", "a") as out:
        out.write(f"{aquadata_seed} {aquadata_as_of.isoformat()}\\n")
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(user_settings=SQLITE_MEMORY_SETTINGS, test_handoff=TESTS)
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\n"
        "addopts = -p no:randomly -p no:cacheprovider\n"
    )
    return pytester


def _seen(project: pytest.Pytester) -> dict[str, set[tuple[int, str]]]:
    seen = {}
    for path in project.path.glob("seen-gw*.txt"):
        lines = path.read_text().split("\n")
        seen[path.stem] = {(int(s), d) for s, d in (line.split() for line in lines if line)}
    return seen


def test_random_seed_and_default_as_of_are_the_controllers(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("-n", "2", "--dist", "load")
    result.assert_outcomes(passed=6)
    seen = _seen(project)
    assert seen, "no worker recorded its seed"
    assert all(values == {header(result)} for values in seen.values()), (seen, header(result))


def test_pinned_as_of_reaches_every_worker(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess(
        "-n", "2", "--aquadata-as-of=2025-03-31", "--aquadata-seed=11"
    )
    result.assert_outcomes(passed=6)
    assert header(result) == (11, "2025-03-31")
    assert all(values == {(11, "2025-03-31")} for values in _seen(project).values())
