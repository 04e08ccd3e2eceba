"""Loads join the caller's transaction: they roll back with it and commit only with it."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import IntegrityError, connection, transaction
from load_helpers import model

from pytest_aquadata.load import Loader, fkcheck, load
from pytest_aquadata.load import loader as loader_module
from pytest_aquadata.load.loader import FK_CHECKS

PARAMETER = "environmental.EnvironmentalParameter"
READING = "environmental.EnvironmentalReading"
TIME = np.datetime64("2024-01-01T00:00", "us")


def parameters(n: int) -> dict:
    """Columns for n environmental parameters."""
    return {"name": [f"P{i}" for i in range(n)], "unit": "C"}


@pytest.mark.django_db
def test_load_is_part_of_the_test_transaction(loader):
    assert connection.in_atomic_block
    savepoint = transaction.savepoint()
    loader.load(PARAMETER, parameters(3), history=True)
    assert model(PARAMETER).objects.count() == 3
    transaction.savepoint_rollback(savepoint)
    assert not model(PARAMETER).objects.exists()
    assert not model(PARAMETER).history.exists()


@pytest.mark.django_db
def test_load_rolls_back_with_the_enclosing_atomic_block(loader):
    with pytest.raises(RuntimeError), transaction.atomic():
        loader.load(PARAMETER, parameters(3))
        assert model(PARAMETER).objects.count() == 3
        raise RuntimeError("undo")
    assert not model(PARAMETER).objects.exists()


@pytest.mark.django_db(transaction=True)
def test_load_in_autocommit_mode_commits_as_one_transaction():
    assert connection.get_autocommit()
    load(PARAMETER, parameters(3))
    assert connection.get_autocommit()
    assert model(PARAMETER).objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_failing_load_writes_nothing():
    profile = model("scenario.TemperatureProfile")
    with pytest.raises(IntegrityError):
        load(profile, {"name": ["same", "other", "same"]})
    assert not profile.objects.exists()
    assert load(profile, {"name": ["same"]}).rows == 1


@pytest.mark.django_db
@pytest.mark.parametrize("fk_checks", FK_CHECKS)
def test_missing_parent_is_an_integrity_error(fk_checks, monkeypatch):
    monkeypatch.setattr(loader_module, "BULK_FK_MIN_ROWS", 1)
    loader = Loader(connection, fk_checks=fk_checks)
    with pytest.raises(IntegrityError), transaction.atomic():
        loader.load(READING, {"parameter": [987654], "value": [1.0], "reading_time": TIME})
        connection.check_constraints()


@pytest.mark.django_db
@pytest.mark.parametrize("fk_checks", FK_CHECKS)
def test_children_may_precede_parents_under_every_fk_mode(fk_checks, parameter, monkeypatch):
    monkeypatch.setattr(loader_module, "BULK_FK_MIN_ROWS", 1)
    loader = Loader(connection, fk_checks=fk_checks)
    ids = loader.reserve_pks(PARAMETER, 2)
    parents = [parameter.pk, *ids]
    loader.load(READING, {"parameter": parents * 5, "value": np.arange(15.0), "reading_time": TIME})
    loader.load(PARAMETER, {"id": ids, **parameters(2)})
    connection.check_constraints()
    assert model(READING).objects.filter(parameter_id__in=ids).count() == 10
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW session_replication_role")
            assert cursor.fetchone()[0] == "origin"


@pytest.mark.django_db
def test_bulk_fk_checks_are_used_where_allowed_and_safe():
    table = model(READING)._meta.db_table
    allowed = fkcheck.can_skip_triggers(connection)
    assert Loader(connection, fk_checks="deferred")._use_bulk_fk(table) is False
    assert Loader(connection, fk_checks="auto")._use_bulk_fk(table) is allowed
    assert Loader(connection, fk_checks="auto")._use_bulk_fk(table, 10) is False
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:  # a trigger of the table's own: auto keeps per-row checks
        cursor.execute(
            "CREATE FUNCTION pg_temp.noop() RETURNS trigger AS 'BEGIN RETURN NEW; END' LANGUAGE plpgsql"
        )
        cursor.execute(
            f"CREATE TRIGGER noop BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION pg_temp.noop()"
        )
    assert Loader(connection, fk_checks="auto")._use_bulk_fk(table) is False
    assert Loader(connection, fk_checks="bulk")._use_bulk_fk(table) is allowed


@pytest.mark.django_db
def test_large_sqlite_load_rebuilds_its_indexes(parameter, monkeypatch):
    from pytest_aquadata.load import indexes

    monkeypatch.setattr(indexes, "REBUILD_MIN_ROWS", 10)
    table = model(READING)._meta.db_table
    with connection.cursor() as cursor:
        before = connection.introspection.get_constraints(cursor, table)
    result = load(
        READING,
        {"parameter": parameter.pk, "value": np.arange(40.0), "reading_time": TIME},
    )
    with connection.cursor() as cursor:
        after = connection.introspection.get_constraints(cursor, table)
    assert after == before
    assert model(READING).objects.filter(parameter=parameter, pk__in=result.pks).count() == 40
