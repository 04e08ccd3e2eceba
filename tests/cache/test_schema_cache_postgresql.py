"""The schema cache on PostgreSQL: a template database per key, test databases created from it
(``CREATE DATABASE … TEMPLATE``), a vanished template rebuilt."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from cache_projects import PG_URL, SETTINGS, make_project, outcomes, postgres_reachable

from pytest_aquadata.cache.manage import clear_cache
from pytest_aquadata.cache.store import entries

pytestmark = pytest.mark.skipif(not postgres_reachable(), reason="no PostgreSQL server")

PG_SETTINGS = SETTINGS.replace(
    'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}',
    'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "postgres",'
    ' "USER": "postgres", "HOST": "127.0.0.1", "PORT": 5432,'
    ' "TEST": {"NAME": "test_faststart_schema_cache"}}}',
) + (
    # PostgreSQL checks foreign keys when tables are created: the apps synced from their models
    # point at auth_user, so auth and contenttypes are synced too (only pens is migrated).
    'MIGRATION_MODULES.update(auth=None, contenttypes=None)\n'
)


def _templates(cache: Path) -> list[str]:
    return [meta["template"] for _entry, meta, _size in entries(cache) if meta]


def test_postgresql_test_database_is_created_from_the_cached_template(
    pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("AQUADATA_CACHE_DIR", str(cache))
    monkeypatch.setenv("OUTCOME_DIR", str(pytester.path / "outcomes"))
    assert "postgresql" in PG_SETTINGS
    make_project(pytester, settings=PG_SETTINGS)
    made: list[str] = []
    try:
        pytester.runpytest_subprocess().assert_outcomes(passed=1)
        assert outcomes(pytester) == ["cached"]
        pytester.runpytest_subprocess().assert_outcomes(passed=1)
        assert outcomes(pytester) == ["restored"]
        (template,) = made = _templates(cache)
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{template}"')  # the marker stays: entry is stale
        pytester.runpytest_subprocess().assert_outcomes(passed=1)
        assert outcomes(pytester) == ["cached"]
        assert _templates(cache) == made  # rebuilt under the same key
    finally:
        clear_cache(cache)
    with psycopg.connect(PG_URL) as admin:
        left = admin.execute(
            "SELECT count(*) FROM pg_database WHERE datname = ANY(%s)", [made]
        ).fetchone()
    assert left == (0,)
