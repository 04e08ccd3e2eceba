"""Seed parsing and derivation: one run seed feeds numpy, factory_boy and Faker."""

from __future__ import annotations

import hashlib

MAX_SEED = 2**32 - 1


def parse_seed(raw: object) -> int:
    """Return the seed as an int in 0..2**32-1, or raise ValueError naming the value."""
    try:
        seed = int(str(raw).strip())
    except ValueError:
        raise ValueError(f"seed {raw!r} is not an integer; allowed: 0..{MAX_SEED}") from None
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed {seed} is out of range; allowed: 0..{MAX_SEED}")
    return seed


MAX_READINGS_PER_DAY = 1440  # one reading a minute

DEFAULT_READINGS_PER_DAY = 6
"""Environmental readings per sensor per day when nobody says otherwise (pytest option, CLI,
``build_batch``, ``saturate``): one every four hours."""


def parse_readings(raw: object) -> int:
    """Readings per sensor per day as an int in 0..1440, or ValueError naming the value."""
    try:
        value = int(str(raw).strip()) if not isinstance(raw, (bool, float)) else -1
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_READINGS_PER_DAY:
        raise ValueError(
            f"{raw!r} is invalid; allowed: an integer 0..{MAX_READINGS_PER_DAY} "
            "(readings per sensor per day, 0 = none)"
        )
    return value


def derive_seed(seed: int, *labels: object) -> int:
    """A stable sub-seed for a named consumer, so adding one consumer never shifts another."""
    text = ":".join([str(seed), *map(str, labels)]).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little") & MAX_SEED
