"""Columns of the reference schema a saturated farm leaves empty on purpose, with the reason.

Every other column holds a value in some rows of a ``small`` farm (tests/test_saturation.py)
and of ``medium`` and ``full`` ones; docs/saturation.md lists these entries.
"""

from __future__ import annotations

EMPTY_BY_DESIGN: dict[str, str] = {}
"""``"<table>.<column>"`` → why no row of a generated farm fills it."""
