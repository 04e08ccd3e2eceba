"""Fish counts and weights whose biomass needs no rounding.

A host model may derive ``biomass_kg = population_count × avg_weight_g / 1000`` in ``save()``
without rounding into a ``DecimalField(decimal_places=2)``; ``full_clean()`` then rejects any
pair whose exact product has more than two decimals. Factories choose their count and weight
with these helpers so the exact product always fits (and equals the rounded one they store).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from math import gcd

WEIGHT_PLACES = 2  # avg_weight_g: DecimalField(decimal_places=2)
BIOMASS_PLACES = 2  # biomass_kg: DecimalField(decimal_places=2)
_MODULUS = 1000 * 10**WEIGHT_PLACES // 10**BIOMASS_PLACES  # count × weight-in-cents ≡ 0 (mod this)
_MAX_CANDIDATES = 2001  # weights tried around the wanted one (±1000 cents at most)


def _cents(weight_g: float | Decimal | str) -> int:
    """The weight in hundredths of a gram, rounded half-up like the factories' ``dec``."""
    return int((Decimal(str(weight_g)) * 10**WEIGHT_PLACES).to_integral_value(ROUND_HALF_UP))


def count_step(weight_g: float | Decimal | str) -> int:
    """The smallest number of fish whose every multiple, at ``weight_g`` (2 decimals), has a
    biomass in kg with at most 2 decimals: 1000 / gcd(weight in cents, 1000)."""
    cents = _cents(weight_g)
    return _MODULUS // gcd(cents, _MODULUS) if cents else 1


def fits(count: int, weight_g: float | Decimal | str) -> bool:
    """Whether count × weight_g / 1000, computed exactly, has at most 2 decimals."""
    return count * _cents(weight_g) % _MODULUS == 0


def fitting_count(count: int, weight_g: float | Decimal | str | None) -> int:
    """``count`` rounded down to a multiple of :func:`count_step` (never below one step for a
    positive count); unchanged when there is no weight."""
    if weight_g is None or count <= 0 or _cents(weight_g) <= 0:
        return count
    step = count_step(weight_g)
    return max(count // step * step, step)


def fitting_pair(
    count: int, weight_g: float | Decimal | str, tolerance: float = 0.02
) -> tuple[int, Decimal]:
    """A (count, weight) near the wanted one whose exact biomass fits 2 decimals: the weight
    within ``tolerance`` of ``weight_g`` (2 decimals) that keeps the most of ``count`` fish
    (rounded down to its step), the nearest such weight on a tie."""
    wanted = max(_cents(weight_g), 1)
    if count <= 0:
        return count, Decimal(wanted).scaleb(-WEIGHT_PLACES)
    spread = min(int(wanted * tolerance), _MAX_CANDIDATES // 2)
    best_count, best_cents = 0, wanted
    for offset in range(2 * spread + 1):
        cents = wanted + (offset + 1) // 2 * (1 if offset % 2 else -1)  # 0, +1, -1, +2, -2 …
        if cents <= 0:
            continue
        step = _MODULUS // gcd(cents, _MODULUS)
        kept = count // step * step
        if kept > best_count:
            best_count, best_cents = kept, cents
            if kept == count:
                break
    if best_count == 0:  # fewer fish than any step: the nearest weight with the smallest step
        candidates = range(max(wanted - spread, 1), wanted + spread + 1)
        best_cents = min(candidates, key=lambda c: (_MODULUS // gcd(c, _MODULUS), abs(c - wanted)))
        best_count = _MODULUS // gcd(best_cents, _MODULUS)
    return best_count, Decimal(best_cents).scaleb(-WEIGHT_PLACES)
