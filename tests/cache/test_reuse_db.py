"""The ready settings keep the SQLite test database in a file next to the database, so
``pytest --reuse-db`` reuses it; without ``--reuse-db`` it stays in memory."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

TEST_FILE = """
import os
from django.db import connection

def test_marker(db):
    tables = connection.introspection.table_names()
    assert ("reuse_marker" in tables) == (os.environ["EXPECT_MARKER"] == "yes")
    assert "batch_batch" in tables
"""


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project on the ready settings, its database folder the project folder."""
    monkeypatch.setenv("AQUADATA_BASE_DIR", str(pytester.path))
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = pytest_aquadata.settings\n"
        "addopts = -p no:randomly --no-migrations\n"
    )
    pytester.makepyfile(test_reuse=TEST_FILE)
    return pytester.path / "test_aquadata.sqlite3"


def test_reuse_db_keeps_the_test_database_between_runs(
    pytester: pytest.Pytester, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXPECT_MARKER", "no")
    pytester.runpytest_subprocess("--reuse-db").assert_outcomes(passed=1)
    assert project.is_file()
    with sqlite3.connect(project) as con:
        con.execute("CREATE TABLE reuse_marker (id integer)")
    monkeypatch.setenv("EXPECT_MARKER", "yes")
    pytester.runpytest_subprocess("--reuse-db").assert_outcomes(passed=1)
    monkeypatch.setenv("EXPECT_MARKER", "no")
    pytester.runpytest_subprocess("--reuse-db", "--create-db").assert_outcomes(passed=1)


def test_without_reuse_db_the_test_database_is_in_memory(
    pytester: pytest.Pytester, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXPECT_MARKER", "no")
    pytester.runpytest_subprocess().assert_outcomes(passed=1)
    assert not project.exists()
