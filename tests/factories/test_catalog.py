"""docs/factories.md is generated from the factories: the committed page must match."""

from __future__ import annotations

from pathlib import Path

from pytest_aquadata.factories.catalog import render_markdown

PAGE = Path(__file__).resolve().parents[2] / "docs" / "factories.md"


def test_factories_page_is_current() -> None:
    """Regenerate with `python -m pytest_aquadata.factories.catalog docs/factories.md`."""
    assert PAGE.read_text() == render_markdown(), (
        "docs/factories.md is stale: run "
        "`python -m pytest_aquadata.factories.catalog docs/factories.md`"
    )


def test_no_memory_addresses_in_page() -> None:
    """Computed parameters print as "computed", never as an object address."""
    assert " at 0x" not in render_markdown()
