"""The cache folder and its entries: where caches live, how an entry is published atomically
(a completed-marker written last, with the payload's checksum) and how a bad one is refused."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_DIR = "AQUADATA_CACHE_DIR"
"""Environment variable naming the cache folder; it overrides every default."""

MARKER = "entry.json"
"""Written last, by rename: an entry without it is partial and never used."""

PAYLOAD = "db.sqlite3"
"""The database file of a SQLite entry."""

KINDS = ("schema", "snapshot")


def cache_root(default: Path | None = None) -> Path:
    """``$AQUADATA_CACHE_DIR``, else ``default`` (pytest's cache folder), else the user cache
    folder of platformdirs (the CLI)."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    if default is not None:
        return default
    import platformdirs

    return Path(platformdirs.user_cache_dir("pytest-aquadata", appauthor=False))


class CacheWarning(UserWarning):
    """The cache could not be used or filled; the run goes on without it."""


def writable(root: Path | None) -> Path | None:
    """``root`` if the cache folder can be created and written, else None with a warning: an
    unusable cache folder turns the cache off, it never fails the run."""
    if root is None:
        return None
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = root / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        warnings.warn(f"aquadata: cache folder {root} is unusable ({exc}); cache off",
                      CacheWarning, stacklevel=2)
        return None
    return root


@dataclass(frozen=True)
class Entry:
    """One cache entry: a folder named by its key under ``<root>/<kind>/``."""

    root: Path
    kind: str
    key: str

    @property
    def path(self) -> Path:
        """The entry's folder."""
        return self.root / self.kind / self.key

    @property
    def payload(self) -> Path:
        """The SQLite database file of the entry."""
        return self.path / PAYLOAD

    @property
    def lock_path(self) -> Path:
        """The lock file that serialises building this entry across processes."""
        return self.root / self.kind / f"{self.key}.lock"

    def meta(self) -> dict[str, Any] | None:
        """The completed-marker's content, or None if the entry is missing or partial."""
        try:
            meta = json.loads((self.path / MARKER).read_text())
        except (OSError, ValueError):
            return None
        return meta if isinstance(meta, dict) and meta.get("key") == self.key else None

    def lock(self, timeout: float = 3600) -> Any:
        """A cross-process lock (filelock) held while the entry is built or restored."""
        from filelock import FileLock

        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.lock_path), timeout=timeout)


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def valid_file_entry(entry: Entry) -> bool:
    """A SQLite entry is usable when its marker is complete and the payload's size and checksum
    match it; anything else is treated as absent (and rebuilt)."""
    meta = entry.meta()
    if meta is None or meta.get("engine") != "sqlite" or not entry.payload.is_file():
        return False
    if entry.payload.stat().st_size != meta.get("size"):
        return False
    return sha256_of(entry.payload) == meta.get("sha256")


def begin(entry: Entry) -> Path:
    """Start (re)building an entry: remove what is there and return a fresh folder."""
    discard(entry)
    entry.path.mkdir(parents=True, exist_ok=True)
    return entry.path


def publish(entry: Entry, **meta: Any) -> None:
    """Write the completed-marker (by atomic rename) once the payload is in place."""
    record = {"key": entry.key, "kind": entry.kind, "created": time.time(), **meta}
    if entry.payload.is_file():
        record.setdefault("size", entry.payload.stat().st_size)
        record.setdefault("sha256", sha256_of(entry.payload))
    partial = entry.path / f"{MARKER}.partial"
    partial.write_text(json.dumps(record, sort_keys=True, indent=1))
    os.replace(partial, entry.path / MARKER)


def discard(entry: Entry) -> None:
    """Remove an entry's folder (a PostgreSQL template is dropped by its own module)."""
    shutil.rmtree(entry.path, ignore_errors=True)


def entries(root: Path) -> list[tuple[Entry, dict[str, Any] | None, int]]:
    """Every entry under ``root``: (entry, marker or None if partial, bytes on disk)."""
    found = []
    for kind in KINDS:
        folder = root / kind
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.iterdir() if p.is_dir()):
            entry = Entry(root, kind, path.name)
            size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
            found.append((entry, entry.meta(), size))
    return found
