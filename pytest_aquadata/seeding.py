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


def derive_seed(seed: int, *labels: object) -> int:
    """A stable sub-seed for a named consumer, so adding one consumer never shifts another."""
    text = ":".join([str(seed), *map(str, labels)]).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little") & MAX_SEED
