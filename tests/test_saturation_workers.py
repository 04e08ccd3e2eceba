"""Saturation on both cores (issue #16 item 5): with one worker or two (readings staged in a
second process on SQLite, or the writer thread forced on), the same rows in every
column of every table; an error in the writer thread rolls the whole build back and surfaces as
itself; a bad worker count is refused. Runs on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from pytest_aquadata import clock
from pytest_aquadata.coverage import audit, domain_tables
from pytest_aquadata.load import loader as loader_module
from pytest_aquadata.load import pipeline
from pytest_aquadata.saturation import WRITER_THREAD_VENDORS, saturate

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 6, 30)


class _Rollback(Exception):
    pass


def _empty_tables() -> None:
    """Empty the farm's tables and restart their keys."""
    tables = [table for _app, _model, table, _kind in domain_tables()]
    tables.append("auth_user")  # the farm's users too (their ids are in many rows)
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(
            no_style(), tables, reset_sequences=True, allow_cascade=True
        ):
            cursor.execute(sql)


def _build(workers: int) -> tuple[dict[str, dict[str, str]], int]:
    """Digests of a small saturation built from empty tables with restarted keys (rolled back)."""
    from table_digests import table_digests

    out: dict[str, dict[str, str]] = {}
    used = 0
    try:
        with transaction.atomic():
            _empty_tables()
            with clock.pinned(AS_OF):
                used = saturate("small", seed=11, readings_per_day=1, workers=workers).workers
            out.update(table_digests())
            raise _Rollback
    except _Rollback:
        pass
    return out, used


def _staged_rows(digests: dict[str, dict[str, str]]) -> int:
    """Rows of the tables a build with two workers stages (the readings among them)."""
    from pytest_aquadata.saturation import OFFLOADED_TABLES

    assert "environmental_environmentalreading" in OFFLOADED_TABLES
    return sum(int(digests[table]["#rows"]) for table in OFFLOADED_TABLES)


def _one_worker() -> dict[str, dict[str, str]]:
    """The one-worker farm's digests (built once per process)."""
    if not _ONE_WORKER:
        one, used_one = _build(1)
        assert used_one == 1
        _ONE_WORKER.append(one)
    return _ONE_WORKER[0]


@pytest.fixture
def writer_thread_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer thread on both databases (by default saturation uses it on PostgreSQL)."""
    from pytest_aquadata import saturation

    monkeypatch.setattr(saturation, "WRITER_THREAD_VENDORS", ("sqlite", "postgresql"))


_ONE_WORKER: list[dict[str, dict[str, str]]] = []  # built once per process


@pytest.mark.parametrize("writer_thread", [False, True], ids=["default", "writer-thread"])
def test_one_or_two_workers_write_identical_rows(
    writer_thread: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """By default two workers simulate ahead and, on SQLite, stage the readings in a second
    process (``load.offload``); with the writer thread forced on, writes go through it."""
    from table_digests import differences

    from pytest_aquadata import saturation
    from pytest_aquadata.load import offload

    if writer_thread:
        monkeypatch.setattr(saturation, "WRITER_THREAD_VENDORS", ("sqlite", "postgresql"))
    staged: list[int] = []
    merge = offload.Offload.merge
    monkeypatch.setattr(offload.Offload, "merge", lambda self: staged.append(merge(self)))
    one = _one_worker()
    assert not staged
    two, used_two = _build(2)
    assert used_two == 2
    assert sum(int(t["#rows"]) for t in one.values()) > 100_000
    # inside a transaction (here the test's) only SQLite stages: PostgreSQL's staging tables
    # are dropped after the build's transaction, so it must be the outermost one
    stages = connection.vendor == "sqlite" and not writer_thread
    assert staged == ([_staged_rows(one)] if stages else [])
    assert differences(one, two) == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_outside_a_transaction_stage_the_readings_on_both_databases(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The CLI's and ``--aquadata-saturate``'s case: the build's transaction is the outermost,
    so PostgreSQL may stage too (unlogged tables, dropped after the commit); same rows."""
    from table_digests import differences, table_digests

    from pytest_aquadata import saturation
    from pytest_aquadata.load import offload

    # on by default on SQLite only (PostgreSQL uses the writer thread instead); built for both
    monkeypatch.setattr(saturation, "STAGING_VENDORS", ("sqlite", "postgresql"))
    monkeypatch.setattr(saturation, "WRITER_THREAD_VENDORS", ())  # one or the other
    staged: list[int] = []
    merge = offload.Offload.merge
    monkeypatch.setattr(offload.Offload, "merge", lambda self: staged.append(merge(self)))
    digests = []
    for workers in (1, 2):  # both committed, each on a flushed database
        call_command("flush", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()
        with clock.pinned(AS_OF):
            assert (
                saturate("small", seed=11, readings_per_day=1, workers=workers).workers == workers
            )
        digests.append(table_digests())
    one, two = digests
    assert staged == [_staged_rows(one)]
    assert differences(one, two) == []
    with connection.cursor() as cursor:  # nothing that staged them is left
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'aquadata_stage_%%'"
            )
        else:
            cursor.execute("SELECT count(*) FROM pragma_database_list WHERE name LIKE 'aquadata%%'")
        assert cursor.fetchone()[0] == 0


class Boom(Exception):
    """Raised by the database writer inside the writer thread."""


@pytest.mark.usefixtures("writer_thread_everywhere")
def test_an_error_in_the_writer_thread_rolls_back_and_surfaces_as_itself(monkeypatch) -> None:
    before = {c.table: c.rows for c in audit()}
    method = loader_module.Loader(connection).method
    write = loader_module.METHODS[method]
    boom = Boom("writer failed on purpose")
    calls = []

    def fails_in_the_writer(conn, rows, **options):
        if threading.current_thread() is not threading.main_thread():
            calls.append(rows.table)
            if len(calls) == 40:
                raise boom
        write(conn, rows, **options)

    monkeypatch.setitem(loader_module.METHODS, method, fails_in_the_writer)
    with pytest.raises(Boom) as raised:
        saturate("small", seed=12, readings_per_day=0, as_of=AS_OF, workers=2)
    assert raised.value is boom
    assert len(calls) == 40  # nothing written after the failure
    assert {c.table: c.rows for c in audit()} == before


@pytest.mark.parametrize("workers", [0, -1, "two", 1.5, True])
def test_a_bad_worker_count_is_refused(workers: object) -> None:
    with pytest.raises(ValueError, match=r"^workers=.* is invalid; allowed: a whole number"):
        saturate("small", seed=1, workers=workers)  # type: ignore[arg-type]


def test_the_staging_process_is_used_where_it_pays_off() -> None:
    from pytest_aquadata.saturation import STAGING_VENDORS

    assert STAGING_VENDORS == ("sqlite",)  # measured on PostgreSQL: not yet, see the docs


def test_the_writer_thread_is_used_where_it_pays_off() -> None:
    assert WRITER_THREAD_VENDORS == pipeline.WORTH_IT == ("postgresql",)  # measured, see the docs
