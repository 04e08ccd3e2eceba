"""Leaf tables staged on another core (SQLite scratch file, PostgreSQL unlogged tables): the
rows a direct load writes, only once the block ends; the rest loaded as usual; a failed
staging process rolls the block back; nothing that staged them is left behind."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.db import connections, transaction
from load_helpers import model

from pytest_aquadata import clock
from pytest_aquadata.load import Loader, offload

PARAMETER = "environmental.EnvironmentalParameter"
READING = "environmental.EnvironmentalReading"
READINGS_TABLE = "environmental_environmentalreading"
TIME = np.datetime64("2024-01-01T00:00", "us")

pytestmark = pytest.mark.django_db(transaction=True)  # PostgreSQL stages outside a transaction


@pytest.fixture
def db_connection():
    """The default connection itself (not the proxy), where ``offloaded`` keeps its state."""
    return connections["default"]


def leftovers(connection) -> list[str]:
    """Staging tables still in the database (PostgreSQL) or files still attached (SQLite)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE tablename LIKE 'aquadata_stage_%%'"
            )
        else:
            cursor.execute(
                "SELECT name FROM pragma_database_list WHERE name LIKE 'aquadata_stage_%%'"
            )
        return [row[0] for row in cursor.fetchall()]


def readings(parameter_id: int, n: int, seed: int = 0) -> dict:
    """Columns for n readings of one parameter: values, times, nulls and notes."""
    rng = np.random.default_rng(seed)
    manual = rng.random(n) < 0.3
    return {
        "parameter_id": parameter_id,
        "reading_time": TIME + np.arange(n) * np.timedelta64(90, "s"),
        "value": np.round(rng.normal(8, 2, n), 4),
        "is_manual": manual,
        "recorded_by_id": np.nan,
        "notes": np.where(manual & (rng.random(n) < 0.5), "hand-held meter, it's cold", ""),
    }


def stored_readings() -> list[tuple]:
    Reading = model(READING)
    return list(
        Reading.objects.order_by("pk").values_list(
            "pk", "parameter_id", "reading_time", "value", "is_manual", "notes", "created_at"
        )
    )


@pytest.fixture
def clock_stopped():
    """One entry time for every load (created_at), whenever the test runs."""
    with clock.stopped_at(clock.moment(dt.date(2024, 1, 2))):
        yield


@pytest.mark.usefixtures("clock_stopped")
def test_staged_rows_arrive_when_the_block_ends_and_equal_a_direct_load(db_connection):
    loader = Loader(db_connection)
    parameter = int(loader.load(PARAMETER, {"name": ["Temperature"], "unit": "C"}).pk_start)
    with transaction.atomic():
        direct = loader.load(READING, readings(parameter, 5_000, seed=1))
        expected = stored_readings()
        transaction.set_rollback(True)
    with transaction.atomic(), offload.offloaded(db_connection, [READINGS_TABLE]) as staging:
        assert staging is not None
        staged = loader.load(READING, readings(parameter, 5_000, seed=1))
        assert model(READING).objects.count() == 0  # not in the database before the block ends
        folder = staging.path.parent
        assert folder.exists()
    offload.release_staged(db_connection)
    assert leftovers(db_connection) == []
    assert staging.rows == 5_000
    assert not folder.exists()
    assert staged.rows == direct.rows == 5_000
    got = stored_readings()
    shift = staged.pk_start - direct.pk_start
    assert [(pk - shift, *rest) for pk, *rest in got] == expected
    later = loader.load(READING, readings(parameter, 3, seed=2))  # keys go on above them
    assert later.pk_start == staged.pk_stop


def test_other_tables_load_directly(db_connection):
    loader = Loader(db_connection)
    with transaction.atomic(), offload.offloaded(db_connection, [READINGS_TABLE]) as staging:
        result = loader.load(PARAMETER, {"name": ["Oxygen"], "unit": "mg/L"})
        assert model(PARAMETER).objects.filter(pk=result.pk_start).exists()
        assert staging is not None and staging.rows == 0
    offload.release_staged(db_connection)


def test_an_error_in_the_staging_process_surfaces_and_rolls_back(db_connection):
    loader = Loader(db_connection)
    parameter = int(loader.load(PARAMETER, {"name": ["Salinity"], "unit": "ppt"}).pk_start)
    before = model(READING).objects.count()
    with (
        pytest.raises(offload.StagingError, match="staging leaf-table rows failed: "),
        transaction.atomic(),
        offload.offloaded(db_connection, [READINGS_TABLE]) as staging,
    ):
        assert staging is not None
        staging._lanes[0].inbox.put("not a block")  # the process fails on it
        folder = staging.path.parent
        for seed in range(50):  # until the failure is reported
            loader.load(READING, readings(parameter, 100, seed=seed))
    offload.release_staged(db_connection)
    assert model(READING).objects.count() == before
    assert not folder.exists()
    assert offload.active(db_connection) is None
    assert leftovers(db_connection) == []


def test_a_stopped_staging_process_is_an_error(db_connection):
    loader = Loader(db_connection)
    parameter = int(loader.load(PARAMETER, {"name": ["pH"], "unit": "pH"}).pk_start)
    with (
        pytest.raises(offload.StagingError, match=r"the staging process stopped"),
        offload.offloaded(db_connection, [READINGS_TABLE]) as staging,
    ):
        assert staging is not None
        staging._lanes[0].process.kill()
        staging._lanes[0].process.join()
        loader.load(READING, readings(parameter, 10))
    offload.release_staged(db_connection)
    assert leftovers(db_connection) == []


def test_groups_of_tables_are_staged_side_by_side(db_connection):
    loader = Loader(db_connection)
    parameter = int(loader.load(PARAMETER, {"name": ["Turbidity"], "unit": "NTU"}).pk_start)
    groups = [[READINGS_TABLE], ["auth_group"]]
    with transaction.atomic(), offload.offloaded(db_connection, groups) as staging:
        assert staging is not None and len(staging._lanes) == 2
        readings_loaded = loader.load(READING, readings(parameter, 2_000, seed=3))
        groups_loaded = loader.load("auth.Group", {"name": ["stage-a", "stage-b"]})
        assert model("auth.Group").objects.filter(name__startswith="stage-").count() == 0
    offload.release_staged(db_connection)
    assert staging.rows == 2_002
    assert leftovers(db_connection) == []
    assert model(READING).objects.filter(pk__in=readings_loaded.pks).count() == 2_000
    names = model("auth.Group").objects.filter(pk__in=groups_loaded.pks).values_list("name")
    assert sorted(n for (n,) in names) == ["stage-a", "stage-b"]


def test_switched_off_loads_run_as_usual(db_connection):
    with offload.offloaded(db_connection, [READINGS_TABLE], enabled=False) as off:
        assert off is None
