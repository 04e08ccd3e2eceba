"""The table-coverage audit lists every domain table with its row count."""

from __future__ import annotations

import pytest
from django.apps import apps

from pytest_aquadata.coverage import (
    EmptyColumn,
    audit,
    column_total,
    domain_tables,
    empty_columns,
    format_audit,
    format_empty_columns,
)

pytestmark = pytest.mark.django_db


def test_audit_lists_all_182_reference_tables() -> None:
    counts = audit()
    assert len(counts) == 182
    kinds = {k: sum(c.kind == k for c in counts) for k in ("model", "historical", "m2m")}
    assert kinds == {"model": 102, "historical": 77, "m2m": 3}


def test_audit_counts_rows() -> None:
    Geography = apps.get_model("infrastructure.Geography")
    Geography.objects.create(name="Faroe Islands")
    Geography.objects.create(name="Scotland")
    counts = {c.table: c.rows for c in audit()}
    assert counts["infrastructure_geography"] == 2
    assert counts["infrastructure_historicalgeography"] == 2  # simple-history on save()
    assert counts["batch_batch"] == 0


def test_format_reports_filled_share() -> None:
    apps.get_model("infrastructure.Geography").objects.create(name="Scotland")
    text = format_audit(audit(), per_table=True)
    assert "infrastructure_geography" in text
    assert "(1.1 % of tables non-empty)" in text  # 2 of 182 tables


def test_domain_tables_sorted_by_app_then_table() -> None:
    rows = domain_tables()
    assert rows == sorted(rows, key=lambda r: (r[0], r[2]))


def test_empty_columns_names_columns_no_row_fills() -> None:
    Geography = apps.get_model("infrastructure.Geography")
    Geography.objects.create(name="Scotland", description="")
    empty = {(e.table, e.column) for e in empty_columns()}
    assert ("infrastructure_geography", "name") not in empty
    assert ("infrastructure_geography", "description") in empty  # '' is no value
    assert ("batch_batch", "batch_number") in empty  # a table without rows fills nothing
    Geography.objects.create(name="Faroe Islands", description="North Atlantic sites")
    empty = {(e.table, e.column) for e in empty_columns()}
    assert ("infrastructure_geography", "description") not in empty


def test_format_empty_columns_groups_per_table_and_counts() -> None:
    text = format_empty_columns(
        [EmptyColumn("batch", "batch_batch", "notes"), EmptyColumn("batch", "batch_batch", "x")],
        total=40,
    )
    assert text.splitlines() == [
        "batch_batch: notes, x",
        "columns: 38 of 40 hold a value (95.0 %); 2 empty",
    ]


def test_column_total_counts_every_reference_column() -> None:
    assert column_total() == 2345
