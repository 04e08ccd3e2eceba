"""docs/strategies.md names every public strategy and helper (its examples run with all the
others in tests/docs/test_examples.py)."""

from __future__ import annotations

from pathlib import Path

from pytest_aquadata import invariants, strategies

DOC = Path(__file__).parents[2] / "docs" / "strategies.md"


def test_every_public_name_is_documented() -> None:
    text = DOC.read_text()
    public = [*strategies.__all__, *(n for n in invariants.TRAJECTORY_INVARIANTS)]
    public += ["assert_invariants", "trajectory_violations", "same_trajectory"]
    assert [name for name in public if f"`{name}" not in text] == []


def test_the_examples_are_tests() -> None:
    blocks = DOC.read_text().split("```python\n")[1:]
    assert len(blocks) >= 12
    assert all("def test_" in block for block in blocks)
