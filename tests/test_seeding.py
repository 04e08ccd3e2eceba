"""Seed parsing and derivation."""

import pytest

from pytest_aquadata.seeding import derive_seed, parse_readings, parse_seed


def test_parse_seed_accepts_integers_in_range() -> None:
    assert parse_seed(" 42 ") == 42
    assert parse_seed(0) == 0


@pytest.mark.parametrize("raw", ["x", "1.5", -3, 2**32])
def test_parse_seed_rejects_with_the_value(raw: object) -> None:
    with pytest.raises(ValueError, match=str(raw).replace(".", r"\.")):
        parse_seed(raw)


def test_derived_seeds_are_stable_and_distinct() -> None:
    assert derive_seed(7, "factories") == derive_seed(7, "factories")
    assert derive_seed(7, "factories") != derive_seed(7, "sim")
    assert derive_seed(7, "sim") != derive_seed(8, "sim")


def test_parse_readings_accepts_0_to_1440() -> None:
    assert parse_readings("0") == 0
    assert parse_readings(" 6 ") == 6
    assert parse_readings(1440) == 1440


@pytest.mark.parametrize("raw", ["-1", "1441", "six", 2.5, True])
def test_parse_readings_rejects_with_value_and_range(raw: object) -> None:
    with pytest.raises(ValueError, match=r"is invalid; allowed: an integer 0\.\.1440"):
        parse_readings(raw)
