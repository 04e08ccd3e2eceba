"""Every ```python block of docs/*.md that defines a test runs here, so the docs cannot drift.

All examples go into one throw-away project (bundled apps, SQLite, ``--no-migrations``, one
reading per sensor per day) and run in one pytest session, so the lifecycle batches they ask
for are built once. A block preceded by ``<!-- docs-example: skip -->`` is not run; blocks
without a ``def test_`` (settings, snippets) are never run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
SKIP = "<!-- docs-example: skip -->"
_FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)
_TEST = re.compile(r"^def (test_\w+)\(", re.MULTILINE)

SETTINGS = """
from pytest_aquadata.domain import BUNDLED_APPS, REQUIRED_APPS
SECRET_KEY = "docs"
INSTALLED_APPS = [*REQUIRED_APPS, *BUNDLED_APPS]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "docs.sqlite3",
                         "TEST": {"NAME": "test_docs.sqlite3"}}}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
"""


@dataclass(frozen=True)
class Example:
    """One runnable code block: the page it is on, its position and its source."""

    page: str
    index: int
    source: str

    @property
    def module(self) -> str:
        """The test module the block is written to."""
        return f"test_doc_{self.page.replace('-', '_')}_{self.index}"

    @property
    def tests(self) -> list[str]:
        """The names of the tests the block defines."""
        return _TEST.findall(self.source)


def examples(docs: Path = DOCS) -> list[Example]:
    """Every block of docs/*.md that defines a test and is not marked to skip."""
    out = []
    for page in sorted(docs.glob("*.md")):
        text = page.read_text()
        for index, match in enumerate(_FENCE.finditer(text)):
            before = text[: match.start()].rstrip().splitlines()[-1:] or [""]
            if SKIP in before[0] or "def test_" not in match.group(1):
                continue
            out.append(Example(page.stem, index, match.group(1)))
    return out


def test_extraction_finds_the_examples() -> None:
    """The pages that carry runnable examples are found, and every block defines a test."""
    found = examples()
    pages = {e.page for e in found}
    assert {"index", "fixtures", "factories"} <= pages
    assert all(e.tests for e in found)


def test_extraction_skips_marked_and_plain_blocks(tmp_path: Path) -> None:
    """Settings snippets and blocks marked to skip are not run."""
    (tmp_path / "page.md").write_text(
        "```python\nINSTALLED_APPS = []\n```\n\n"
        f"{SKIP}\n```python\ndef test_skipped():\n    pass\n```\n\n"
        "```python\ndef test_run():\n    pass\n```\n"
    )
    assert [e.tests for e in examples(tmp_path)] == [["test_run"]]


def test_every_docs_example_passes(pytester: pytest.Pytester) -> None:
    """Run all examples in one project; every test they define passes."""
    found = examples()
    pytester.makepyfile(docs_settings=SETTINGS)
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = docs_settings\naquadata_readings = 1\n"
        "addopts = -p no:randomly -p no:cacheprovider --no-migrations\n"
    )
    pytester.makepyfile(**{e.module: e.source for e in found})
    # The same run also checks --aquadata-report end to end (its batches are already built).
    result = pytester.runpytest_subprocess("--aquadata-seed=1", "--aquadata-report=report")
    expected = sum(len(e.tests) for e in found)
    result.assert_outcomes(passed=expected)
    result.stdout.fnmatch_lines(["*aquadata: report written to *index.html*"])
    page = (pytester.path / "report" / "index.html").read_text()
    assert page.count("data:image/png;base64,") == 8
    assert (pytester.path / "report" / "growth.png").stat().st_size > 1000
