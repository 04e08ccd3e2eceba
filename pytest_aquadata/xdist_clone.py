"""Saturate once under pytest-xdist on PostgreSQL: the first worker builds the farm in its test
database and copies it to a template; every other worker recreates its own test database from
that template (``CREATE DATABASE … TEMPLATE``) instead of building the farm again.

Workers meet through a lock file in the run's shared temporary folder; the controller drops the
template when the run ends.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filelock import FileLock


def applies(config: Any) -> bool:
    """True for an xdist worker whose default database is PostgreSQL."""
    from django.db import connection

    return hasattr(config, "workerinput") and connection.vendor == "postgresql"


def template_name(shared: Path, key: str) -> str:
    """The template database's name for this run and saturation key (≤ 63 characters)."""
    digest = hashlib.blake2b(f"{shared}:{key}".encode(), digest_size=8).hexdigest()
    return f"aquadata_tpl_{digest}"


def _admin_execute(sql: str) -> None:
    """Run one statement on the server's maintenance database, outside any transaction."""
    from django.db import connection, connections

    connections.close_all()
    with connection._nodb_cursor() as cursor:
        cursor.execute(sql)


def build_once(shared: Path, key: str, build: Callable[[], Any]) -> tuple[Any, str]:
    """Build with ``build()`` if no worker did yet (then publish a template), else clone it.

    Returns ``(build result or None, "built" | "cloned from <template>")``.
    """
    from django.db import connection

    name = template_name(shared, key)
    marker = shared / f"{name}.ready"
    quote = connection.ops.quote_name
    own = connection.settings_dict["NAME"]
    with FileLock(str(shared / f"{name}.lock")):
        if marker.exists():
            _admin_execute(f"DROP DATABASE IF EXISTS {quote(own)}")
            _admin_execute(f"CREATE DATABASE {quote(own)} TEMPLATE {quote(name)}")
            return None, f"cloned from {name}"
        result = build()
        _admin_execute(f"DROP DATABASE IF EXISTS {quote(name)}")
        _admin_execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(own)}")
        marker.write_text(name)
        return result, "built"


def drop_templates(shared: Path) -> None:
    """Drop every template this run published (called once, by the xdist controller)."""
    markers = list(shared.glob("aquadata_tpl_*.ready"))
    if not markers:
        return
    from django.db import connection

    for marker in markers:
        _admin_execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(marker.read_text())}")
        marker.unlink()
