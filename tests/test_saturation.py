"""Saturation fills every table of a farm, passes the invariants, and is deterministic."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from django.apps import apps

from pytest_aquadata.db_invariants import check_database
from pytest_aquadata.saturation import saturate

pytestmark = pytest.mark.django_db


def test_small_scale_fills_every_table_and_keeps_the_invariants() -> None:
    report = saturate("small", seed=3, readings_per_day=1)
    empty = [c.table for c in report.coverage if c.rows == 0]
    assert len(report.coverage) == 182
    assert empty == []
    assert report.filled_share() == 1.0
    statuses = {status for _pk, _number, status in report.batches}
    assert {"COMPLETED", "ACTIVE"} <= statuses
    stages = set(report.plan["stages_at_end"])
    assert {"Egg&Alevin", "Fry", "Parr", "Smolt", "Post-Smolt", "Adult"} <= stages
    assert check_database() == {name: [] for name in check_database()}
    assert "100.0 % of tables non-empty" in report.summary()


def test_unknown_scale_is_refused() -> None:
    with pytest.raises(ValueError, match=r"scale='huge' is invalid; allowed: small, medium, full"):
        saturate("huge", seed=1)


def _dump() -> dict[str, list[tuple]]:
    """Table contents without keys and clocks: what must repeat for the same seed."""
    out = {}
    for label in (
        "batch.Batch",
        "batch.BatchContainerAssignment",
        "batch.TransferAction",
        "batch.MortalityEvent",
        "inventory.FeedingEvent",
        "health.LiceCount",
        "harvest.HarvestLot",
    ):
        model = apps.get_model(label)
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.primary_key
            and not f.is_relation
            and not getattr(f, "auto_now", False)
            and not getattr(f, "auto_now_add", False)
        ]
        rows = model.objects.values_list(*names)
        out[label] = sorted(tuple(_plain(v) for v in row) for row in rows)
    return out


def _plain(value: object) -> object:
    if isinstance(value, decimal.Decimal):
        return str(value.normalize())
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


def test_same_seed_same_rows() -> None:
    from django.db import transaction

    class Rollback(Exception):
        pass

    dumps = []
    for _ in range(2):
        try:
            with transaction.atomic():
                saturate("small", seed=8, readings_per_day=0)
                dumps.append(_dump())
                raise Rollback
        except Rollback:
            pass
    assert dumps[0]["batch.Batch"], "nothing was built"
    for label in dumps[0]:
        assert dumps[0][label] == dumps[1][label], label


SQLITE_RUN = r"""
import json, os, sys
os.environ["DATABASE_URL"] = "sqlite:///" + sys.argv[1]
os.environ["DJANGO_SETTINGS_MODULE"] = "pytest_aquadata.settings"
import django
django.setup()
from django.apps import apps
from django.db import connection
with connection.schema_editor() as editor:
    for model in apps.get_models():
        editor.create_model(model)
from pytest_aquadata.saturation import saturate
sys.path.insert(0, sys.argv[3])
from test_saturation import _dump
saturate("small", seed=8, readings_per_day=0)
json.dump(_dump(), open(sys.argv[2], "w"))
"""


def test_sqlite_and_postgresql_hold_the_same_rows(tmp_path) -> None:  # noqa: ANN001
    import json
    import subprocess
    import sys
    from pathlib import Path

    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("compares a PostgreSQL build with a SQLite one; runs in the PostgreSQL suite")

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            saturate("small", seed=8, readings_per_day=0)
            here = _dump()
            raise Rollback
    except Rollback:
        pass
    out = tmp_path / "sqlite.json"
    script = tmp_path / "run.py"
    script.write_text(SQLITE_RUN)
    subprocess.run(
        [
            sys.executable,
            str(script),
            str(tmp_path / "farm.sqlite3"),
            str(out),
            str(Path(__file__).parent),
        ],
        check=True,
        env={k: v for k, v in __import__("os").environ.items() if k != "DATABASE_URL"},
    )
    there = json.loads(out.read_text())
    assert here["batch.Batch"], "nothing was built"
    for label, rows in here.items():
        assert [list(r) for r in rows] == there[label], label
