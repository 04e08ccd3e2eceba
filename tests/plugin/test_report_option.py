"""``--aquadata-report=DIR``: checked when parsed (an unwritable folder stops the run at start),
and the report reads the test database even when no selected test used it (issue 17 item 6)."""

from __future__ import annotations

import pytest
from user_projects import SQLITE_FILE_SETTINGS

pytest.importorskip("matplotlib")


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(user_settings=SQLITE_FILE_SETTINGS, test_plain="def test_x():\n    pass\n")
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\n"
        "addopts = -p no:randomly -p no:cacheprovider --no-migrations\n"
    )
    return pytester


def test_unwritable_folder_is_a_usage_error_at_start(project: pytest.Pytester) -> None:
    (project.path / "a_file").write_text("not a folder")
    result = project.runpytest_subprocess("--aquadata-report=a_file/report")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*--aquadata-report*'a_file/report' is not a writable folder*allowed: a folder*"]
    )
    assert "test_plain.py" not in result.stdout.str()


def test_report_reads_the_test_database_when_no_test_did(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("--aquadata-report=out")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["aquadata: report written to *out*index.html"])
    assert (project.path / "out" / "index.html").exists()
    assert not (project.path / "user.sqlite3").exists(), "the report opened the development db"


def test_no_report_says_why(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("--aquadata-report=out", "-k", "no_such_test")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    result.stdout.fnmatch_lines(["aquadata: report not written: no test ran"])
    assert not (project.path / "out" / "index.html").exists()
