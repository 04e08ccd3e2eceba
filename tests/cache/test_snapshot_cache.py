"""The saturation snapshot cache through the CLI: the second ``aquadata saturate`` with the same
options restores the farm the first one built, identical row for row in every table."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

OPTIONS = ["--scale", "small", "--seed", "3", "--as-of", "2026-06-30", "--readings", "0"]


def _saturate(database: Path, *extra: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "pytest_aquadata.cli", "saturate", "--database",
         f"sqlite:///{database}", *OPTIONS, *extra],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _rows(database: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows in rowid order."""
    with sqlite3.connect(database) as con:
        tables = [
            name for (name,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}


def test_restored_snapshot_equals_the_built_farm_row_for_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("AQUADATA_CACHE_DIR", str(cache))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    built = _saturate(tmp_path / "built.sqlite3")
    assert "restored from the snapshot cache" not in built
    restored = _saturate(tmp_path / "restored.sqlite3")
    assert "restored from the snapshot cache" in restored
    first, second = _rows(tmp_path / "built.sqlite3"), _rows(tmp_path / "restored.sqlite3")
    assert sum(map(len, first.values())) > 100_000
    assert first.keys() == second.keys()
    for table in first:
        assert first[table] == second[table], table
    assert len(list((cache / "snapshot").iterdir())) == 2  # the entry and its lock file
    no_cache = _saturate(tmp_path / "uncached.sqlite3", "--no-cache")
    assert "restored from the snapshot cache" not in no_cache
