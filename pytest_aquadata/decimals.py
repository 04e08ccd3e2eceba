"""Decimal values as a DecimalField stores them: rounded half-up to the field's scale.

Django-free, shared by the factories, the lookup rows and the stage and scenario tables.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def dec(value: float | int | Decimal | str, places: int = 2) -> Decimal:
    """``value`` as a Decimal rounded half-up to ``places`` decimals (a DecimalField's scale)."""
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
