"""The pipelined writer: loads in a writer thread, reads that see them, keys as without it,
and writer errors that surface in the caller and roll the block back."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction
from load_helpers import model

from pytest_aquadata.load import Loader, pipeline
from pytest_aquadata.load import loader as loader_module

PARAMETER = "environmental.EnvironmentalParameter"
READING = "environmental.EnvironmentalReading"
TIME = np.datetime64("2024-01-01T00:00", "us")

pytestmark = pytest.mark.django_db


def parameters(n: int, prefix: str = "P") -> dict:
    """Columns for n environmental parameters."""
    return {"name": [f"{prefix}{i}" for i in range(n)], "unit": "C"}


def readings(parameter_id: int, n: int) -> dict:
    """Columns for n readings of one parameter."""
    return {
        "parameter_id": parameter_id,
        "reading_time": TIME + np.arange(n) * np.timedelta64(60, "s"),
        "value": np.arange(n) / 10,
        "is_manual": False,
    }


def test_writes_run_in_the_writer_thread_and_reads_see_them(monkeypatch):
    threads: list[str] = []
    method = Loader(connection).method
    write = loader_module.METHODS[method]

    def spy(conn, rows, **options):
        threads.append(threading.current_thread().name)
        write(conn, rows, **options)

    monkeypatch.setitem(loader_module.METHODS, method, spy)
    loader = Loader(connection)
    with transaction.atomic(), pipeline.pipelined(connection) as writer:
        assert writer is not None
        loaded = loader.load(PARAMETER, parameters(3), history=True)
        assert loaded.pks is not None and len(loaded.pks) == 3
        # the ORM read waits for the queued write
        assert sorted(model(PARAMETER).objects.values_list("pk", flat=True)) == list(loaded.pks)
        assert model(PARAMETER).history.count() == 3
        loader.load(READING, readings(loaded.pks[0], 500))
        assert model(READING).objects.filter(parameter_id=loaded.pks[0]).count() == 500
    assert len(threads) == 3 and all(name.startswith("aquadata-writer") for name in threads)


def _keys_of_a_sequence_of_loads() -> list[int]:
    """Keys of loads, reservations and ORM inserts between them, from restarted sequences
    (PostgreSQL's sequences do not roll back; the restart does)."""
    tables = [model(PARAMETER)._meta.db_table, model(PARAMETER).history.model._meta.db_table]
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(
            no_style(), tables, reset_sequences=True, allow_cascade=True
        ):
            cursor.execute(sql)
    loader = Loader(connection)
    got = []
    got += list(loader.load(PARAMETER, parameters(4, "A")).pks)
    got += list(loader.reserve_pks(PARAMETER, 3))
    got += list(loader.load(PARAMETER, parameters(2, "B")).pks)
    got.append(model(PARAMETER).objects.create(name="orm", unit="C").pk)
    got += list(loader.load(PARAMETER, parameters(2, "C")).pks)
    got += list(loader.reserve_pks(PARAMETER, 2))
    got.append(model(PARAMETER).objects.create(name="orm2", unit="C").pk)
    model(PARAMETER).objects.filter(name="orm").update(unit="K")  # keeps the marks
    got += list(loader.load(PARAMETER, parameters(2, "D")).pks)
    model(PARAMETER).objects.filter(pk=got[-1]).delete()  # the top key: marks forgotten
    got += list(loader.load(PARAMETER, parameters(2, "E")).pks)
    return got


def test_keys_are_the_same_with_and_without_the_writer_thread():
    plain: list[int] = []
    piped: list[int] = []
    with pytest.raises(_Undo), transaction.atomic():
        plain += _keys_of_a_sequence_of_loads()
        raise _Undo
    with pytest.raises(_Undo), transaction.atomic():
        with pipeline.pipelined(connection) as writer:
            assert writer is not None
            piped += _keys_of_a_sequence_of_loads()
        raise _Undo
    assert piped == plain
    assert len(set(plain[:-2])) == len(plain) - 2  # (PostgreSQL may reuse a deleted top key)


class _Undo(Exception):
    pass


class Boom(Exception):
    """An error raised inside the writer thread."""


def test_a_writer_error_surfaces_as_itself_and_rolls_the_block_back(monkeypatch):
    method = Loader(connection).method
    write = loader_module.METHODS[method]
    boom = Boom("disk on fire")
    calls: list[int] = []

    def second_write_fails(conn, rows, **options):
        assert threading.current_thread() is not threading.main_thread()
        calls.append(rows.n)
        if len(calls) == 2:
            raise boom
        write(conn, rows, **options)

    monkeypatch.setitem(loader_module.METHODS, method, second_write_fails)
    loader = Loader(connection)
    with pytest.raises(Boom) as raised, transaction.atomic(), pipeline.pipelined(connection):
        loader.load(PARAMETER, parameters(2, "ok"))
        loader.load(PARAMETER, parameters(3, "lost"))  # queued: returns at once
        loader.load(PARAMETER, parameters(4, "after"))  # never written
    assert raised.value is boom
    assert calls == [2, 3]
    assert not model(PARAMETER).objects.exists()


def test_a_writer_error_is_raised_again_at_the_next_read():
    loader = Loader(connection)
    with pytest.raises(IntegrityError), transaction.atomic(), pipeline.pipelined(connection):
        loaded = loader.load(PARAMETER, parameters(1))
        loader.load(PARAMETER, {"pk": list(loaded.pks), **parameters(1, "dup")})
        for _ in range(2):  # whoever catches it once meets it again
            with pytest.raises(IntegrityError):
                model(PARAMETER).objects.count()
    assert not model(PARAMETER).objects.exists()


def test_pipelined_needs_a_transaction_and_is_off_when_disabled():
    with pipeline.pipelined(connection, enabled=False) as writer:
        assert writer is None
    assert pipeline.active(connection) is None
    with (
        transaction.atomic(),
        pipeline.pipelined(connection) as outer,
        pipeline.pipelined(connection) as inner,
    ):
        assert outer is not None and inner is None  # one writer per connection
    assert pipeline.active(connection) is None


@pytest.mark.django_db(transaction=True)
def test_pipelined_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside a transaction"), pipeline.pipelined(connection):
        pass


def test_only_plain_selects_may_read_beside_the_queue():
    words = pipeline._read_words('SELECT "a"."id" FROM "Batch_Batch" a JOIN x ON 1')
    assert words is not None and {"batch_batch", "x", "id"} <= words
    assert pipeline._read_words("UPDATE batch_batch SET x = 1") is None
    assert pipeline._read_words("SELECT setval('s', 3)") is None
    assert pipeline._read_words("WITH a AS (SELECT 1) SELECT * FROM a") is None


def test_on_postgresql_a_read_of_other_tables_does_not_wait_for_the_queue():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite reads wait for every queued write (one thread on the connection)")
    release = threading.Event()
    with transaction.atomic(), pipeline.pipelined(connection) as writer:
        assert writer is not None
        writer.submit(lambda: release.wait(10), "inventory_feedingevent", rows=1)
        assert model(PARAMETER).objects.count() == 0  # another table: answered at once
        assert not release.is_set() and len(writer._pending) == 1
        release.set()
