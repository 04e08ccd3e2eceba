"""The bundled models match the reference schema.json table by table and field by field."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from pytest_aquadata.domain import APP_LABELS
from pytest_aquadata.schema import describe_apps, diff_schema, missing_properties

REFERENCE = json.loads((Path(__file__).parents[1] / "data" / "reference_schema.json").read_text())


@pytest.fixture(scope="module")
def actual() -> list[dict]:
    return describe_apps(APP_LABELS)


@pytest.mark.parametrize("app", APP_LABELS)
def test_app_matches_reference(app: str, actual: list[dict]) -> None:
    ref = [t for t in REFERENCE if t["app"] == app]
    got = [t for t in actual if t["app"] == app]
    assert ref, f"reference has no tables for {app}"
    assert diff_schema(ref, got) == []


def test_reference_counts_are_covered(actual: list[dict]) -> None:
    assert len(REFERENCE) == 182
    assert {t["table"] for t in actual} == {t["table"] for t in REFERENCE}
    kinds = {
        "model": sum(not t["historical"] and not t["auto_created"] for t in actual),
        "historical": sum(t["historical"] for t in actual),
        "m2m": sum(t["auto_created"] for t in actual),
    }
    assert kinds == {"model": 102, "historical": 77, "m2m": 3}


def test_every_reference_property_exists() -> None:
    assert missing_properties(REFERENCE) == []


def test_diff_names_each_difference(actual: list[dict]) -> None:
    changed = copy.deepcopy(actual)
    by_table = {t["table"]: t for t in changed}
    batch = by_table["batch_batch"]
    batch["fields"] = [f for f in batch["fields"] if f["name"] != "notes"]
    status = next(f for f in batch["fields"] if f["name"] == "status")
    status["max_length"] = 99
    by_table["infrastructure_container"]["constraints"] = []
    changed.remove(by_table["inventory_feed"])
    diffs = diff_schema(REFERENCE, changed)
    assert "batch_batch.notes: missing field" in diffs
    assert "batch_batch.status: max_length is 99, reference has 20" in diffs
    assert "infrastructure_container: constraint container_in_hall_area_or_carrier missing" in diffs
    assert "inventory_feed: missing table" in diffs
    assert len(diffs) == 4


def test_diff_ignores_backend_integer_ranges(actual: list[dict]) -> None:
    changed = copy.deepcopy(actual)
    field = next(
        f
        for t in changed
        if t["table"] == "batch_batchcontainerassignment"
        for f in t["fields"]
        if f["name"] == "population_count"
    )
    field["validators"] = ["Min0", "Max9223372036854775807"]
    assert diff_schema(REFERENCE, changed) == []
