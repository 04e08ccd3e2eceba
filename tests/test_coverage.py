"""The table-coverage audit lists every domain table with its row count."""

from __future__ import annotations

import pytest
from django.apps import apps

from pytest_aquadata.coverage import audit, domain_tables, format_audit

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
