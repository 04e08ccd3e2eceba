"""Saturation fills every table and column of a farm and passes the invariants.

That the same seed and as-of give the same rows (SQLite and PostgreSQL alike) is compared table
by table, column by column, in tests/test_farm_clock.py."""

from __future__ import annotations

import pytest
from django.apps import apps

from pytest_aquadata.coverage import empty_columns
from pytest_aquadata.db_invariants import check_database
from pytest_aquadata.reference.empty_columns import EMPTY_BY_DESIGN
from pytest_aquadata.saturation import saturate

pytestmark = pytest.mark.django_db


def test_small_scale_fills_every_table_and_column_and_keeps_the_invariants() -> None:
    report = saturate("small", seed=3, readings_per_day=1)
    columns = {f"{e.table}.{e.column}" for e in empty_columns()}
    assert sorted(columns - set(EMPTY_BY_DESIGN)) == [], "columns no row fills"
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


def test_every_empty_by_design_entry_names_a_column_and_a_reason() -> None:
    known = {
        f"{model._meta.db_table}.{field.column}"
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.local_concrete_fields
    }
    assert set(EMPTY_BY_DESIGN) <= known
    assert all(len(reason) > 20 for reason in EMPTY_BY_DESIGN.values())
    assert len(EMPTY_BY_DESIGN) <= 0.02 * len(known)  # the 98 %


def test_docs_list_every_empty_by_design_entry_with_its_reason() -> None:
    from pathlib import Path

    text = (Path(__file__).parents[1] / "docs" / "saturation.md").read_text()
    table = text.split("<!-- EMPTY_BY_DESIGN")[1].split("\n\n")[1]
    rows = [line.split(" | ") for line in table.splitlines()[2:]]
    documented = {cells[0].strip("| `"): cells[1].rstrip(" |") for cells in rows}
    assert documented == EMPTY_BY_DESIGN
