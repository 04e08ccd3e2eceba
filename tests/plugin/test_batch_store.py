"""The store's batch numbers name their run, so a reused database can tell runs apart; option
parsers name the bad value and what is allowed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pytest_aquadata import batch_store, options

AS_OF = dt.date(2026, 6, 30)


@pytest.mark.parametrize("fixture", list(batch_store.LIFECYCLE_STAGES))
def test_lifecycle_numbers_name_seed_and_as_of(fixture: str) -> None:
    number = batch_store.lifecycle_batch_number(fixture, 7, AS_OF)
    assert number.startswith("AQD-")
    assert len(number) <= 50
    assert batch_store.stored_run_of(number) == "7-20260630"
    other = batch_store.lifecycle_batch_number(fixture, 7, AS_OF, eggs=1_000)
    assert other != number
    assert batch_store.stored_run_of(other) == "7-20260630"
    assert batch_store.lifecycle_batch_number(fixture, 8, AS_OF) != number
    assert batch_store.lifecycle_batch_number(fixture, 7, AS_OF.replace(day=29)) != number


def test_other_batch_numbers_are_not_the_stores() -> None:
    assert batch_store.stored_run_of("AQD-SC-2024-04817") is None  # saturation / make_batch
    assert batch_store.stored_run_of("HOST-42") is None
    shared = batch_store.stored_batch_number("SHARED", "Faroe Islands", 3, AS_OF, "a1b2c3")
    assert shared == "AQD-FO-SHARED-3-20260630-a1b2c3"
    assert batch_store.stored_run_of(shared) == "3-20260630"


def test_geography_from_the_seed_is_stable() -> None:
    picks = {batch_store.lifecycle_geography("smolt_batch", seed) for seed in range(40)}
    assert picks == {"Scotland", "Faroe Islands"}
    assert batch_store.lifecycle_geography("smolt_batch", 5) == batch_store.lifecycle_geography(
        "smolt_batch", 5
    )


@pytest.mark.parametrize("raw", ["0", "-5", "many", 2.5, True])
def test_eggs_parser_names_the_value(raw: object) -> None:
    with pytest.raises(ValueError, match=r"is invalid; allowed: a positive integer"):
        options.parse_eggs(raw)


def test_report_dir_is_created_or_refused(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    made = options.check_report_dir(tmp_path / "new" / "report")
    assert Path(made).is_dir()
    (tmp_path / "file").write_text("x")
    with pytest.raises(ValueError, match=r"is not a writable folder"):
        options.check_report_dir(tmp_path / "file" / "report")
