"""Cache keys: migration files count by content, not time stamp; every saturation option and
the schema are part of a snapshot's key."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from pytest_aquadata.cache.key import _module_files, snapshot_key


def test_migration_files_are_keyed_by_content_not_mtime(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "faststart_key_migrations"
    package.mkdir()
    (package / "__init__.py").write_text("")
    migration = package / "0001_initial.py"
    migration.write_text("operations = []\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    first = _module_files("faststart_key_migrations")
    os.utime(migration, (1_000_000, 1_000_000))
    assert _module_files("faststart_key_migrations") == first
    migration.write_text("operations = ['changed']\n")
    assert _module_files("faststart_key_migrations") != first
    (package / "0002_more.py").write_text("operations = []\n")
    assert len(_module_files("faststart_key_migrations")) == 3


def test_every_saturation_option_is_part_of_the_snapshot_key() -> None:
    base = {"scale": "small", "seed": 7, "as_of": dt.date(2026, 6, 30), "readings_per_day": 6}
    key = snapshot_key("schema-a", **base)
    assert snapshot_key("schema-a", **base) == key
    variants = [
        snapshot_key("schema-b", **base),
        snapshot_key("schema-a", **{**base, "scale": "medium"}),
        snapshot_key("schema-a", **{**base, "seed": 8}),
        snapshot_key("schema-a", **{**base, "as_of": dt.date(2026, 7, 1)}),
        snapshot_key("schema-a", **{**base, "readings_per_day": 0}),
    ]
    assert len({key, *variants}) == 6
