"""Every citation in code and docs resolves on docs/references.md, and none points outside the repo.

Code cites a source as ``[S32]`` and a topic as ``docs/references.md §3a`` (or a bare ``§3a`` in a
module that names the page); the docs link the same keys to ``references.md#s32`` and
``references.md#section-3a``.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "references.md"
OUTSIDE_NOTE = "BIOLOGY" + ".md"  # split so this file does not cite it itself
_KEY = re.compile(r"\[S(\d+)\]")
_TOPIC = re.compile(r"references\.md §(\d[a-z]?)\b")
_LINK = re.compile(r"references\.md#([\w-]+)")


def _cited_files() -> list[Path]:
    files = [*(ROOT / "pytest_aquadata").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
    files += [p for p in (ROOT / "docs").glob("*.md") if p != PAGE]
    return [p for p in files if "migrations" not in p.parts]


def _anchors() -> set[str]:
    return set(re.findall(r'<a id="([\w-]+)"></a>', PAGE.read_text(encoding="utf-8")))


def test_every_cited_source_key_topic_and_link_has_an_anchor_on_the_references_page():
    anchors = _anchors()
    missing = []
    for path in _cited_files():
        text = path.read_text(encoding="utf-8")
        wanted = {f"s{n}" for n in _KEY.findall(text)}
        wanted |= {f"section-{t}" for t in _TOPIC.findall(text)}
        wanted |= set(_LINK.findall(text))
        missing += [f"{path.relative_to(ROOT)}: #{a}" for a in sorted(wanted - anchors)]
    assert not missing, "citations with no entry on docs/references.md:\n" + "\n".join(missing)


def test_every_source_on_the_page_has_a_full_reference_and_what_it_supports():
    entries = re.findall(
        r'^- <a id="s(\d+)"></a>\*\*\[S(\d+)\]\*\* (.+)\n  \*Supports:\* (.+)$',
        PAGE.read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    keys = [int(anchor) for anchor, key, _, _ in entries if anchor == key]
    assert keys == list(range(1, len(keys) + 1)) and len(keys) == len(entries) > 100
    assert all(len(ref) > 30 and supports.strip() for _, _, ref, supports in entries)


def test_no_citation_points_at_the_reference_note_outside_the_repository():
    stale = [
        str(p.relative_to(ROOT))
        for p in [*_cited_files(), ROOT / "README.md"]
        if OUTSIDE_NOTE in p.read_text(encoding="utf-8")
    ]
    assert not stale, f"cite docs/references.md instead of {OUTSIDE_NOTE}: {stale}"
