"""The migrated-schema cache around test-database creation, in a host project with its own
migrations: stored once, copied after, new key for a changed migration, bad entries rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest
from cache_projects import make_project, outcomes

ADD_PEN_DEPTH = """
from django.db import migrations, models

class Migration(migrations.Migration):
    dependencies = [("pens", "0001_initial")]
    operations = [migrations.AddField("pen", "depth_m", models.FloatField(default=10.0))]
"""


@pytest.fixture
def project(pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A host project whose cache lives in a folder of this test; returns the cache folder."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("AQUADATA_CACHE_DIR", str(cache))
    monkeypatch.setenv("OUTCOME_DIR", str(pytester.path / "outcomes"))
    make_project(pytester)
    return cache


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / "schema").iterdir() if p.is_dir())


def test_first_run_stores_the_schema_and_the_next_copies_it(
    pytester: pytest.Pytester, project: Path
) -> None:
    pytester.runpytest_subprocess().assert_outcomes(passed=1)
    assert outcomes(pytester) == ["cached"]
    pytester.runpytest_subprocess().assert_outcomes(passed=1)
    assert outcomes(pytester) == ["restored"]
    assert len(_entries(project)) == 1


def test_a_changed_migration_file_is_a_new_key_never_the_stale_schema(
    pytester: pytest.Pytester, project: Path
) -> None:
    pytester.runpytest_subprocess().assert_outcomes(passed=1)
    (old,) = _entries(project)
    pytester.path.joinpath("pens/migrations/0002_depth.py").write_text(ADD_PEN_DEPTH)
    pytester.path.joinpath("pens/models.py").write_text(
        pytester.path.joinpath("pens/models.py").read_text()
        + "    depth_m = models.FloatField(default=10.0)\n"
    )
    pytester.makepyfile(
        test_depth="""
from pens.models import Pen

def test_depth_column_exists(db):
    assert Pen.objects.create(name="b").depth_m == 10.0
"""
    )
    pytester.runpytest_subprocess().assert_outcomes(passed=2)
    assert outcomes(pytester) == ["cached"]
    assert old in _entries(project) and len(_entries(project)) == 2


def test_a_corrupt_entry_is_rebuilt_not_used(pytester: pytest.Pytester, project: Path) -> None:
    pytester.runpytest_subprocess().assert_outcomes(passed=1)
    (entry,) = _entries(project)
    payload = entry / "db.sqlite3"
    size = payload.stat().st_size
    payload.write_bytes(b"\0" * size)  # same size, wrong content: only the checksum sees it
    pytester.runpytest_subprocess().assert_outcomes(passed=1)
    assert outcomes(pytester) == ["cached"]
    pytester.runpytest_subprocess().assert_outcomes(passed=1)
    assert outcomes(pytester) == ["restored"]


def test_a_partial_entry_without_its_marker_is_rebuilt(
    pytester: pytest.Pytester, project: Path
) -> None:
    pytester.runpytest_subprocess().assert_outcomes(passed=1)
    (entry,) = _entries(project)
    (entry / "entry.json").unlink()
    pytester.runpytest_subprocess().assert_outcomes(passed=1)
    assert outcomes(pytester) == ["cached"]


def test_no_migrations_and_cache_off_bypass_the_cache(
    pytester: pytest.Pytester, project: Path
) -> None:
    pytester.runpytest_subprocess("--no-migrations").assert_outcomes(passed=1)
    assert outcomes(pytester) == ["bypassed"]
    pytester.runpytest_subprocess("--aquadata-cache=off").assert_outcomes(passed=1)
    assert outcomes(pytester) == ["bypassed"]
    assert not (project / "schema").exists()


def test_xdist_workers_share_one_schema_entry(pytester: pytest.Pytester, project: Path) -> None:
    pytester.runpytest_subprocess("-n", "2", "--dist", "each").assert_outcomes(passed=2)
    assert outcomes(pytester) == ["cached", "restored"]
    pytester.runpytest_subprocess("-n", "2", "--dist", "each").assert_outcomes(passed=2)
    assert outcomes(pytester) == ["restored", "restored"]
    assert len(_entries(project)) == 1
