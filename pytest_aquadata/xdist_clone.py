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


_DJANGO_ONLY_OPTIONS = ("isolation_level", "server_side_binding", "pool", "assume_role")


def _admin_execute(sql: str) -> None:
    """Run one statement on the server's ``postgres`` maintenance database in autocommit, with
    the default database's connection settings (Django's own connections closed first)."""
    import psycopg
    from django.db import connection, connections

    connections.close_all()
    settings = connection.settings_dict
    extra = {
        k: v for k, v in (settings.get("OPTIONS") or {}).items() if k not in _DJANGO_ONLY_OPTIONS
    }
    params = {
        "dbname": "postgres",
        "user": settings.get("USER") or None,
        "password": settings.get("PASSWORD") or None,
        "host": settings.get("HOST") or None,
        "port": settings.get("PORT") or None,
        **extra,
    }
    with psycopg.connect(
        **{k: v for k, v in params.items() if v is not None}, autocommit=True
    ) as admin:
        admin.execute(sql)  # type: ignore[arg-type]


def build_once(shared: str | Path, key: str, build: Callable[[], Any]) -> tuple[Any, str]:
    """Build with ``build()`` if no worker did yet (then publish a template), else clone it.

    Returns ``(build result or None, "built" | "cloned from <template>")``.
    """
    from django.db import connection

    shared = Path(shared)
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


def drop_templates(shared: str | Path) -> None:
    """Drop every template this run published (called once, by the xdist controller)."""
    markers = list(Path(shared).glob("aquadata_tpl_*.ready"))
    if not markers:
        return
    from django.db import connection

    for marker in markers:
        _admin_execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(marker.read_text())}")
        marker.unlink()
