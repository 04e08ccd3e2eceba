"""Cache entries: usable only when complete (marker written last) and intact (checksum)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pytest_aquadata.cache.manage import clear_cache, list_cache
from pytest_aquadata.cache.store import (
    ENV_DIR,
    CacheWarning,
    Entry,
    begin,
    cache_root,
    publish,
    valid_file_entry,
    writable,
)


def _entry(root: Path) -> Entry:
    entry = Entry(root, "schema", "k" * 64)
    begin(entry)
    with sqlite3.connect(entry.payload) as con:
        con.execute("CREATE TABLE pen (id integer primary key, name text)")
        con.executemany("INSERT INTO pen (name) VALUES (?)", [("a",), ("b",)])
    con.close()
    return entry


def test_complete_entry_is_usable_and_listed(tmp_path: Path) -> None:
    entry = _entry(tmp_path)
    assert not valid_file_entry(entry)  # payload there, marker not yet: partial
    publish(entry, engine="sqlite")
    assert valid_file_entry(entry)
    assert "schema   kkkkkkkkkkkk  sqlite" in "\n".join(list_cache(tmp_path))


def test_changed_payload_or_marker_is_refused(tmp_path: Path) -> None:
    entry = _entry(tmp_path)
    publish(entry, engine="sqlite")
    data = bytearray(entry.payload.read_bytes())
    data[-1] ^= 0xFF
    entry.payload.write_bytes(bytes(data))
    assert not valid_file_entry(entry)
    (entry.path / "entry.json").write_text("{not json")
    assert not valid_file_entry(entry)


def test_clear_removes_every_entry(tmp_path: Path) -> None:
    publish(_entry(tmp_path), engine="sqlite")
    assert clear_cache(tmp_path)[-1].startswith("aquadata cache: removed 1 entries")
    assert not any((tmp_path / "schema").iterdir())


def test_environment_overrides_every_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "mine"))
    assert cache_root(tmp_path / "pytest") == tmp_path / "mine"
    monkeypatch.delenv(ENV_DIR)
    assert cache_root(tmp_path / "pytest") == tmp_path / "pytest"


def test_an_unusable_cache_folder_turns_the_cache_off_with_a_warning(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.warns(CacheWarning, match="unusable"):
        assert writable(blocker / "cache") is None
    assert writable(tmp_path / "fine") == tmp_path / "fine"
