"""The farm clock on a whole farm: same seed and as-of give the same rows in every column of
every table; nothing is dated after as-of except what is planned; history follows events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management.color import no_style
from django.db import connection, transaction

from pytest_aquadata.coverage import domain_tables
from pytest_aquadata.saturation import saturate
from tests.table_digests import differences, table_digests

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 6, 30)
SEED = 7


class _Rollback(Exception):
    pass


def _wipe() -> None:
    """Empty every domain table and restart its key sequence (inside the caller's transaction),
    so a build starts from the same ids on every backend."""
    tables = [table for _app, _model, table, _kind in domain_tables()]
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(
            no_style(), tables, reset_sequences=True, allow_cascade=True
        ):
            cursor.execute(sql)


def build_digests(**options: Any) -> dict[str, dict[str, str]]:
    """Saturate from empty tables inside a rolled-back transaction; the tables' digests."""
    digests: dict[str, dict[str, str]] = {}
    try:
        with transaction.atomic():
            _wipe()
            saturate("small", seed=SEED, readings_per_day=0, as_of=AS_OF, **options)
            digests.update(table_digests())
            raise _Rollback
    except _Rollback:
        pass
    return digests


@pytest.fixture(scope="module")
def two_builds(django_db_setup: None, django_db_blocker: Any) -> Iterator[list[dict]]:
    """Two small saturations with the same seed and as-of (built once for the module)."""
    with django_db_blocker.unblock():
        yield [build_digests(), build_digests()]


def test_same_seed_and_as_of_give_identical_tables_column_by_column(two_builds) -> None:  # noqa: ANN001
    first, second = two_builds
    assert int(first["batch_batch"]["#rows"]) > 0, "nothing was built"
    assert len(first) == len(domain_tables())
    assert differences(first, second) == []
