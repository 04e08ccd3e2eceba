"""Under xdist on PostgreSQL the farm is built once and cloned into the other worker's database."""

from __future__ import annotations

import uuid

import pytest
from user_projects import PG_URL, postgres_reachable, postgres_settings

TESTS = """
import os
import pytest
from django.apps import apps

@pytest.mark.parametrize("n", range(4))
def test_farm_is_there(aquadata_saturated, db, n):
    numbers = [number for _pk, number, _status in aquadata_saturated.batches]
    Batch = apps.get_model("batch", "Batch")
    assert Batch.objects.filter(batch_number__in=numbers).count() == len(numbers)
    assert len(aquadata_saturated.batches) >= 7
    assert all(c.rows > 0 for c in aquadata_saturated.coverage)
    with open("sources.txt", "a") as out:
        out.write(f"{os.environ['PYTEST_XDIST_WORKER']} {aquadata_saturated.source}\\n")
"""


@pytest.mark.skipif(not postgres_reachable(), reason="needs the PostgreSQL server at 127.0.0.1")
def test_second_worker_clones_the_first_workers_farm(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(user_settings=postgres_settings(f"aqd_xdist_{uuid.uuid4().hex[:8]}"))
    pytester.makepyfile(test_farm=TESTS)
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = user_settings\n"
        "addopts = -p no:randomly -p no:cacheprovider --no-migrations\n"
    )
    before = _templates()
    result = pytester.runpytest_subprocess(
        "-n",
        "2",
        "--dist",
        "load",
        "--aquadata-saturate=small",
        "--aquadata-readings=0",
        "--aquadata-seed=3",
        "--create-db",
    )
    result.assert_outcomes(passed=4)
    sources = {
        line.split(" ", 1)[0]: line.split(" ", 1)[1]
        for line in (pytester.path / "sources.txt").read_text().splitlines()
    }
    assert sorted(sources.values(), key=lambda s: s != "built")[0] == "built"
    if len(sources) == 2:  # both workers ran tests: one built, the other cloned
        assert sorted(v.split(" ")[0] for v in sources.values()) == ["built", "cloned"]
    assert _templates() - before == set(), "the template database was not dropped"


def _templates() -> set[str]:
    import psycopg

    with psycopg.connect(PG_URL) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'aquadata_tpl_%%'"
        ).fetchall()
    return {name for (name,) in rows}
