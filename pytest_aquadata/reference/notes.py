"""Free-text notes a farm's staff write on events: short phrase lists per kind of record.

Django-free. Builders pick a phrase with their seeded rng for a minority of rows (the share is
chosen by the builder and documented where it is used), so notes read like a farm's own log.
"""

from __future__ import annotations

from collections.abc import Sequence

NOTES: dict[str, tuple[str, ...]] = {}
"""Phrase lists by kind of record (e.g. ``"feeding"``); each builder adds its own kinds."""


def phrases(kind: str) -> tuple[str, ...]:
    """The phrases of one kind of note, or KeyError naming the kinds there are."""
    try:
        return NOTES[kind]
    except KeyError:
        raise KeyError(f"no notes of kind {kind!r}; kinds: {', '.join(sorted(NOTES))}") from None


def pick(kind: str, draws: Sequence[float]) -> list[str]:
    """One phrase per draw in [0, 1): a deterministic choice for seeded uniform draws."""
    options = phrases(kind)
    return [options[min(int(u * len(options)), len(options) - 1)] for u in draws]
