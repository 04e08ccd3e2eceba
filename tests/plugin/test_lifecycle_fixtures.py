"""Lifecycle fixtures in a user's project: shared, rolled back, rebuilt after a flush, safe under
xdist and --reuse-db — on SQLite and on the PostgreSQL server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from user_projects import (
    PG_URL,
    SQLITE_FILE_SETTINGS,
    postgres_reachable,
    postgres_settings,
)

TESTS = """
import pytest
from django.apps import apps

Batch = apps.get_model("batch", "Batch")
BCA = apps.get_model("batch", "BatchContainerAssignment")


def test_a_changes_the_batch(harvested_batch):
    assert harvested_batch.status == "COMPLETED"
    assert Batch.objects.count() == 1
    BCA.objects.filter(batch=harvested_batch).update(notes="changed")
    harvested_batch.notes = "changed"
    harvested_batch.save()


def test_b_sees_the_original(harvested_batch):
    assert Batch.objects.count() == 1
    assert harvested_batch.notes != "changed"
    assert not BCA.objects.filter(notes="changed").exists()
    assert BCA.objects.filter(batch=harvested_batch).count() > 5


@pytest.mark.django_db(transaction=True)
def test_c_transactional_flushes(harvested_batch):
    assert Batch.objects.filter(pk=harvested_batch.pk).exists()


def test_d_still_there_after_flush(harvested_batch):
    assert Batch.objects.count() == 1
    assert BCA.objects.filter(batch=harvested_batch).count() > 5


def test_e_parr(parr_batch):
    assert parr_batch.lifecycle_stage.name == "Parr"
    assert parr_batch.status == "ACTIVE"


@pytest.mark.django_db(transaction=True)
def test_f_transactional_flushes_again(harvested_batch):
    assert Batch.objects.filter(pk=harvested_batch.pk).exists()


def test_g_requested_by_name_after_flush(request, db):
    batch = request.getfixturevalue("harvested_batch")
    assert Batch.objects.filter(pk=batch.pk).exists()
    assert BCA.objects.filter(batch=batch).count() > 5
"""


def _drop_databases(prefix: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        names = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{prefix}%"]
        ).fetchall()
        for (name,) in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(not postgres_reachable(), reason="needs PostgreSQL"),
        ),
    ]
)
def project(request: pytest.FixtureRequest, pytester: pytest.Pytester) -> Iterator[pytest.Pytester]:
    test_db = f"aqd_life_{uuid.uuid4().hex[:8]}"
    settings = SQLITE_FILE_SETTINGS if request.param == "sqlite" else postgres_settings(test_db)
    pytester.makepyfile(user_settings=settings, test_lifecycle=TESTS)
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\n"
        "aquadata_readings = 1\naddopts = -p no:randomly -p no:cacheprovider --no-migrations\n"
    )
    yield pytester
    if request.param == "postgresql":
        _drop_databases(test_db)  # --reuse-db keeps its database on purpose


def test_shared_rolled_back_and_rebuilt_after_flush(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("--aquadata-seed=5")
    result.assert_outcomes(passed=7)


def test_under_xdist_each_worker_has_its_batches(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("--aquadata-seed=5", "-n", "2")
    result.assert_outcomes(passed=7)


def test_reuse_db_never_mixes_runs(project: pytest.Pytester) -> None:
    """The same seed and as-of reuse the stored batch; another seed or as-of removes it first
    (the database then holds only this run's batch)."""
    project.makepyfile(
        test_reuse="""
from django.apps import apps

def test_one_batch(harvested_batch):
    assert apps.get_model("batch", "Batch").objects.filter(
        batch_number=harvested_batch.batch_number).count() == 1
    assert apps.get_model("batch", "Batch").objects.count() == 1
    with open("batches.txt", "a") as out:
        out.write(f"{harvested_batch.pk} {harvested_batch.batch_number}\\n")
"""
    )
    runs = [("9", "2026-06-30"), ("9", "2026-06-30"), ("10", "2026-06-30"), ("10", "2026-05-31")]
    for seed, as_of in runs:
        result = project.runpytest_subprocess(
            f"--aquadata-seed={seed}", f"--aquadata-as-of={as_of}", "--reuse-db", "test_reuse.py"
        )
        result.assert_outcomes(passed=1)
    lines = (project.path / "batches.txt").read_text().split()
    pks, numbers = lines[0::2], lines[1::2]
    assert pks[0] == pks[1], "the same seed and as-of did not reuse the stored batch"
    assert ["-".join(n.split("-")[3:5]) for n in numbers] == [
        "9-20260630",
        "9-20260630",
        "10-20260630",
        "10-20260531",
    ]
