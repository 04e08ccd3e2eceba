"""PostgreSQL cache entries: a template database on the server (``CREATE DATABASE … TEMPLATE``),
named by the entry's key; the entry folder holds only the completed-marker naming it."""

from __future__ import annotations

from typing import Any

from pytest_aquadata.cache.store import Entry, publish


def template_name(entry: Entry) -> str:
    """The server-side template database of an entry (within PostgreSQL's 63-byte limit)."""
    return f"aquadata_{entry.kind}_{entry.key[:32]}"


def _quote(connection: Any, name: str) -> str:
    return connection.ops.quote_name(name)


def _exists(connection: Any, name: str) -> bool:
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def can_create_databases(connection: Any) -> bool:
    """Whether the connection's role may create databases (templates are databases; a
    restore recreates the target), so a role without CREATEDB never loses its database."""
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user"
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def usable(entry: Entry, connection: Any) -> bool:
    """Whether the entry is complete, its template database still exists on the server and
    this role may create databases from it."""
    meta = entry.meta()
    if meta is None or meta.get("engine") != "postgresql":
        return False
    if meta.get("template") != template_name(entry) or not _exists(connection, meta["template"]):
        return False
    return can_create_databases(connection)


def save(entry: Entry, connection: Any, **meta: Any) -> None:
    """Copy the database of ``connection`` into the entry's template and publish the entry.
    Closes ``connection`` (a template source must have no sessions); Django reconnects."""
    source = connection.settings_dict["NAME"]
    template = template_name(entry)
    connection.close()
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {_quote(connection, template)}")
        cursor.execute(
            f"CREATE DATABASE {_quote(connection, template)} "
            f"TEMPLATE {_quote(connection, source)}"
        )
    from pytest_aquadata.cache.key import server_of

    publish(
        entry,
        engine="postgresql",
        template=template,
        server=server_of(connection.settings_dict, "postgresql"),
        user=connection.settings_dict.get("USER") or "",
        **meta,
    )


def restore(entry: Entry, connection: Any) -> None:
    """Recreate the (empty) database of ``connection`` as a copy of the entry's template."""
    target = connection.settings_dict["NAME"]
    connection.close()
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE {_quote(connection, target)}")
        cursor.execute(
            f"CREATE DATABASE {_quote(connection, target)} "
            f"TEMPLATE {_quote(connection, template_name(entry))}"
        )


def drop(entry: Entry, connection: Any) -> None:
    """Drop the entry's template database, if it exists."""
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {_quote(connection, template_name(entry))}")
