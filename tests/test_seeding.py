"""Seed parsing and derivation."""

import pytest

from pytest_aquadata.seeding import derive_seed, parse_seed


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
