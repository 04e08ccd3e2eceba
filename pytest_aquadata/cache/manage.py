"""``aquadata cache list`` / ``clear``: what the cache holds, and emptying it (PostgreSQL
template databases included, where the server can be reached)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pytest_aquadata.cache.store import Entry, discard, entries


def _describe(entry: Entry, meta: dict[str, Any] | None, size: int) -> str:
    if meta is None:
        return f"{entry.kind:<8} {entry.key[:12]}  partial (will be rebuilt)"
    when = dt.datetime.fromtimestamp(meta.get("created", 0), dt.timezone.utc)
    where = meta.get("template") or f"{size / 1e6:.1f} MB"
    detail = ""
    if entry.kind == "snapshot":
        detail = (
            f"  scale={meta.get('scale')} seed={meta.get('seed')} as-of={meta.get('as_of')}"
            f" readings={meta.get('readings_per_day')}"
        )
    return (
        f"{entry.kind:<8} {entry.key[:12]}  {meta.get('engine', '?'):<10} {where:<12}"
        f" {when:%Y-%m-%d %H:%M}{detail}"
    )


def list_cache(root: Path | None) -> list[str]:
    """One line per entry (kind, key, engine, size or template, date, options)."""
    if root is None:
        return ["aquadata: the cache is off (--no-cache)"]
    found = entries(root)
    lines = [f"aquadata cache: {root} ({len(found)} entries)"]
    lines += [_describe(entry, meta, size) for entry, meta, size in found]
    return lines


def _drop_template(meta: dict[str, Any]) -> str | None:
    """Drop a PostgreSQL entry's template on its server; None if done, else why not."""
    try:
        import psycopg

        host, _, port = str(meta.get("server", "")).rpartition(":")
        params = {"dbname": "postgres", "host": host or None, "port": port or None}
        if meta.get("user"):
            params["user"] = meta["user"]
        with psycopg.connect(
            **{k: v for k, v in params.items() if v}, autocommit=True, connect_timeout=5
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{meta["template"]}"')  # type: ignore[arg-type]
    except Exception as exc:  # the folder entry goes anyway; say what is left on the server
        return f"{type(exc).__name__}: {exc}".strip()
    return None


def clear_cache(root: Path | None) -> list[str]:
    """Remove every entry (and the template databases of PostgreSQL entries)."""
    if root is None:
        return ["aquadata: the cache is off (--no-cache)"]
    found = entries(root)
    lines = []
    for entry, meta, _size in found:
        if meta is not None and meta.get("template"):
            problem = _drop_template(meta)
            if problem:
                lines.append(
                    f"aquadata: could not drop template database {meta['template']}: {problem}"
                )
        discard(entry)
    lines.append(f"aquadata cache: removed {len(found)} entries from {root}")
    return lines
